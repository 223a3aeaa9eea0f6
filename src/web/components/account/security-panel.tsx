import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../../api/client.ts";
import { factorsQuery, newRecoveryCodes, removeTotp, startTotp } from "../../api/factors.ts";
import { QueryState } from "../app-frame.tsx";
import { ProblemLine } from "../rounds/write-parts.tsx";
import { PasskeysList } from "./passkeys-list.tsx";
import { RecoveryCodes } from "./recovery-codes.tsx";
import { TotpSetup } from "./totp-setup.tsx";

/**
 * Sign-in security: an authenticator app, passkeys, recovery codes. Changing them asks for the second factor
 * again when it was last confirmed more than ten minutes ago (the app's step-up prompt); removing one signs
 * out my other sessions.
 */
export function SecurityPanel() {
  const factors = useQuery(factorsQuery);
  const queryClient = useQueryClient();
  const start = useMutation({ mutationFn: startTotp });
  const [codes, setCodes] = useState<string[] | null>(null);
  const remove = useMutation({
    mutationFn: removeTotp,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["account"] }),
  });
  const regenerate = useMutation({
    mutationFn: newRecoveryCodes,
    onSuccess: ({ recoveryCodes }) => {
      setCodes(recoveryCodes);
      void queryClient.invalidateQueries({ queryKey: ["account", "factors"] });
    },
  });
  const f = factors.data;
  const none = f && !f.totp && f.passkeys.length === 0;
  return (
    <section className="panel security" aria-labelledby="security-heading">
      <h2 id="security-heading">Sign-in security</h2>
      {!f ? (
        <QueryState error={factors.error} what="your second factors" />
      ) : (
        <>
          {none ? (
            <p className={f.required ? "warning" : "muted"} role={f.required ? "alert" : undefined}>
              {f.required
                ? "A second factor is required of you: set up an authenticator app or a passkey to continue."
                : "Only your password protects this account. Add a second factor: a passkey or an authenticator app."}
            </p>
          ) : null}
          {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}
          <h3>Authenticator app</h3>
          {f.totp ? (
            <div className="factor-row">
              <span>
                <span className="tag ok">set up</span> Codes from your app are asked for after your password.
              </span>
              <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending}>
                Remove
              </button>
            </div>
          ) : start.data ? (
            <TotpSetup
              started={start.data}
              onCancel={() => start.reset()}
              onCodes={(fresh) => {
                start.reset();
                if (fresh) setCodes(fresh);
              }}
            />
          ) : (
            <>
              <p className="muted">
                An app on your phone shows a new six-digit code every 30 seconds; it is asked for after your
                password.
              </p>
              <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
                Set up an authenticator app
              </button>
              <ProblemLine error={start.error} />
            </>
          )}
          {remove.error instanceof ApiError && remove.error.code === "second_factor.last" ? (
            <p role="alert" className="error">
              A second factor is required of you: add another before removing the last one.
            </p>
          ) : (
            <ProblemLine error={remove.error} />
          )}
          <h3>Passkeys</h3>
          <PasskeysList passkeys={f.passkeys} onCodes={setCodes} />
          {f.totp || f.passkeys.length > 0 ? (
            <>
              <h3>Recovery codes</h3>
              <div className="factor-row">
                <span>
                  {f.recoveryCodesLeft} of 10 left. Each signs you in once if you lose your authenticator.
                </span>
                <button type="button" onClick={() => regenerate.mutate()} disabled={regenerate.isPending}>
                  New recovery codes
                </button>
              </div>
              <ProblemLine error={regenerate.error} />
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
