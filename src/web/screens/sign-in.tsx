import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client.ts";
import { signInWithPasskey } from "../api/factors.ts";
import {
  clearSecondStep,
  isSecondStep,
  type SecondStep,
  sessionQuery,
  signIn,
  waitingSecondStep,
} from "../api/queries.ts";
import type { SessionInfo } from "../api/types.ts";
import { factorFailure, SecondStepForm } from "../components/sign-in/second-step.tsx";

/**
 * Sign-in with e-mail and password, then the second factor when the account has one; or with a passkey
 * alone. On success, back to where the user was going.
 */
export function SignIn() {
  const search = useSearch({ from: "/sign-in" });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [second, setSecond] = useState<SecondStep | null>(waitingSecondStep);

  const enter = async (session: SessionInfo) => {
    clearSecondStep();
    // The sign-in page is reachable signed in (from the public page): nothing read under the session
    // this one replaces may be shown to the new account, not even while its own answer loads.
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, session);
    await navigate({ to: search.next ?? "/negotiations" });
  };

  const withPasskey = async () => {
    setBusy(true);
    setError(null);
    try {
      await enter(await signInWithPasskey());
    } catch (e) {
      setError(factorFailure(e, "passkey"));
      setBusy(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await signIn(email.trim(), password);
      if (isSecondStep(answer)) {
        setPassword("");
        setSecond(answer);
        setBusy(false);
        return;
      }
      await enter(answer);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 429
          ? "Too many attempts. Wait a few minutes, then try again."
          : e instanceof ApiError && e.status === 401
            ? "The e-mail address or the password is wrong."
            : `Could not sign in: ${e instanceof Error ? e.message : String(e)}`,
      );
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1 className="title">Parley</h1>
      <p className="lead">
        The negotiating table: the single negotiating text, positions, and a record every party can verify.
      </p>
      {second ? (
        <SecondStepForm
          step={second}
          onDone={(session) => void enter(session)}
          onRestart={() => {
            clearSecondStep();
            setSecond(null);
          }}
        />
      ) : (
        <form onSubmit={onSubmit} className="card" aria-labelledby="sign-in-heading">
          <h2 id="sign-in-heading">Sign in</h2>
          {search.ended ? (
            <p className="warning" role="status">
              Your session ended: you signed out everywhere or changed your password on another device, or it
              expired. Sign in again to continue.
            </p>
          ) : null}
          <label>
            E-mail address
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
          <div className="or-passkey">
            <span className="muted">or</span>
            <button type="button" disabled={busy} onClick={() => void withPasskey()}>
              Sign in with a passkey
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
