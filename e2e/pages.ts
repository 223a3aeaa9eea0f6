import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { PASSWORD } from "./web-server.ts";

/** Where the browser tests leave their screenshots, to be looked at. */
export const SHOTS = join(tmpdir(), "parley-e2e-screens");

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Signs in through the sign-in screen, as a person would, and waits for the list of negotiations. */
export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/negotiations`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Your negotiations" }).waitFor();
}

/** Everything a page received: response bodies and live-stream frames, to search for what must not be there. */
export function recordTraffic(page: Page): string[] {
  const seen: string[] = [];
  page.on("response", (response) => {
    void response.text().then(
      (body) => seen.push(`${response.url()}\n${body}`),
      () => undefined,
    );
  });
  page.on("websocket", (socket) => {
    socket.on("framereceived", (frame) => seen.push(String(frame.payload)));
  });
  return seen;
}

/** The serious and critical accessibility violations axe-core finds on the page as it stands. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the app's CSP rightly refuses an injected inline script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (root: Document) => Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run(document)).violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
