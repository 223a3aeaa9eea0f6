import { addNotice, type NoticeKind } from "../../store/account-notices.ts";
import type { ServerContext } from "../context.ts";

/**
 * Tells an account's owner something about their account: a factor or token added, a factor removed, a
 * sign-in from a new device, a copied passkey. Every such notice goes through here, so it is the one place to
 * also send it by e-mail once the server has a mailer (`ctx.mailer`, issue 11's mail work): the notice is kept
 * in the app either way, and mail leaving must never be what makes the request fail.
 */
export async function tellOwner(
  ctx: ServerContext,
  notice: { accountId: string; kind: NoticeKind; detail: string },
): Promise<void> {
  await addNotice(ctx.store.database, { ...notice, now: ctx.now() });
}
