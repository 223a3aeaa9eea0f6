import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { confirmTotp } from "../../api/factors.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";

/** Setting up an authenticator app, once started: scan the QR code (or type the key), then confirm with a first code. */
export function TotpSetup({
  started,
  onCodes,
  onCancel,
}: {
  started: { secret: string; qr: string };
  onCodes: (codes: string[] | null) => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const confirm = useMutation({
    mutationFn: () => confirmTotp(code.trim()),
    onSuccess: ({ recoveryCodes }) => {
      void queryClient.invalidateQueries({ queryKey: ["account"] });
      onCodes(recoveryCodes);
    },
  });
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
            src={started.qr}
            alt="QR code for your authenticator app"
            className="qr"
            width={180}
            height={180}
          />
        </li>
        <li>
          Or type this key into it:{" "}
          <code className="key">{started.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
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
