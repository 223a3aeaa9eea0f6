import { fileURLToPath } from "node:url";

/**
 * How tests run the CLI as a process: from source through tsx, so they test the code as it is now rather than
 * the last build. The compiled `bin/parley.js` is tried by `.ci/run`'s package step and by `packed.test.ts`.
 */
export const CLI_ARGS: readonly string[] = [
  "--import",
  "tsx",
  fileURLToPath(new URL("../bin.ts", import.meta.url)),
];
