import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command, listen, waitFor } from "../server/live/test-live.ts";
import { NEGOTIATION, PASSWORD, ROLE_EMAILS, startTestApp, type TestApp } from "../server/test-app.ts";
import { DIALECTS } from "../store/test-stores.ts";
import type { Io } from "./context.ts";
import { main } from "./main.ts";
import { watch } from "./watch-command.ts";

/** `parley watch`: signs in, prints one line per event and presence change, resumes after drops, stops on Ctrl-C. */

const sqlite = DIALECTS[0];
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { out, err, io };
};

describe.runIf(sqlite)("parley watch", () => {
  let t: TestApp;
  let base = "";
  beforeAll(async () => {
    if (!sqlite) return;
    t = await startTestApp(sqlite);
    base = await listen(t);
  }, 120_000);
  afterAll(async () => t?.dispose());

  const amScopes = new Set(["public", "shared", "party:am", "caucus:am"] as const);
  const historyLines = async () =>
    (await t.store.history(NEGOTIATION, amScopes)).map(
      (e) => `${e.at} ${e.scope} #${e.scopeSeq} ${e.type} ${e.actor}`,
    );

  it("prints the stream through the CLI, resumes after a drop without repeating a line, and stops on Ctrl-C", async () => {
    const { out, err, io } = capture();
    process.env.PARLEY_PASSWORD = PASSWORD;
    const running = main(["node", "parley", "watch", "--url", base, "--as", ROLE_EMAILS["am-member"]], io);
    const start = (await historyLines()).length;
    await waitFor(() => out.length >= start, 10_000, "backlog").catch((e) => {
      throw new Error(`${e} ${err.join(" / ")} ${out.length}`);
    });
    await command(t, "am-head", "write-note", { text: "watched", scope: "party:am" });
    await command(t, "az-head", "write-note", { text: "unseen", scope: "party:az" });
    await waitFor(() => out.some((l) => l.includes("party:am") && l.includes("note.written")), 5_000, "note");
    // Every connection dropped by the server: the watcher reconnects and resumes.
    for (const socket of t.app.websocketServer.clients) socket.terminate();
    await command(t, "am-head", "write-note", { text: "after the drop", scope: "shared" });
    const expected = await historyLines();
    await waitFor(
      () => out.filter((l) => !l.startsWith("presence")).length >= expected.length,
      10_000,
      "resumed",
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(out.filter((l) => !l.startsWith("presence"))).toEqual(expected);
    expect(out.filter((l) => l.startsWith("presence"))[0]).toBe("presence: nobody else");
    expect(err).toContain("# reconnecting");
    process.emit("SIGINT");
    expect(await running).toBe(0);
    delete process.env.PARLEY_PASSWORD;
  }, 60_000);

  it("shows presence, works with an API token, and ends with an error when access is withdrawn", async () => {
    const session = await t.app.inject({
      method: "POST",
      url: "/api/session",
      payload: { email: ROLE_EMAILS["az-member"], password: PASSWORD },
    });
    const cookie = `parley_session=${session.cookies.find((c) => c.name === "parley_session")?.value ?? ""}`;
    const created = await t.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie, "x-csrf-token": (session.json() as { csrfToken: string }).csrfToken },
      payload: { name: "watch" },
    });
    const { token } = created.json() as { token: string };
    const { out, io } = capture();
    const running = watch({ url: base, token }, io, new Promise(() => undefined));
    await waitFor(() => out.some((l) => l.startsWith("presence")), 10_000, "connected");
    const ws = (await import("ws")).default;
    const head = new ws(`${base.replace("http", "ws")}/api/negotiations/${NEGOTIATION}/live`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await new Promise((r) => head.once("open", r));
    head.send(JSON.stringify({ type: "presence", provisionId: "art-13", scope: "caucus:az" }));
    await waitFor(() => out.some((l) => l.includes("on art-13 (caucus:az)")), 5_000, "presence line");
    head.close();
    const full = await t.store.fullState(NEGOTIATION);
    const member = [...full.entities()].find(
      (e) => e.kind === "member" && e.email === ROLE_EMAILS["az-member"],
    );
    await command(t, "mediation-lead", "remove-member", { memberId: member?.id });
    expect(await running).toBe(1);
  }, 60_000);
});
