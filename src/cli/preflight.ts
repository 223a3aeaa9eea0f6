import { accessSync, constants, existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";

/**
 * A configuration the server cannot start with. Checked before the store is opened, so a bad start writes
 * nothing; the message says what is wrong and how to fix it, and never repeats a secret (a database URL's
 * password).
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** PARLEY_DATABASE_URL must be a PostgreSQL URL; its text is never echoed, since it may hold a password. */
export function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      "PARLEY_DATABASE_URL is not a URL. Expected postgres://USER:PASSWORD@HOST:5432/DATABASE " +
        "(percent-encode special characters in the password); unset it to use the SQLite file.",
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:")
    throw new ConfigError(
      `PARLEY_DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//. ` +
        "Unset it to use the SQLite file.",
    );
}

/**
 * The SQLite store's folder (made if missing) must be writable: SQLite writes its write-ahead log and shared
 * memory beside the file, and the sign-in limits keep their counters there too.
 */
export function checkSqliteFolder(file: string): void {
  const folder = dirname(resolve(file));
  // The nearest folder that exists is where the missing ones would be made.
  let existing = folder;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const targets = [existing, ...(existsSync(file) ? [resolve(file)] : [])];
  for (const target of targets) {
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new ConfigError(
        `Cannot write to ${target}: the SQLite store needs to write in ${folder} (the database, its ` +
          "write-ahead log, the sign-in counters). Give the server's user write access there, or choose " +
          "another file with --db.",
      );
    }
  }
}

/** A port number as given by --port or PORT: 0 (the system chooses) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port > 65_535)
    throw new ConfigError(`The port must be a number from 0 to 65535, not "${value}" (--port or PORT).`);
  return port;
}

/** Fails when something already listens on host:port, before the store is opened or the demo written. */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => reject(portError(error, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolvePort()));
  });
}

/** The error of a listen that failed, in words an operator can act on. */
export function portError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === "EADDRINUSE")
    return new ConfigError(
      `Port ${port} on ${host} is in use: another Parley or another program listens there. ` +
        "Stop it, or choose another port with --port or PORT.",
    );
  if (error.code === "EACCES")
    return new ConfigError(
      `Port ${port} on ${host} needs privileges this user lacks: choose one above 1023.`,
    );
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
    return new ConfigError(`${host} is not an address of this machine (--host or HOST).`);
  return error;
}
