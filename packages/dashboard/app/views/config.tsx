// Config: view the gateway's config (secrets redacted by the gateway), edit it as JSON with a
// syntax check here, the gateway's validation and its base-hash check (no lost update).
import type { GatewayClient } from "@clawd/gateway-client";
import { useEffect, useState } from "preact/hooks";
import { checkConfigText, type ConfigSnapshot, describeSaved, editableText, issueLines } from "../config-edit.js";

type Outcome = { kind: "ok" | "error"; text: string; lines?: string[] };

/** Loads `config.get`; saving sends `config.set` with the hash it loaded (admin only). */
export function Config(props: { client: GatewayClient; canEdit: boolean }) {
  const [snapshot, setSnapshot] = useState<ConfigSnapshot>();
  const [text, setText] = useState("");
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const load = async (): Promise<void> => {
    try {
      const snap = await props.client.request<ConfigSnapshot>("config.get", {});
      setSnapshot(snap);
      setText(editableText(snap));
    } catch (error) {
      setOutcome({ kind: "error", text: `config.get: ${(error as Error).message}` });
    }
  };
  useEffect(() => {
    void load();
  }, [props.client]);
  const save = async (): Promise<void> => {
    const check = checkConfigText(text);
    if (!check.ok) {
      setOutcome({ kind: "error", text: check.message });
      return;
    }
    setBusy(true);
    try {
      const res = await props.client.request<unknown>("config.set", { raw: text, ...(snapshot?.hash ? { baseHash: snapshot.hash } : {}) });
      setOutcome({ kind: "ok", text: describeSaved(res) });
      await load();
    } catch (error) {
      const e = error as Error & { details?: unknown };
      setOutcome({ kind: "error", text: `Refused: ${e.message}`, lines: issueLines(e.details) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section data-view="config">
      <h2>Config</h2>
      <p class="hint">
        {snapshot?.path ?? ""}{" "}
        {snapshot?.hash ? (
          <span>
            hash <code data-testid="config-hash">{snapshot.hash.slice(0, 12)}</code>
          </span>
        ) : null}
      </p>
      {!props.canEdit ? <p class="hint">Read-only: editing needs the operator.admin scope.</p> : null}
      <textarea
        class="config"
        spellcheck={false}
        readOnly={!props.canEdit}
        value={text}
        aria-label="config JSON"
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <div class="toolbar">
        <button type="button" disabled={!props.canEdit || busy} onClick={() => void save()}>
          Save
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setOutcome(undefined);
            void load();
          }}
        >
          Reload
        </button>
      </div>
      {outcome ? (
        <div class={outcome.kind} role="status" data-testid="config-outcome">
          <p>{outcome.text}</p>
          {outcome.lines?.length ? (
            <ul>
              {outcome.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
