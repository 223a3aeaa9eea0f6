import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmenterWords, tokenize, tokenizeStream, Vocabulary } from "./tokenize.ts";

/** Characters where word breaks are subtle: mid-word punctuation, space runs, CR LF, and a few non-Latin scripts. */
const TRICKY = [
  ..."aZé0 9_.',:;-\t\r\n\v\f\u00a0’‘“”—…§«»ÿŁЖжԱա",
  "\u0301", // combining acute: attaches to what precedes it
  "\u200d", // zero-width joiner
  "\u00ad", // soft hyphen (Format)
  "日本語",
  "👍🏽",
  "🇦🇲",
  "\u3000",
  "。",
  "，",
  "！",
  "：",
];
/** Letters, digits and the punctuation that may join them, dense enough to meet every joining rule often. */
const JOINERS = [..."aé0_.’',:; \r\n"];
const trickyText = fc
  .array(fc.oneof(fc.constantFrom(...JOINERS), fc.constantFrom(...TRICKY)), { maxLength: 60 })
  .map((parts) => parts.join(""));

function pieces(text: string, minChunk?: number): string[] {
  const stream = tokenizeStream(text, new Vocabulary(), minChunk);
  return Array.from({ length: stream.count }, (_, k) => text.slice(stream.starts[k], stream.starts[k + 1]));
}

describe("tokenize", () => {
  it("splits words, punctuation and whitespace, keeping abbreviations and numbers whole", () => {
    const tokens = tokenize("The U.S. side didn't sign Article 12, 1,000.5 km.\r\n");
    expect(tokens.map((t) => t.text)).toEqual([
      "The",
      " ",
      "U.S",
      ".",
      " ",
      "side",
      " ",
      "didn't",
      " ",
      "sign",
      " ",
      "Article",
      " ",
      "12",
      ",",
      " ",
      "1,000.5",
      " ",
      "km",
      ".",
      "\r\n",
    ]);
    expect(tokens.filter((t) => t.kind === "word").length).toBe(9);
    expect(tokens.find((t) => t.text === ",")?.kind).toBe("punct");
    expect(tokens.find((t) => t.text === "\r\n")?.kind).toBe("space");
  });

  it("segments scripts without spaces and non-Latin scripts", () => {
    expect(tokenize("日本語のテキスト").length).toBeGreaterThan(1);
    const armenian = tokenize("Հայաստանի Հանրապետություն");
    expect(armenian.map((t) => t.kind)).toEqual(["word", "space", "word"]);
  });

  it("gives back the input exactly when the tokens are joined, for any Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        expect(
          tokenize(text)
            .map((t) => t.text)
            .join(""),
        ).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a number with a full-width comma whole, wherever the text is cut for the segmenter", () => {
    for (const minChunk of [1, 2, 3, 8]) {
      expect(pieces("0，0", minChunk)).toEqual(segmenterWords("0，0"));
      expect(pieces("価格は1，000円。", minChunk)).toEqual(segmenterWords("価格は1，000円。"));
    }
  });

  it("agrees with Intl.Segmenter on texts full of subtle word breaks", () => {
    fc.assert(
      fc.property(trickyText, fc.integer({ min: 1, max: 8 }), (text, minChunk) => {
        expect(pieces(text, minChunk)).toEqual(segmenterWords(text));
        expect(pieces(text)).toEqual(segmenterWords(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("agrees with Intl.Segmenter on arbitrary Unicode", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(pieces(text, 4)).toEqual(segmenterWords(text));
      }),
      { numRuns: 500 },
    );
  });

  it("stays fast on long texts without spaces, where Intl.Segmenter alone is superlinear", () => {
    const punctuated = "双方同意继续讨论和平协议的条款。".repeat(5000);
    const unbroken = "双方同意继续讨论和平协议的条款".repeat(3000);
    for (const text of [punctuated, unbroken]) {
      const started = performance.now();
      const tokens = tokenize(text);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(tokens.map((t) => t.text).join("")).toBe(text);
    }
    // Cutting after each full stop changes nothing: same words as the segmenter run over the whole stretch.
    const stretch = punctuated.slice(0, 2000);
    expect(pieces(stretch)).toEqual(segmenterWords(stretch));
  });

  it("tags the same token text with the same kind wherever it is found", () => {
    const vocab = new Vocabulary();
    tokenizeStream("naïve café, 'quoted' text", vocab);
    tokenizeStream("café 日本 naïve", vocab, 1);
    const words = new Set(["naïve", "café", "quoted", "text"]);
    const ids = tokenizeStream("naïve café quoted text", vocab);
    expect(Array.from(ids.ids).filter((id) => vocab.kinds[id] === 0).length).toBe(words.size);
  });
});
