import { Link } from "@tanstack/react-router";
import type { NegotiationSummary } from "../../api/types.ts";

/**
 * A new negotiation's dashboard has nothing to show yet: the lead mediator sees what comes next instead,
 * each step ticked off once done, until all are.
 */
export function NextSteps({
  summary,
  negotiationId,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  if (summary.you.role !== "mediation-lead") return null;
  const seated = (partyId: string) =>
    summary.members.some((m) => m.role.kind === "delegation" && m.role.party === partyId);
  const waiting = summary.parties.filter((p) => !seated(p.id));
  const steps = [
    {
      key: "invite",
      done: summary.parties.length > 0 && waiting.length === 0,
      title: "Invite the delegations",
      detail:
        waiting.length > 0
          ? `No one yet for ${waiting.map((p) => p.shortName || p.name).join(", ")}. Invite each head of delegation; they invite their own members. Add mediation members and observers too.`
          : "Every party has its delegation at the table.",
      link: (
        <Link to="/negotiations/$negotiationId/members" params={{ negotiationId }}>
          Members and invitations
        </Link>
      ),
    },
    {
      key: "text",
      done: summary.instrument !== null,
      title: "Write the text",
      detail: "The instrument's title, preamble and articles, or a draft imported from Word or Markdown.",
      link: (
        <Link to="/negotiations/$negotiationId/text" params={{ negotiationId }}>
          The negotiating text
        </Link>
      ),
    },
    {
      key: "round",
      done: summary.rounds.length > 0,
      title: "Schedule the first round",
      detail: "Its venue and dates; open it when the talks begin.",
      link: (
        <Link to="/negotiations/$negotiationId/rounds" params={{ negotiationId }}>
          Rounds
        </Link>
      ),
    },
  ];
  if (steps.every((s) => s.done)) return null;
  return (
    <section aria-labelledby="next-steps-heading" className="panel next-steps">
      <h2 id="next-steps-heading">Next steps</h2>
      <ol>
        {steps.map((s) => (
          <li key={s.key} className={s.done ? "done" : undefined}>
            <strong>
              {s.title}
              {s.done ? <span className="tag">done</span> : null}
            </strong>
            <p className="muted">{s.detail}</p>
            {s.done ? null : s.link}
          </li>
        ))}
      </ol>
    </section>
  );
}
