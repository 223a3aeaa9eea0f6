import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { createFirstOperator, setupQuery } from "../api/accounts.ts";
import { signInAfterPassword } from "../api/queries.ts";
import { failureText, NewPasswordFields } from "../components/accounts/new-password-fields.tsx";
import { NotFound } from "../components/app-frame.tsx";

/**
 * The first run: the one-time link the server printed opens this page, which creates the first operator
 * account and signs it in. A dead link shows what any missing page shows.
 */
export function SetupScreen() {
  const { token } = useParams({ from: "/setup/$token" });
  const setup = useQuery(setupQuery(token));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (setup.error) return <NotFound />;
  if (!setup.data)
    return (
      <main className="sign-in" id="main">
        <p className="muted" aria-live="polite">
          Reading the setup link…
        </p>
      </main>
    );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password !== again) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    try {
      const created = await createFirstOperator(token, { name: name.trim(), email: email.trim(), password });
      // An account with a second factor finishes signing in on the sign-in screen.
      if (!(await signInAfterPassword(queryClient, created.email, password))) {
        await navigate({ to: "/sign-in" });
        return;
      }
      await navigate({ to: "/operator" });
    } catch (e) {
      setBusy(false);
      setError(failureText(e, "create the account"));
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1 className="title">Parley</h1>
      <p className="lead">A new Parley server. Create the operator account that runs it.</p>
      <form onSubmit={onSubmit} className="card" aria-labelledby="setup-heading">
        <h2 id="setup-heading">The first operator</h2>
        <p>
          An operator manages accounts: who may sign in, who may host negotiations, password resets. An
          operator reads no negotiation it is not a member of. This link works once.
        </p>
        <label>
          Your name
          <input
            className="text"
            required
            maxLength={300}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          E-mail address
          <input
            type="email"
            required
            maxLength={254}
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <NewPasswordFields password={password} again={again} onPassword={setPassword} onAgain={setAgain} />
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Create the operator account"}
        </button>
      </form>
    </main>
  );
}
