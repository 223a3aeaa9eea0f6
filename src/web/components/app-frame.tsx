import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouter } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { sessionQuery, signOut } from "../api/queries.ts";
import { InboxLink } from "./inbox/unread-badge.tsx";

/** The frame around every signed-in screen: the name of the app, who is signed in, their account, sign-out. */
export function AppFrame() {
  const { data: session } = useQuery(sessionQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState(false);
  const router = useRouter();

  // The session ended elsewhere (another device signed out everywhere or changed the password, or it expired):
  // forget what was read under it and ask to sign in again, coming back here after. Once: the flag stays
  // true until the frame is gone, whatever the location does meanwhile.
  const endedElsewhere = session === null && !leaving;
  useEffect(() => {
    if (!endedElsewhere) return;
    const here = router.state.location.href;
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, null);
    void navigate({
      to: "/sign-in",
      search: here.startsWith("/sign-in") ? { ended: true } : { next: here, ended: true },
    });
  }, [endedElsewhere, router, queryClient, navigate]);

  const onSignOut = async () => {
    setLeaving(true);
    try {
      await signOut();
    } finally {
      // Nothing read under this session stays in memory.
      queryClient.clear();
      queryClient.setQueryData(sessionQuery.queryKey, null);
      await navigate({ to: "/sign-in" });
    }
  };

  return (
    <div className="frame">
      <header className="topbar">
        <Link to="/negotiations" className="wordmark">
          Parley
        </Link>
        <nav aria-label="Account" className="account">
          {session?.account.operator ? <Link to="/operator">Accounts</Link> : null}
          <InboxLink />
          {session ? <span className="who">{session.account.name}</span> : null}
          <Link to="/account">Account</Link>
          <button type="button" className="quiet" onClick={onSignOut} disabled={leaving}>
            Sign out
          </button>
        </nav>
      </header>
      <main id="main" className="content">
        <Outlet />
      </main>
    </div>
  );
}

export function NotFound() {
  return (
    <main className="content narrow">
      <h1>Not found</h1>
      <p>
        There is nothing at this address, or nothing you may see.{" "}
        <Link to="/negotiations">Your negotiations</Link>
      </p>
    </main>
  );
}

/** A query's loading and error states, said plainly. */
export function QueryState({ error, what }: { error: unknown; what: string }) {
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    return (
      <p role="alert" className="error">
        Could not load {what}: {message}
      </p>
    );
  }
  return (
    <p className="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}
