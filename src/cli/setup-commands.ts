import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { DEMO_NEGOTIATION_ID, demoMembers, demoScenario } from "../demo/scenario.ts";
import { DomainError } from "../domain/errors.ts";
import { setAccount } from "../store/accounts.ts";
import type { Store } from "../store/store.ts";
import { type Io, memberView, pickNegotiation, storeLocation, withStore } from "./context.ts";

/** init, demo, exec: creating a store and changing what is in it. */
export function setupCommands(program: Command, io: Io): void {
  program
    .command("init")
    .description("create (or upgrade) a store and its signing key")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .action(async (opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        io.out(
          `store ready (${store.dialect}) at ${describe(opts.db)}; signing key ${store.publicKey.keyId}`,
        );
      });
    });

  program
    .command("demo")
    .description("create the demo negotiation (the May 2023 Armenia–Azerbaijan round) and print its sign-ins")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .action(async (opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        await runDemo(store, io);
      });
    });

  program
    .command("exec")
    .description("run commands as a member: one JSON command as argument, or JSON lines on standard input")
    .requiredOption("--as <email>", "the member issuing the commands")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .argument("[json]", 'a command, e.g. \'{"type":"write-note","noteId":"n1","text":"…","scope":"shared"}\'')
    .action(async (json: string | undefined, opts: { as: string; db?: string; negotiation?: string }) => {
      const lines = (json ?? readFileSync(0, "utf8")).split("\n").filter((l) => l.trim() !== "");
      await withStore(opts.db, async (store) => {
        for (const line of lines) {
          const command = parseJson(line);
          const created = isCreate(command);
          const id = created ?? (await pickNegotiation(store, opts.negotiation));
          const actor = created ? opts.as : (await memberView(store, id, opts.as)).member.id;
          const { events } = await store.execute(id, command, actor);
          for (const e of events) io.out(`${e.scope} #${e.scopeSeq} ${e.type}`);
        }
      });
    });
}

/** Runs the demo scenario through the store, showing progress, then prints who can sign in. */
export async function runDemo(store: Store, io: Io): Promise<void> {
  if ((await store.negotiationIds()).includes(DEMO_NEGOTIATION_ID)) {
    throw new DomainError("negotiation.exists", "The demo negotiation is already in this store.");
  }
  const steps = demoScenario();
  const bar = new SingleBar({
    format: "demo negotiation [{bar}] {value}/{total} commands",
    stream: process.stderr,
  });
  bar.start(steps.length, 0);
  for (const step of steps) {
    await store.execute(DEMO_NEGOTIATION_ID, step.command, step.actor, { at: step.at });
    bar.increment();
  }
  bar.stop();
  const password = process.env.PARLEY_DEMO_PASSWORD || randomBytes(12).toString("base64url");
  const now = new Date();
  io.out("Demo sign-ins (every account has the same password):");
  for (const member of demoMembers()) {
    const { email, name, mayHost } = member;
    await setAccount(store.database, { email, name, password, mayHost }, now);
    io.out(`  ${member.email.padEnd(36)} ${member.roleLabel}`);
  }
  io.out(`  password: ${password}`);
}

function describe(db: string | undefined): string {
  const location = storeLocation(db);
  return "file" in location ? location.file : "PARLEY_DATABASE_URL";
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new DomainError("validation", `Not a JSON command: ${line.slice(0, 80)}`);
  }
}

/** The negotiation id a create-negotiation command names, else null. */
function isCreate(command: unknown): string | null {
  if (typeof command !== "object" || command === null) return null;
  const record = command as Record<string, unknown>;
  return record.type === "create-negotiation" && typeof record.negotiationId === "string"
    ? record.negotiationId
    : null;
}
