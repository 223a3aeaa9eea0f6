#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts through tsx; each bench prints JSON on its last line.
import { register } from "tsx/esm/api";

register();
const { runBench } = await import("../bench/run.ts");
process.exitCode = await runBench(process.argv.slice(2));
