import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { accountsQuery, type CreatedAccount, createAccount } from "../../api/accounts.ts";
import { formatWhen } from "../../format.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";
import { OneTimeLinkCard } from "./one-time-link.tsx";

/**
 * The operator's "New account": the account has no password until its owner chooses one with the link made
 * with it, e-mailed to them or, with no mail, shown here once to pass on.
 */
export function NewAccountForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [mayHost, setMayHost] = useState(false);
  const [made, setMade] = useState<(CreatedAccount & { who: string }) | null>(null);
  const create = useMutation({
    mutationFn: async () => ({ ...(await createAccount({ name, email, mayHost })), who: name.trim() }),
    onMutate: () => setMade(null),
    onSuccess: (created) => {
      setMade(created);
      setName("");
      setEmail("");
      setMayHost(false);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQuery.queryKey }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <section className="panel new-account" aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">New account</h2>
      <p className="muted">
        Most people get their account by accepting an invitation. Make one here for someone who needs it
        before that: a mediator who will host, say. They choose their own password with the link it comes
        with.
      </p>
      <form onSubmit={onSubmit} className="stacked">
        <div className="row">
          <label>
            Name
            <input required maxLength={300} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            E-mail address
            <input
              type="email"
              required
              maxLength={254}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={mayHost} onChange={(e) => setMayHost(e.target.checked)} />
          May host negotiations
        </label>
        <ProblemLine error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create the account"}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {made ? <Outcome made={made} /> : null}
      </div>
    </section>
  );
}

/** Mailed: where it went. Not mailed: the link, shown once, for the operator to pass on. */
function Outcome({ made }: { made: CreatedAccount & { who: string } }) {
  if (made.link === undefined)
    return (
      <p className="card mail-sent">
        Account created for {made.who}. A link to choose a password was e-mailed to {made.email}, and only to
        them. It works once, until {formatWhen(made.expiresAt)}.
      </p>
    );
  return (
    <OneTimeLinkCard
      heading={`Account created for ${made.who}`}
      label="Link to choose a password"
      link={made.link}
      expiresAt={made.expiresAt}
    >
      {made.mail === "failed" ? <span role="alert">{made.mailError}</span> : null} Send this link to{" "}
      {made.email} privately: whoever holds it chooses the account's password, and until then no one can sign
      in to it.
    </OneTimeLinkCard>
  );
}
