import type { ProvisionStatus } from "../../domain/entities.ts";
import { STATUS_WORDS } from "../status.ts";

/** A provision's status in words, on its colour. */
export function StatusBadge({ status }: { status: ProvisionStatus }) {
  return <span className={`status status-${status}`}>{STATUS_WORDS[status]}</span>;
}
