/**
 * Loads one side of the http bench alone, for profiling the server:
 * `node --cpu-prof --import tsx bench/http-profile.ts [parley|baseline] [--seconds S]`.
 */
import Fastify from "fastify";
import { load, parseArgs, startParley } from "./http.ts";

const [side = "parley", ...rest] = process.argv.slice(2);
const options = parseArgs(rest);
const parley = await startParley();
const baseline = Fastify({ logger: false });
try {
  const path = new URL(parley.url).pathname;
  baseline.get(path, (_request, reply) => {
    reply.header("content-type", parley.contentType).send(parley.body);
  });
  const address = await baseline.listen({ host: "127.0.0.1", port: 0 });
  const url = side === "baseline" ? `${address}${path}` : parley.url;
  const cookie = side === "baseline" ? undefined : parley.cookie;
  await load(url, cookie, { ...options, seconds: 1 });
  const sample = await load(url, cookie, options);
  process.stderr.write(
    `${side}: ${JSON.stringify({ reqPerSec: Math.round(sample.requests / sample.seconds), cpuUsPerReq: Math.round((sample.cpuMs * 1000) / sample.requests), ...sample })}\n`,
  );
} finally {
  await baseline.close();
  await parley.close();
}
