import { describe, expect, it } from "vitest";
import type { ProvisionView } from "../src/domain/view.ts";
import { baselinePage, initialScripts, median } from "./web.ts";

describe("bench web: its pure parts", () => {
  it("the initial JS is the module entry and the chunks Vite preloads, not the stylesheet or lazy chunks", () => {
    const html = `<!doctype html><html><head>
    <script type="module" crossorigin src="/assets/index-DJe7Rdjd.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/react-BlIegmVS.js">
    <link rel="modulepreload" crossorigin href="/assets/tanstack-BAQHa4UH.js">
    <link rel="stylesheet" crossorigin href="/assets/index-v0AwJgA_.css">
    <link rel="modulepreload" crossorigin href="/assets/react-BlIegmVS.js">
    </head><body><div id="root"></div></body></html>`;
    expect(initialScripts(html)).toEqual([
      "/assets/index-DJe7Rdjd.js",
      "/assets/react-BlIegmVS.js",
      "/assets/tanstack-BAQHa4UH.js",
    ]);
  });

  it("the median of odd and even runs", () => {
    expect(median([900, 700, 800])).toBe(800);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("the baseline page holds each provision's text, escaped, in a focusable block of the same id", () => {
    const view = {
      provision: { id: "p1", number: "1", heading: "Borders & <crossings>", text: 'The "line" holds.' },
      alternatives: [{ text: "Another line.", by: "am" }],
      positions: [],
      depth: 0,
    } as unknown as ProvisionView;
    const html = baselinePage([view]);
    expect(html).toContain('<article tabindex="-1" data-provision-id="p1">');
    expect(html).toContain("Borders &amp; &lt;crossings&gt;");
    expect(html).toContain("The &quot;line&quot; holds.");
    expect(html).toContain("[Another line.]");
    expect(html).not.toContain("<script");
  });
});
