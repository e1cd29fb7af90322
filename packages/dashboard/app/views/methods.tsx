// Methods: what this gateway serves (hello-ok features) and the scope each one requires.
import type { HelloView } from "../hello-view.js";

/** Methods sorted by name with their scope from `status.gateway.methods`, and the events. */
export function Methods(props: { hello: HelloView; scopes: Record<string, string> | undefined }) {
  const methods = [...props.hello.methods].sort();
  return (
    <section data-view="methods">
      <h2>
        Methods <span class="count">{methods.length}</span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>method</th>
            <th>scope</th>
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => (
            <tr key={m} data-method={m}>
              <td>
                <code>{m}</code>
              </td>
              <td class={`scope scope-${props.scopes?.[m] ?? "unknown"}`}>{props.scopes?.[m] ?? "…"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Events</h3>
      <p class="wrap">
        {[...props.hello.events].sort().map((e) => (
          <code key={e}>{e} </code>
        ))}
      </p>
    </section>
  );
}
