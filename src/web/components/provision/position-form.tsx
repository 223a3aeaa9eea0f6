import { useId, useState } from "react";
import type { Stance } from "../../../domain/entities.ts";
import type { Scope } from "../../../domain/scope.ts";
import { stanceWords } from "../../text-labels.ts";
import { ScopePicker } from "../scope-picker.tsx";
import {
  type AlternativeKey,
  alternativeName,
  alternativePhrase,
  alternativeText,
  audienceFor,
  BASE,
  keyOf,
  liveProposals,
  type ProvisionScreenData,
  partyName,
  proposalIdOf,
} from "./model.ts";
import { StalePanel, useDraftBase, useWrite, WriteError } from "./write-kit.tsx";

const STANCES: { stance: Stance; label: string }[] = [
  { stance: "accept", label: "Accept" },
  { stance: "accept_ad_referendum", label: "Accept ad referendum (subject to capital's approval)" },
  { stance: "reserve", label: "Reserve" },
  { stance: "reject", label: "Reject" },
  { stance: "counter_propose", label: "Counter-propose" },
];

/** A delegation answers one alternative: accept, accept ad referendum, reserve, reject or counter-propose. */
export function PositionForm({
  data,
  announce,
}: {
  data: ProvisionScreenData;
  announce: (message: string) => void;
}) {
  const { provision } = data.detail;
  const parties = data.summary.parties;
  const id = useId();
  const draft = useDraftBase(data.detail);
  const write = useWrite(data, announce);
  // Ad referendum agreement is confirmed on the text adopted; otherwise any live alternative or the base text.
  const choices: AlternativeKey[] =
    provision.status === "agreed_ad_referendum"
      ? [keyOf(provision.adoptedProposalId)]
      : [...(provision.text ? [BASE] : []), ...liveProposals(data.detail).map((p) => p.id)];
  const [picked, setPicked] = useState<AlternativeKey | null>(null);
  const target = picked && choices.includes(picked) ? picked : (choices.at(-1) ?? BASE);
  const [stance, setStance] = useState<Stance>("accept");
  const [comment, setComment] = useState("");
  const [counter, setCounter] = useState<string | null>(null);
  const [scope, setScope] = useState<Scope>("shared");
  const targetProposal = data.detail.proposals.find((p) => p.id === target);
  const counterText = counter ?? (targetProposal ? alternativeText(targetProposal) : provision.text);
  const counterAllowed = provision.status !== "agreed_ad_referendum";
  const edit = () => draft.begin();

  if (choices.length === 0) return null;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const audience = audienceFor(data.summary, scope);
    const sent = await write.send(
      "take-position",
      {
        provisionId: provision.id,
        proposalId: proposalIdOf(target),
        stance,
        comment,
        scope,
        ...(stance === "counter_propose" ? { counter: { text: counterText } } : {}),
      },
      () =>
        `Position recorded: ${partyName(parties, data.summary.you.party ?? "")} ${stanceWords(stance)} ${alternativePhrase(target, data.detail, parties)}. ${audience.label}.`,
    );
    if (sent) {
      // The next position starts again from the newest alternative on the table.
      setPicked(null);
      setComment("");
      setCounter(null);
      setStance("accept");
      draft.reset();
    }
  };

  return (
    <form className="write-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Take a position</h3>
      <label className="field">
        On the alternative
        <select
          value={target}
          onChange={(e) => {
            edit();
            setPicked(e.target.value);
            setCounter(null);
          }}
        >
          {choices.map((key) => (
            <option key={key} value={key}>
              {alternativeName(key, data.detail, parties)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="inline-choices">
        <legend>Your position</legend>
        {STANCES.filter((s) => counterAllowed || s.stance !== "counter_propose").map((s) => (
          <label key={s.stance}>
            <input
              type="radio"
              name={`${id}-stance`}
              checked={stance === s.stance}
              onChange={() => {
                edit();
                setStance(s.stance);
              }}
            />{" "}
            {s.label}
          </label>
        ))}
      </fieldset>
      {stance === "counter_propose" ? (
        <label className="field">
          Your counter-proposal
          <textarea
            rows={5}
            value={counterText}
            onChange={(e) => {
              edit();
              setCounter(e.target.value);
            }}
            required
          />
        </label>
      ) : null}
      <label className="field">
        Comment (optional)
        <input
          type="text"
          value={comment}
          onChange={(e) => {
            edit();
            setComment(e.target.value);
          }}
        />
      </label>
      <ScopePicker
        audiences={data.summary.you.writableScopes}
        value={scope}
        onChange={(s) => {
          edit();
          setScope(s);
        }}
      />
      <StalePanel
        data={data}
        draft={draft}
        refused={write.refused}
        yours={`${stanceWords(stance)} ${alternativeName(target, data.detail, parties)}${stance === "counter_propose" ? `: ${counterText}` : ""}`}
        onRebase={() => {
          draft.rebase();
          write.clearRefused();
        }}
      />
      <WriteError write={write} />
      <button type="submit" className="primary" disabled={write.pending}>
        Record the position
      </button>
    </form>
  );
}
