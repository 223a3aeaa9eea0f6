import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { type InvitationLink, type InvitationRequest, invite } from "../../api/members.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { formatWhen } from "../../format.ts";
import { CopyField } from "../copy-field.tsx";
import { ProblemLine } from "../rounds/write-parts.tsx";
import { FixedAudience } from "../scope-picker.tsx";

interface Seat {
  key: string;
  label: string;
  request: Pick<InvitationRequest, "role" | "rank" | "partyId">;
}

/** The seats this member may invite to: a lead anywhere, a head of delegation into their own delegation. */
function seatsFor(summary: NegotiationSummary): Seat[] {
  const { role, party } = summary.you;
  const delegation = (p: { id: string; name: string }): Seat[] => [
    {
      key: `${p.id}-member`,
      label: `The ${p.name} delegation, as a member`,
      request: { role: "delegation", rank: "member", partyId: p.id },
    },
    {
      key: `${p.id}-head`,
      label: `The ${p.name} delegation, as its head`,
      request: { role: "delegation", rank: "head", partyId: p.id },
    },
  ];
  if (role === "delegation-head") return summary.parties.filter((p) => p.id === party).flatMap(delegation);
  if (role !== "mediation-lead") return [];
  return [
    ...summary.parties.flatMap(delegation),
    {
      key: "mediation-member",
      label: "The mediation team, as a member",
      request: { role: "mediation", rank: "member" },
    },
    {
      key: "mediation-lead",
      label: "The mediation team, as a lead",
      request: { role: "mediation", rank: "lead" },
    },
    { key: "observer", label: "The observers", request: { role: "observer", rank: "member" } },
  ];
}

type Made = InvitationLink & { who: string; email: string; seat: string };

/** Whether the invitation went out by e-mail: said first, and as an alert when it failed. */
function MailOutcome({ made }: { made: Made }) {
  if (made.mail === "sent") return <p className="mail-sent">E-mailed to {made.email}.</p>;
  if (made.mail === "failed")
    return (
      <p role="alert" className="error">
        {made.mailError ?? "The invitation was created, but the e-mail could not be sent."}
      </p>
    );
  return null;
}

/** The link, when it was not mailed: the sender passes it on by hand. */
function LinkToPassOn({ link, made }: { link: string; made: Made }) {
  return (
    <>
      <p>
        {made.seat}. The link works once and until {formatWhen(made.expiresAt)}. It is shown only now: the
        server keeps no copy it could show again. Send it to them privately; whoever holds it can join.
      </p>
      <CopyField label="Invitation link" value={link} copyLabel="Copy link" />
    </>
  );
}

/** Invites someone to one seat at the table; the single-use link is shown once, with its expiry. */
export function InviteForm({
  summary,
  negotiationId,
}: {
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const queryClient = useQueryClient();
  const seats = seatsFor(summary);
  const [seatKey, setSeatKey] = useState(seats[0]?.key ?? "");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [title, setTitle] = useState("");
  const [made, setMade] = useState<Made | null>(null);
  const seat = seats.find((s) => s.key === seatKey);
  const send = useMutation({
    mutationFn: async () => {
      if (!seat) throw new Error("Choose where they will sit.");
      const link = await invite(negotiationId, { name, email, title, ...seat.request });
      return { ...link, who: name, email, seat: seat.label };
    },
    onSuccess: (link) => {
      void queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId, "invitations"] });
      setMade(link);
      setName("");
      setEmail("");
      setTitle("");
    },
  });
  const shared = summary.you.writableScopes.find((a) => a.scope === "shared");
  if (seats.length === 0) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMade(null);
    send.mutate();
  };
  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form onSubmit={onSubmit} className="stacked">
        <label>
          Where they will sit
          <select value={seatKey} onChange={(e) => setSeatKey(e.target.value)}>
            {seats.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input required maxLength={300} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          E-mail address
          <input
            type="email"
            required
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Title <span className="muted">(optional)</span>
          <input maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <p className="muted">
          Once they accept, their name, title and seat are listed at the table for everyone in the
          negotiation.
        </p>
        {shared ? <FixedAudience audience={shared} /> : null}
        <ProblemLine error={send.error} />
        <button type="submit" className="primary" disabled={send.isPending}>
          Invite
        </button>
      </form>
      <div role="status" aria-live="polite">
        {made ? (
          <div className="invitation-link card">
            <h3>Invitation for {made.who}</h3>
            <MailOutcome made={made} />
            {made.link === undefined ? (
              <p>
                {made.seat}. Only they receive the link, so only they can accept. It works once and until{" "}
                {formatWhen(made.expiresAt)}. If it does not reach them, invite them again to send a new one.
              </p>
            ) : (
              <LinkToPassOn link={made.link} made={made} />
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}
