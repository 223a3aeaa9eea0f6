import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Member, Party } from "../../../domain/entities.ts";
import { sendCommand } from "../../api/rounds.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { ProblemLine, useFocusOnMount } from "../rounds/write-parts.tsx";
import { FixedAudience } from "../scope-picker.tsx";

const rankFirst = (a: Member, b: Member) => {
  const rank = (m: Member) => (m.role.kind === "observer" ? 1 : m.role.rank === "member" ? 1 : 0);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
};

/** May this member remove that one? The policy's finer rule: a head of delegation, only their own people. */
function mayRemove(summary: NegotiationSummary, member: Member): boolean {
  if (!summary.you.abilities["remove-member"] || member.id === summary.you.memberId) return false;
  if (summary.you.role === "mediation-lead") return true;
  return member.role.kind === "delegation" && member.role.party === summary.you.party;
}

function rankWords(member: Member): string | null {
  if (member.role.kind === "delegation") return member.role.rank === "head" ? "Head of delegation" : null;
  if (member.role.kind === "mediation") return member.role.rank === "lead" ? "Lead mediator" : null;
  return null;
}

/** Everyone at the table, by party delegation, mediation and observers. */
export function MemberList({
  summary,
  parties,
  members,
  negotiationId,
}: {
  summary: NegotiationSummary;
  parties: Party[];
  members: Member[];
  negotiationId: string;
}) {
  const groups: { key: string; title: string; members: Member[] }[] = [
    ...parties.map((p) => ({
      key: p.id,
      title: `${p.name} delegation`,
      members: members.filter((m) => m.role.kind === "delegation" && m.role.party === p.id),
    })),
    { key: "mediation", title: "Mediation", members: members.filter((m) => m.role.kind === "mediation") },
    { key: "observers", title: "Observers", members: members.filter((m) => m.role.kind === "observer") },
  ];
  return (
    <>
      {groups.map((group) => (
        <section key={group.key} className="panel member-group" aria-labelledby={`group-${group.key}`}>
          <h2 id={`group-${group.key}`}>{group.title}</h2>
          {group.members.length === 0 ? (
            <p className="muted">No one yet.</p>
          ) : (
            <ul className="member-list">
              {[...group.members].sort(rankFirst).map((m) => (
                <MemberRow
                  key={m.id}
                  member={m}
                  summary={summary}
                  negotiationId={negotiationId}
                  removable={mayRemove(summary, m)}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

function MemberRow({
  member,
  summary,
  negotiationId,
  removable,
}: {
  member: Member;
  summary: NegotiationSummary;
  negotiationId: string;
  removable: boolean;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => sendCommand(negotiationId, "remove-member", { memberId: member.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] }),
  });
  const rank = rankWords(member);
  return (
    <li className="member-row">
      <div>
        <strong>{member.name}</strong>
        {member.id === summary.you.memberId ? <span className="tag">you</span> : null}
        {rank ? <span className="tag">{rank}</span> : null}
        {member.title ? <div className="muted">{member.title}</div> : null}
        <div className="muted">{member.email}</div>
      </div>
      {removable ? (
        confirming ? (
          <ConfirmRemoval
            member={member}
            summary={summary}
            error={remove.error}
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
            onCancel={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="quiet" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        )
      ) : null}
    </li>
  );
}

function ConfirmRemoval({
  member,
  summary,
  error,
  pending,
  onConfirm,
  onCancel,
}: {
  member: Member;
  summary: NegotiationSummary;
  error: unknown;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  // Cancel takes the focus: the safe choice is the one a stray Enter makes.
  const focus = useFocusOnMount<HTMLButtonElement>();
  const shared = summary.you.writableScopes.find((a) => a.scope === "shared");
  return (
    <div className="confirm">
      <p>
        Remove {member.name}? They lose access at once, open pages too. Their past contributions stay on the
        record.
      </p>
      {shared ? <FixedAudience audience={shared} /> : null}
      <ProblemLine error={error} />
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} disabled={pending}>
          Remove {member.name}
        </button>
        <button ref={focus} type="button" className="quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
