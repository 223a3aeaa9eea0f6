import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { Claim, ClaimKind, Incident } from "../../../domain/entities.ts";
import { isAtLeastAsWide, type Scope } from "../../../domain/scope.ts";
import { sendCommand } from "../../api/statements.ts";
import type { NegotiationSummary } from "../../api/types.ts";
import { ScopePicker } from "../scope-picker.tsx";
import { CLAIM_KIND_WORDS } from "./incident-words.ts";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Records what a source said about an incident. The scopes offered are those no wider than the incident's (and
 * the answered claim's): content may only refer to what at least as many people can read.
 */
export function ClaimForm({
  incident,
  claims,
  summary,
  negotiationId,
}: {
  incident: Incident;
  claims: readonly Claim[];
  summary: NegotiationSummary;
  negotiationId: string;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const { parties, you } = summary;
  const [claimKind, setClaimKind] = useState<ClaimKind>("claim");
  const [respondsTo, setRespondsTo] = useState(claims[0]?.id ?? "");
  const [source, setSource] = useState("");
  const [sourceParty, setSourceParty] = useState("");
  const [statedOn, setStatedOn] = useState(today);
  const [text, setText] = useState("");
  const partyIds = parties.map((p) => p.id);
  const answered = claimKind === "response" ? claims.find((c) => c.id === respondsTo) : undefined;
  const audiences = you.writableScopes.filter(
    (a) =>
      isAtLeastAsWide(incident.scope, a.scope, partyIds) &&
      (!answered || isAtLeastAsWide(answered.scope, a.scope, partyIds)),
  );
  const [chosen, setChosen] = useState<Scope>(incident.scope);
  const scope = audiences.some((a) => a.scope === chosen) ? chosen : (audiences[0]?.scope ?? chosen);
  const record = useMutation({
    mutationFn: () =>
      sendCommand(negotiationId, "record-claim", {
        incidentId: incident.id,
        claimKind,
        source,
        ...(sourceParty ? { sourcePartyId: sourceParty } : {}),
        ...(claimKind === "response" ? { respondsTo } : {}),
        text,
        statedOn,
        scope,
      }),
    onSuccess: async () => {
      setSource("");
      setText("");
      await queryClient.invalidateQueries({ queryKey: ["negotiation", negotiationId] });
    },
  });
  const noClaimToAnswer = claimKind === "response" && claims.length === 0;

  return (
    <form
      className="record-fields"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <fieldset className="kinds">
        <legend>What is being recorded</legend>
        {(["claim", "response", "reaction"] as const).map((k) => (
          <label key={k} className="toggle">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k}
              checked={claimKind === k}
              onChange={() => setClaimKind(k)}
            />
            {k === "response" ? "Response (a denial or an answer to a claim)" : CLAIM_KIND_WORDS[k]}
          </label>
        ))}
      </fieldset>
      {claimKind === "response" ? (
        noClaimToAnswer ? (
          <p className="reason">There is no claim to answer yet: record the claim first.</p>
        ) : (
          <>
            <label htmlFor={`${id}-answers`}>Answers</label>
            <select id={`${id}-answers`} value={respondsTo} onChange={(e) => setRespondsTo(e.target.value)}>
              {claims.map((c) => (
                <option key={c.id} value={c.id}>
                  {CLAIM_KIND_WORDS[c.claimKind]} by {c.source}: {c.text.slice(0, 80)}
                  {c.text.length > 80 ? "…" : ""}
                </option>
              ))}
            </select>
          </>
        )
      ) : null}
      <label htmlFor={`${id}-source`}>Source (who said it)</label>
      <input
        id={`${id}-source`}
        type="text"
        required
        maxLength={300}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <label htmlFor={`${id}-party`}>Speaking for a party</label>
      <select id={`${id}-party`} value={sourceParty} onChange={(e) => setSourceParty(e.target.value)}>
        <option value="">No party (a third party or the mediation)</option>
        {parties.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-on`}>Stated on</label>
      <input
        id={`${id}-on`}
        type="date"
        required
        value={statedOn}
        onChange={(e) => setStatedOn(e.target.value)}
      />
      <label htmlFor={`${id}-text`}>What was said</label>
      <textarea
        id={`${id}-text`}
        rows={4}
        required
        maxLength={20_000}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {audiences.length === 0 ? (
        <p className="reason">You may not write about this incident in any scope you can write to.</p>
      ) : (
        <ScopePicker audiences={audiences} value={scope} onChange={setChosen} />
      )}
      <button
        type="submit"
        className="primary"
        disabled={
          record.isPending || noClaimToAnswer || audiences.length === 0 || !source.trim() || !text.trim()
        }
      >
        Record the {CLAIM_KIND_WORDS[claimKind].toLowerCase()}
      </button>
      {record.error ? (
        <p role="alert" className="error">
          Could not record it: {record.error.message}
        </p>
      ) : null}
      {record.isSuccess ? (
        <p role="status" className="muted">
          Recorded.
        </p>
      ) : null}
    </form>
  );
}
