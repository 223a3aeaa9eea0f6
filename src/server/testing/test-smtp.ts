import { createServer } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { MailSettings } from "../mail/settings.ts";

/** A mail as the test SMTP server received it, parsed, with its raw bytes for scanning. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  /** Settings that make the app send to this server (with a user and password, which it accepts). */
  settings: MailSettings;
  url: string;
  received: ReceivedMail[];
  /** Resolves with the mails to this address once `count` have arrived (10 s at most). */
  waitFor(address: string, count?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on a free port; every mail is parsed with mailparser. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on localhost: no STARTTLS certificate to trust, and AUTH allowed without TLS.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              raw: raw.toString("utf8"),
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const url = `smtp://tester:secret@127.0.0.1:${port}`;
  return {
    settings: {
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user: "tester", pass: "secret" },
      from: "Parley <parley@test.parley>",
    },
    url,
    received,
    async waitFor(to, count = 1) {
      const mine = () => received.filter((m) => m.to.includes(to.toLowerCase()));
      const deadline = Date.now() + 10_000;
      while (mine().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return mine();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Settings pointing at a port nothing listens on: a mail server that is down. */
export async function closedSmtpPort(): Promise<MailSettings> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 1;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return { host: "127.0.0.1", port, secure: false, auth: null, from: "Parley <parley@test.parley>" };
}
