import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UnsealedEvent } from "../domain/envelope.ts";
import { DomainError } from "../domain/errors.ts";
import { canonicalEvent, canonicalEventText, canonicalJson } from "./canonical.ts";

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("canonicalJson (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units, as in RFC 8785 §3.2.3", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    const order = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"] as const;
    const members = order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(input[key])}`);
    expect(canonicalJson(input)).toBe(`{${members.join(",")}}`);
  });

  it("reproduces the RFC 8785 §3.2.2 example byte for byte", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it.each([
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["41b3de4355555553", "333333333.3333332"],
  ])("serialises the IEEE-754 number %s as %s (RFC 8785 appendix B)", (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
  });

  class Point {
    x = 1;
  }
  const sparse: unknown[] = [];
  sparse[2] = 1;
  let deep: unknown = 1;
  for (let i = 0; i < 70; i++) deep = [deep];

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["-Infinity", { n: Number.NEGATIVE_INFINITY }],
    ["undefined", undefined],
    ["undefined property", { a: undefined }],
    ["bigint", 10n],
    ["function", () => 1],
    ["symbol", Symbol("s")],
    ["Date", new Date(0)],
    ["Map", new Map()],
    ["class instance", new Point()],
    ["lone surrogate", "a\ud800b"],
    ["lone surrogate key", { "\udc00": 1 }],
    ["sparse array", sparse],
    ["deep nesting", deep],
  ])("refuses %s, which would not survive storage as JSON", (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(DomainError);
  });

  it("ignores a toJSON method on an array, which JSON.stringify would obey", () => {
    const list = Object.assign([1, 2], { toJSON: () => "other" });
    expect(canonicalJson({ list })).toBe('{"list":[1,2]}');
  });

  it("accepts objects without a prototype and escaped backslash-u text that is not a surrogate", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: "\\ud800" });
    expect(canonicalJson(bare)).toBe('{"a":"\\\\ud800","b":1}');
  });

  it("gives JSON that parses back to the same value, whatever the key order", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), (value) => {
        const text = canonicalJson(value);
        // Equal to what storing the value as JSON gives back (JSON has no -0).
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        const reordered = JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
          typeof v === "object" && v !== null && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        ) as unknown;
        expect(canonicalJson(reordered)).toBe(text);
      }),
    );
  });
});

describe("canonicalEventText", () => {
  const event: UnsealedEvent = {
    negotiationId: "neg-1",
    scope: "party:am",
    scopeSeq: 3,
    type: "note.added",
    actor: "member-1",
    at: "2026-01-05T09:00:00.000Z",
    data: { z: 1, a: ["é"] },
    prevHash: "0".repeat(64),
  };

  it("equals the generic canonical form of the envelope (its fast path is only a shortcut)", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.string(),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (data, type, scopeSeq) => {
          const candidate = { ...event, data, type, scopeSeq };
          expect(canonicalEventText(candidate)).toBe(canonicalJson(candidate));
        },
      ),
    );
  });

  it("encodes as UTF-8 bytes", () => {
    const bytes = canonicalEvent(event);
    expect(new TextDecoder().decode(bytes)).toBe(canonicalEventText(event));
    expect(bytes.length).toBe(Buffer.byteLength(canonicalEventText(event)));
  });

  it("refuses a payload that is not canonical JSON", () => {
    expect(() => canonicalEventText({ ...event, data: { when: new Date(0) } })).toThrow(/\$\.data\.when/);
  });
});
