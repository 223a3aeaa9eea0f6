import { useId, useState } from "react";
import { FixedAudience } from "../scope-picker.tsx";
import {
  type AlternativeKey,
  alternativeName,
  audienceFor,
  BASE,
  keyOf,
  liveProposals,
  type ProvisionScreenData,
  partiesNotAccepting,
  proposalIdOf,
} from "./model.ts";
import { StalePanel, useDraftBase, useWrite, WriteError } from "./write-kit.tsx";

const names = (parties: { name: string }[]) => parties.map((p) => p.name).join(" and ");

/**
 * The mediation records agreement once every party's shared position accepts the same alternative:
 * ad referendum (subject to capitals) or outright. Status changes are always on the shared text.
 */
export function AgreeForm({
  data,
  announce,
}: {
  data: ProvisionScreenData;
  announce: (message: string) => void;
}) {
  const { provision } = data.detail;
  const { parties } = data.summary;
  const id = useId();
  const draft = useDraftBase(data.detail);
  const write = useWrite(data, announce);
  const confirming = provision.status === "agreed_ad_referendum";
  const choices: AlternativeKey[] = confirming
    ? [keyOf(provision.adoptedProposalId)]
    : [
        ...(provision.text ? [BASE] : []),
        ...liveProposals(data.detail)
          .filter((p) => p.scope === "shared")
          .map((p) => p.id),
      ];
  const [picked, setPicked] = useState<AlternativeKey | null>(null);
  const target = picked && choices.includes(picked) ? picked : (choices.at(-1) ?? BASE);
  if (choices.length === 0) return null;
  const notAdRef = partiesNotAccepting(data.detail, parties, target, ["accept", "accept_ad_referendum"]);
  const notAccepted = partiesNotAccepting(data.detail, parties, target, ["accept"]);
  const targetName = alternativeName(target, data.detail, parties);

  const mark = async (type: "mark-agreed-ad-referendum" | "mark-agreed") => {
    const sent = await write.send(
      type,
      { provisionId: provision.id, proposalId: proposalIdOf(target), baseVersion: draft.baseVersion },
      () =>
        `${type === "mark-agreed" ? "Agreed" : "Agreed ad referendum"}: ${targetName}. Visible to every delegation, the mediation and observers.`,
    );
    if (sent) {
      setPicked(null);
      draft.reset();
    }
  };

  return (
    <form className="write-form" onSubmit={(e) => e.preventDefault()} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{confirming ? "Confirm the agreement" : "Record agreement"}</h3>
      <label className="field">
        The alternative agreed
        <select
          value={target}
          onChange={(e) => {
            draft.begin();
            setPicked(e.target.value);
          }}
        >
          {choices.map((key) => (
            <option key={key} value={key}>
              {alternativeName(key, data.detail, parties)}
            </option>
          ))}
        </select>
      </label>
      <p className="readiness" aria-live="polite">
        {notAccepted.length === 0
          ? "Every party has accepted this text on the shared table."
          : notAdRef.length === 0
            ? `Every party accepts this text, ${names(notAccepted)} ad referendum only.`
            : `Not yet accepted by ${names(notAdRef)}.`}
      </p>
      <FixedAudience audience={audienceFor(data.summary, "shared")} />
      <StalePanel
        data={data}
        draft={draft}
        refused={write.refused}
        yours={`Mark agreed: ${targetName}`}
        onRebase={() => {
          draft.rebase();
          write.clearRefused();
        }}
      />
      <WriteError write={write} />
      <div className="actions">
        {!confirming ? (
          <button
            type="button"
            disabled={write.pending || notAdRef.length > 0}
            onClick={() => void mark("mark-agreed-ad-referendum")}
          >
            Mark agreed ad referendum
          </button>
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={write.pending || notAccepted.length > 0}
          onClick={() => void mark("mark-agreed")}
        >
          Mark agreed
        </button>
      </div>
    </form>
  );
}

/** Any party or the mediation lead may reopen an agreed provision; the reason is on the shared record. */
export function ReopenForm({
  data,
  announce,
}: {
  data: ProvisionScreenData;
  announce: (message: string) => void;
}) {
  const { provision } = data.detail;
  const id = useId();
  const draft = useDraftBase(data.detail);
  const write = useWrite(data, announce);
  const [reason, setReason] = useState("");

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const sent = await write.send(
      "reopen-provision",
      { provisionId: provision.id, reason, baseVersion: draft.baseVersion },
      () => "Provision reopened. Visible to every delegation, the mediation and observers.",
    );
    if (sent) {
      setReason("");
      draft.reset();
    }
  };

  return (
    <form className="write-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Reopen this provision</h3>
      <p className="muted">
        Nothing is agreed until everything is agreed: reopening puts the provision back on the table.
      </p>
      <label className="field">
        Reason
        <input
          type="text"
          value={reason}
          onChange={(e) => {
            draft.begin();
            setReason(e.target.value);
          }}
        />
      </label>
      <FixedAudience audience={audienceFor(data.summary, "shared")} />
      <StalePanel
        data={data}
        draft={draft}
        refused={write.refused}
        yours={`Reopen: ${reason}`}
        onRebase={() => {
          draft.rebase();
          write.clearRefused();
        }}
      />
      <WriteError write={write} />
      <button type="submit" disabled={write.pending}>
        Reopen
      </button>
    </form>
  );
}
