// Startup: from startGatewayServer() to the first accepted connection, in fresh processes.
import { Child } from "./child.mjs";
import { formatSpread, printTable } from "./stats.mjs";

/** Runs the startup probe `rounds` times per transport and prints the table. */
export async function runStartup({ quick }) {
  const rounds = quick ? 3 : 7;
  const rows = [];
  for (const transport of ["uws", "ws"]) {
    const m = { importMs: [], listenMs: [], firstHelloMs: [] };
    let actual = transport;
    for (let r = 0; r < rounds; r++) {
      const child = new Child("./startup-probe.mjs", [transport]);
      const s = await child.next("startup");
      await child.stop();
      actual = s.transport;
      for (const k of Object.keys(m)) m[k].push(s[k]);
    }
    rows.push([`gateway (${actual})`, formatSpread(m.importMs, 1), formatSpread(m.listenMs, 1), formatSpread(m.firstHelloMs, 1)]);
  }
  console.log(`### Startup (fresh process each round, median of ${rounds}, min–max)\n`);
  printTable(["server", "import package ms", "start → listening ms", "start → first hello-ok ms"], rows);
}
