import { describe, expect, it } from "vitest";
import { parseCommand } from "../domain/commands.ts";
import { execute } from "../domain/decide.ts";
import { readableScopes } from "../domain/policy.ts";
import type { Scope } from "../domain/scope.ts";
import { viewerOf, viewFor } from "../domain/view.ts";
import { instrumentAkn } from "./akn.ts";
import { validateAkn } from "./akn-schema.ts";
import { instrumentMarkdown } from "./markdown.ts";
import { statementDocuments } from "./model.ts";
import { demoDocument, runDemo } from "./render.ts";
import { statementAkn } from "./statement-akn.ts";

/**
 * Confidentiality of every export written here (Akoma Ntoso, statements, Markdown): markers are seeded into
 * each kind of narrower scope, and the expectation for every member comes from the policy table, not from
 * hand-picked cases. Notes are never part of an instrument, so their markers appear for no one.
 */
const run = runDemo();
let minute = 0;
function as(actor: string, command: unknown): void {
  minute += 1;
  const at = `2023-05-05T10:${String(minute).padStart(2, "0")}:00Z`;
  execute(run.state, parseCommand(command), { negotiationId: "armenia-azerbaijan-2023", actor, at });
}

const proposalMarkers: [string, Scope][] = [
  ["MARKER-CAUCUS-AZ", "caucus:az"],
  ["MARKER-CAUCUS-AM", "caucus:am"],
  ["MARKER-PARTY-AZ", "party:az"],
  ["MARKER-MEDIATION", "mediation"],
];
const hiddenMarkers = ["MARKER-NOTE-PARTY-AZ", "MARKER-NOTE-CAUCUS-AM"];
const statementMarker: [string, Scope] = ["MARKER-STATEMENT-AZ", "party:az"];

as("bayramov", {
  type: "table-proposal",
  proposalId: "m1",
  provisionId: "art-8",
  proposalKind: "replace",
  text: "MARKER-CAUCUS-AZ text",
  scope: "caucus:az",
});
as("mirzoyan", {
  type: "table-proposal",
  proposalId: "m2",
  provisionId: "art-12",
  proposalKind: "replace",
  text: "MARKER-CAUCUS-AM text",
  scope: "caucus:am",
});
as("bayramov", {
  type: "table-proposal",
  proposalId: "m3",
  provisionId: "art-13",
  proposalKind: "replace",
  text: "MARKER-PARTY-AZ text",
  scope: "party:az",
});
as("blinken", {
  type: "table-proposal",
  proposalId: "m4",
  provisionId: "art-13",
  proposalKind: "replace",
  text: "MARKER-MEDIATION text",
  scope: "mediation",
});
as("bayramov", {
  type: "write-note",
  noteId: "m5",
  scope: "party:az",
  text: "MARKER-NOTE-PARTY-AZ",
  target: { kind: "provision", id: "art-8" },
});
as("mirzoyan", {
  type: "write-note",
  noteId: "m6",
  scope: "caucus:am",
  text: "MARKER-NOTE-CAUCUS-AM",
  target: { kind: "proposal", id: "m2" },
});
as("bayramov", {
  type: "draft-statement",
  statementId: "m7",
  statementKind: "party",
  title: "Readout",
  text: "MARKER-STATEMENT-AZ",
});

const viewers = [null, ...run.state.all("member").map((m) => m.id)];

describe.each(viewers)("exports as %s", (member) => {
  const viewer = viewerOf(run.state, member);
  const readable = readableScopes(viewer, run.state.partyIds());
  const doc = demoDocument(member ?? "nobody@nowhere.test", run);
  const statements = statementDocuments(viewFor(run.state, viewer));
  const exports = {
    akn: instrumentAkn(doc),
    markdown: instrumentMarkdown(doc),
    statements: statements.map((s) => statementAkn(s)).join("\n"),
  };

  it.each(Object.keys(exports) as (keyof typeof exports)[])(
    "%s holds exactly the markers this member may read",
    (format) => {
      const text = exports[format];
      const instrumentMarkers = format === "statements" ? [] : proposalMarkers;
      for (const [marker, scope] of instrumentMarkers)
        expect(text.includes(marker), `${marker}`).toBe(readable.has(scope));
      for (const marker of hiddenMarkers) expect(text).not.toContain(marker);
      if (format === "statements") {
        const [marker, scope] = statementMarker;
        expect(text.includes(marker)).toBe(readable.has(scope));
      }
    },
  );
});

describe("the seeded markers", () => {
  it("leave every member's Akoma Ntoso exports valid, statements included", async () => {
    const documents = viewers.flatMap((member) => {
      const view = viewFor(run.state, viewerOf(run.state, member));
      return [
        instrumentAkn(demoDocument(member ?? "nobody@nowhere.test", run)),
        ...statementDocuments(view).map((s) => statementAkn(s)),
      ];
    });
    expect((await validateAkn(documents)).errors).toEqual([]);
  });

  it("are readable by someone, so the matrix checks presence as well as absence", () => {
    const lead = instrumentAkn(demoDocument("blinken", run));
    const azHead = instrumentAkn(demoDocument("bayramov", run));
    expect(lead).toContain("MARKER-CAUCUS-AZ");
    expect(lead).toContain("MARKER-MEDIATION");
    expect(azHead).toContain("MARKER-PARTY-AZ");
    expect(instrumentAkn(demoDocument("mirzoyan", run))).not.toContain("MARKER-CAUCUS-AZ");
  });
});
