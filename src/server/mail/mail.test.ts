import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "../test-app.ts";
import { closedSmtpPort, startTestSmtp, type TestSmtp } from "../testing/test-smtp.ts";
import { linkMail } from "./link-mail.ts";
import { mailSettingsFromEnv, parseSmtpUrl } from "./settings.ts";

describe("PARLEY_SMTP_URL", () => {
  it("reads smtp and smtps URLs, with their user and password", () => {
    expect(parseSmtpUrl("smtp://u%40x:p%3Ass@mail.example.org:2525")).toMatchObject({
      host: "mail.example.org",
      port: 2525,
      secure: false,
      auth: { user: "u@x", pass: "p:ss" },
    });
    expect(parseSmtpUrl("smtps://mail.example.org")).toMatchObject({ port: 465, secure: true, auth: null });
    expect(mailSettingsFromEnv({})).toBeNull();
    expect(
      mailSettingsFromEnv({ PARLEY_SMTP_URL: "smtp://h", PARLEY_PUBLIC_URL: "https://talks.example.org" })
        ?.from,
    ).toBe("Parley <parley@talks.example.org>");
    expect(
      mailSettingsFromEnv({ PARLEY_SMTP_URL: "smtp://h", PARLEY_MAIL_FROM: "Talks <t@example.org>" })?.from,
    ).toBe("Talks <t@example.org>");
  });

  it("refuses what does not parse, naming the variable and never echoing the password", () => {
    for (const bad of [
      "not a url",
      "http://u:hunter2@h:25",
      "smtp://u:hunter2@h:99999",
      "smtp://u:hunter2@h/x",
      "smtp://",
    ]) {
      expect(() => parseSmtpUrl(bad)).toThrow(/PARLEY_SMTP_URL does not parse/);
      try {
        parseSmtpUrl(bad);
      } catch (error) {
        expect(String(error)).not.toContain("hunter2");
      }
    }
    expect(() => mailSettingsFromEnv({ PARLEY_SMTP_URL: "smtp://h", PARLEY_MAIL_FROM: "nobody" })).toThrow(
      /PARLEY_MAIL_FROM/,
    );
  });

  it("refuses to start the server with a URL that does not parse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-mail-"));
    const before = process.env.PARLEY_SMTP_URL;
    process.env.PARLEY_SMTP_URL = "smtp//missing-colon";
    try {
      const err: string[] = [];
      const code = await main(["node", "parley", "serve", "--db", join(dir, "p.db"), "--port", "0"], {
        out: () => undefined,
        err: (l) => err.push(l),
      });
      expect(code).toBe(1);
      expect(err.join("\n")).toContain("PARLEY_SMTP_URL does not parse");
    } finally {
      if (before === undefined) delete process.env.PARLEY_SMTP_URL;
      else process.env.PARLEY_SMTP_URL = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every link mail is a fixed text: the link, and nothing of any negotiation", () => {
    for (const kind of [
      "invitation",
      "password-reset",
      "new-account",
      "notification",
      "digest",
      "account-notice",
    ] as const) {
      const mail = linkMail(kind, "https://parley.example/x/TOKEN", "2026-12-12T10:00:00.000Z");
      expect(mail.subject).not.toContain("\n");
      expect(mail.text).toContain("https://parley.example/x/TOKEN");
    }
  });
});

const invite = (email: string) => ({
  method: "POST" as const,
  url: `/api/negotiations/${NEGOTIATION}/invitations`,
  payload: { email, name: "Ani Petrosyan", role: "delegation", rank: "member", partyId: "am" },
});

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`invitations by mail on ${dialect.name}`, () => {
    let smtp: TestSmtp;
    let t: TestApp;
    beforeAll(async () => {
      smtp = await startTestSmtp();
      t = await startTestApp(dialect, { mail: smtp.settings });
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
      await smtp?.close();
    });

    it("mails the link to the invitee, with no word of the negotiation, and the link works", async () => {
      const lead = await t.as("mediation-lead");
      const response = await lead.request(invite("ani@am.parley.test"));
      expect(response.statusCode).toBe(201);
      const body = response.json() as { link?: string; mail: string };
      expect(body.mail).toBe("sent");
      // A mailed link goes to the invitee alone: the sender could otherwise accept it under their address.
      expect(body.link).toBeUndefined();
      const [mail] = await smtp.waitFor("ani@am.parley.test");
      expect(mail?.text).toMatch(/\/invite\/inv_\S+/);
      const title = (await t.store.fullState(NEGOTIATION)).negotiation?.title ?? "";
      for (const word of [title, NEGOTIATION, "Armenia", "Ani Petrosyan", "Blinken"]) {
        expect(mail?.raw).not.toContain(word);
      }
      const token = /\/invite\/(\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
      const accepted = await t.app.inject({
        method: "POST",
        url: `/api/invitations/${token}/accept`,
        payload: { password: "a long enough password" },
      });
      expect(accepted.statusCode).toBe(201);
    });
  });

  describe.skipIf(!dialect.available)(`invitations with the mail server down on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { mail: await closedSmtpPort() });
    }, 60_000);
    afterAll(async () => t?.dispose());

    it("still creates the invitation, shows the link and reports the failure", async () => {
      const lead = await t.as("mediation-lead");
      const response = await lead.request(invite("vahe@am.parley.test"));
      expect(response.statusCode).toBe(201);
      const body = response.json() as { link: string; mail: string; mailError?: string };
      expect(body.mail).toBe("failed");
      expect(body.mailError).toMatch(/could not be sent/);
      expect(body.link).toMatch(/\/invite\/inv_/);
      const token = body.link.split("/invite/")[1] ?? "";
      const offered = await t.app.inject({ method: "GET", url: `/api/invitations/${token}` });
      expect(offered.statusCode).toBe(200);
      const pending = await lead.request({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}/invitations`,
      });
      expect(
        (pending.json() as { invitations: { email: string }[] }).invitations.map((i) => i.email),
      ).toContain("vahe@am.parley.test");
    });
  });

  describe.skipIf(!dialect.available)(`invitations without mail on ${dialect.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { demo: true });
    }, 60_000);
    afterAll(async () => t?.dispose());

    it("says no mail was sent", async () => {
      const response = await (await t.as("mediation-lead")).request(invite("gor@am.parley.test"));
      expect(response.statusCode).toBe(201);
      expect((response.json() as { mail: string }).mail).toBe("off");
    });
  });
}
