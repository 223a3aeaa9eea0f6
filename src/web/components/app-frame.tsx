import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouter } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { ApiError } from "../api/client.ts";
import { sessionQuery, signOut } from "../api/queries.ts";
import { InboxLink } from "./inbox/unread-badge.tsx";
import { StepUpPrompt } from "./step-up/step-up-prompt.tsx";

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
      <StepUpPrompt />
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
  if (error instanceof ApiError && error.code === "second_factor.setup_required") {
    return (
      <div role="alert" className="warning setup-required">
        <p>
          <strong>A second factor is required here.</strong> Set up an authenticator app or a passkey on your
          account page, then come back.
        </p>
        <Link to="/account" className="button primary">
          Set up a second factor
        </Link>
      </div>
    );
  }
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
