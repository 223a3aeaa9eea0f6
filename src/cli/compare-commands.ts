import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { DomainError } from "../domain/errors.ts";
import { progressByRound } from "../server/progress.ts";
import { type Block, type BlockOp, compareDocuments, type WordOp } from "../text/index.ts";
import { type Io, memberView, pickNegotiation, withStore } from "./context.ts";

const HEADING = /^(#{1,6}\s+.*|(?:Article|Art\.)\s+\d+.*)$/i;

/** Splits a plain-text or Markdown document into blocks: paragraphs, labelled by the heading above them. */
export function blocksOfText(text: string): Block[] {
  const blocks: Block[] = [];
  let label: string | undefined;
  for (const paragraph of text.split(/\n\s*\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed) continue;
    const [first = "", ...rest] = trimmed.split("\n");
    if (HEADING.test(first.trim())) {
      label = first.replace(/^#+\s*/, "").trim();
      if (rest.length === 0) continue;
      blocks.push({ label, text: rest.join("\n").trim() });
    } else {
      blocks.push({ ...(label ? { label } : {}), text: trimmed });
    }
  }
  return blocks;
}

type Paint = (code: string, text: string) => string;

function words(ops: readonly WordOp[], paint: Paint): string {
  return ops
    .map((op) => {
      if (op.op === "equal") return op.text;
      return op.op === "insert" ? paint("32", `{+${op.text}+}`) : paint("31", `[-${op.text}-]`);
    })
    .join("");
}

/** "; was Article 3" when a matched block was renumbered. */
function was(relabel: { from: string | undefined; to: string | undefined } | undefined): string {
  return relabel?.from ? `; was ${relabel.from}` : "";
}

function render(op: BlockOp, a: Block[], b: Block[], paint: Paint): string {
  const name = (block: Block | undefined, index: number) => block?.label ?? `paragraph ${index + 1}`;
  switch (op.type) {
    case "equal":
      return paint("2", `  = ${name(b[op.to], op.to)} (unchanged${was(op.relabelled)})`);
    case "changed":
      return `  ~ ${name(b[op.to], op.to)}${was(op.relabelled) ? ` (${was(op.relabelled).slice(2)})` : ""}\n    ${words(op.ops, paint)}`;
    case "moved":
      return `  ↪ ${name(b[op.to], op.to)} moved from ${name(a[op.from], op.from)}${op.changed ? `\n    ${words(op.ops, paint)}` : ""}`;
    case "inserted":
      return paint("32", `  + ${name(b[op.to], op.to)}\n    ${b[op.to]?.text ?? ""}`);
    case "deleted":
      return paint("31", `  - ${name(a[op.from], op.from)}\n    ${a[op.from]?.text ?? ""}`);
  }
}

/** compare and progress: how close two texts are, and how far the negotiation has come. */
export function compareCommands(program: Command, io: Io): void {
  program
    .command("compare")
    .description("compare two texts (plain or Markdown) block by block and word by word")
    .argument("<fileA>")
    .argument("<fileB>")
    .option("--json", "print the comparison as JSON")
    .option("--color", "colour the output even when it is not a terminal")
    .action((fileA: string, fileB: string, opts: { json?: boolean; color?: boolean }) => {
      const read = (file: string) => {
        try {
          return readFileSync(file, "utf8");
        } catch {
          throw new DomainError("validation", `Cannot read ${file}.`);
        }
      };
      const a = blocksOfText(read(fileA));
      const b = blocksOfText(read(fileB));
      const comparison = compareDocuments(a, b, {
        deadline: { budgetMs: 5_000, now: () => performance.now() },
      });
      if (opts.json) {
        io.out(JSON.stringify(comparison));
        return;
      }
      const colour = opts.color || process.stdout.isTTY;
      const paint: Paint = (code, text) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
      for (const op of comparison.ops) io.out(render(op, a, b, paint));
      const s = comparison.summary;
      io.out(
        `similarity ${(comparison.similarity * 100).toFixed(1)}%: ${s.equal} unchanged, ${s.changed} changed, ${s.moved} moved, ${s.inserted} inserted, ${s.deleted} deleted${comparison.timedOut ? " (deadline hit: coarser result)" : ""}`,
      );
    });

  program
    .command("progress")
    .description(
      "how much of the instrument is agreed, round by round, and the last mile, as a member sees it",
    )
    .requiredOption("--as <email>", "the member whose view to use")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .option("--json", "print JSON")
    .action(async (opts: { as: string; db?: string; negotiation?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const id = await pickNegotiation(store, opts.negotiation);
        const { state, scopes } = await memberView(store, id, opts.as);
        const report = await progressByRound(store, id, state, scopes);
        if (opts.json) {
          io.out(JSON.stringify(report));
          return;
        }
        const pct = (x: number) => `${Math.round(x * 100)}%`.padStart(5);
        io.out("round                      agreed  ad ref  bracketed  open  reopened  index");
        for (const row of [
          ...report.rounds.map((r) => ({ name: r.name, p: r.progress })),
          { name: "now", p: report.current },
        ]) {
          const s = row.p.byStatus;
          io.out(
            `${row.name.slice(0, 26).padEnd(26)} ${pct(s.agreed.share)}  ${pct(s.agreed_ad_referendum.share)}  ${pct(s.bracketed.share).padStart(9)}  ${pct(s.open.share)}  ${pct(s.reopened.share).padStart(8)}  ${pct(row.p.index)}`,
          );
        }
        io.out("");
        io.out("The last mile (furthest apart first):");
        for (const item of report.current.lastMile) {
          const issues = item.keyIssues.length ? ` — ${item.keyIssues.join("; ")}` : "";
          io.out(
            `  ${item.number.padEnd(6)} ${item.status.replaceAll("_", " ").padEnd(20)} convergence ${pct(item.convergence)}${issues}`,
          );
        }
      });
    });
}
