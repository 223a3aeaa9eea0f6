import type { Side, Stance } from "../../../domain/entities.ts";
import type { RecordedEvent } from "../../../domain/envelope.ts";
import { eventInWords } from "../../live/use-live.ts";
import { STATUS_WORDS } from "../../status.ts";
import { scopeLabel, stanceWords } from "../../text-labels.ts";
import { alternativePhrase, keyOf, memberName, type ProvisionScreenData, partyName } from "./model.ts";

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });

const excerpt = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}…` : text);

/** One event of the provision's record in words, naming parties and alternatives. */
export function describeEvent(event: RecordedEvent, data: ProvisionScreenData): string {
  const d = event.data as Record<string, unknown>;
  const { parties } = data.summary;
  const side = (by: unknown) =>
    by === "mediation" ? "the mediation" : partyName(parties, String(by as Side));
  const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
  const alternative = (id: unknown) =>
    alternativePhrase(keyOf(typeof id === "string" ? id : null), data.detail, parties);
  switch (event.type) {
    case "provision.added":
      return `Provision added${d.text ? `: “${excerpt(String(d.text))}”` : ""}`;
    case "provision.renumbered":
      return `Renumbered ${String(d.number)}`;
    case "proposal.tabled":
      return `${capital(side(d.by))} tabled ${d.bridging ? "a bridging proposal" : "a proposal"}${
        d.proposalKind === "delete" ? " to delete the provision" : `: “${excerpt(String(d.text))}”`
      }`;
    case "proposal.withdrawn":
      return `Withdrawn: ${alternative(d.proposalId)}`;
    case "position.taken":
      return `${partyName(parties, String(d.party))} ${stanceWords(d.stance as Stance)} ${alternative(d.proposalId)}${
        d.comment ? ` — “${excerpt(String(d.comment))}”` : ""
      }`;
    case "provision.agreed_ad_referendum":
      return `${STATUS_WORDS.agreed_ad_referendum}: ${alternative(d.proposalId)}`;
    case "provision.agreed":
      return `${STATUS_WORDS.agreed}: ${alternative(d.proposalId)}`;
    case "provision.reopened":
      return `Reopened by ${side(d.by)}${d.reason ? ` — “${excerpt(String(d.reason))}”` : ""}`;
    default:
      return eventInWords(event.type);
  }
}

/** The provision's record, newest first: what happened, who did it, when, and who could read it. */
export function HistoryList({ data }: { data: ProvisionScreenData }) {
  const events = [...data.detail.history].sort((a, b) => b.at.localeCompare(a.at));
  if (events.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="history">
      {events.map((event) => (
        <li key={`${event.scope}-${event.scopeSeq}`}>
          <p>{describeEvent(event, data)}</p>
          <p className="muted small">
            <time dateTime={event.at}>{when(event.at)}</time>
            {" · "}
            {memberName(data.summary.members, event.actor)}
            {event.scope !== "shared" ? ` · ${scopeLabel(event.scope, data.summary.parties)}` : ""}
          </p>
        </li>
      ))}
    </ol>
  );
}
