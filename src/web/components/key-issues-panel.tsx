import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import type { KeyIssue, KeyIssueStatus, Party, Provision } from "../../domain/entities.ts";
import { keyIssuesQuery } from "../api/incidents.ts";
import { instrumentQuery } from "../api/queries.ts";
import { marginLabel, scopeLabel } from "../text-labels.ts";
import { QueryState } from "./app-frame.tsx";

const STATUS_WORDS: Record<KeyIssueStatus, string> = {
  open: "Open",
  narrowing: "Narrowing",
  resolved: "Resolved",
};

// What still divides comes first: open, then narrowing, then resolved.
const ORDER: Record<KeyIssueStatus, number> = { open: 0, narrowing: 1, resolved: 2 };

/**
 * The key issues and where each stands: its state in words, the provisions it touches, and each party's
 * position as the viewer may read it (a delegation's internal or caucus line is labelled as such).
 */
export function KeyIssuesPanel({ negotiationId, parties }: { negotiationId: string; parties: Party[] }) {
  const issues = useQuery(keyIssuesQuery(negotiationId));
  const text = useQuery(instrumentQuery(negotiationId));
  if (!issues.data) return <QueryState error={issues.error} what="the key issues" />;
  const provisions = new Map<string, Provision>(
    (text.data?.provisions ?? []).map((view) => [view.provision.id, view.provision]),
  );
  const sorted = [...issues.data.keyIssues].sort(
    (a, b) => ORDER[a.status] - ORDER[b.status] || a.title.localeCompare(b.title),
  );
  if (sorted.length === 0) return <p className="muted">No key issue has been raised.</p>;
  const partyName = (id: string) => parties.find((p) => p.id === id)?.name ?? id;
  return (
    <ul className="key-issue-list">
      {sorted.map((issue) => (
        <li key={issue.id}>
          <strong>{issue.title}</strong>{" "}
          <span className={`issue-status issue-${issue.status}`}>{STATUS_WORDS[issue.status]}</span>
          <IssueProvisions issue={issue} provisions={provisions} negotiationId={negotiationId} />
          <ul className="issue-positions">
            {issues.data.positions
              .filter((p) => p.keyIssueId === issue.id)
              .map((p) => (
                <li key={p.id}>
                  <span className="party">{partyName(p.party)}</span>
                  {p.scope === "shared" ? null : (
                    <span className="muted">
                      {" "}
                      ({scopeLabel(p.scope, parties).replace("Visible to: ", "")})
                    </span>
                  )}
                  : {p.text}
                </li>
              ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function IssueProvisions({
  issue,
  provisions,
  negotiationId,
}: {
  issue: KeyIssue;
  provisions: Map<string, Provision>;
  negotiationId: string;
}) {
  const linked = issue.provisionIds.flatMap((id) => {
    const provision = provisions.get(id);
    return provision && !provision.deleted ? [provision] : [];
  });
  if (linked.length === 0) return null;
  return (
    <div className="muted">
      In{" "}
      {linked.map((provision, k) => (
        <span key={provision.id}>
          {k > 0 ? ", " : ""}
          <Link
            to="/negotiations/$negotiationId/provisions/$provisionId"
            params={{ negotiationId, provisionId: provision.id }}
          >
            {marginLabel(provision)}
          </Link>
        </span>
      ))}
    </div>
  );
}
