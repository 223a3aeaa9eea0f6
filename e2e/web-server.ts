import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../src/demo/scenario.ts";
import { buildApp } from "../src/server/app.ts";
import { setAccount } from "../src/store/accounts.ts";
import { Store } from "../src/store/store.ts";

export const PASSWORD = "correct horse battery staple";
export const NEGOTIATION = DEMO_NEGOTIATION_ID;
const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface WebServer {
  /** http://127.0.0.1:PORT */
  url: string;
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

/** The Parley server on port 0: a fresh SQLite store with the demo negotiation, an account per demo member. */
export async function startWebServer(): Promise<WebServer> {
  const dir = await mkdtemp(join(tmpdir(), "parley-e2e-"));
  const webDir = join(dir, "web");
  await buildWeb(webDir);
  process.env.PARLEY_WEB_DIR = webDir;
  const store = await Store.open({ file: join(dir, "parley.db") });
  for (const step of demoScenario())
    await store.execute(NEGOTIATION, step.command, step.actor, { at: step.at });
  for (const member of demoMembers())
    await setAccount(
      store.database,
      { email: member.email, name: member.name, password: PASSWORD },
      new Date(),
    );
  // The live stream checks the page's Origin, which is known only once the port is.
  const origins: string[] = [];
  const { app } = await buildApp({
    store,
    allowedOrigins: origins,
    limits: { perAccount: 1000, perAddress: 1000, windowSeconds: 60, blockSeconds: 60 },
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  origins.push(address);
  return {
    url: address,
    dispose: async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
