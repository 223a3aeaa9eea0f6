import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { completeWithCode, completeWithPasskey } from "../../api/factors.ts";
import type { SecondStep } from "../../api/queries.ts";
import type { SessionInfo } from "../../api/types.ts";
import "./sign-in.css";

/** Why a second step failed, in words; a wrong code and a used one read the same, as the server answers. */
export function factorFailure(error: unknown, with_: "code" | "passkey" = "code"): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return "Too many attempts. Wait a few minutes, then try again.";
    if (error.code === "second_factor.invalid")
      return with_ === "passkey"
        ? "This passkey was not accepted. Try another, or sign in with your password and a code."
        : "That did not work: the code is wrong or was already used.";
    if (error.code === "second_factor.required")
      return "The sign-in took too long. Start again with your password.";
  }
  if (error instanceof Error && error.name === "NotAllowedError")
    return "The passkey prompt was closed or timed out.";
  return `Could not sign in: ${error instanceof Error ? error.message : String(error)}`;
}

/** The second sign-in step: a code from the app or a recovery code, or one of the account's passkeys. */
export function SecondStepForm({
  step,
  onDone,
  onRestart,
}: {
  step: SecondStep;
  onDone: (session: SessionInfo) => void;
  onRestart: () => void;
}) {
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hasApp = step.methods.includes("totp");
  const hasPasskey = step.methods.includes("passkey");

  const run = async (attempt: () => Promise<SessionInfo>, with_: "code" | "passkey" = "code") => {
    setBusy(true);
    setError(null);
    try {
      onDone(await attempt());
    } catch (e) {
      setError(factorFailure(e, with_));
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => completeWithCode(code.trim()));
  };

  return (
    <section className="card second-step" aria-labelledby="second-step-heading">
      <h2 id="second-step-heading">Confirm it is you</h2>
      {hasPasskey ? (
        <>
          <p>Use one of your passkeys{hasApp ? ", or enter a code from your authenticator app" : ""}.</p>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void run(completeWithPasskey, "passkey")}
          >
            Use a passkey
          </button>
        </>
      ) : null}
      {hasApp || recovery ? (
        <form onSubmit={onSubmit} className="stacked">
          <label>
            {recovery ? "Recovery code" : "Code from your authenticator app"}
            <input
              name="code"
              autoComplete="one-time-code"
              inputMode={recovery ? "text" : "numeric"}
              placeholder={recovery ? "xxxx-xxxx-xxxx-xxxx-xxxx-xxxx" : "123 456"}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          <button type="submit" className={hasPasskey ? "" : "primary"} disabled={busy}>
            {busy ? "Checking…" : "Continue"}
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <p className="second-step-links">
        {recovery ? null : (
          <button
            type="button"
            className="quiet"
            onClick={() => {
              setRecovery(true);
              setCode("");
            }}
          >
            Use a recovery code instead
          </button>
        )}
        <button type="button" className="quiet" onClick={onRestart}>
          Start again
        </button>
      </p>
    </section>
  );
}
