import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LiveClient, type SocketLike } from "../../client/live-client.ts";
import type { RecordedEvent } from "../../domain/envelope.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "../test-app.ts";

async function cookieOf(t: TestApp, email: string): Promise<string> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/session",
    payload: { email, password: "correct horse battery staple" },
  });
  const cookie = response.cookies.find((c) => c.name === "parley_session");
  return `parley_session=${cookie?.value ?? ""}`;
}

function waitFor(check: () => boolean, ms = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        reject(new Error("timed out waiting"));
      }
    }, 10);
  });
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`live stream on ${dialect.name}`, () => {
    let t: TestApp;
    let base = "";
    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    }, 120_000);
    afterAll(async () => t?.dispose());

    const client = (cookie: string, events: RecordedEvent[], status: string[] = []) =>
      new LiveClient({
        baseUrl: base,
        negotiationId: NEGOTIATION,
        open: (url) => new WebSocket(url, { headers: { cookie } }) as unknown as SocketLike,
        onEvent: (e) => events.push(e),
        onStatus: (s) => status.push(s),
      });

    it("delivers the backlog, then each new event live, only in scopes the member reads", async () => {
      const amEvents: RecordedEvent[] = [];
      const azEvents: RecordedEvent[] = [];
      const am = client(await cookieOf(t, "mirzoyan@am.parley.test"), amEvents);
      const az = client(await cookieOf(t, "bayramov@az.parley.test"), azEvents);
      am.connect();
      az.connect();
      await waitFor(() => amEvents.length > 100 && azEvents.length > 100);
      const azAgent = await t.as("az-head");
      const before = amEvents.length;
      await azAgent.request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/write-note`,
        payload: { text: "LIVE-AZ-INTERNAL", scope: "party:az" },
      });
      await azAgent.request({
        method: "POST",
        url: `/api/negotiations/${NEGOTIATION}/commands/write-note`,
        payload: { text: "LIVE-SHARED", scope: "shared" },
      });
      await waitFor(() => amEvents.some((e) => JSON.stringify(e).includes("LIVE-SHARED")));
      await waitFor(() => azEvents.some((e) => JSON.stringify(e).includes("LIVE-AZ-INTERNAL")));
      expect(amEvents.length).toBe(before + 1);
      expect(JSON.stringify(amEvents)).not.toContain("LIVE-AZ-INTERNAL");
      expect(new Set(amEvents.map((e) => e.scope))).toEqual(
        new Set(["shared", "public", "party:am", "caucus:am"]),
      );
      am.close();
      az.close();
    });

    it("refuses a page of another origin", async () => {
      const cookie = await cookieOf(t, "mirzoyan@am.parley.test");
      const socket = new WebSocket(`${base.replace("http", "ws")}/api/negotiations/${NEGOTIATION}/live`, {
        headers: { cookie, origin: "https://evil.example" },
      });
      const code = await new Promise<number>((resolve) => {
        socket.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        socket.on("open", () => resolve(101));
      });
      expect(code).toBe(403);
    });
  });
}
