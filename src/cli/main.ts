import { Command, CommanderError } from "commander";
import { DomainError } from "../domain/errors.ts";
import { accountCommands } from "./account-commands.ts";
import { compareCommands } from "./compare-commands.ts";
import type { Io } from "./context.ts";
import { documentCommands } from "./document-commands.ts";
import { promptHidden } from "./password-prompt.ts";
import { recordCommands } from "./record-commands.ts";
import { serveCommands } from "./serve-command.ts";
import { setupCommands } from "./setup-commands.ts";
import { showCommand } from "./show-command.ts";
import { watchCommand } from "./watch-command.ts";

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readSecret: promptHidden,
};

/** Runs the CLI with `argv` (as process.argv) and returns the exit code: 0 ok, 1 a refused command or a broken record, 2 usage. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let code = 0;
  const program = new Command("parley")
    .description("Parley: run a mediated negotiation of an agreement text, and prove its record")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  setupCommands(program, io);
  showCommand(program, io);
  serveCommands(program, io);
  accountCommands(program, io);
  compareCommands(program, io);
  documentCommands(program, io);
  watchCommand(program, io);
  recordCommands(program, io, (c) => {
    code = c;
  });
  // Nested commands (`account create`) too: a usage error returns 2 instead of exiting the process.
  const overrideAll = (command: Command): void => {
    for (const sub of command.commands) {
      sub.exitOverride();
      overrideAll(sub);
    }
  };
  overrideAll(program);
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DomainError) {
      io.err(`error [${error.code}]: ${error.message}`);
      const issues = error.details.issues;
      if (Array.isArray(issues)) for (const issue of issues) io.err(`  ${JSON.stringify(issue)}`);
      return 1;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
