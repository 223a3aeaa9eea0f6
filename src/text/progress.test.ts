import { describe, expect, it } from "vitest";
import {
  computeProgress,
  type ProvisionProgressInput,
  type ProvisionStatus,
  STATUS_WEIGHTS,
} from "./progress.ts";

function provision(
  number: string,
  status: ProvisionStatus,
  alternatives: string[],
  keyIssues: string[] = [],
): ProvisionProgressInput {
  return { id: `p-${number}`, number, status, alternatives, keyIssues };
}

const AGREED = "The Parties recognise each other's sovereignty and territorial integrity.";
/** A draft instrument after a round: some articles agreed, some bracketed, as in May 2023. */
const DRAFT: ProvisionProgressInput[] = [
  provision("1", "agreed", [AGREED]),
  provision("2", "agreed", ["The Parties shall establish diplomatic relations."]),
  provision("3", "agreed_ad_referendum", ["The Parties shall exchange embassies within three months."]),
  provision(
    "4",
    "bracketed",
    [
      "The border shall be delimited on the basis of the Alma-Ata Declaration of 1991.",
      "The border shall be delimited by a bilateral commission.",
    ],
    ["borders"],
  ),
  provision(
    "5",
    "bracketed",
    [
      "The Parties shall open all transport links on the basis of sovereignty and jurisdiction.",
      "The Parties shall open all transport links on the basis of sovereignty, jurisdiction and reciprocity.",
    ],
    ["transport links"],
  ),
  provision(
    "6",
    "reopened",
    [
      "Rights and security of residents shall be guaranteed.",
      "Residents shall enjoy the rights of citizens.",
    ],
    ["rights and security of residents", "borders"],
  ),
  provision("7", "open", ["Final clauses."]),
];

describe("computeProgress", () => {
  it("counts provisions by status, with shares", () => {
    const report = computeProgress(DRAFT);
    expect(report.total).toBe(7);
    expect(report.byStatus.agreed).toEqual({ count: 2, share: 2 / 7 });
    expect(report.byStatus.bracketed.count).toBe(2);
    expect(report.byStatus.agreed_ad_referendum.count).toBe(1);
    expect(Object.values(report.byStatus).reduce((n, s) => n + s.count, 0)).toBe(7);
  });

  it("lists the last mile furthest apart first, with the key issues that divide", () => {
    const report = computeProgress(DRAFT);
    // At equal convergence, open text comes before text only awaiting capital's approval.
    expect(report.lastMile.map((p) => p.number)).toEqual(["6", "4", "5", "7", "3"]);
    expect(report.lastMile[0]?.keyIssues).toEqual(["rights and security of residents", "borders"]);
    expect(report.lastMile.every((p) => p.status !== "agreed")).toBe(true);
    expect(report.openIssues[0]).toEqual({ issue: "borders", provisions: ["6", "4"] });
  });

  it("weighs the index by status and convergence: 1 when all agreed, lower while texts stay apart", () => {
    expect(computeProgress(DRAFT.map((p) => ({ ...p, status: "agreed" }))).index).toBe(1);
    const report = computeProgress(DRAFT);
    expect(report.index).toBeGreaterThan(report.byStatus.agreed.share);
    expect(report.index).toBeLessThan(
      report.byStatus.agreed.share + report.byStatus.agreed_ad_referendum.share + 0.3,
    );
    // Narrowing the transport alternatives to one text raises the index.
    const narrowed = DRAFT.map((p) =>
      p.number === "5" ? { ...p, alternatives: p.alternatives.slice(0, 1) } : p,
    );
    expect(computeProgress(narrowed).index).toBeGreaterThan(report.index);
    expect(STATUS_WEIGHTS.agreed_ad_referendum).toBeLessThan(STATUS_WEIGHTS.agreed);
  });

  it("counts an agreed provision with blanks as open, and lists it in the last mile with its blanks", () => {
    const withBlank = DRAFT.map((p) =>
      p.number === "1" ? { ...p, alternatives: ["Done at ____ on [date]."], blanks: 2 } : p,
    );
    const report = computeProgress(withBlank);
    expect(report.byStatus.agreed.count).toBe(1);
    expect(report.byStatus.open.count).toBe(2);
    expect(report.lastMile.find((p) => p.number === "1")).toMatchObject({ status: "agreed", blanks: 2 });
    expect(report.lastMile.filter((p) => p.number !== "1").every((p) => p.blanks === 0)).toBe(true);
    expect(report.index).toBeLessThan(computeProgress(DRAFT).index);
    // Filled in, it counts as agreed again.
    expect(computeProgress(withBlank.map((p) => ({ ...p, blanks: 0 }))).byStatus.agreed.count).toBe(2);
  });

  it("reports an empty instrument as no progress rather than failing", () => {
    const report = computeProgress([]);
    expect(report).toMatchObject({ total: 0, index: 0, lastMile: [], openIssues: [] });
  });
});
