import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`), or PARLEY_CHROMIUM. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? "/usr/bin/chromium";

/** The flags design.md names: no sandbox (containers), no GPU, nothing phoning home. */
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Why the browser tests cannot run here, or null when they can. In CI (CI or PARLEY_REQUIRE_BROWSER) they must. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PARLEY_CHROMIUM)`;
  if (process.env.CI || process.env.PARLEY_REQUIRE_BROWSER)
    throw new Error(`The browser tests must run in CI, but there is ${reason}.`);
  console.warn(`Skipping the browser tests: ${reason}.`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
