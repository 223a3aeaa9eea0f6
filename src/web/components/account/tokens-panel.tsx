import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import {
  type ApiToken,
  apiTokensQuery,
  createApiToken,
  revokeApiToken,
  TOKEN_ACTS,
} from "../../api/account.ts";
import { formatWhen } from "../../format.ts";
import { QueryState } from "../app-frame.tsx";
import { CopyField } from "../copy-field.tsx";
import { ProblemLine } from "../rounds/write-parts.tsx";

/** My API tokens: make one (its value shown once), list them, revoke one. */
export function TokensPanel() {
  const queryClient = useQueryClient();
  const tokens = useQuery(apiTokensQuery);
  const [name, setName] = useState("");
  const [acts, setActs] = useState<string[]>([]);
  const [made, setMade] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation({
    mutationFn: () => createApiToken(name.trim(), acts),
    onSuccess: (token) => {
      setMade(token);
      setName("");
      setActs([]);
      void queryClient.invalidateQueries({ queryKey: ["account", "tokens"] });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMade(null);
    create.mutate();
  };
  const live = tokens.data?.tokens.filter((t) => t.revokedAt === null) ?? [];
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        For the command line and scripts: a token acts as you until you revoke it, except the sensitive acts
        below, which it may do only if you tick them.
      </p>
      <form onSubmit={onSubmit} className="stacked">
        <label>
          Name of a new token <span className="muted">(what it is for, e.g. “laptop CLI”)</span>
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset className="token-acts">
          <legend>It may also</legend>
          {TOKEN_ACTS.map(([act, words]) => (
            <label key={act} className="check">
              <input
                type="checkbox"
                checked={acts.includes(act)}
                onChange={(e) => setActs(e.target.checked ? [...acts, act] : acts.filter((a) => a !== act))}
              />
              {words}
            </label>
          ))}
        </fieldset>
        <ProblemLine error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending || name.trim() === ""}>
          Make a token
        </button>
      </form>
      <div role="status" aria-live="polite">
        {made ? (
          <div className="invitation-link card">
            <p>
              <strong>Your new token “{made.name}”</strong>
            </p>
            <p className="warning">
              Copy it now: it will not be shown again. The server keeps only a fingerprint it cannot turn back
              into the token.
            </p>
            <CopyField label="Token value" value={made.token} copyLabel="Copy token" />
          </div>
        ) : null}
      </div>
      {tokens.data ? (
        live.length === 0 ? (
          <p className="muted">You have no API tokens.</p>
        ) : (
          <ul className="account-list">
            {live.map((t) => (
              <TokenRow key={t.id} token={t} />
            ))}
          </ul>
        )
      ) : (
        <QueryState error={tokens.error} what="your API tokens" />
      )}
    </section>
  );
}

function TokenRow({ token }: { token: ApiToken }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => revokeApiToken(token.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["account", "tokens"] }),
  });
  return (
    <li>
      <div>
        <strong>{token.name}</strong>
        <div className="muted">Made {formatWhen(token.createdAt)}.</div>
        <ProblemLine error={revoke.error} />
      </div>
      <button
        type="button"
        onClick={() => revoke.mutate()}
        disabled={revoke.isPending}
        aria-label={`Revoke the token ${token.name}`}
      >
        Revoke
      </button>
    </li>
  );
}
