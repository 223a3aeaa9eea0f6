import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A stand-in for the built browser app (an index page and an asset), so page routes exist without a build. */
export function fakeWebDir(): { dir: string; page: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "parley-web-"));
  const page = "<!doctype html><title>Parley</title><div id=app></div>";
  writeFileSync(join(dir, "index.html"), page);
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "index.js"), "");
  return { dir, page, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
