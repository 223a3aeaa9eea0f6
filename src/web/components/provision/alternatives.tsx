import type { Proposal } from "../../../domain/entities.ts";
import { positionLabel, proposerLabel, scopeLabel, stanceWords } from "../../text-labels.ts";
import { BlankText } from "../drafting/blank-text.tsx";
import { scopeKind } from "../scope-picker.tsx";
import {
  type AlternativeKey,
  alternativeName,
  alternativeText,
  BASE,
  formatDay,
  latestPositions,
  memberName,
  type ProvisionScreenData,
  partyName,
} from "./model.ts";
import { useWrite, WriteError } from "./write-kit.tsx";

const KIND_WORDS: Record<Proposal["proposalKind"], string> = {
  new: "new provision",
  replace: "new wording",
  delete: "deletion",
};

/** Each alternative on the table with its proposer, rationale and every party's position on it. */
export function AlternativeList({
  data,
  keys,
  announce,
}: {
  data: ProvisionScreenData;
  keys: AlternativeKey[];
  announce: (message: string) => void;
}) {
  const { provision } = data.detail;
  // With nothing bracketed the provision is just its text: no brackets, no "alternatives".
  if (keys.length === 1 && keys[0] === BASE) {
    const settled = provision.status === "agreed" || provision.status === "agreed_ad_referendum";
    return (
      <div className="settled-text">
        <h3>{settled ? "The text agreed" : "The text"}</h3>
        {provision.deleted ? (
          <p className="muted">This provision is deleted.</p>
        ) : (
          <p className="alt-text">
            {provision.text ? (
              <BlankText text={provision.text} blanks={data.detail.blanks} />
            ) : (
              "(no text yet)"
            )}
          </p>
        )}
        {latestPositions(data.detail, BASE).length > 0 ? <Positions data={data} altKey={BASE} /> : null}
      </div>
    );
  }
  return (
    <ol className="alternative-list">
      {keys.map((key) => (
        <AlternativeCard key={key} data={data} altKey={key} announce={announce} />
      ))}
    </ol>
  );
}

function AlternativeCard({
  data,
  altKey,
  announce,
}: {
  data: ProvisionScreenData;
  altKey: AlternativeKey;
  announce: (message: string) => void;
}) {
  const { parties, members, you } = data.summary;
  const proposal = data.detail.proposals.find((p) => p.id === altKey);
  const scoped = proposal && proposal.scope !== "shared";
  const text = proposal ? alternativeText(proposal) : data.detail.provision.text;
  const mine = proposal && (proposal.by === you.party || (proposal.by === "mediation" && you.party === null));
  return (
    <li className={`alternative-card${scoped ? ` scoped scope-${scopeKind(proposal.scope)}` : ""}`}>
      {scoped ? <div className="scope-band">{scopeLabel(proposal.scope, parties)}</div> : null}
      <h3>
        {altKey === BASE
          ? "Base text"
          : proposerLabel(proposal ?? { by: "mediation", bridging: false }, parties)}
        {proposal ? <span className="muted small"> · {KIND_WORDS[proposal.proposalKind]}</span> : null}
      </h3>
      <p className="alt-text">
        <span className="bracket" aria-hidden="true">
          [
        </span>
        <BlankText text={text} {...(proposal ? {} : { blanks: data.detail.blanks })} />
        <span className="bracket" aria-hidden="true">
          ]
        </span>
      </p>
      {proposal ? (
        <p className="muted small">
          Tabled by {memberName(members, proposal.authorId)} on {formatDay(proposal.createdAt)}
          {proposal.rationale ? ` — “${proposal.rationale}”` : ""}
        </p>
      ) : null}
      <Positions data={data} altKey={altKey} />
      {mine && proposal && you.abilities["withdraw-proposal"] ? (
        <Withdraw data={data} proposal={proposal} announce={announce} />
      ) : null}
    </li>
  );
}

/** Every party's latest position on an alternative, shared first; a party with none is said to have none. */
function Positions({ data, altKey }: { data: ProvisionScreenData; altKey: AlternativeKey }) {
  const { parties } = data.summary;
  const positions = latestPositions(data.detail, altKey);
  // A party that tabled this alternative stands behind it, though it took no position on it as such.
  const proposer = data.detail.proposals.find((p) => p.id === altKey)?.by;
  return (
    <ul
      className="position-list"
      aria-label={`Positions on ${alternativeName(altKey, data.detail, parties)}`}
    >
      {parties.map((party) => {
        const mine = positions.filter((p) => p.party === party.id);
        const shared = mine.find((p) => p.scope === "shared");
        return (
          <li key={party.id}>
            <strong>{party.name}:</strong>{" "}
            {shared
              ? stanceWords(shared.stance)
              : proposer === party.id
                ? "tabled it"
                : "no position on the table"}
            {shared?.comment ? <span className="muted"> — “{shared.comment}”</span> : null}
            {mine
              .filter((p) => p.scope !== "shared")
              .map((p) => (
                <span key={p.id} className={`scoped-position scope-${scopeKind(p.scope)}`}>
                  {" "}
                  {positionLabel(partyName(parties, p.party), p.scope, p.stance)}
                  {p.comment ? ` — “${p.comment}”` : ""} ({scopeLabel(p.scope, parties)})
                </span>
              ))}
          </li>
        );
      })}
    </ul>
  );
}

function Withdraw({
  data,
  proposal,
  announce,
}: {
  data: ProvisionScreenData;
  proposal: Proposal;
  announce: (message: string) => void;
}) {
  const write = useWrite(data, announce);
  const name = alternativeName(proposal.id, data.detail, data.summary.parties);
  return (
    <div className="actions">
      <button
        type="button"
        className="quiet"
        disabled={write.pending}
        onClick={() =>
          void write.send("withdraw-proposal", { proposalId: proposal.id }, () => `Withdrawn: ${name}.`)
        }
      >
        Withdraw this proposal
      </button>
      <WriteError write={write} />
    </div>
  );
}
