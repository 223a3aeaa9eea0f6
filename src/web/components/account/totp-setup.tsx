import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { confirmTotp, startTotp } from "../../api/factors.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";

/** Setting up an authenticator app: scan the QR code (or type the key), then confirm with a first code. */
export function TotpSetup({
  onCodes,
  onCancel,
}: {
  onCodes: (codes: string[] | null) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const start = useMutation({ mutationFn: startTotp });
  const confirm = useMutation({
    mutationFn: () => confirmTotp(code.trim()),
    onSuccess: ({ recoveryCodes }) => {
      void queryClient.invalidateQueries({ queryKey: ["account"] });
      onCodes(recoveryCodes);
    },
  });
  if (!start.data)
    return (
      <div className="totp-setup">
        <p>
          An authenticator app (on your phone, for instance) shows a new six-digit code every 30 seconds. You
          will be asked for one after your password.
        </p>
        <div className="actions">
          <button type="button" className="primary" disabled={start.isPending} onClick={() => start.mutate()}>
            Set up an authenticator app
          </button>
          <button type="button" className="quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
        <ProblemLine error={start.error} />
      </div>
    );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  const wrong = confirm.error instanceof ApiError && confirm.error.code === "second_factor.invalid";
  return (
    <div className="totp-setup">
      <ol className="steps">
        <li>
          Scan this code with your authenticator app:
          <img
            src={start.data.qr}
            alt="QR code for your authenticator app"
            className="qr"
            width={180}
            height={180}
          />
        </li>
        <li>
          Or type this key into it:{" "}
          <code className="key">{start.data.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
        </li>
        <li>
          <form onSubmit={onSubmit} className="inline-form">
            <label>
              Then enter the code it shows
              <input
                name="totp-code"
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </label>
            <button type="submit" className="primary" disabled={confirm.isPending}>
              Confirm
            </button>
          </form>
        </li>
      </ol>
      {wrong ? (
        <p role="alert" className="error">
          That code does not match. Check the app shows the entry for this account and try the current code.
        </p>
      ) : (
        <ProblemLine error={confirm.error} />
      )}
      <button type="button" className="quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
