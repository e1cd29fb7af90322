// Which uWS build a benchmark row ran on, in a few words, from the server's transport detail.

/** "@btc-vision/uwebsockets.js uws_linux_x64_127.node" from "uWebSockets.js from <pkg> (<file>)"; the detail itself otherwise. */
export function shortBuild(detail) {
  const m = /uWebSockets\.js from (\S+) \(([^)]+)\)/.exec(detail ?? "");
  return m ? `${m[1]} ${m[2]}` : (detail ?? "unknown");
}

/** One line naming the build each uWS server kind used (collected from the servers' ready messages). */
export function buildNote(builds) {
  const parts = Object.entries(builds).map(([kind, detail]) => `${kind}: ${shortBuild(detail)}`);
  return parts.length ? `- uWS build on Node ${process.version}: ${parts.join("; ")}` : "";
}
