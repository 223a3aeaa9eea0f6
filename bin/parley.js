#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so that `npx parley` needs no separate build step.
import { register } from "tsx/esm/api";

register();
// `parley history … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
