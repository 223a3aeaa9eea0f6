import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoMembers } from "../demo/scenario.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { listen, signInAs, Tap, until } from "./live/test-live.ts";
import { NEGOTIATION, ROLE_EMAILS, startTestApp, type TestApp, type TestRole } from "./test-app.ts";

const scrape = (t: TestApp, headers: Record<string, string> = {}, remoteAddress = "127.0.0.1") =>
  t.app.inject({ method: "GET", url: "/metrics", headers, remoteAddress });

/** The value of one series in Prometheus' text format (the first line that starts with `series `). */
function seriesValue(body: string, series: string): number {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no series ${series} in:\n${body.slice(0, 2000)}`);
  return Number(line.slice(series.length + 1));
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`/metrics and /readyz (${dialect.name})`, () => {
    let t: TestApp;
    let base = "";
    beforeAll(async () => {
      t = await startTestApp(dialect);
      base = await listen(t);
    }, 120_000);
    afterAll(async () => t?.dispose());

    it("after a demo run, reports routes, appends, live streams and caches, naming no content, id or address", async () => {
      const tap = await Tap.open(base, await signInAs(t, "am-head"), "am head");
      // Markers in every kind of scope, written the way members write.
      const markers: string[] = [];
      const writers: [TestRole, string][] = [
        ["mediation-lead", "shared"],
        ["am-head", "party:am"],
        ["am-head", "caucus:am"],
        ["az-head", "party:az"],
        ["mediation-lead", "mediation"],
      ];
      for (const [role, scope] of writers) {
        const text = `MRKMETRICS${markers.length}X`;
        markers.push(text);
        const response = await (await t.as(role)).request({
          method: "POST",
          url: `/api/negotiations/${NEGOTIATION}/commands/write-note`,
          payload: { text, scope },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      await until(tap, markers[0] ?? "", 10_000);
      // Reads of every kind, a refusal, a missing negotiation and paths no route matches, with ids in them.
      const am = await t.as("am-head");
      for (const path of ["instrument", "history", "rounds", "progress", "summary"])
        await am.request({ method: "GET", url: `/api/negotiations/${NEGOTIATION}/${path}` });
      await (await t.as("outsider")).request({
        method: "GET",
        url: `/api/negotiations/${NEGOTIATION}/history`,
      });
      await am.request({ method: "GET", url: "/api/negotiations/ghost-negotiation-MRKGHOSTX/instrument" });
      await am.request({ method: "GET", url: `/nowhere/MRKPATHX?email=${ROLE_EMAILS["am-head"]}` });

      const response = await scrape(t);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = response.body;
      const { state } = await t.store.viewAs(NEGOTIATION, "blinken");
      const titles = [
        ...state.all("negotiation").map((n) => n.title),
        ...state.all("instrument").map((i) => i.title),
        ...state.all("provision").map((p) => p.heading),
      ].filter((title) => title.length > 3);
      expect(titles.length).toBeGreaterThan(3);
      const secrets = [
        NEGOTIATION,
        "ghost-negotiation",
        "MRKGHOSTX",
        "MRKPATHX",
        ...markers,
        ...titles,
        ...demoMembers().map((m) => m.email),
        ...Object.values(ROLE_EMAILS),
      ];
      for (const secret of secrets) expect(body, `metrics name ${secret}`).not.toContain(secret);
      expect(body).not.toMatch(/@/);

      // What an operator reads there: routes by pattern, unmatched ones together, appends, live, caches.
      const instrument = 'route="/api/negotiations/:negotiationId/instrument"';
      expect(
        seriesValue(
          body,
          `parley_http_request_duration_seconds_count{method="GET",${instrument},status="2xx"}`,
        ),
      ).toBe(1);
      expect(
        seriesValue(
          body,
          `parley_http_request_duration_seconds_count{method="GET",${instrument},status="4xx"}`,
        ),
      ).toBe(1);
      expect(
        seriesValue(
          body,
          'parley_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="4xx"}',
        ),
      ).toBeGreaterThanOrEqual(1);
      expect(seriesValue(body, "parley_store_append_duration_seconds_count")).toBe(markers.length);
      expect(seriesValue(body, "parley_live_connections")).toBe(1);
      expect(seriesValue(body, "parley_live_rooms")).toBe(1);
      expect(seriesValue(body, "parley_live_fanout_lag_seconds_count")).toBeGreaterThanOrEqual(1);
      expect(seriesValue(body, 'parley_cache_entries{cache="states"}')).toBeGreaterThanOrEqual(1);
      expect(seriesValue(body, 'parley_cache_entries{cache="credentials"}')).toBeGreaterThanOrEqual(2);
      expect(seriesValue(body, 'parley_store_errors_total{operation="append"}')).toBe(0);
      expect(seriesValue(body, "parley_notifications_listening")).toBe(1);
      tap.close();
    }, 60_000);

    it("without a metrics token only a direct caller on this machine reads it; through a proxy or from afar, no such route", async () => {
      const missing = await t.app.inject({ method: "GET", url: "/metrix", remoteAddress: "10.1.2.3" });
      for (const refused of [
        await scrape(t, {}, "10.1.2.3"),
        await scrape(t, { "x-forwarded-for": "203.0.113.9" }),
        await scrape(t, { forwarded: "for=203.0.113.9" }),
      ]) {
        expect(refused.statusCode).toBe(404);
        expect(refused.json()).toMatchObject({ ...missing.json(), detail: "No route GET /metrics." });
      }
      expect((await scrape(t, {}, "::1")).statusCode).toBe(200);
    });

    it("with PARLEY_METRICS_TOKEN, the token is required from anywhere, and no account's credential stands in", async () => {
      const token = "metrics-token-0123456789abcdef";
      const secured = await startTestApp(dialect, { demo: false, metricsToken: token });
      try {
        const get = (headers: Record<string, string>, remoteAddress = "127.0.0.1") =>
          secured.app.inject({ method: "GET", url: "/metrics", headers, remoteAddress });
        expect((await get({})).statusCode).toBe(404);
        expect((await get({ authorization: "Bearer wrong" })).statusCode).toBe(404);
        const operator = await secured.as("operator");
        expect((await operator.request({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
        const ok = await get({ authorization: `Bearer ${token}` }, "198.51.100.7");
        expect(ok.statusCode).toBe(200);
        expect(ok.body).toContain("parley_http_request_duration_seconds");
      } finally {
        await secured.dispose();
      }
    });

    it("/readyz answers 503 while the store does not answer, counts the failure, and 200 once it does", async () => {
      const ready = () => t.app.inject({ method: "GET", url: "/readyz" });
      expect((await ready()).statusCode).toBe(200);
      // The table the probe reads, out of the way: the database answers every query with an error, as a
      // database that lost its files or its schema would.
      await sql`alter table meta rename to meta_away`.execute(t.store.database);
      try {
        const response = await ready();
        expect(response.statusCode).toBe(503);
        expect(response.json()).toEqual({ status: "store unreachable" });
        expect(seriesValue((await scrape(t)).body, 'parley_store_errors_total{operation="ping"}')).toBe(1);
      } finally {
        await sql`alter table meta_away rename to meta`.execute(t.store.database);
      }
      expect((await ready()).statusCode).toBe(200);
    });

    // PostgreSQL only (SQLite has no LISTEN connection): defined there alone, not reported as skipped elsewhere.
    if (dialect.name === "postgres")
      it("/readyz answers 503 while PostgreSQL's LISTEN connection is down, and 200 once it listens again", async () => {
        const raw = t.store.raw;
        if (raw.kind !== "postgres") throw new Error("expected PostgreSQL");
        const ready = async () => (await t.app.inject({ method: "GET", url: "/readyz" })).statusCode;
        expect(await ready()).toBe(200);
        const killed = await raw.pool.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()",
          [`LISTEN "${t.store.channel("parley_revocations")}"`],
        );
        expect(killed.rowCount).toBe(1);
        const seen: number[] = [];
        const deadline = Date.now() + 10_000;
        // The hub retries after 100 ms: poll faster than that to see the gap, then until it is ready again.
        while (Date.now() < deadline && !(seen.includes(503) && seen.at(-1) === 200)) {
          seen.push(await ready());
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(seen).toContain(503);
        expect(seen.at(-1)).toBe(200);
        const body = (await scrape(t)).body;
        expect(seriesValue(body, "parley_notifications_listening")).toBe(1);
      }, 30_000);
  });
}
