// The page: sign-in until connected, then a header with the connection state and one tab
// per view. Views that need a method appear only when hello-ok advertises it.
import { useEffect, useMemo, useState } from "preact/hooks";
import { GatewayLink, gatewayUrlFor } from "./gateway-link.js";
import { toHelloView } from "./hello-view.js";
import { useGatewayStatus, useLinkState } from "./live-data.js";
import { rememberSecret, takeInitialSecret, type GatewaySecret } from "./secret.js";
import { Config } from "./views/config.js";
import { Events } from "./views/events.js";
import { Instances, usePresence } from "./views/instances.js";
import { Logs } from "./views/logs.js";
import { Methods } from "./views/methods.js";
import { Nodes } from "./views/nodes.js";
import { Overview } from "./views/overview.js";
import { Plugins } from "./views/plugins.js";
import { SignIn } from "./views/sign-in.js";

const TABS = ["overview", "instances", "events", "logs", "methods", "config", "nodes", "plugins"] as const;

/** Tabs shown only when the gateway serves the method they read. */
const TAB_NEEDS: Partial<Record<(typeof TABS)[number], string>> = { config: "config.get", nodes: "node.list", plugins: "plugins.list" };
type Tab = (typeof TABS)[number];

/** Which tabs the connected gateway supports (config and nodes need their methods). */
export function visibleTabs(methods: readonly string[]): Tab[] {
  return TABS.filter((t) => {
    const needs = TAB_NEEDS[t];
    return needs === undefined || methods.includes(needs);
  });
}

function tabFromHash(): Tab {
  const name = location.hash.replace(/^#\/?/, "");
  return (TABS as readonly string[]).includes(name) ? (name as Tab) : "overview";
}

/** The whole dashboard. */
export function App() {
  const url = gatewayUrlFor(location);
  const link = useMemo(() => new GatewayLink(url), [url]);
  const state = useLinkState(link);
  const [tab, setTab] = useState<Tab>("overview");
  useEffect(() => {
    const initial = takeInitialSecret();
    setTab(tabFromHash());
    if (initial) {
      void link.connect(initial);
    }
    const onHash = (): void => setTab(tabFromHash());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [link]);
  const client = link.client();
  const status = useGatewayStatus(client);
  const presence = usePresence(link);

  const signIn = (next: GatewaySecret | undefined): void => {
    rememberSecret(next);
    void link.connect(next);
  };

  if (state.phase === "signed-out" || state.phase === "refused" || state.phase === "connecting" || state.phase === "unreachable") {
    const message = state.phase === "connecting" ? "Connecting…" : "message" in state ? state.message : undefined;
    return (
      <main class="center" data-phase={state.phase}>
        <h1>Clawd Gateway</h1>
        <SignIn message={message} error={state.phase === "refused" || state.phase === "unreachable"} onSubmit={signIn} />
      </main>
    );
  }
  const rawHello = state.phase === "connected" ? state.hello : client?.hello;
  if (!rawHello)
    return (
      <main class="center" data-phase={state.phase}>
        <p>{"message" in state ? state.message : ""}</p>
      </main>
    );
  const hello = toHelloView(rawHello);
  const tabs = visibleTabs(hello.methods);
  const current = tabs.includes(tab) ? tab : "overview";
  return (
    <div class="shell" data-phase={state.phase}>
      <header>
        <h1>Clawd Gateway</h1>
        <span class={`pill ${state.phase}`} data-testid="connection-state">
          {state.phase === "connected" ? "connected" : state.message}
        </span>
        <span class="hint">
          {hello.host} · v{hello.version}
        </span>
        <button
          type="button"
          onClick={() => {
            rememberSecret(undefined);
            void link.signOut("Signed out.");
          }}
        >
          Sign out
        </button>
      </header>
      <nav>
        {tabs.map((t) => (
          <a key={t} href={`#/${t}`} class={t === current ? "active" : ""} aria-current={t === current ? "page" : undefined}>
            {t}
          </a>
        ))}
      </nav>
      <main>
        {current === "overview" ? <Overview hello={hello} status={status.data} error={status.error} url={url} /> : null}
        {current === "instances" ? <Instances entries={presence} /> : null}
        {current === "logs" && client ? <Logs client={client} /> : null}
        {current === "methods" ? <Methods hello={hello} scopes={status.data?.methods} /> : null}
        {current === "config" && client ? <Config client={client} canEdit={hello.methods.includes("config.set")} /> : null}
        {current === "nodes" && client ? <Nodes client={client} /> : null}
        {current === "plugins" && client ? <Plugins client={client} /> : null}
        {/* Mounted always, so events arriving while another tab is open are in the stream. */}
        <div hidden={current !== "events"}>
          <Events link={link} />
        </div>
      </main>
    </div>
  );
}
