import type { Command } from "commander";
import { z } from "zod";
import { DomainError } from "../domain/errors.ts";
import { issueResetLink } from "../server/auth/one-time-links.ts";
import { type PasswordContext, passwordWeakness } from "../server/auth/password-policy.ts";
import { announceRevocation } from "../server/live/hub.ts";
import { createAccount, hashPassword, setMayHost } from "../store/accounts.ts";
import { accountByEmail, listAccounts, setAccountDisabled } from "../store/sessions.ts";
import type { Store } from "../store/store.ts";
import { type Io, publicUrlFromEnv, withStore } from "./context.ts";
import { promptHidden } from "./password-prompt.ts";

const PASSWORD_MIN = 12;
const PASSWORD_MAX = 1024;
const DB_OPTION = ["--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)"] as const;

/** `parley account …`: accounts for scripts and for the first operator, on either store. */
export function accountCommands(program: Command, io: Io): void {
  const account = program.command("account").description("create, list, disable and enable accounts");

  account
    .command("create")
    .description("create an account; the password comes from PARLEY_PASSWORD or is asked for on the terminal")
    .requiredOption("--email <address>", "the account's e-mail address")
    .requiredOption("--name <name>", "the account holder's name")
    .option("--operator", "an operator: manages accounts, reads no negotiation it is not a member of")
    .option("--may-host", "may create negotiations (and becomes their mediation lead)")
    .option(...DB_OPTION)
    .action(
      async (opts: { email: string; name: string; operator?: boolean; mayHost?: boolean; db?: string }) => {
        const email = z.email().max(254).safeParse(opts.email.trim());
        if (!email.success) throw new DomainError("validation", `Not an e-mail address: ${opts.email}`);
        const name = opts.name.trim();
        if (!name || name.length > 300) throw new DomainError("validation", "A name of 1 to 300 characters.");
        const password = await newPassword(io, { email: email.data, name });
        const passwordHash = await hashPassword(password);
        await withStore(opts.db, async (store) => {
          const id = await createAccount(
            store.database,
            {
              email: email.data,
              name,
              passwordHash,
              operator: opts.operator === true,
              mayHost: opts.mayHost === true,
            },
            new Date(),
          );
          // Never a silent reset of someone's password: that is what reset links are for.
          if (id === null)
            throw new DomainError(
              "conflict.exists",
              `An account with ${email.data.toLowerCase()} exists already; for a new password use \`parley account reset-link --email ${email.data.toLowerCase()}\`.`,
            );
          io.out(`account created: ${email.data.toLowerCase()}${flags(opts.operator, opts.mayHost, false)}`);
        });
      },
    );

  account
    .command("list")
    .description("every account, with who operates, who may host and who is disabled")
    .option(...DB_OPTION)
    .action(async (opts: { db?: string }) => {
      await withStore(opts.db, async (store) => {
        const all = await listAccounts(store.database);
        if (all.length === 0) io.out("no accounts");
        for (const a of all)
          io.out(
            `${a.email.padEnd(36)} ${a.name.padEnd(24)} created ${a.createdAt.slice(0, 10)}${flags(a.operator, a.mayHost, a.disabled)}`,
          );
      });
    });

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    account
      .command(verb)
      .description(
        disabled
          ? "disable an account: ends its sessions and revokes its API tokens at once"
          : "enable a disabled account (its owner signs in afresh)",
      )
      .requiredOption("--email <address>", "the account's e-mail address")
      .option(...DB_OPTION)
      .action(async (opts: { email: string; db?: string }) => {
        await withStore(opts.db, async (store) => {
          const id = await accountId(store, opts.email);
          await setAccountDisabled(store.database, id, disabled, new Date());
          if (disabled) await announceRevocation(store, { accountId: id });
          io.out(`${opts.email.toLowerCase()} ${disabled ? "disabled" : "enabled"}`);
        });
      });
  }

  account
    .command("may-host")
    .description("let an account create negotiations (--off: no longer)")
    .requiredOption("--email <address>", "the account's e-mail address")
    .option("--off", "withdraw the permission")
    .option(...DB_OPTION)
    .action(async (opts: { email: string; off?: boolean; db?: string }) => {
      await withStore(opts.db, async (store) => {
        await setMayHost(store.database, await accountId(store, opts.email), opts.off !== true);
        io.out(`${opts.email.toLowerCase()} ${opts.off ? "may no longer host" : "may host"} negotiations`);
      });
    });

  account
    .command("reset-link")
    .description("print a one-time link (24 h) with which the account's owner chooses a new password")
    .requiredOption("--email <address>", "the account's e-mail address")
    .option(...DB_OPTION)
    .action(async (opts: { email: string; db?: string }) => {
      await withStore(opts.db, async (store) => {
        const id = await accountId(store, opts.email);
        const { link, expiresAt } = await issueResetLink(store, id, publicUrlFromEnv(), new Date());
        io.out(`password-reset link for ${opts.email.toLowerCase()} (valid until ${expiresAt}, once):`);
        io.out(link);
      });
    });
}

/** The password of a new account: PARLEY_PASSWORD, else asked twice on the terminal. */
async function newPassword(io: Io, context: PasswordContext): Promise<string> {
  const fromEnv = process.env.PARLEY_PASSWORD;
  let password: string;
  if (fromEnv !== undefined && fromEnv !== "") password = fromEnv;
  else {
    const ask = io.readSecret ?? promptHidden;
    password = await ask("Password: ");
    if ((await ask("The same password again: ")) !== password)
      throw new DomainError("validation", "The two passwords differ.");
  }
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
    throw new DomainError("validation", `A password of ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`);
  // The same rule as every path of the server where a password is chosen.
  const weakness = passwordWeakness(password, context);
  if (weakness) throw new DomainError("validation", weakness.message);
  return password;
}

async function accountId(store: Store, email: string): Promise<string> {
  const found = await accountByEmail(store.database, email.trim());
  if (!found) throw new DomainError("not_found", `No account with ${email.toLowerCase()}.`);
  return found.id;
}

function flags(operator: boolean | undefined, mayHost: boolean | undefined, disabled: boolean): string {
  const words = [operator ? "operator" : "", mayHost ? "may host" : "", disabled ? "DISABLED" : ""];
  const shown = words.filter(Boolean);
  return shown.length ? `  (${shown.join(", ")})` : "";
}
