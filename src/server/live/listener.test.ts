import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../store/store.ts";
import { DIALECTS } from "../../store/test-stores.ts";
import { NEGOTIATION, startTestApp, type TestApp } from "../test-app.ts";
import { listen, signInAs, Tap, until } from "./test-live.ts";

const postgres = DIALECTS.find((d) => d.name === "postgres");

describe.skipIf(!postgres?.available)("the PostgreSQL listener", () => {
  let t: TestApp;
  let base = "";
  beforeAll(async () => {
    if (!postgres) return;
    t = await startTestApp(postgres);
    base = await listen(t);
  }, 120_000);
  afterAll(async () => t?.dispose());

  it("listens again after its connection is killed, and streams catch up on what was missed", async () => {
    const tap = await Tap.open(base, await signInAs(t, "am-head"), "am head");
    const raw = t.store.raw;
    if (raw.kind !== "postgres") throw new Error("expected PostgreSQL");
    // Kill the server's LISTEN connection, as a failover or an idle-connection reaper would.
    // Only this test's listener: the channel names carry the test's schema.
    const channel = t.store.channel("parley_revocations");
    const killed = await raw.pool.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()",
      [`LISTEN "${channel}"`],
    );
    expect(killed.rowCount).toBe(1);
    // Another server (a second store on the same database) writes while the listener is down or coming back.
    const other = await Store.open(t.location);
    await other.execute(
      NEGOTIATION,
      { type: "write-note", noteId: "after-kill", text: "WRITTEN-ELSEWHERE", scope: "shared" },
      "blinken",
    );
    await until(tap, "WRITTEN-ELSEWHERE", 10_000);
    await other.execute(
      NEGOTIATION,
      { type: "write-note", noteId: "after-relisten", text: "AND-AGAIN", scope: "shared" },
      "blinken",
    );
    await until(tap, "AND-AGAIN", 10_000);
    expect(tap.closed).toBeNull();
    await other.close();
    tap.close();
  }, 60_000);
});
