import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { setStepUpHandler } from "../../api/client.ts";
import { factorsQuery, stepUpWithCode, stepUpWithPasskey } from "../../api/factors.ts";
import { factorFailure } from "../sign-in/second-step.tsx";
import "./step-up.css";

/**
 * The prompt the server's 401 `step_up.required` opens: a sensitive act (agreeing a provision, releasing a
 * statement, a new API token, …) asks for the second factor again when it was last checked more than ten
 * minutes ago. Once confirmed, the act is sent again by the API client; cancelling leaves it undone.
 */
export function StepUpPrompt() {
  const [pending, setPending] = useState<{ resolve: (ok: boolean) => void } | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const factors = useQuery({ ...factorsQuery, enabled: pending !== null });

  useEffect(() => {
    setStepUpHandler(
      () =>
        new Promise<boolean>((resolve) => {
          setCode("");
          setError(null);
          setBusy(false);
          setPending({ resolve });
        }),
    );
    return () => setStepUpHandler(null);
  }, []);
  useEffect(() => {
    if (pending && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [pending]);

  const finish = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
    dialog.current?.close();
  };
  const attempt = async (confirm: () => Promise<void>, with_: "code" | "passkey" = "code") => {
    setBusy(true);
    setError(null);
    try {
      await confirm();
      finish(true);
    } catch (e) {
      setError(factorFailure(e, with_));
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => stepUpWithCode(code.trim()));
  };
  const hasPasskeys = (factors.data?.passkeys.length ?? 0) > 0;

  return (
    <dialog
      ref={dialog}
      className="step-up"
      aria-labelledby="step-up-heading"
      onCancel={(e) => {
        e.preventDefault();
        finish(false);
      }}
    >
      {pending ? (
        <>
          <h2 id="step-up-heading">Confirm it is you</h2>
          <p>
            This act is protected: confirm with your second factor (your last confirmation is more than ten
            minutes old). It is then carried out.
          </p>
          {hasPasskeys ? (
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => void attempt(stepUpWithPasskey, "passkey")}
            >
              Use a passkey
            </button>
          ) : null}
          <form onSubmit={onSubmit} className="stacked">
            <label>
              Code from your authenticator app, or a recovery code
              <input
                name="step-up-code"
                autoComplete="one-time-code"
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </label>
            <div className="actions">
              <button type="submit" className={hasPasskeys ? "" : "primary"} disabled={busy}>
                {busy ? "Checking…" : "Confirm"}
              </button>
              <button type="button" className="quiet" onClick={() => finish(false)}>
                Cancel
              </button>
            </div>
          </form>
          {error ? (
            <p role="alert" className="error">
              {error}
            </p>
          ) : null}
        </>
      ) : null}
    </dialog>
  );
}
