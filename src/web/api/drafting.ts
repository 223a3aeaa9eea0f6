/** The drafting of the text by the mediation before it is tabled. */
import type { Instrument, Provision } from "../../domain/entities.ts";

/** True while the mediation still drafts the text: no instrument yet, or one not tabled. */
export const isDrafting = (instrument: Instrument | null): boolean =>
  instrument === null || instrument.tabledAt === null;

/** A provision still in the text (withdrawn and deleted ones are only in the history). */
export const inText = (provision: Provision): boolean => !provision.deleted && !provision.withdrawn;
