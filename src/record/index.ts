/**
 * The record: canonical encoding, per-scope hash chains, signed checkpoint receipts and offline verification
 * of exported histories. Uses node:crypto, never files or databases.
 */
export { canonicalEvent, canonicalEventText, canonicalJson } from "./canonical.ts";
export {
  appendToChain,
  type ChainBreak,
  type ChainBreakReason,
  type ChainHead,
  type ChainReport,
  type EventDraft,
  genesisHash,
  genesisHead,
  groupChains,
  headOf,
  nextLink,
  sealEvent,
  sha256Hex,
  verifyChain,
  verifyChainValues,
  verifyHistory,
} from "./chain.ts";
export {
  type CheckpointInput,
  checkReceiptAgainstChain,
  type Receipt,
  type ReceiptMismatch,
  receiptProblem,
  signCheckpoint,
  verifyReceipt,
  verifyReceiptWithKey,
} from "./checkpoint.ts";
export { eventShapeProblem, isRecordedEventShape, type ShapeMode } from "./event-shape.ts";
export {
  createSigningKey,
  keyIdOf,
  keyIdOfKey,
  parsePublicKey,
  type SigningKey,
  signingKeyFromPem,
} from "./keys.ts";
export {
  type BadReceipt,
  type BadReceiptReason,
  type ChainVerdict,
  formatReport,
  HISTORY_FORMAT,
  type HistoryExport,
  makeHistoryExport,
  type VerifyReport,
  verifyExport,
} from "./verify-export.ts";
