import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  type AccountAction,
  type AccountRow,
  accountsQuery,
  actOnAccount,
  makeResetLink,
  type ResetLink,
  removeFactorsOf,
} from "../api/accounts.ts";
import { sessionQuery } from "../api/queries.ts";
import { FactorPolicyToggle } from "../components/accounts/factor-policy-toggle.tsx";
import { NewAccountForm } from "../components/accounts/new-account-form.tsx";
import { OneTimeLinkCard } from "../components/accounts/one-time-link.tsx";
import { NotFound, QueryState } from "../components/app-frame.tsx";
import { ProblemLine } from "../components/rounds/write-parts.tsx";

const since = (iso: string) =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

/**
 * The operator's screen: every account; disable or enable it, let it host negotiations, make a reset link;
 * make a new account.
 */
export function OperatorScreen() {
  const { data: session } = useQuery(sessionQuery);
  const operator = session?.account.operator === true;
  const accounts = useQuery({ ...accountsQuery, enabled: operator });
  const queryClient = useQueryClient();
  const [made, setMade] = useState<(ResetLink & { who: string; email: string }) | null>(null);
  const act = useMutation({
    mutationFn: ({ account, action }: { account: AccountRow; action: AccountAction }) =>
      actOnAccount(account.id, action),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQuery.queryKey }),
  });
  const reset = useMutation({
    mutationFn: async (account: AccountRow) => ({
      ...(await makeResetLink(account.id)),
      who: account.name,
      email: account.email,
    }),
    onMutate: () => setMade(null),
    onSuccess: (link) => setMade(link),
  });

  const unlock = useMutation({
    mutationFn: (account: AccountRow) => removeFactorsOf(account.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQuery.queryKey }),
  });

  if (!operator) return <NotFound />;
  if (!accounts.data) return <QueryState error={accounts.error} what="the accounts" />;
  const me = session?.account.email;

  return (
    <article className="operator-screen">
      <header className="page-head">
        <h1>Accounts</h1>
        <p className="lead">
          Everyone who can sign in to this server. Disabling an account signs it out everywhere at once. Only
          accounts that may host see “New negotiation”. As an operator you read no negotiation you are not a
          member of.
        </p>
      </header>
      <FactorPolicyToggle />
      <ProblemLine error={act.error ?? reset.error ?? unlock.error} />
      <div role="status" aria-live="polite">
        {made?.link === undefined ? null : (
          <OneTimeLinkCard
            heading={`Password-reset link for ${made.who}`}
            label="Reset link"
            link={made.link}
            expiresAt={made.expiresAt}
          >
            Send it to them privately: whoever holds it can choose the account's password.{" "}
            {made.mail === "failed" ? <span role="alert">{made.mailError}</span> : null}
          </OneTimeLinkCard>
        )}
        {made?.mail === "sent" ? (
          <p className="card">
            A password-reset link was e-mailed to {made.email}, and only to them. It works once, for 24 hours.
          </p>
        ) : null}
      </div>
      <table className="accounts-table">
        <caption className="visually-hidden">Accounts on this server</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail address</th>
            <th scope="col">Since</th>
            <th scope="col">Status</th>
            <th scope="col">May host</th>
            <th scope="col">Second factor</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.data.accounts.map((a) => (
            <tr key={a.id} className={a.disabled ? "disabled" : undefined}>
              <th scope="row">
                {a.name}
                {a.operator ? <span className="tag">Operator</span> : null}
              </th>
              <td>{a.email}</td>
              <td>{since(a.createdAt)}</td>
              <td>{a.disabled ? <strong className="error">Disabled</strong> : "Active"}</td>
              <td>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={a.mayHost}
                    disabled={act.isPending}
                    onChange={() =>
                      act.mutate({ account: a, action: a.mayHost ? "revoke-host" : "grant-host" })
                    }
                  />
                  <span className="visually-hidden">{a.name} may host negotiations</span>
                  {a.mayHost ? "Yes" : "No"}
                </label>
              </td>
              <td>{a.secondFactor ? "Yes" : "No"}</td>
              <td>
                <div className="actions">
                  <button
                    type="button"
                    disabled={reset.isPending || a.disabled}
                    onClick={() => reset.mutate(a)}
                    aria-label={`Make a password-reset link for ${a.name}`}
                  >
                    Reset link
                  </button>
                  {a.secondFactor && a.email !== me ? (
                    <button
                      type="button"
                      disabled={unlock.isPending}
                      onClick={() => {
                        // Only for an owner who lost every factor and code, and whom the operator has verified.
                        if (
                          window.confirm(
                            `Remove every passkey and authenticator app of ${a.name}? Their sessions end.`,
                          )
                        )
                          unlock.mutate(a);
                      }}
                      aria-label={`Remove the second factors of ${a.name}`}
                    >
                      Remove factors
                    </button>
                  ) : null}
                  {a.email === me ? null : (
                    <button
                      type="button"
                      className={a.disabled ? undefined : "danger"}
                      disabled={act.isPending}
                      onClick={() => act.mutate({ account: a, action: a.disabled ? "enable" : "disable" })}
                      aria-label={`${a.disabled ? "Enable" : "Disable"} ${a.name}`}
                    >
                      {a.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewAccountForm />
    </article>
  );
}
