import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CommandType } from "../../../domain/commands.ts";
import { ApiError } from "../../api/client.ts";
import { type CommandResult, type ProvisionDetail, sendCommand } from "../../api/provision.ts";
import { STATUS_WORDS } from "../../status.ts";
import { proposerLabel } from "../../text-labels.ts";
import { alternativeText, type ProvisionScreenData } from "./model.ts";

/**
 * The provision version a draft is based on: it follows the screen while the draft is untouched and is
 * frozen at the first edit, so that a write sent after someone else changed the provision is refused
 * (409) instead of silently overriding what the writer never saw.
 */
export function useDraftBase(detail: ProvisionDetail) {
  const [frozen, setFrozen] = useState<{ version: number; known: string[] } | null>(null);
  const current = { version: detail.provision.version, known: detail.proposals.map((p) => p.id) };
  const draft = frozen ?? current;
  return {
    baseVersion: draft.version,
    knownProposalIds: draft.known,
    dirty: frozen !== null,
    changedSince: frozen !== null && frozen.version !== detail.provision.version,
    begin: () => setFrozen((f) => f ?? current),
    rebase: () => setFrozen(current),
    reset: () => setFrozen(null),
  };
}
export type DraftBase = ReturnType<typeof useDraftBase>;

/** Where a write lands that is not on the provision screen: the negotiation, and what to refetch when it is stale. */
export interface WriteTarget {
  negotiationId: string;
  /** The query that holds the newer version after a 409. */
  staleKey: readonly unknown[];
}

/**
 * Sends a command (on the provision screen, or on another screen's `WriteTarget`), says what happened,
 * refreshes; a stale write keeps the draft.
 */
export function useWrite(target: ProvisionScreenData | WriteTarget, announce: (message: string) => void) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState(false);
  const { negotiationId } = target;
  const staleKey =
    "staleKey" in target
      ? target.staleKey
      : ["negotiation", negotiationId, "provision", target.detail.provision.id];

  async function send(
    type: CommandType,
    body: Record<string, unknown>,
    done: (result: CommandResult) => string,
  ): Promise<boolean> {
    setPending(true);
    setError(null);
    setRefused(false);
    try {
      const result = await sendCommand(negotiationId, type, body);
      announce(done(result));
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
      return true;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "conflict.stale") {
        setRefused(true);
        announce("Not sent: the provision changed since you began. Your draft is kept.");
        await queryClient.invalidateQueries({ queryKey: staleKey });
      } else {
        const message = problemText(caught);
        setError(message);
        announce(`Not sent: ${message}`);
      }
      return false;
    } finally {
      setPending(false);
    }
  }

  return { send, pending, error, refused, clearRefused: () => setRefused(false) };
}
export type Write = ReturnType<typeof useWrite>;

/** An error said plainly: the server's words, its stable code, and for bad input what was wrong where. */
export function problemText(caught: unknown): string {
  if (!(caught instanceof ApiError)) return caught instanceof Error ? caught.message : String(caught);
  const issues = caught.issues.map((i) => `${i.path.replace(/^body\.?/, "") || "input"}: ${i.message}`);
  return `${caught.message}${issues.length > 0 ? ` ${issues.join("; ")}.` : ""} (${caught.code})`;
}

/**
 * Shown when the provision changed under a draft: what is on the table now, next to what the writer wrote.
 * Nothing is sent again until the writer says so.
 */
export function StalePanel({
  data,
  draft,
  refused,
  yours,
  onRebase,
}: {
  data: ProvisionScreenData;
  draft: DraftBase;
  refused: boolean;
  yours: string;
  onRebase: () => void;
}) {
  const { provision, proposals } = data.detail;
  if (!refused && !draft.changedSince) return null;
  const fresh = proposals.filter((p) => !draft.knownProposalIds.includes(p.id));
  return (
    <div className="stale-panel" role={refused ? "alert" : undefined}>
      <p>
        <strong>
          {refused
            ? "Not sent: this provision changed since you began."
            : "This provision changed while you were writing."}
        </strong>{" "}
        You were looking at version {draft.baseVersion}; it is now version {provision.version} (
        {STATUS_WORDS[provision.status]}). Your draft is kept; nothing was overwritten.
      </p>
      <div className="stale-sides">
        <section aria-label="The provision now">
          <h4>Now on the table</h4>
          {provision.text ? <p className="stale-text">{provision.text}</p> : null}
          {fresh.length > 0 ? (
            <ul>
              {fresh.map((p) => (
                <li key={p.id}>
                  <span className="new-tag">New</span> {proposerLabel(p, data.summary.parties)}:{" "}
                  <span className="stale-text">{alternativeText(p)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section aria-label="Your draft">
          <h4>What you wrote</h4>
          <p className="stale-text">{yours || "(no text)"}</p>
        </section>
      </div>
      <button type="button" onClick={onRebase}>
        I have read the newer version: base my draft on it
      </button>
    </div>
  );
}

/** An error from the API, said plainly. */
export function WriteError({ write }: { write: Write }) {
  return write.error ? (
    <p role="alert" className="error">
      Not sent: {write.error}
    </p>
  ) : null;
}
