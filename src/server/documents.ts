import { replay } from "../domain/decide.ts";
import type { Member } from "../domain/entities.ts";
import { notFound } from "../domain/errors.ts";
import type { AppliedEvent } from "../domain/events.ts";
import type { Scope } from "../domain/scope.ts";
import type { NegotiationState } from "../domain/state.ts";
import { provisionHistory } from "../formats/export.ts";
import { type InstrumentDocument, instrumentDocument } from "../formats/model.ts";
import type { Store } from "../store/store.ts";

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

function roleLabel(member: Member, view: NegotiationState): string {
  const role = member.role;
  if (role.kind === "mediation") return role.rank === "lead" ? "mediation lead" : "mediation";
  if (role.kind === "observer") return "observer";
  return `${view.get("party", role.party)?.name ?? role.party} delegation`;
}

/**
 * The instrument as a member may read it, now or as it stood at a round's close or a checkpoint: only the
 * member's readable events are replayed, so an export never carries anything the member cannot read.
 */
export async function memberDocument(
  store: Store,
  negotiationId: string,
  member: Member,
  view: NegotiationState,
  scopes: ReadonlySet<Scope>,
  at?: string,
): Promise<InstrumentDocument> {
  const events = await store.history(negotiationId, scopes);
  let upTo = events.length;
  let versionLabel = "Single negotiating text";
  if (at) {
    const round = view.get("round", at);
    if (round) {
      const close = events.findIndex(
        (e) => e.type === "round.closed" && (e.data as { roundId?: string }).roundId === at,
      );
      if (close < 0) throw notFound("closed round", at);
      upTo = close + 1;
      versionLabel = `Single negotiating text as at the close of ${round.name}`;
    } else {
      // A checkpoint: each chain up to the position its receipt signed.
      const receipts = (await store.receipts(negotiationId, scopes)).filter((r) => r.checkpointId === at);
      if (receipts.length === 0) throw notFound("checkpoint", at);
      const signed = new Map(receipts.map((r) => [r.scope, r.seq]));
      const kept = events.filter((e) => e.scopeSeq <= (signed.get(e.scope) ?? 0));
      return build(kept, `Single negotiating text as at checkpoint ${at.slice(0, 8)}`);
    }
  }
  return build(events.slice(0, upTo), versionLabel);

  function build(kept: typeof events, label: string): InstrumentDocument {
    const state = at ? replay(kept as unknown as AppliedEvent[]) : view;
    const names = new Map(view.all("member").map((m) => [m.id, m.name]));
    const last = kept.at(-1)?.at ?? new Date().toISOString();
    return instrumentDocument(state, {
      versionLabel: label,
      date: LONG_DATE.format(new Date(last)),
      preparedFor: `Prepared for ${member.name} (${roleLabel(member, view)})`,
      history: provisionHistory(kept, names),
    });
  }
}
