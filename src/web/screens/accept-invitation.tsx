import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client.ts";
import {
  acceptInvitation,
  type InvitationOffer,
  invitationQuery,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from "../api/members.ts";
import { signInAfterPassword } from "../api/queries.ts";
import { formatWhen } from "../format.ts";

function seatInWords(offer: InvitationOffer): string {
  switch (offer.role) {
    case "delegation":
      return `${offer.rank === "head" ? "head of" : "a member of"} the ${offer.partyName ?? offer.partyId ?? ""} delegation`;
    case "mediation":
      return offer.rank === "lead" ? "a lead of the mediation team" : "a member of the mediation team";
    case "observer":
      return "an observer";
  }
}

/**
 * The page an invitation link opens, signed out: what the invitation is for, then a password (a new one, or
 * the existing account's), then the invitee is signed in and taken to the negotiation.
 */
export function AcceptInvitation() {
  const { token } = useParams({ from: "/invite/$token" });
  const offer = useQuery(invitationQuery(token));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const o = offer.data;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!o) return;
    setError(null);
    if (!o.accountExists && password !== again) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    try {
      const joined = await acceptInvitation(token, password);
      // An account with a second factor finishes signing in on the sign-in screen.
      if (!(await signInAfterPassword(queryClient, o.email, password))) {
        await navigate({ to: "/sign-in" });
        return;
      }
      await navigate({ to: "/negotiations/$negotiationId", params: { negotiationId: joined.negotiationId } });
    } catch (e) {
      setBusy(false);
      setError(
        e instanceof ApiError && e.status === 429
          ? "Too many attempts. Wait a few minutes, then try again."
          : e instanceof ApiError
            ? e.message
            : `Could not join: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1 className="title">Parley</h1>
      {!o ? (
        offer.error ? (
          <div className="card">
            <h2>This invitation cannot be used</h2>
            <p role="alert" className="error">
              {offer.error instanceof ApiError ? offer.error.message : String(offer.error)}
            </p>
            <p>
              Ask whoever invited you for a new link, or <Link to="/sign-in">sign in</Link> if you already
              joined.
            </p>
          </div>
        ) : (
          <p className="muted" aria-live="polite">
            Reading the invitation…
          </p>
        )
      ) : (
        <form onSubmit={onSubmit} className="card" aria-labelledby="invitation-heading">
          <h2 id="invitation-heading">Join {o.negotiationTitle}</h2>
          <p>
            {o.name}, you are invited to take part as <strong>{seatInWords(o)}</strong>.
          </p>
          <dl className="offer">
            <dt>Your name</dt>
            <dd>{o.name}</dd>
            <dt>E-mail address</dt>
            <dd>{o.email}</dd>
            <dt>Link valid until</dt>
            <dd>{formatWhen(o.expiresAt)}</dd>
          </dl>
          {o.accountExists ? (
            <p>You already have a Parley account with this address: give its password to join.</p>
          ) : (
            <p>
              Choose a password of at least {PASSWORD_MIN} characters. A long phrase is easier to remember
              than a short jumble.
            </p>
          )}
          <label>
            {o.accountExists ? "Password" : "New password"}
            <input
              type="password"
              autoComplete={o.accountExists ? "current-password" : "new-password"}
              required
              minLength={PASSWORD_MIN}
              maxLength={PASSWORD_MAX}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {o.accountExists ? null : (
            <label>
              The same password again
              <input
                type="password"
                autoComplete="new-password"
                required
                minLength={PASSWORD_MIN}
                maxLength={PASSWORD_MAX}
                value={again}
                onChange={(e) => setAgain(e.target.value)}
              />
            </label>
          )}
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Joining…" : `Join as ${o.name}`}
          </button>
        </form>
      )}
    </main>
  );
}
