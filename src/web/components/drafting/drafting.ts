import type { Provision } from "../../../domain/entities.ts";
import type { WriteTarget } from "../provision/write-kit.tsx";

/** What every part of the drafting screen needs: where writes go, the text as it stands, who may write. */
export interface Drafting {
  target: WriteTarget;
  /** The provisions in the text, in document order (withdrawn ones left out). */
  provisions: readonly Provision[];
  /** The mediation may write the draft; everyone else reads it. */
  canDraft: boolean;
  /** Says what a write did, in the screen's status line. */
  announce: (message: string) => void;
}
