import { addNotice, type NoticeKind } from "../../store/account-notices.ts";
import { accountById } from "../../store/sessions.ts";
import type { ServerContext } from "../context.ts";
import { sendLinkMail } from "../mail/link-mail.ts";

/**
 * Tells an account's owner something about their account: a factor or token added, a factor removed, a
 * sign-in from a new device, a copied passkey. Every such notice goes through here: it is kept in the app, and
 * when the server has a mailer the owner is also mailed a fixed text pointing to their account screen (what
 * changed stays in the app). The mail goes out after the answer: a slow or failing mail server never holds up
 * or fails the request.
 */
export async function tellOwner(
  ctx: ServerContext,
  notice: { accountId: string; kind: NoticeKind; detail: string },
): Promise<void> {
  await addNotice(ctx.store.database, { ...notice, now: ctx.now() });
  const mailer = ctx.mailer;
  if (!mailer) return;
  void accountById(ctx.store.database, notice.accountId)
    .then((account) =>
      account ? sendLinkMail(mailer, "account-notice", account.email, `${ctx.publicUrl}/account`) : null,
    )
    .catch(() => undefined);
}
