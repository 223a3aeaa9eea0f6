import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.ts";
import { HttpError } from "../problem.ts";
import { type Principal, setupRequired } from "./authenticate.ts";

/**
 * Step-up: the sensitive acts ask for the second factor again when the session last checked it more than ten
 * minutes ago. API tokens cannot present a factor: their owner chose at creation which of these acts each
 * token may do (none by default).
 */
export const SENSITIVE_ACTS = [
  "mark-agreed-ad-referendum",
  "mark-agreed",
  "release-statement",
  "remove-member",
  "create-token",
  "change-password",
  "change-factors",
  "history-export",
] as const;
export type SensitiveAct = (typeof SENSITIVE_ACTS)[number];

export const STEP_UP_MS = 10 * 60 * 1000;

export function isSensitiveAct(name: string): name is SensitiveAct {
  return (SENSITIVE_ACTS as readonly string[]).includes(name);
}

/**
 * Lets the act through, or throws: 403 `token.act_not_allowed` for a token not allowed it, 403
 * `second_factor.setup_required` when a policy requires a factor the account lacks, 401 `step_up.required`
 * when the factor was last checked too long ago. An account with no factor and no policy is not blocked.
 * The principal's check time is as of its credential's read (up to a few seconds old); only when that looks
 * stale is the session row read again, since a step-up may have happened since (perhaps on another server).
 */
export async function requireStepUp(
  db: Kysely<Database>,
  principal: Principal,
  act: SensitiveAct,
  now: Date,
  options: { negotiationRequiresFactor?: boolean } = {},
): Promise<void> {
  if (principal.via === "token") {
    if (principal.acts?.includes(act)) return;
    throw new HttpError(
      "token.act_not_allowed",
      403,
      `This API token may not ${act.replaceAll("-", " ")}; its owner can create one that may.`,
      { act },
    );
  }
  const { facts } = principal;
  if (!facts.hasSecondFactor) {
    if (facts.requiredForAll || options.negotiationRequiresFactor) throw setupRequired();
    return;
  }
  if (fresh(principal.factorCheckedAt ?? null, now)) return;
  if (principal.sessionHash) {
    const row = await db
      .selectFrom("sessions")
      .select("factor_checked_at")
      .where("token_hash", "=", principal.sessionHash)
      .executeTakeFirst();
    if (fresh(row?.factor_checked_at ? Date.parse(row.factor_checked_at) : null, now)) return;
  }
  throw new HttpError(
    "step_up.required",
    401,
    "Confirm it is you: enter a code from your authenticator app or use a passkey, then try again.",
    { act },
  );
}

const fresh = (checkedAt: number | null, now: Date) =>
  checkedAt !== null && now.getTime() - checkedAt < STEP_UP_MS;
