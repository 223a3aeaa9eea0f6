import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endSession, type OwnSession, ownSessionsQuery, signOutEverywhere } from "../../api/account.ts";
import { sessionQuery } from "../../api/queries.ts";
import { formatWhen } from "../../format.ts";
import { QueryState } from "../app-frame.tsx";
import { ProblemLine } from "../rounds/write-parts.tsx";
import { describeBrowser } from "./user-agent.ts";

/** My live sessions, each with "Sign out", and signing out everywhere (API tokens too, if I ask). */
export function SessionsPanel() {
  const sessions = useQuery(ownSessionsQuery);
  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where I am signed in</h2>
      {sessions.data ? (
        <ul className="account-list">
          {/* This browser first: the one a person recognises, and the one not to sign out here. */}
          {[...sessions.data.sessions]
            .sort((a, b) => Number(b.current) - Number(a.current))
            .map((s) => (
              <SessionRow key={s.id} session={s} />
            ))}
        </ul>
      ) : (
        <QueryState error={sessions.error} what="your sessions" />
      )}
      <SignOutEverywhere />
    </section>
  );
}

function SessionRow({ session }: { session: OwnSession }) {
  const queryClient = useQueryClient();
  const end = useMutation({
    mutationFn: () => endSession(session.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["account", "sessions"] }),
  });
  const browser = describeBrowser(session.userAgent);
  return (
    <li>
      <div>
        <strong>{browser}</strong>
        {session.current ? <span className="tag">this browser</span> : null}
        <div className="muted">
          {session.address ? `From ${session.address}. ` : ""}
          Signed in {formatWhen(session.createdAt)}
          {session.lastSeenAt ? `, last active ${formatWhen(session.lastSeenAt)}` : ""}; ends{" "}
          {formatWhen(session.expiresAt)}.
        </div>
        <ProblemLine error={end.error} />
      </div>
      {session.current ? null : (
        <button
          type="button"
          onClick={() => end.mutate()}
          disabled={end.isPending}
          aria-label={`Sign out ${browser}, signed in ${formatWhen(session.createdAt)}`}
        >
          Sign out
        </button>
      )}
    </li>
  );
}

function SignOutEverywhere() {
  const queryClient = useQueryClient();
  const [revokeTokens, setRevokeTokens] = useState(false);
  const leave = useMutation({
    mutationFn: () => signOutEverywhere(revokeTokens),
    // This browser is signed out too: the frame forgets what was read and asks to sign in again.
    onSuccess: () => queryClient.setQueryData(sessionQuery.queryKey, null),
  });
  return (
    <div className="everywhere">
      <h3>Sign out everywhere</h3>
      <p className="muted">
        Ends every session of your account, this one included: open pages stop at once, on every device.
      </p>
      <label className="check">
        <input type="checkbox" checked={revokeTokens} onChange={(e) => setRevokeTokens(e.target.checked)} />
        Also revoke all my API tokens (scripts and the command line stop working)
      </label>
      <ProblemLine error={leave.error} />
      <button type="button" className="danger" onClick={() => leave.mutate()} disabled={leave.isPending}>
        Sign out everywhere
      </button>
    </div>
  );
}
