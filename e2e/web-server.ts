import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../src/demo/scenario.ts";
import { buildApp } from "../src/server/app.ts";
import { issueSetupLink } from "../src/server/auth/one-time-links.ts";
import type { MailSettings } from "../src/server/mail/settings.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";

export const PASSWORD = "correct horse battery staple";
export const NEGOTIATION = DEMO_NEGOTIATION_ID;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface WebServer {
  /** http://127.0.0.1:PORT (or http://localhost:PORT when asked: WebAuthn needs a domain, not an address) */
  url: string;
  /** The server's store, for tests that set the scene directly. */
  store: Store;
  /** The SQLite store file the server runs on (for the CLI, say). */
  file: string;
  /** The first-run link, as `parley serve` prints it (empty stores only; else null). */
  setupLink: string | null;
  dispose(): Promise<void>;
}

/** Builds the browser app into a temporary folder (never the shared dist/web, which `npm start` owns). */
export async function buildWeb(outDir: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      "vite.config.ts",
      "--outDir",
      outDir,
      "--emptyOutDir",
      "--logLevel",
      "warn",
    ],
    { cwd: ROOT },
  );
}

/** Everything the built app depends on: its sources, the shared code it imports, the build settings, the lock file. */
function sourceKey(): string {
  const hash = createHash("sha256");
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.includes(".test.")) hash.update(path).update(readFileSync(path));
    }
  };
  walk(join(ROOT, "src"));
  for (const file of ["vite.config.ts", "package-lock.json"]) hash.update(readFileSync(join(ROOT, file)));
  return hash.digest("hex").slice(0, 16);
}

/**
 * The app built once for all the browser test files of a run (they run in parallel processes): the first
 * to get here builds into a folder named after the sources, the others wait for it. A later run with the
 * same sources reuses it.
 */
async function sharedBuild(): Promise<string> {
  const dir = join(tmpdir(), `parley-e2e-web-${sourceKey()}`);
  const done = join(dir, ".built");
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 300_000;
  while (!existsSync(done)) {
    if (Date.now() > deadline) throw new Error(`the shared web build at ${dir} never finished`);
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building; a lock left by a process that died is stale after five minutes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (!existsSync(done)) {
        await buildWeb(dir);
        writeFileSync(done, "");
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

/** The demo negotiation, and an account (password PASSWORD) per demo member. */
export async function seedDemo(store: Store): Promise<void> {
  for (const step of demoScenario())
    await store.execute(NEGOTIATION, step.command, step.actor, { at: step.at });
  for (const member of demoMembers())
    await setAccount(
      store.database,
      { email: member.email, name: member.name, password: PASSWORD, mayHost: member.mayHost },
      new Date(),
    );
}

/**
 * The Parley server on port 0 on a fresh SQLite store, seeded (by default with the demo and its accounts); with
 * `empty`, nothing at all, and the first-run link the server would print; `mail` sends mail (a test SMTP server).
 */
export async function startWebServer(
  options: {
    empty?: boolean;
    seed?: (store: Store) => Promise<void>;
    mail?: MailSettings;
    /** Serve the app as http://localhost:PORT (a secure context whose host can be a WebAuthn RP id). */
    localhost?: boolean;
    /** The server's clock (step-up tests move it on). */
    now?: () => Date;
  } = {},
): Promise<WebServer> {
  const dir = await mkdtemp(join(tmpdir(), "parley-e2e-"));
  process.env.PARLEY_WEB_DIR = await sharedBuild();
  const file = join(dir, "parley.db");
  const store = await Store.open({ file });
  if (!options.empty) await (options.seed ?? seedDemo)(store);
  // The live stream checks the page's Origin, which is known only once the port is.
  const origins: string[] = [];
  const { app, context } = await buildApp({
    store,
    allowedOrigins: origins,
    limits: { perAccount: 1000, perAddress: 1000, windowSeconds: 60, blockSeconds: 60 },
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const listening = await app.listen({ port: 0, host: "127.0.0.1" });
  const address = options.localhost ? listening.replace("127.0.0.1", "localhost") : listening;
  origins.push(address);
  // Links the server makes (invitations, resets) point at where it listens.
  context.publicUrl = address;
  return {
    url: address,
    store,
    file,
    setupLink: options.empty ? await issueSetupLink(store, address, new Date()) : null,
    dispose: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
