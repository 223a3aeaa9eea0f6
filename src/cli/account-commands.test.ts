import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../server/app.ts";
import type { StoreLocation } from "../store/connect.ts";
import { Store } from "../store/store.ts";
import { DIALECTS } from "../store/test-stores.ts";
import { main } from "./main.ts";
import { CLI_ARGS } from "./testing/cli-process.ts";

/** Issue 11: `parley account …` on both stores, and the first-run link `parley serve` prints. */

const PASSWORD = "the operator's long password";

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`parley account on ${dialect.name}`, () => {
    let location: StoreLocation;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ location, dispose } = await dialect.fresh());
    });
    afterAll(async () => dispose?.());

    /** Runs the CLI against this dialect's store: --db for SQLite, PARLEY_DATABASE_URL for PostgreSQL. */
    const parley = async (args: string[], env: Record<string, string> = {}, secrets: string[] = []) => {
      const out: string[] = [];
      const err: string[] = [];
      const vars: Record<string, string> =
        "file" in location
          ? env
          : { ...env, PARLEY_DATABASE_URL: location.url, PARLEY_DATABASE_SCHEMA: location.schema ?? "" };
      const saved = Object.fromEntries(
        ["PARLEY_PASSWORD", ...Object.keys(vars)].map((k) => [k, process.env[k]]),
      );
      delete process.env.PARLEY_PASSWORD;
      Object.assign(process.env, vars);
      const db = "file" in location ? ["--db", location.file] : [];
      try {
        const code = await main(["node", "parley", "account", ...args, ...db], {
          out: (l) => out.push(l),
          err: (l) => err.push(l),
          readSecret: async () => secrets.shift() ?? "",
        });
        return { code, out: out.join("\n"), err: err.join("\n") };
      } finally {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    };
    /** Signs in over the API of a server on the same store. */
    const signIn = async (email: string, password: string) => {
      const store = await Store.open(location);
      const { app } = await buildApp({ store });
      try {
        const response = await app.inject({
          method: "POST",
          url: "/api/session",
          payload: { email, password },
        });
        return { status: response.statusCode, body: response.json() as Record<string, unknown> };
      } finally {
        await app.close();
        await store.close();
      }
    };

    it("account create --operator on an empty store, then sign-in over the API works", async () => {
      const created = await parley(
        ["create", "--email", "Ops@Example.org", "--name", "Olga Ops", "--operator"],
        {
          PARLEY_PASSWORD: PASSWORD,
        },
      );
      expect(created).toMatchObject({ code: 0 });
      expect(created.out).toContain("account created: ops@example.org  (operator)");
      const session = await signIn("ops@example.org", PASSWORD);
      expect(session.status).toBe(200);
      expect(session.body.account).toEqual({
        email: "ops@example.org",
        name: "Olga Ops",
        operator: true,
        mayHost: false,
      });
    });

    it("refuses a duplicate e-mail instead of resetting that account's password", async () => {
      const again = await parley(["create", "--email", "ops@example.org", "--name", "Mallory"], {
        PARLEY_PASSWORD: "another long password",
      });
      expect(again.code).toBe(1);
      expect(again.err).toContain("exists already");
      expect((await signIn("ops@example.org", PASSWORD)).status).toBe(200);
      expect((await signIn("ops@example.org", "another long password")).status).toBe(401);
    });

    it("asks for the password twice when PARLEY_PASSWORD is unset, and never takes it as an argument", async () => {
      const differ = await parley(["create", "--email", "m@example.org", "--name", "M"], {}, [
        PASSWORD,
        "other",
      ]);
      expect(differ.code).toBe(1);
      expect(differ.err).toContain("differ");
      const short = await parley(["create", "--email", "m@example.org", "--name", "M"], {
        PARLEY_PASSWORD: "short",
      });
      expect(short.code).toBe(1);
      expect(short.err).toContain("12 to 1024");
      const common = await parley(["create", "--email", "m@example.org", "--name", "M"], {
        PARLEY_PASSWORD: "Q1W2E3R4T5Y6",
      });
      expect(common.code).toBe(1);
      expect(common.err).toContain("too common");
      const ownName = await parley(["create", "--email", "maria@example.org", "--name", "Maria Ruiz"], {
        PARLEY_PASSWORD: "ruiz and nobody else",
      });
      expect(ownName.code).toBe(1);
      expect(ownName.err).toContain('"ruiz"');
      const asArgument = await parley([
        "create",
        "--email",
        "m@example.org",
        "--name",
        "M",
        "--password",
        PASSWORD,
      ]);
      expect(asArgument.code).toBe(2);
      const asked = await parley(["create", "--email", "m@example.org", "--name", "Mia Mediator"], {}, [
        PASSWORD,
        PASSWORD,
      ]);
      expect(asked.code).toBe(0);
      expect((await signIn("m@example.org", PASSWORD)).status).toBe(200);
    });

    it("lists, grants hosting, disables and enables", async () => {
      expect((await parley(["may-host", "--email", "m@example.org"])).code).toBe(0);
      let list = await parley(["list"]);
      expect(list.out).toMatch(/m@example\.org .*\(may host\)/);
      expect(list.out).toMatch(/ops@example\.org .*\(operator\)/);
      expect((await signIn("m@example.org", PASSWORD)).body.account).toMatchObject({ mayHost: true });
      await parley(["may-host", "--email", "m@example.org", "--off"]);
      expect((await signIn("m@example.org", PASSWORD)).body.account).toMatchObject({ mayHost: false });

      expect((await parley(["disable", "--email", "m@example.org"])).code).toBe(0);
      list = await parley(["list"]);
      expect(list.out).toMatch(/m@example\.org .*DISABLED/);
      expect((await signIn("m@example.org", PASSWORD)).status).toBe(401);
      expect((await parley(["enable", "--email", "m@example.org"])).code).toBe(0);
      expect((await signIn("m@example.org", PASSWORD)).status).toBe(200);

      const missing = await parley(["disable", "--email", "nobody@example.org"]);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain("No account with nobody@example.org");
    });

    it("reset-link prints a one-time link that sets a new password once", async () => {
      const printed = await parley(["reset-link", "--email", "m@example.org"]);
      expect(printed.code).toBe(0);
      const link = printed.out.split("\n").find((l) => l.includes("/reset/")) ?? "";
      expect(link).toMatch(/^http:\/\/localhost:4700\/reset\/reset_[A-Za-z0-9_-]{43}$/);
      const token = link.slice(link.lastIndexOf("/") + 1);
      const store = await Store.open(location);
      const { app } = await buildApp({ store });
      try {
        const use = () =>
          app.inject({
            method: "POST",
            url: `/api/password-resets/${token}`,
            payload: { password: "a new long password" },
          });
        expect((await use()).statusCode).toBe(204);
        expect((await use()).statusCode).toBe(404);
      } finally {
        await app.close();
        await store.close();
      }
      expect((await signIn("m@example.org", "a new long password")).status).toBe(200);
    });
  });
}

describe("parley serve on an empty store", () => {
  const dir = mkdtempSync(join(tmpdir(), "parley-serve-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `parley serve` on port 0 and returns what it printed once it is listening, and the process. */
  const serve = async (): Promise<{ lines: string[]; child: ChildProcess }> => {
    const child = spawn(
      process.execPath,
      [...CLI_ARGS, "serve", "--db", join(dir, "parley.db"), "--port", "0"],
      {
        env: { ...process.env, PARLEY_DATABASE_URL: "", PARLEY_PUBLIC_URL: "", LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    children.push(child);
    const lines: string[] = [];
    const errors: string[] = [];
    child.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString("utf8")));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no setup link in: ${lines.join("\n")}`)), 30_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        lines.push(...chunk.toString("utf8").split("\n"));
        if (lines.some((l) => l.includes("/setup/"))) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) =>
        reject(new Error(`parley serve exited with ${code}: ${lines.join("\n")} ${errors.join("")}`)),
      );
    });
    return { lines, child };
  };
  const stop = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });

  it("prints a one-time setup link once; the next start replaces it", { timeout: 90_000 }, async () => {
    const first = await serve();
    const links = first.lines.filter((l) => l.includes("/setup/")).map((l) => l.trim());
    expect(links).toHaveLength(1);
    const link = links[0] ?? "";
    expect(link).toMatch(/^http:\/\/localhost:\d+\/setup\/setup_[A-Za-z0-9_-]{43}$/);
    expect((await fetch(link.replace("/setup/", "/api/setup/"))).status).toBe(200);
    await stop(first.child);

    const second = await serve();
    const next = second.lines.find((l) => l.includes("/setup/"))?.trim() ?? "";
    const port = new URL(next).port;
    const oldToken = link.slice(link.lastIndexOf("/") + 1);
    expect((await fetch(`http://127.0.0.1:${port}/api/setup/${oldToken}`)).status).toBe(404);
    expect(
      (await fetch(next.replace("/setup/", "/api/setup/").replace("localhost", "127.0.0.1"))).status,
    ).toBe(200);
    await stop(second.child);
  });
});
