/**
 * Benchmark dispatcher: `npm run bench -- NAME [args]` loads bench/NAME.ts and runs its `run` export.
 * Every bench prints human-readable progress to stderr and one JSON object as the last line of stdout.
 */
const BENCHES = ["record", "text", "http", "export", "live", "web", "scale"] as const;
type BenchName = (typeof BENCHES)[number];

function isBench(name: string | undefined): name is BenchName {
  return BENCHES.includes(name as BenchName);
}

export async function runBench(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!isBench(name)) {
    process.stderr.write(`usage: npm run bench -- <${BENCHES.join("|")}> [options]\n`);
    return 2;
  }
  const module: { run: (args: string[]) => Promise<Record<string, unknown>> } = await import(`./${name}.ts`);
  const result = await module.run(rest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}
