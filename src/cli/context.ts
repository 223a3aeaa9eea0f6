import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DomainError } from "../domain/errors.ts";
import { locationFromEnv, type StoreLocation } from "../store/connect.ts";
import { Store } from "../store/store.ts";
import { checkDatabaseUrl, checkSqliteFolder } from "./preflight.ts";

/** Where CLI output goes; tests pass their own to read it. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Asks for a secret without echoing it (the terminal by default; tests answer themselves). */
  readSecret?: (question: string) => Promise<string>;
}

/** Where links in the server's answers and the CLI's output point: PARLEY_PUBLIC_URL, else this machine. */
export function publicUrlFromEnv(port: number | string = process.env.PORT ?? 4700): string {
  return process.env.PARLEY_PUBLIC_URL || `http://localhost:${port}`;
}

export const DEFAULT_DB = "./data/parley.db";

/**
 * The store named by --db, or by PARLEY_DATABASE_URL when that is set; checked first (a URL that does not
 * parse, a folder the user cannot write), so a bad configuration stops before anything is written.
 */
export function storeLocation(db: string | undefined): StoreLocation {
  const location = locationFromEnv(db ?? DEFAULT_DB);
  if ("url" in location) checkDatabaseUrl(location.url);
  else {
    checkSqliteFolder(location.file);
    mkdirSync(dirname(location.file), { recursive: true });
  }
  return location;
}

/** Opens the store, runs `fn`, and always closes it. */
export async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(storeLocation(db));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The negotiation a command is about: the one named, or the only one in the store. */
export async function pickNegotiation(store: Store, named: string | undefined): Promise<string> {
  const ids = await store.negotiationIds();
  if (named !== undefined) {
    if (!ids.includes(named))
      throw new DomainError("negotiation.missing", `There is no negotiation ${named}.`);
    return named;
  }
  if (ids.length === 1 && ids[0] !== undefined) return ids[0];
  if (ids.length === 0)
    throw new DomainError("negotiation.missing", "The store holds no negotiation yet (try `parley demo`).");
  throw new DomainError(
    "validation",
    `The store holds ${ids.length} negotiations: name one with --negotiation.`,
  );
}

/** Resolves --as to an active member; anyone else is refused rather than shown the public part silently. */
export async function memberView(store: Store, negotiationId: string, who: string) {
  const view = await store.viewAs(negotiationId, who);
  if (view.viewer.kind !== "member") {
    throw new DomainError("not_found", `${who} is not a member of this negotiation.`);
  }
  return { ...view, member: view.viewer.member };
}
