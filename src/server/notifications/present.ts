import type { Provision } from "../../domain/entities.ts";
import type { NegotiationState } from "../../domain/state.ts";
import type { NotificationRow } from "../../store/notifications.ts";

/** An inbox entry as the reader gets it: words from the reader's own view, and what it points to. */
export interface InboxEntry {
  /** `scope:scopeSeq` of the event, unique within the negotiation. */
  id: string;
  negotiationId: string;
  negotiationTitle: string;
  kind: string;
  target: { kind: string; id: string };
  text: string;
  at: string;
  read: boolean;
}

function provisionName(p: Provision | undefined, id: string): string {
  if (!p) return id;
  const numbered =
    p.provisionKind === "article" || (p.provisionKind === "final" && p.number)
      ? `Article ${p.number}`.trim()
      : p.provisionKind === "preamble"
        ? `Preamble ${p.number}`.trim()
        : p.provisionKind === "final"
          ? "Final clauses"
          : `Paragraph ${p.number}`.trim();
  return p.heading ? `${numbered}: ${p.heading}` : numbered;
}

/** Words for an entry, read from the reader's view only (so they can say nothing the reader may not read). */
export function presentEntry(row: NotificationRow, view: NegotiationState): InboxEntry {
  const id = row.target_id;
  let text: string;
  switch (row.kind) {
    case "proposal":
      text = `New proposal on ${provisionName(view.get("provision", id), id)}`;
      break;
    case "position":
      text = `New position on ${provisionName(view.get("provision", id), id)}`;
      break;
    case "statement.approval":
      text = `Joint statement awaiting your approval: ${view.get("statement", id)?.title ?? id}`;
      break;
    case "round.scheduled":
      text = `Round scheduled: ${view.get("round", id)?.name ?? id}`;
      break;
    case "round.opened":
      text = `Round opened: ${view.get("round", id)?.name ?? id}`;
      break;
    case "invitation.accepted":
      text = `${view.get("member", id)?.name ?? "Someone"} accepted your invitation`;
      break;
    default:
      text = "Something new";
  }
  return {
    id: `${row.scope}:${row.scope_seq}`,
    negotiationId: row.negotiation_id,
    negotiationTitle: view.negotiation?.title ?? row.negotiation_id,
    kind: row.kind,
    target: { kind: row.target_kind, id },
    text,
    at: row.at,
    read: row.read_at !== null,
  };
}
