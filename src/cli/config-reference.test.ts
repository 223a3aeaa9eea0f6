import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../formats/package-root.ts";

/**
 * docs/operations.md lists every environment variable: the configuration reference (read by the code that
 * ships) and the tests' own. Both tables are checked against what the code reads, both ways, so a new setting
 * cannot ship undocumented and a removed one cannot linger in the guide.
 */
const ROOT = packageRoot();

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.(ts|tsx|js|mjs)$/.test(name))
    .map((name) => join(dir, name));
}

/** Test support: suites, their helpers and kits, the browser tests and the benchmarks. */
const isTestCode = (file: string) =>
  /\.test\.tsx?$/.test(file) ||
  /(^|\/)(test-[^/]*|[^/]*test-kit|render)\.ts$/.test(file) ||
  /(^|\/)testing\//.test(file) ||
  /^(e2e|bench)\//.test(file) ||
  file === "bin/bench.js";

/** The variables a file reads: `process.env.NAME`, `env.NAME`, `env["NAME"]`. */
function variablesIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[\s*"([A-Z][A-Z0-9_]*)"\s*\])/g))
    found.add(match[1] ?? match[2] ?? "");
  return found;
}

function readBy(files: readonly string[]): Set<string> {
  const all = new Set<string>();
  for (const file of files)
    for (const name of variablesIn(readFileSync(join(ROOT, file), "utf8"))) all.add(name);
  return all;
}

/** The variables named in the first column of the table that follows `heading` (up to the next blank line). */
function tableAfter(doc: string, heading: string): Set<string> {
  const start = doc.indexOf(heading);
  if (start < 0) throw new Error(`docs/operations.md has no "${heading}"`);
  const lines = doc.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  return new Set(rows.flatMap((row) => [...(/^\| `([A-Z][A-Z0-9_]*)`/.exec(row)?.slice(1) ?? [])]));
}

// This file names variables in its own comments and patterns: it is not scanned.
const files = [
  ...filesUnder("src"),
  ...filesUnder("bin"),
  ...filesUnder("e2e"),
  ...filesUnder("bench"),
].filter((file) => !file.startsWith("src/web/") && file !== "src/cli/config-reference.test.ts");
const shipped = readBy(files.filter((file) => !isTestCode(file)));
const tests = readBy(files.filter(isTestCode));
const doc = readFileSync(join(ROOT, "docs/operations.md"), "utf8");
const reference = tableAfter(doc, "## Configuration reference");
const testOnly = tableAfter(doc, "Only the tests and benchmarks read these");

describe("the configuration reference of docs/operations.md", () => {
  it("finds the variables it checks (the scan works)", () => {
    expect(shipped).toContain("PARLEY_DATABASE_URL");
    expect(shipped).toContain("PORT");
    expect(tests).toContain("PARLEY_TEST_DATABASE_URL");
  });

  it("lists every variable the shipped code reads, and none it does not", () => {
    expect([...reference].sort()).toEqual([...shipped].sort());
  });

  it("lists every variable only the tests read, and none they do not", () => {
    const onlyTests = [...tests].filter((name) => !shipped.has(name));
    expect([...testOnly].sort()).toEqual(onlyTests.sort());
  });
});
