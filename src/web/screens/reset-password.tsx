import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { resetPassword, resetQuery } from "../api/accounts.ts";
import { ApiError } from "../api/client.ts";
import { signInAfterPassword } from "../api/queries.ts";
import { failureText, NewPasswordFields } from "../components/accounts/new-password-fields.tsx";
import { formatWhen } from "../format.ts";

/**
 * A password-reset link an operator made: the owner chooses a new password, is signed in, and every other
 * session of theirs ends. For an account that never signed in (an operator just made it) it reads as the
 * first password it is.
 */
export function ResetPasswordScreen() {
  const { token } = useParams({ from: "/reset/$token" });
  const offer = useQuery(resetQuery(token));
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
    if (password !== again) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    try {
      await resetPassword(token, password);
      // An account with a second factor finishes signing in on the sign-in screen.
      if (!(await signInAfterPassword(queryClient, o.email, password))) {
        await navigate({ to: "/sign-in" });
        return;
      }
      await navigate({ to: "/negotiations" });
    } catch (e) {
      setBusy(false);
      setError(failureText(e, "set the password"));
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1 className="title">Parley</h1>
      {!o ? (
        offer.error ? (
          <div className="card">
            <h2>This link cannot be used</h2>
            <p role="alert" className="error">
              {offer.error instanceof ApiError ? offer.error.message : String(offer.error)}
            </p>
            <p>
              <Link to="/sign-in">Sign in</Link> if you already chose your password with it.
            </p>
          </div>
        ) : (
          <p className="muted" aria-live="polite">
            Reading the link…
          </p>
        )
      ) : (
        <form onSubmit={onSubmit} className="card" aria-labelledby="reset-heading">
          <h2 id="reset-heading">{o.firstPassword ? "Choose your password" : "Choose a new password"}</h2>
          {o.firstPassword ? (
            <p>
              Welcome to Parley, <strong>{o.name}</strong>. An account was made for you as {o.email}: choose
              the password you will sign in with. The link works once, until {formatWhen(o.expiresAt)}.
            </p>
          ) : (
            <p>
              For <strong>{o.name}</strong> ({o.email}). Every place where this account is signed in is signed
              out when you save it. The link works once, until {formatWhen(o.expiresAt)}.
            </p>
          )}
          <NewPasswordFields password={password} again={again} onPassword={setPassword} onAgain={setAgain} />
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy
              ? "Saving…"
              : o.firstPassword
                ? "Save the password and sign in"
                : "Save the new password and sign in"}
          </button>
        </form>
      )}
    </main>
  );
}
