import type { Command } from "commander";
import { instrumentOutline } from "../domain/view.ts";
import { type Io, memberView, pickNegotiation, withStore } from "./context.ts";

const STATUS: Record<string, string> = {
  open: "open",
  bracketed: "BRACKETED",
  agreed_ad_referendum: "agreed ad referendum",
  agreed: "agreed (provisional until the whole is agreed)",
  reopened: "REOPENED",
};

/** show: the single negotiating text as the member reads it. */
export function showCommand(program: Command, io: Io): void {
  program
    .command("show")
    .description("print the single negotiating text as a member sees it, with bracketed alternatives")
    .requiredOption("--as <email>", "the member whose view to show")
    .option("--db <file>", "SQLite store file (PARLEY_DATABASE_URL for PostgreSQL)")
    .option("--negotiation <id>", "which negotiation (may be omitted when the store holds one)")
    .action(async (opts: { as: string; db?: string; negotiation?: string }) => {
      await withStore(opts.db, async (store) => {
        const id = await pickNegotiation(store, opts.negotiation);
        const { state } = await memberView(store, id, opts.as);
        const instrument = state.all("instrument")[0];
        const parties = new Map(state.all("party").map((p) => [p.id, p.name]));
        io.out(instrument ? instrument.title.toUpperCase() : "(no instrument yet)");
        if (instrument?.stage && instrument.stage !== "negotiating") io.out(`[${instrument.stage}]`);
        else if (instrument && instrument.tabledAt === null) io.out("[draft, not yet tabled]");
        if (instrument?.openingFormula) {
          io.out("");
          io.out(instrument.openingFormula);
        }
        let closing = instrument?.closingFormula ?? "";
        for (const { provision, depth, alternatives } of instrumentOutline(state)) {
          if (provision.deleted) continue;
          if (closing && depth === 0 && provision.provisionKind !== "preamble") {
            io.out("");
            io.out(closing);
            closing = "";
          }
          const indent = "  ".repeat(depth);
          const label = [
            provision.provisionKind === "article" ? `Article ${provision.number}` : provision.number,
            provision.heading,
          ]
            .filter(Boolean)
            .join(". ");
          io.out("");
          io.out(
            `${indent}${label || provision.provisionKind} — ${STATUS[provision.status] ?? provision.status}`,
          );
          if (provision.text) io.out(`${indent}  ${provision.text}`);
          for (const alt of alternatives) {
            const by = alt.by === "mediation" ? "Mediation (bridging)" : (parties.get(alt.by) ?? alt.by);
            const body = alt.proposalKind === "delete" ? "(delete this provision)" : alt.text;
            const where = alt.scope === "shared" ? "" : ` — visible in ${alt.scope} only`;
            io.out(`${indent}  [${body}] (${by}${where})`);
          }
        }
      });
    });
}
