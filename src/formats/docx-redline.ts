import { Packer, type Paragraph } from "docx";
import { wordDiff } from "../text/index.ts";
import {
  blockParagraph,
  type Change,
  docxDocument,
  type Field,
  keepsWithNext,
  plain,
  type Revisions,
} from "./docx.ts";
import type { InstrumentDocument } from "./model.ts";
import { fieldValues, mapFields, type PrintedBlock, printedLayout, versionLine } from "./render-layout.ts";

export interface RedlineOptions {
  /** Whom Word names as the author of every change; default "Parley". */
  author?: string;
  /** When the changes were made (ISO 8601); default now. */
  at?: string;
}

/** A block of the merged document: how it changed as a whole, and its fields as changed pieces. */
interface RedlineBlock {
  whole: Change;
  block: PrintedBlock<Field>;
}

/** Identifies a block across two versions: provisions and proposals by id, the front matter by position. */
function blockKeys(blocks: PrintedBlock[]): string[] {
  const seen = new Map<string, number>();
  return blocks.map((block) => {
    const base =
      block.kind === "alternative"
        ? `alternative:${block.provisionId}:${block.proposalId}`
        : "provisionId" in block
          ? `${block.kind}:${block.provisionId}`
          : block.kind === "formula"
            ? `formula:${block.formula}`
            : block.kind;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

/** Word-level pieces turning `before` into `after`. */
function diffField(before: string, after: string): Field {
  if (before === after) return plain(after);
  return wordDiff(before, after).ops.map((op) => ({ text: op.text, change: op.op }));
}

function whole(block: PrintedBlock, change: Change): RedlineBlock {
  return { whole: change, block: mapFields(block, (text) => (text ? [{ text, change }] : [])) };
}

// Blocks of both are compared field by field; blocks only in `after` are inserted whole, blocks only in
// `before` are deleted whole where they stood.
/** Merges two layouts in reading order, word-level changes marked in each field. */
export function redlineBlocks(before: PrintedBlock[], after: PrintedBlock[]): RedlineBlock[] {
  const beforeKeys = blockKeys(before);
  const afterKeys = blockKeys(after);
  const beforeIndex = new Map(beforeKeys.map((key, i) => [key, i]));
  const inAfter = new Set(afterKeys);
  const out: RedlineBlock[] = [];
  let next = 0;
  const flushDeletedUpTo = (end: number) => {
    for (; next < end; next++) {
      const old = before[next];
      const key = beforeKeys[next];
      if (old && key !== undefined && !inAfter.has(key)) out.push(whole(old, "delete"));
    }
  };
  after.forEach((block, i) => {
    const matched = beforeIndex.get(afterKeys[i] ?? "");
    const old = matched === undefined ? undefined : before[matched];
    if (matched === undefined || !old) {
      out.push(whole(block, "insert"));
      return;
    }
    if (matched >= next) flushDeletedUpTo(matched + 1);
    const olds = fieldValues(old);
    out.push({ whole: "equal", block: mapFields(block, (text, f) => diffField(olds[f] ?? "", text)) });
  });
  flushDeletedUpTo(before.length);
  return out;
}

/** Writes `after` as DOCX with every difference from `before` as a Word tracked change, word by word. */
export async function exportDocxRedline(
  before: InstrumentDocument,
  after: InstrumentDocument,
  options: RedlineOptions = {},
): Promise<Buffer> {
  const revisions: Revisions = {
    author: options.author ?? "Parley",
    date: options.at ?? new Date().toISOString(),
    nextId: 1,
  };
  const layout = printedLayout(after);
  const merged = redlineBlocks(printedLayout(before).blocks, layout.blocks);
  // Say once, above the legend, what the tracked changes are measured against.
  const since = `Changes since: ${versionLine(before)}`;
  const legendAt = merged.findIndex((b) => b.block.kind === "legend");
  merged.splice(legendAt < 0 ? 1 : legendAt, 0, {
    whole: "equal",
    block: { kind: "meta", text: plain(since) },
  });
  const children: Paragraph[] = merged.map(({ whole, block }, i) =>
    blockParagraph(block, whole, revisions, keepsWithNext(block, merged[i + 1]?.block)),
  );
  return Packer.toBuffer(docxDocument(after, layout.header, children, { trackRevisions: true }));
}
