import type { Mailer } from "./mailer.ts";

/**
 * The mails Parley sends. Every one leaves the system, so each is a fixed text with one link: no title, name,
 * scope or count from any negotiation ever goes into a subject or a body (the link says nothing either: it
 * points to a token, or to the inbox). Callers choose the kind, never the words.
 */
export type LinkMailKind =
  | "invitation"
  | "password-reset"
  | "new-account"
  | "notification"
  | "digest"
  | "account-notice";

const TEMPLATES: Readonly<Record<LinkMailKind, { subject: string; lead: string; after: string }>> = {
  invitation: {
    subject: "You are invited to join a negotiation on Parley",
    lead: "You have been invited to join a negotiation on Parley. To accept, open this link:",
    after: "The link works once. If you did not expect this invitation, ignore this message.",
  },
  "password-reset": {
    subject: "Set a new password for Parley",
    lead: "A new password was requested for your Parley account. To choose one, open this link:",
    after:
      "The link works once. If you did not ask for it, ignore this message: your password stays as it is.",
  },
  // An operator made the account: no password exists yet, so there is none to keep (unlike a reset).
  "new-account": {
    subject: "Your Parley account: choose a password",
    lead: "An operator has made a Parley account for you. To choose your password and sign in, open this link:",
    after:
      "The link works once. Until you use it, no one can sign in to the account. If you did not expect it, ignore this message.",
  },
  notification: {
    subject: "Something new for you on Parley",
    lead: "There is something new for you on Parley. To see it, sign in and open your inbox:",
    after: "You can choose how often Parley writes to you in your inbox's settings.",
  },
  // What changed is in the app only (the account screen's activity): the mail just says to look.
  "account-notice": {
    subject: "Something changed on your Parley account",
    lead: "Something changed on your Parley account: a sign-in from a new device, or a sign-in factor or API token added or removed. To see what, and when, open:",
    after: "If it was not you, change your password there and sign out everywhere, then tell your operator.",
  },
  digest: {
    subject: "Your Parley inbox: unread notifications",
    lead: "Your Parley inbox has notifications you have not read yet. To see them, open:",
    after:
      "This is your daily summary; you can change how often Parley writes to you in your inbox's settings.",
  },
};

/** What became of a link mail: sent, not attempted (no SMTP configured), or failed (detail for the log only). */
export type LinkMailResult = { mail: "sent" } | { mail: "off" } | { mail: "failed"; detail: string };

/** The subject and body of one kind of link mail (exported for tests and previews). */
export function linkMail(
  kind: LinkMailKind,
  link: string,
  expiresAt?: string,
): { subject: string; text: string } {
  const template = TEMPLATES[kind];
  const expiry = expiresAt ? `\nIt expires on ${expiresAt.slice(0, 16).replace("T", " ")} UTC.` : "";
  return {
    subject: template.subject,
    text: `${template.lead}\n\n${link}\n${expiry}\n\n${template.after}\n\n-- \nParley\n`,
  };
}

/**
 * Sends a link mail when mail is configured. Never throws: the caller reports the outcome (an invitation is
 * created whether or not its mail went out, and the link is shown to the sender either way).
 */
export async function sendLinkMail(
  mailer: Mailer | null,
  kind: LinkMailKind,
  to: string,
  link: string,
  expiresAt?: string,
): Promise<LinkMailResult> {
  if (!mailer) return { mail: "off" };
  const outcome = await mailer.send({ to, ...linkMail(kind, link, expiresAt) });
  return outcome.sent ? { mail: "sent" } : { mail: "failed", detail: outcome.error };
}
