/** The drafting of the text by the mediation before it is tabled: the instrument's drafting fields and commands. */
import type { Instrument, Provision } from "../../domain/entities.ts";

/** The commands that write the text directly while it is drafted (and table it), as src/domain/commands.ts names them. */
export type DraftingCommandType =
  | "create-instrument"
  | "edit-instrument"
  | "add-provision"
  | "edit-provision"
  | "move-provision"
  | "withdraw-provision"
  | "renumber-provision"
  | "renumber-text"
  | "table-text";

/** The instrument with its drafting fields; a server that predates drafting sends none (read: tabled). */
export type DraftedInstrument = Instrument & {
  openingFormula?: string;
  closingFormula?: string;
  tabledAt?: string | null;
};

/** True while the mediation still drafts the text: no instrument yet, or one not tabled. */
export const isDrafting = (instrument: DraftedInstrument | null): boolean =>
  instrument === null || instrument.tabledAt === null;

/** A provision still in the text (withdrawn and deleted ones are only in the history). */
export const inText = (provision: Provision & { withdrawn?: boolean }): boolean =>
  !provision.deleted && provision.withdrawn !== true;
