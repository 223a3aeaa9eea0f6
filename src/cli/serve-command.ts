import type { Command } from "commander";
import { buildApp } from "../server/app.ts";
import { issueSetupLink } from "../server/auth/one-time-links.ts";
import { mailSettingsFromEnv } from "../server/mail/settings.ts";
import { Store } from "../store/store.ts";
import { type Io, publicUrlFromEnv, storeLocation } from "./context.ts";
import { checkPortFree, parsePort, portError } from "./preflight.ts";
import { runDemo } from "./setup-commands.ts";

/** serve and start: the HTTP server, with graceful shutdown that lets in-flight writes finish. */
export function serveCommands(program: Command, io: Io): void {
  const serve = async (opts: { db?: string; port?: string; host?: string }, demo: boolean) => {
    // Every check that can fail before the store is opened, so a bad configuration writes nothing: a mail URL
    // that does not parse refuses start-up, naming the variable.
    const mail = mailSettingsFromEnv(process.env);
    const port = parsePort(opts.port ?? process.env.PORT ?? "4700");
    const host = opts.host ?? process.env.HOST ?? "127.0.0.1";
    const location = storeLocation(opts.db);
    await checkPortFree(host, port);
    const store = await Store.open(location);
    if (demo && (await store.negotiationIds()).length === 0) await runDemo(store, io);
    const publicUrl = publicUrlFromEnv(port);
    const { app, context } = await buildApp({
      store,
      logger: { level: process.env.LOG_LEVEL ?? "info" },
      publicUrl,
      secureCookies: publicUrl.startsWith("https:"),
      mail,
      metricsToken: process.env.PARLEY_METRICS_TOKEN || undefined,
      trustProxy: process.env.PARLEY_TRUST_PROXY || undefined,
      processMetrics: true,
    });
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, "shutting down: finishing in-flight requests");
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.on("SIGINT", () => void shutdown("SIGINT"));
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    try {
      await app.listen({ port, host });
    } catch (error) {
      // Taken since the check above: say so as clearly, and leave the store as it is.
      await app.close();
      await store.close();
      throw portError(error as NodeJS.ErrnoException, host, port);
    }
    // With --port 0 the system chose the port: say which.
    const address = app.server.address();
    const shown = publicUrlFromEnv(typeof address === "object" && address ? address.port : port);
    // Links the server makes (invitations, resets) point at the port the system chose, too.
    context.publicUrl = shown;
    io.out(`Parley is running at ${shown}  (API docs: ${shown}/api/docs)`);
    // First run: no operator yet, so a one-time link to create one (a new start replaces an unused one).
    const setupLink = await issueSetupLink(store, shown, new Date());
    if (setupLink) {
      io.out(`No operator account yet. Create the first one, within 24 hours, at:\n  ${setupLink}`);
      app.log.info({ setupLink }, "no operator account yet: the one-time setup link");
    }
    io.out(
      mail
        ? `Mail goes out through ${mail.host}:${mail.port} as ${mail.from}.`
        : "No mail is sent (PARLEY_SMTP_URL is not set): links are shown in the app.",
    );
    // Keep the process alive until a signal arrives.
    await new Promise<never>(() => undefined);
  };

  program
    .command("serve")
    .description(
      "run the HTTP API (PORT, HOST; PARLEY_DATABASE_URL for PostgreSQL; PARLEY_SMTP_URL, PARLEY_MAIL_FROM for mail)",
    )
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--port <n>", "port to listen on (default PORT or 4700)")
    .option("--host <addr>", "address to bind (default HOST or 127.0.0.1)")
    .action((opts: { db?: string; port?: string; host?: string }) => serve(opts, false));

  program
    .command("start")
    .description("what `npm start` runs: the server, with the demo negotiation created on first start")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--port <n>", "port to listen on (default PORT or 4700)")
    .action((opts: { db?: string; port?: string }) => serve(opts, true));
}
