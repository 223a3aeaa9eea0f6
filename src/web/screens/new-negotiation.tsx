import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useRef, useState } from "react";
import { createNegotiation } from "../api/accounts.ts";
import { sessionQuery } from "../api/queries.ts";
import { NotFound } from "../components/app-frame.tsx";
import { type PartyRow, partyProblems, suggestPartyId } from "../components/negotiations/party-rows.ts";
import { ProblemLine } from "../components/rounds/write-parts.tsx";

const blank = (key: number): PartyRow => ({ key, name: "", shortName: "", partyId: "", idTyped: false });

/**
 * A new negotiation, for accounts an operator lets host: its title, what it is about, and the parties. The
 * creator becomes its mediation lead and goes on to invite the delegations.
 */
export function NewNegotiationScreen() {
  const { data: session } = useQuery(sessionQuery);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = useRef(2);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [rows, setRows] = useState<PartyRow[]>([blank(0), blank(1)]);
  // Problems are shown once a send was tried, then kept up to date as the user corrects them.
  const [tried, setTried] = useState(false);
  const problems = tried ? partyProblems(rows) : [];
  const create = useMutation({
    mutationFn: () =>
      createNegotiation({
        title: title.trim(),
        description: description.trim(),
        parties: rows.map((r) => ({
          partyId: r.partyId,
          name: r.name.trim(),
          shortName: r.shortName.trim(),
        })),
      }),
    onSuccess: async ({ negotiationId }) => {
      await queryClient.invalidateQueries({ queryKey: ["negotiations"] });
      await navigate({ to: "/negotiations/$negotiationId/members", params: { negotiationId } });
    },
  });
  if (!session?.account.mayHost) return <NotFound />;

  const change = (key: number, patch: Partial<PartyRow>) =>
    setRows((all) =>
      all.map((r) => {
        if (r.key !== key) return r;
        const updated = { ...r, ...patch };
        // The id follows the short name (else the name) until the user types one of their own.
        if (!updated.idTyped) updated.partyId = suggestPartyId(updated.shortName || updated.name);
        return updated;
      }),
    );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (partyProblems(rows).length === 0) create.mutate();
  };

  return (
    <section className="narrow new-negotiation">
      <header className="page-head">
        <h1>New negotiation</h1>
        <p className="lead">
          You will be its lead mediator. Next you invite the delegations, the mediation team and any
          observers.
        </p>
      </header>
      <form onSubmit={onSubmit} className="stacked card" aria-labelledby="new-heading">
        <h2 id="new-heading" className="visually-hidden">
          The negotiation
        </h2>
        <label>
          Title
          <input required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          Description <span className="muted">(optional: what the talks are about)</span>
          <textarea
            rows={3}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <fieldset>
          <legend>Parties</legend>
          <p className="muted">
            At least two. The id is how the party appears in scopes and exports (“party:ardenia”): lower-case
            letters, digits and '-'. It cannot change later.
          </p>
          {rows.map((row, i) => (
            <div className="row party-row" key={row.key}>
              <label>
                Name
                <input
                  required
                  maxLength={300}
                  placeholder={i === 0 ? "Republic of Ardenia" : ""}
                  value={row.name}
                  onChange={(e) => change(row.key, { name: e.target.value })}
                />
              </label>
              <label className="short">
                Short name
                <input
                  maxLength={40}
                  placeholder={i === 0 ? "Ardenia" : ""}
                  value={row.shortName}
                  onChange={(e) => change(row.key, { shortName: e.target.value })}
                />
              </label>
              <label className="short">
                Party id
                <input
                  required
                  maxLength={32}
                  className="mono"
                  value={row.partyId}
                  onChange={(e) => change(row.key, { partyId: e.target.value, idTyped: true })}
                />
              </label>
              <button
                type="button"
                className="quiet"
                disabled={rows.length <= 2}
                aria-label={`Remove party ${i + 1}`}
                onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
              >
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => {
              const key = next.current;
              next.current += 1;
              setRows((all) => [...all, blank(key)]);
            }}
          >
            Add a party
          </button>
        </fieldset>
        <div role="alert">
          {problems.length > 0 ? (
            <ul className="error">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <ProblemLine error={create.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create the negotiation"}
          </button>
          <Link to="/negotiations">Cancel</Link>
        </div>
      </form>
    </section>
  );
}
