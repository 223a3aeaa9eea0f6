/**
 * `npm run bench -- export [--articles N]`: the four export formats of a 1,000-article instrument, with peak
 * memory. The baseline is the same document model serialised as JSON in the same run, for scale.
 */

import { parseCommand } from "../src/domain/commands.ts";
import { execute } from "../src/domain/decide.ts";
import { NegotiationState } from "../src/domain/state.ts";
import { viewerOf, viewFor } from "../src/domain/view.ts";
import { exportDocument } from "../src/formats/export.ts";
import { instrumentDocument } from "../src/formats/model.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

function arg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** A deterministic instrument: `articles` articles of ~120 words, every tenth bracketed between the parties. */
function syntheticInstrument(articles: number) {
  const state = new NegotiationState();
  let clock = Date.UTC(2023, 0, 1);
  const run = (actor: string, command: unknown) => {
    clock += 1_000;
    execute(state, parseCommand(command), {
      negotiationId: "bench",
      actor,
      at: new Date(clock).toISOString(),
    });
  };
  run("system", {
    type: "create-negotiation",
    negotiationId: "bench",
    title: "Bench talks",
    lead: { memberId: "lead", name: "Lead", email: "lead@bench.test" },
  });
  for (const [id, name] of [
    ["am", "Armenia"],
    ["az", "Azerbaijan"],
  ] as const) {
    run("lead", { type: "add-party", partyId: id, name });
    run("lead", {
      type: "add-member",
      memberId: `${id}-head`,
      name: `${name} head`,
      email: `${id}@bench.test`,
      role: "delegation",
      rank: "head",
      partyId: id,
    });
  }
  run("lead", {
    type: "create-instrument",
    title: "Agreement on Peace and Establishment of Interstate Relations",
  });
  const words =
    "the parties shall cooperate in good faith on the matters set out in this article and settle any dispute by peaceful means".split(
      " ",
    );
  const sentence = (n: number, len: number) =>
    Array.from({ length: len }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(" ");
  for (let i = 1; i <= articles; i++) {
    run("lead", {
      type: "add-provision",
      provisionId: `a${i}`,
      provisionKind: "article",
      number: String(i),
      heading: `Article heading ${i}`,
      text: `${sentence(i, 120)}.`,
    });
  }
  run("lead", { type: "table-text" });
  for (let i = 10; i <= articles; i += 10) {
    run("am-head", {
      type: "table-proposal",
      proposalId: `p${i}am`,
      provisionId: `a${i}`,
      proposalKind: "replace",
      text: `${sentence(i + 1, 100)}.`,
    });
    run("az-head", {
      type: "table-proposal",
      proposalId: `p${i}az`,
      provisionId: `a${i}`,
      proposalKind: "replace",
      text: `${sentence(i + 2, 100)}.`,
    });
  }
  return state;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const articles = arg(args, "articles", 1_000);
  log(`building a ${articles}-article instrument`);
  const state = syntheticInstrument(articles);
  const view = viewFor(state, viewerOf(state, "lead"));
  const doc = instrumentDocument(view, {
    versionLabel: "Single negotiating text",
    date: "4 May 2023",
    preparedFor: "Prepared for Lead (mediation lead)",
  });
  const time = async (label: string, fn: () => Promise<unknown> | unknown) => {
    log(`  ${label}…`);
    const start = performance.now();
    const out = await fn();
    const ms = performance.now() - start;
    log(`  ${label}: ${ms.toFixed(0)} ms`);
    return { ms, out };
  };
  const baseline = await time("baseline (JSON of the model)", () => JSON.stringify(doc));
  const md = await time("md", () => exportDocument("md", doc));
  const akn = await time("akn", () => exportDocument("akn", doc));
  const docx = await time("docx", () => exportDocument("docx", doc));
  const pdf = await time("pdf", () => exportDocument("pdf", doc));
  const size = (x: { out: unknown }) => (Buffer.isBuffer(x.out) ? x.out.length : 0);
  // maxRSS is the process's peak resident set in KiB, whatever ran in between samples.
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const round = (x: number) => Math.round(x);
  return {
    bench: "export",
    articles,
    docxMs: round(docx.ms),
    pdfMs: round(pdf.ms),
    aknMs: round(akn.ms),
    mdMs: round(md.ms),
    baselineJsonMs: round(baseline.ms),
    bytes: { docx: size(docx), pdf: size(pdf), akn: size(akn), md: size(md) },
    peakRssMB,
    goals: { docxMs: "<= 5000", pdfMs: "<= 15000", aknMs: "<= 1000", peakRssMB: "<= 500" },
    met: docx.ms <= 5_000 && pdf.ms <= 15_000 && akn.ms <= 1_000 && peakRssMB <= 500,
  };
}
