import nodemailer, { type Transporter } from "nodemailer";
import type { MailSettings } from "./settings.ts";

/** One message as Parley sends it: plain text only, to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The outcome of one attempt: mail leaving must never be what makes a request fail. */
export type MailOutcome = { sent: true } | { sent: false; error: string };

/**
 * Sends mail over SMTP with nodemailer. Timeouts are short: a request that mails (an invitation) waits for the
 * answer, and an unreachable server must be reported to the sender within seconds, not minutes.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(readonly settings: MailSettings) {
    this.transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.auth ? { auth: settings.auth } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /** Sends one message; never throws: the failure comes back as a value, its detail for the log only. */
  async send(message: MailMessage): Promise<MailOutcome> {
    try {
      await this.transport.sendMail({ from: this.settings.from, ...message });
      return { sent: true };
    } catch (error) {
      return { sent: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): void {
    this.transport.close();
  }
}
