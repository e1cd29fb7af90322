// The sign-in form: token or password, typed into the page (never put in the query string).
import { useState } from "preact/hooks";
import type { GatewaySecret } from "../secret.js";

/** Asks for the gateway's secret; an empty field connects without one. */
export function SignIn(props: { message?: string | undefined; error?: boolean; onSubmit(secret: GatewaySecret | undefined): void }) {
  const [kind, setKind] = useState<GatewaySecret["kind"]>("token");
  const [value, setValue] = useState("");
  return (
    <form
      class="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(value ? { kind, value } : undefined);
      }}
    >
      <h2>Connect to this gateway</h2>
      {props.message ? (
        <p class={props.error ? "error" : "hint"} role={props.error ? "alert" : undefined} data-testid="sign-in-message">
          {props.message}
        </p>
      ) : null}
      <label>
        <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as GatewaySecret["kind"])} aria-label="secret kind">
          <option value="token">Token</option>
          <option value="password">Password</option>
        </select>
        <input
          type="password"
          name="secret"
          autocomplete="current-password"
          placeholder={`gateway ${kind}`}
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Connect</button>
      <p class="hint">
        Run <code>clawd dashboard</code> for a link that signs in by itself.
      </p>
    </form>
  );
}
