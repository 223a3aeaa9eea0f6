import { useState } from "react";
import { useWrite, WriteError } from "../provision/write-kit.tsx";
import { blanksLabel } from "./blanks.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";
import type { Drafting } from "./drafting.ts";

/** The mediation's bar over the draft: what it holds, its blanks, "Renumber all", and "Table the text". */
export function DraftingToolbar({
  drafting,
  provisionCount,
  blanks,
  canTable,
}: {
  drafting: Drafting;
  provisionCount: number;
  blanks: number;
  canTable: boolean;
}) {
  const write = useWrite(drafting.target, drafting.announce);
  const [tabling, setTabling] = useState(false);
  return (
    <section className="toolbar drafting-toolbar" aria-label="Drafting">
      <p className="drafting-state">
        <span className="drafting-tag">Drafting</span> Not yet tabled: the delegations read this draft but
        cannot propose or take positions.
      </p>
      <p className="drafting-counts">
        {provisionCount} {provisionCount === 1 ? "provision" : "provisions"} ·{" "}
        <span className={blanks > 0 ? "blank-count" : undefined}>{blanksLabel(blanks)} to fill</span>
      </p>
      <div className="toolbar-buttons">
        <button
          type="button"
          disabled={write.pending || provisionCount === 0}
          onClick={() =>
            void write.send(
              "renumber-text",
              {},
              () => "Every provision renumbered in order; the record shows what changed.",
            )
          }
        >
          Renumber all
        </button>
        {canTable ? (
          <button
            type="button"
            className="primary"
            disabled={provisionCount === 0}
            onClick={() => setTabling(true)}
          >
            Table the text…
          </button>
        ) : null}
      </div>
      <WriteError write={write} />
      <ConfirmDialog
        open={tabling}
        title="Table the text?"
        confirm="Table the text"
        pending={write.pending}
        onCancel={() => setTabling(false)}
        onConfirm={async () => {
          await write.send(
            "table-text",
            {},
            () => "The text is tabled: the delegations may now propose and take positions.",
          );
          setTabling(false);
        }}
      >
        <p>Tabling puts this draft on the table as the single negotiating text. Then:</p>
        <ul>
          <li>the delegations can propose text and take positions on every provision;</li>
          <li>direct editing ends: every change, the mediation's too, becomes a proposal;</li>
          <li>
            {blanks === 0
              ? "there is no blank left to fill."
              : `the ${blanksLabel(blanks)} left ${blanks === 1 ? "stays" : "stay"} open, to be filled by proposal.`}
          </li>
        </ul>
        <p>This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
