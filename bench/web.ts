/**
 * `npm run bench -- web [--provisions N] [--runs R]`: the single negotiating text in Chromium at 1,000
 * provisions. interactiveMs runs from navigation (already signed in, cold HTTP cache) until the last provision
 * has been scrolled to and a click on it has focused it; the baseline is a static HTML page of the same
 * provisions' text served by the same server, measured the same way. Also the gzip size of the JavaScript the
 * first page load fetches (the entry chunk and its static imports, read from the build's index.html).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { launchChromium } from "../e2e/browser.ts";
import { PASSWORD } from "../e2e/web-server.ts";
import type { ProvisionView } from "../src/domain/view.ts";
import { LARGE_ACCOUNTS, LARGE_NEGOTIATION, startLargeServer, webDirOf } from "./web-negotiation.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

const GOALS = { interactiveMs: 1_500, initialJsGzipKB: 350 };

function arg(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? Number.NaN;
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/**
 * The scripts a first page load fetches before the app runs: the module entry and the chunks Vite preloads
 * for its static imports, as root-relative paths in the order they appear. Lazy chunks are not listed there.
 */
export function initialScripts(html: string): string[] {
  const out: string[] = [];
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  for (const tag of tags) {
    const attr = (name: string) => new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag)?.[1];
    const isEntry = /^<script/i.test(tag) && attr("type") === "module" && attr("src");
    const isPreload = /^<link/i.test(tag) && attr("rel") === "modulepreload" && attr("href");
    const src = isEntry ? attr("src") : isPreload ? attr("href") : undefined;
    if (src && !out.includes(src)) out.push(src);
  }
  return out;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/** The baseline: the same provisions' text as plain HTML, each block focusable like the app's. */
export function baselinePage(provisions: readonly ProvisionView[]): string {
  const blocks = provisions.map(({ provision, alternatives }) => {
    const alts = alternatives
      .map((a) => `<p>[${escapeHtml(a.text)}] <b>${escapeHtml(a.by)}</b></p>`)
      .join("");
    return (
      `<article tabindex="-1" data-provision-id="${escapeHtml(provision.id)}"><div>${escapeHtml(provision.number)}</div>` +
      `<h2>${escapeHtml(provision.heading)}</h2><p>${escapeHtml(provision.text)}</p>${alts}</article>`
    );
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head><body><main>${blocks.join("")}</main></body></html>`;
}

/** One timed load: navigate, scroll the last provision into view, click it, until it holds the focus. */
async function timeLoad(browser: Browser, base: string, path: string, lastId: string, jsSeen?: Set<string>) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await context.request.post(`${base}/api/session`, {
    data: { email: LARGE_ACCOUNTS.amHead.email, password: PASSWORD },
  });
  if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
  const page = await context.newPage();
  if (jsSeen)
    page.on("request", (r) => r.resourceType() === "script" && jsSeen.add(new URL(r.url()).pathname));
  const start = performance.now();
  await page.goto(`${base}${path}`, { waitUntil: "commit" });
  const last = page.locator(`[data-provision-id="${lastId}"]`);
  await last.scrollIntoViewIfNeeded({ timeout: 30_000 });
  await last.click({ position: { x: 4, y: 4 } });
  await page.waitForFunction(
    (id) => document.activeElement?.closest("[data-provision-id]")?.getAttribute("data-provision-id") === id,
    lastId,
    { polling: "raf", timeout: 10_000 },
  );
  const ms = performance.now() - start;
  await context.close();
  return ms;
}

async function gzipKB(dir: string, paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const path of paths) bytes += gzipSync(await readFile(join(dir, path))).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const provisions = arg(args, "provisions", 1_000);
  const runs = arg(args, "runs", 7);
  log(`building the app and a negotiation of ${provisions} provisions`);
  let baselineHtml = "";
  const server = await startLargeServer({
    provisions,
    beforeListen: (app) =>
      app.get("/bench/baseline", { schema: { hide: true } }, async (_request, reply) =>
        reply.type("text/html; charset=utf-8").send(baselineHtml),
      ),
  });
  const browser = await launchChromium();
  try {
    const webDir = webDirOf();
    if (!webDir) throw new Error("no web build");
    const entry = initialScripts(await readFile(join(webDir, "index.html"), "utf8"));
    const initialJsGzipKB = await gzipKB(webDir, entry);
    log(`initial JS: ${entry.join(", ")} = ${initialJsGzipKB} KB gzip`);

    const cookie = await fetch(`${server.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: LARGE_ACCOUNTS.amHead.email, password: PASSWORD }),
    });
    const text = (await (
      await fetch(`${server.url}/api/negotiations/${LARGE_NEGOTIATION}/instrument`, {
        headers: {
          cookie: cookie.headers
            .getSetCookie()
            .map((c) => c.split(";")[0])
            .join("; "),
        },
      })
    ).json()) as { provisions: ProvisionView[] };
    if (text.provisions.length !== provisions)
      throw new Error(`the text has ${text.provisions.length} provisions`);
    baselineHtml = baselinePage(text.provisions);
    const lastId = text.provisions.at(-1)?.provision.id ?? "";
    const bracketed = text.provisions.filter((p) => p.alternatives.length > 0).length;

    const appPath = `/negotiations/${LARGE_NEGOTIATION}/text`;
    const jsSeen = new Set<string>();
    // One of each first, unmeasured: Chromium's own caches (code, fonts) warm up for both alike.
    await timeLoad(browser, server.url, appPath, lastId, jsSeen);
    await timeLoad(browser, server.url, "/bench/baseline", lastId);
    const app: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      app.push(await timeLoad(browser, server.url, appPath, lastId));
      baseline.push(await timeLoad(browser, server.url, "/bench/baseline", lastId));
      log(
        `  run ${i + 1}/${runs}: app ${app.at(-1)?.toFixed(0)} ms, baseline ${baseline.at(-1)?.toFixed(0)} ms`,
      );
    }
    const textJsGzipKB = await gzipKB(webDir, [...jsSeen]);
    const interactiveMs = Math.round(median(app));
    const baselineMs = Math.round(median(baseline));
    return {
      bench: "web",
      provisions,
      bracketed,
      runs,
      interactiveMs,
      interactiveRangeMs: [Math.round(Math.min(...app)), Math.round(Math.max(...app))],
      baselineMs,
      ratio: Math.round((interactiveMs / baselineMs) * 100) / 100,
      initialJsGzipKB,
      textJsGzipKB,
      goals: {
        interactiveMs: interactiveMs <= GOALS.interactiveMs,
        initialJsGzipKB: initialJsGzipKB <= GOALS.initialJsGzipKB,
      },
      targets: { interactiveMs: `<= ${GOALS.interactiveMs}`, initialJsGzipKB: `<= ${GOALS.initialJsGzipKB}` },
      met: interactiveMs <= GOALS.interactiveMs && initialJsGzipKB <= GOALS.initialJsGzipKB,
    };
  } finally {
    await browser.close();
    await server.dispose();
  }
}
