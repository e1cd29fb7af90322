// Overview: connection state, version, transport, uptime, connection and client counts.
import type { HelloView } from "../hello-view.js";
import { formatDuration } from "../duration.js";
import type { GatewayStatus } from "../live-data.js";

/** The gateway at a glance; numbers come from the polled `status`. */
export function Overview(props: { hello: HelloView; status: GatewayStatus | undefined; error: string | undefined; url: string }) {
  const { hello, status } = props;
  const rows: [string, string][] = [
    ["Gateway", props.url],
    ["Version", hello.version],
    ["Host", hello.host],
    ["Protocol", String(hello.protocol)],
    ["Transport", status?.transport ?? "…"],
    ["Uptime", status?.uptimeMs !== undefined ? formatDuration(status.uptimeMs) : "…"],
    ["Connections", status?.connections !== undefined ? String(status.connections) : "…"],
    ["Clients", status?.clients !== undefined ? String(status.clients) : "…"],
    ["Events broadcast", status?.eventsBroadcast !== undefined ? String(status.eventsBroadcast) : "…"],
    ["Events dropped", status?.eventsDropped !== undefined ? String(status.eventsDropped) : "…"],
    ["Auth failures", status?.authFailures !== undefined ? String(status.authFailures) : "…"],
  ];
  return (
    <section data-view="overview">
      <h2>Overview</h2>
      {props.error ? <p class="error">status: {props.error}</p> : null}
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div key={k} data-fact={k.toLowerCase().replace(/ /g, "-")}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
