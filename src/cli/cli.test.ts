import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.ts";

const dir = mkdtempSync(join(tmpdir(), "parley-cli-"));
const db = join(dir, "parley.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function parley(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["node", "parley", ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("the parley command line", () => {
  it("creates the demo, shows each member only their scopes, and verifies", { timeout: 60_000 }, async () => {
    process.env.PARLEY_DEMO_PASSWORD = "demo-password-for-tests";
    const demo = await parley("demo", "--db", db);
    expect(demo.code).toBe(0);
    expect(demo.out.join("\n")).toContain("blinken@mediation.parley.test");
    expect(demo.out.join("\n")).toContain("demo-password-for-tests");

    const verify = await parley("verify", "--db", db);
    expect(verify.code).toBe(0);
    expect(verify.out.some((l) => /shared: \d+ events, head .*, intact/.test(l))).toBe(true);

    const am = await parley("history", "--db", db, "--as", "mirzoyan@am.parley.test");
    const scopes = new Set(am.out.map((l) => l.split(/\s+/)[1]));
    expect([...scopes].sort()).toEqual(["caucus:am", "party:am", "public", "shared"]);
    const lead = await parley("history", "--db", db, "--as", "blinken@mediation.parley.test");
    expect(lead.out.some((l) => l.includes("party:"))).toBe(false);

    const shown = (await parley("show", "--db", db, "--as", "blinken@mediation.parley.test")).out;
    const closing = shown.indexOf("Have agreed as follows:");
    expect(closing).toBeGreaterThan(shown.findIndex((l) => l.startsWith("PP3")));
    expect(closing).toBeLessThan(shown.findIndex((l) => l.startsWith("Article 1")));

    const stranger = await parley("history", "--db", db, "--as", "nobody@example.org");
    expect(stranger.code).toBe(1);
    expect(stranger.err.join("\n")).toContain("not_found");
  });

  it("refuses a position for another party with its stable code and writes nothing", async () => {
    const before = await parley("history", "--db", db, "--as", "mirzoyan@am.parley.test");
    const refused = await parley(
      "exec",
      "--db",
      db,
      "--as",
      "mirzoyan@am.parley.test",
      JSON.stringify({
        type: "take-position",
        positionId: "x-cli",
        provisionId: "art-3",
        partyId: "az",
        stance: "accept",
      }),
    );
    expect(refused.code).toBe(1);
    expect(refused.err.join("\n")).toContain("position.not_own_party");
    const after = await parley("history", "--db", db, "--as", "mirzoyan@am.parley.test");
    expect(after.out).toEqual(before.out);
  });

  it("exports a member's history that verifies offline, and backs up a copy that verifies", async () => {
    const file = join(dir, "am.json");
    expect(
      (await parley("export-history", "--db", db, "--as", "mirzoyan@am.parley.test", "--out", file)).code,
    ).toBe(0);
    const offline = await parley("verify", "--file", file);
    expect(offline.code).toBe(0);
    expect(offline.out.join("\n")).not.toContain("party:az");
    const copy = join(dir, "backup.db");
    expect((await parley("backup", "--db", db, "--out", copy)).code).toBe(0);
    expect((await parley("verify", "--db", copy)).code).toBe(0);
  });

  it("names the first broken event when a stored event is rewritten", async () => {
    const raw = new BetterSqlite3(db);
    raw.prepare("update events set actor = 'someone-else' where scope = 'shared' and scope_seq = 40").run();
    raw
      .prepare("update events set data = replace(data, 'a', 'b') where scope = 'party:am' and scope_seq = 2")
      .run();
    raw.close();
    const verify = await parley("verify", "--db", db);
    expect(verify.code).toBe(1);
    const text = verify.out.join("\n");
    expect(text).toMatch(/party:am: BROKEN at event 2 \(hash-mismatch\)/);
    expect(text).toMatch(/shared: BROKEN at event 40 \(hash-mismatch\)/);
    expect(text).toMatch(/caucus:am: .* intact/);
  });
});

describe("parley compare and progress", () => {
  it("reports a renumbered article as a move, and the words that changed", async () => {
    const { writeFileSync } = await import("node:fs");
    const a = join(dir, "a.md");
    const b = join(dir, "b.md");
    writeFileSync(
      a,
      "Article 1\nThe Parties shall live in peace.\n\nArticle 2\nBorders are inviolable.\n\nArticle 3\nTrade shall flow.\n",
    );
    writeFileSync(
      b,
      "Article 1\nThe Parties shall live in lasting peace.\n\nArticle 2\nTrade shall flow.\n\nArticle 3\nBorders are inviolable.\n",
    );
    const result = await parley("compare", a, b);
    expect(result.code).toBe(0);
    const text = result.out.join("\n");
    expect(text).toContain("{+lasting +}");
    expect(text).toMatch(/moved from Article/);
    const json = await parley("compare", a, b, "--json");
    expect((JSON.parse(json.out[0] ?? "{}") as { summary: { moved: number } }).summary.moved).toBe(1);
  });
});
