/**
 * Test helpers for the printed formats: the demo negotiation as a member's document, and rendering of
 * DOCX and PDF files with LibreOffice and poppler to check what a reader would see.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_NEGOTIATION_ID, demoScenario } from "../demo/scenario.ts";
import { parseCommand } from "../domain/commands.ts";
import { execute } from "../domain/decide.ts";
import type { AppliedEvent } from "../domain/events.ts";
import { readableScopes } from "../domain/policy.ts";
import { NegotiationState } from "../domain/state.ts";
import { viewerOf, viewFor } from "../domain/view.ts";
import { provisionHistory } from "./export.ts";
import { type InstrumentDocument, instrumentDocument } from "./model.ts";

export interface DemoRun {
  state: NegotiationState;
  events: AppliedEvent[];
}

/** Runs the demo scenario on a fresh state, as a user's commands would: all of it, or up to a round's close. */
export function runDemo(untilClosed?: string): DemoRun {
  const state = new NegotiationState();
  const events: AppliedEvent[] = [];
  for (const step of demoScenario()) {
    const context = { negotiationId: DEMO_NEGOTIATION_ID, actor: step.actor, at: step.at };
    events.push(...execute(state, parseCommand(step.command), context));
    if (step.command.type === "close-round" && step.command.roundId === untilClosed) break;
  }
  return { state, events };
}

/** History lines per provision from the events the member may read (for footnotes), as exports make them. */
export function demoHistory(run: DemoRun, member: string): Map<string, string[]> {
  const scopes = readableScopes(viewerOf(run.state, member), run.state.partyIds());
  return provisionHistory(
    run.events.filter((event) => scopes.has(event.scope)),
    new Map(),
  );
}

/** The demo instrument as the given member (id or e-mail) reads it at the end of the scenario. */
export function demoDocument(
  member: string,
  run: DemoRun = runDemo(),
  versionLabel = "Single negotiating text",
  date = "4 May 2023",
): InstrumentDocument {
  const viewer = viewerOf(run.state, member);
  const name = viewer.kind === "member" ? viewer.member.name : "the public";
  return instrumentDocument(viewFor(run.state, viewer), {
    versionLabel,
    date,
    preparedFor: `Prepared for ${name}`,
    history: demoHistory(run, member),
  });
}

const TOOLS = ["soffice", "pdftoppm", "pdfinfo", "pdftotext"] as const;

/** The rendering tools that are not on PATH (LibreOffice, poppler-utils). */
export function missingRenderTools(): string[] {
  return TOOLS.filter((tool) => {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
}

/** Converts a document file to PDF with LibreOffice headless; returns the PDF's path. */
export function convertToPdf(input: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  // A private profile: a concurrent or stale LibreOffice (a user's, another test's) cannot block this one.
  const profile = `file://${join(outDir, "lo-profile")}`;
  execFileSync(
    "soffice",
    [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", outDir, input],
    { stdio: "pipe", timeout: 120_000 },
  );
  const base =
    input
      .split("/")
      .at(-1)
      ?.replace(/\.[^.]+$/, "") ?? "out";
  return join(outDir, `${base}.pdf`);
}

/** Number of pages of a PDF (pdfinfo). */
export function pdfPageCount(pdf: string): number {
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match?.[1]) throw new Error(`pdfinfo gave no page count for ${pdf}`);
  return Number(match[1]);
}

/** The text of a PDF in reading order (pdftotext), pages separated by form feeds. */
export function pdfText(pdf: string): string {
  return execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
}

/** Renders each page as a PNG (pdftoppm) and returns their paths in page order. */
export function pdfToPngs(pdf: string, outDir: string, prefix: string, dpi = 60): string[] {
  mkdirSync(outDir, { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), pdf, join(outDir, prefix)]);
  return readdirSync(outDir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith(".png"))
    .sort()
    .map((f) => join(outDir, f));
}

/** Writes bytes to a file under `dir` and returns its path. */
export function writeOut(dir: string, name: string, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
