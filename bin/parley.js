#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` writes dist/server; `npm start`, `npm ci` and `npm pack` build it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/server/cli/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "Parley is not built: run `npm run build` first (npm start, npm ci and npm pack build it).\n",
  );
  process.exit(1);
}
await import(entry.href);
