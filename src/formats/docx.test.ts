import { describe, expect, it } from "vitest";
import { exportDocx } from "./docx.ts";
import { exportDocxRedline } from "./docx-redline.ts";
import { openDocx } from "./import-docx-zip.ts";
import { demoDocument, runDemo } from "./render.ts";

/** The Word XML parts of an exported document. */
async function parts(bytes: Promise<Buffer>): Promise<{ body: string; all: string }> {
  const unpacked = openDocx(await bytes);
  const text = (name: string) => unpacked.get(name)?.toString("utf8") ?? "";
  const all = [...unpacked.keys()]
    .filter((n) => n.endsWith(".xml"))
    .map(text)
    .join("\n");
  return { body: text("word/document.xml"), all };
}

/** The visible text of some WordprocessingML: the runs' text, tags dropped. */
const visible = (xml: string) =>
  [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join("");

describe("DOCX export", () => {
  const run = runDemo();
  const lead = demoDocument("blinken", run);

  it("is a Word package with the parts Word needs, and a serif body face", async () => {
    const unpacked = openDocx(await exportDocx(lead));
    for (const part of ["[Content_Types].xml", "word/document.xml", "word/styles.xml", "word/settings.xml"]) {
      expect(unpacked.has(part), part).toBe(true);
    }
    expect(unpacked.get("word/styles.xml")?.toString("utf8")).toContain('w:ascii="Times New Roman"');
  });

  it("names the version and date in the header and numbers pages 'Page N of M' in the footer", async () => {
    const { all } = await parts(exportDocx(lead));
    expect(all).toContain(
      "Agreement on Peace and Establishment of Interstate Relations · Single negotiating text, 4 May 2023",
    );
    expect(all).toMatch(/PAGE[\s\S]*NUMPAGES/);
  });

  it("sets the article number in bold and the proposer's label in small capitals", async () => {
    const { body } = await parts(exportDocx(lead));
    expect(body).toMatch(/<w:b\/>[\s\S]{0,200}?<w:t xml:space="preserve">Article 3\.<\/w:t>/);
    expect(body).toMatch(
      /<w:smallCaps\/>[\s\S]{0,200}?<w:t xml:space="preserve">Mediation\u00a0\(bridging\u00a0proposal\)<\/w:t>/,
    );
    expect(visible(body)).toContain(
      "the commission so decides.]\u2002\u2014\u00a0Mediation\u00a0(bridging\u00a0proposal)",
    );
  });

  it("carries history footnotes only when asked", async () => {
    const plain = openDocx(await exportDocx(lead));
    const withNotes = openDocx(await exportDocx(lead, { footnotes: true }));
    const notes = withNotes.get("word/footnotes.xml")?.toString("utf8") ?? "";
    expect(notes).toContain("Provision added (bono).");
    expect(plain.get("word/footnotes.xml")?.toString("utf8") ?? "").not.toContain("Provision added");
    expect(withNotes.get("word/document.xml")?.toString("utf8")).toContain("<w:footnoteReference");
  });

  it("never carries what the member cannot read: the Azerbaijani caucus text is absent for Armenia's head", async () => {
    const marker = "on the basis of reciprocity, and shall ensure";
    const forLead = await parts(exportDocx(lead, { footnotes: true }));
    expect(visible(forLead.body)).toContain(marker);
    const forArmenia = await parts(exportDocx(demoDocument("mirzoyan", run), { footnotes: true }));
    expect(forArmenia.all).not.toContain(marker);
    expect(forArmenia.all).not.toContain("caucus");
    // The caucus counter-proposal is not in the history notes either, though the lead's notes have it.
    expect(forLead.all).toContain("2023-05-02: Proposal tabled (mammadova).");
    expect(forArmenia.all).not.toContain("2023-05-02: Proposal tabled (mammadova).");
  });

  describe("redline", () => {
    const before = demoDocument(
      "blinken",
      runDemo("r2"),
      "Single negotiating text, at the close of Round 2",
      "21 March 2023",
    );

    it("writes the changes since an earlier version as Word tracked changes, word by word", async () => {
      const { body, all } = await parts(
        exportDocxRedline(before, lead, { author: "Mediation", at: "2023-05-04T18:00:00Z" }),
      );
      expect(all).toContain("<w:trackRevisions/>");
      const insertions = [...body.matchAll(/<w:ins [^>]*w:author="Mediation"[^>]*>([\s\S]*?)<\/w:ins>/g)].map(
        (m) => visible(m[1] ?? ""),
      );
      const deletions = [...body.matchAll(/<w:del [^>]*w:author="Mediation"[^>]*>([\s\S]*?)<\/w:del>/g)].map(
        (m) => visible(m[1] ?? ""),
      );
      // Article 4 gained words in Round 3: only the new words are marked, not the whole paragraph.
      expect(insertions).toContain(" and may request technical assistance from third States by agreement");
      expect(deletions).toContain("Open");
      expect(insertions).toContain("Agreed ad referendum");
      // The bridging proposal on Article 3 was tabled in Round 3: inserted whole, brackets and label too.
      expect(insertions.join("")).toContain("Mediation\u00a0(bridging\u00a0proposal)");
      expect(visible(body)).toContain(
        "Changes since: Single negotiating text, at the close of Round 2, 21 March 2023",
      );
    });

    it("has no tracked changes between a version and itself", async () => {
      const { body } = await parts(exportDocxRedline(lead, lead));
      expect(body).not.toMatch(/<w:(?:ins|del) /);
    });
  });
});
