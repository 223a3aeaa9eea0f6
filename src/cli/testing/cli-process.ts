import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * How tests run the CLI as a process: from source through tsx, so they test the code as it is now rather than
 * the last build (the compiled `bin/parley.js` is tried by `.ci/packed-install`). tsx is named by its full path,
 * so the process may run in any folder.
 */
export const CLI_ARGS: readonly string[] = [
  "--import",
  pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href,
  fileURLToPath(new URL("../bin.ts", import.meta.url)),
];
