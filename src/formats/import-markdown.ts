import type { ProvisionKind } from "../domain/entities.ts";
import { alternativeFrom, hasInlineBrackets, parseBracketList } from "./import-brackets.ts";
import { takeFormulas } from "./import-formulas.ts";
import { type Block, continues, depth, hardBreak, heading, join, plain } from "./import-lines.ts";
import {
  emptyPreview,
  type ImportedAlternative,
  type ImportedProvision,
  type ImportPreview,
  statusFromLabel,
} from "./import-model.ts";
import {
  ARTICLE_LINE,
  ITEM_LINE,
  OPTION_LINE,
  OTHER_MARKDOWN,
  PREAMBLE_NUMBER,
  SECTION_LINE,
  STATUS_LINE,
  UNNUMBERED,
  unescapeMarkdown,
  VERSION_LINE,
} from "./markdown-syntax.ts";

/**
 * Reads a draft written in Markdown or plain text into an import preview: title, version line, preamble,
 * articles ("Article 3", "Article 3. Title", "Art. 3", "## Article 3 — Title"), numbered paragraphs
 * ("1.", "(a)"), bracketed alternatives and "Option A: …" lines. Whatever it cannot place is listed with its
 * line number. It never throws: a draft is user input, and a preview must always come back.
 */

/** Lines longer than this are never structure: it also bounds the work of every pattern. */
const MAX_STRUCTURE_LENGTH = 1_000;

/** A Markdown heading's article: "Article 3 bis. Title" (numbers may hold spaces here, the '#' says it is one). */
const HEADING_ARTICLE = /^(?:article|art\.?)\s+(.+?)(?:\s*(?:\.\s|:\s|\s[—–]\s|\s-{1,2}\s)\s*(.*))?\.?$/i;

type Section = "start" | "preamble" | "body" | "final" | "unknown";

/** A short line without final punctuation reads as a title. */
const titleLike = (text: string) => text.length <= 150 && !/[.;,:]$/.test(text) && !text.startsWith("[");

class Reader {
  readonly preview: ImportPreview = emptyPreview();
  private section: Section = "start";
  private article: ImportedProvision | null = null;
  private item: ImportedProvision | null = null;
  private block: Block | null = null;
  /** After "Article 3" with no title: the next short line may be its title. */
  private pendingHeading = false;

  private unrecognised(line: number, text: string): void {
    this.preview.unrecognised.push({ line, text });
  }

  private warn(line: number, message: string): void {
    this.preview.warnings.push(`Line ${line}: ${message}`);
  }

  private provision(kind: ProvisionKind, line: number, number = "", text = ""): ImportedProvision {
    return { kind, number, heading: "", text, status: null, alternatives: [], children: [], line };
  }

  /** What a status line or alternatives attach to: the paragraph, the article or the last recital. */
  private target(): ImportedProvision | null {
    if (this.section === "start" || this.section === "preamble") return this.preview.preamble.at(-1) ?? null;
    return this.item ?? this.article;
  }

  /** A new article; `heading` says the line was a Markdown heading, whose rest is always the title. */
  private startArticle(line: number, number: string, title: string, heading = false): void {
    this.flush();
    if (this.section !== "final") this.section = "body";
    const article = this.provision(this.section === "final" ? "final" : "article", line, number);
    const rest = unescapeMarkdown(title).trim();
    if (rest === "") this.pendingHeading = true;
    else if (heading || titleLike(rest)) article.heading = rest;
    else article.text = rest;
    this.preview.articles.push(article);
    this.article = article;
    this.item = null;
  }

  private attach(alternatives: ImportedAlternative[], line: number, raw: string): void {
    const target = this.target();
    if (!target) {
      this.unrecognised(line, raw);
      this.warn(line, "alternatives before any provision were left out.");
      return;
    }
    target.alternatives.push(...alternatives);
  }

  private flushText(block: Block): void {
    const raw = join(block.lines);
    const line = block.start;
    if (raw.startsWith("[")) {
      const alternatives = parseBracketList(raw, line);
      if (alternatives) {
        this.pendingHeading = false;
        this.attach(alternatives, line, raw);
        return;
      }
      this.warn(line, "a bracketed passage could not be read as alternatives; it was kept as text.");
    } else if (hasInlineBrackets(raw)) {
      this.warn(line, "brackets inside a sentence were kept as text, not as alternatives.");
    }
    const text = unescapeMarkdown(raw).trim();
    if (this.section === "start" && this.preview.title === null) {
      this.preview.title = text;
      return;
    }
    if (this.section === "start" || this.section === "preamble") {
      const numbered = PREAMBLE_NUMBER.exec(raw);
      const number = numbered ? (numbered[1] ?? "").replace(/\s/g, "") : "";
      const body = numbered ? unescapeMarkdown(numbered[2] ?? "").trim() : text;
      this.preview.preamble.push(this.provision("preamble", line, number, body));
      return;
    }
    const article = this.article;
    if (!article) return;
    this.pendingHeading = false;
    const into = this.item ?? article;
    into.text = into.text === "" ? text : `${into.text}\n\n${text}`;
  }

  private flush(): void {
    const block = this.block;
    this.block = null;
    if (!block) return;
    if (block.kind === "text") this.flushText(block);
    else if (block.kind === "item" && this.item) {
      // "2. [text] (Armenia) / [text] (Azerbaijan)": a paragraph given only as alternatives.
      const raw = join(block.lines);
      const alternatives = raw.startsWith("[") ? parseBracketList(raw, block.start) : null;
      if (alternatives) this.item.alternatives.push(...alternatives);
      else this.item.text = unescapeMarkdown(raw).trim();
    } else if (block.kind === "option") {
      this.attach(
        [alternativeFrom(join(block.lines), block.label, block.start)],
        block.start,
        block.lines[0] ?? "",
      );
    }
  }

  private headingLine(line: number, raw: string, level: number, text: string): void {
    this.flush();
    const content = plain(text);
    if (level === 1 && this.preview.title === null && this.section === "start" && content !== "") {
      this.preview.title = unescapeMarkdown(content);
      return;
    }
    const section = SECTION_LINE.exec(content);
    if (section) {
      this.section = (section[1] ?? "").toLowerCase() === "preamble" ? "preamble" : "final";
      this.article = null;
      this.item = null;
      return;
    }
    const article = content.length <= MAX_STRUCTURE_LENGTH ? HEADING_ARTICLE.exec(content) : null;
    if (article) {
      const number = unescapeMarkdown(article[1] ?? "").trim();
      this.startArticle(line, number === UNNUMBERED ? "" : number, article[2] ?? "", true);
      return;
    }
    if (this.preview.title === null && this.section === "start" && content !== "") {
      this.preview.title = unescapeMarkdown(content);
      return;
    }
    this.section = "unknown";
    this.article = null;
    this.item = null;
    this.unrecognised(line, raw);
    this.warn(
      line,
      `the section "${unescapeMarkdown(content).slice(0, 80)}" is not part of an instrument; its lines were left out.`,
    );
  }

  /** Code fence being skipped ("```" or "~~~"), if any. */
  private fence: string | null = null;

  /** Reads one line (1-based number, raw text). */
  read(line: number, raw: string): void {
    const trimmed = raw.trim();
    const open = this.block;
    if (open && this.fence === null && hardBreak(open.lines.at(-1) ?? "")) {
      open.lines.push(trimmed);
      return;
    }
    const marker = /^(```|~~~)/.exec(trimmed)?.[1] ?? null;
    if (this.fence !== null || marker !== null) {
      // Code blocks are never part of an instrument: keep them aside, line by line.
      this.flush();
      if (this.fence === null) this.fence = marker;
      else if (marker === this.fence) this.fence = null;
      this.unrecognised(line, raw);
      return;
    }
    if (trimmed === "") {
      this.flush();
      return;
    }
    if (trimmed.length > MAX_STRUCTURE_LENGTH) {
      this.text(line, raw, trimmed);
      return;
    }
    const h = heading(trimmed);
    if (h) {
      this.headingLine(line, raw, h.level, h.text);
      return;
    }
    this.structure(line, raw, trimmed);
  }

  private structure(line: number, raw: string, trimmed: string): void {
    const p = plain(trimmed);
    const version = VERSION_LINE.exec(p);
    if (version && this.preview.articles.length === 0 && this.preview.preamble.length === 0) {
      this.flush();
      if (/^version/i.test(p)) this.preview.version = unescapeMarkdown(version[1] ?? "").trim();
      return;
    }
    const section = SECTION_LINE.exec(p);
    if (section) {
      this.headingLine(line, raw, 2, p);
      return;
    }
    const article = ARTICLE_LINE.exec(p);
    if (article && (article[2] !== undefined || (article[3] ?? "") === "")) {
      const number = article[1] ?? "";
      this.startArticle(line, number === UNNUMBERED ? "" : number, article[3] ?? "");
      return;
    }
    if (this.section === "unknown") {
      this.unrecognised(line, raw);
      return;
    }
    const status = STATUS_LINE.exec(p);
    if (status) {
      this.flush();
      this.pendingHeading = false;
      const target = this.target();
      const value = statusFromLabel(unescapeMarkdown(status[1] ?? ""));
      if (target && value) target.status = value;
      else {
        this.unrecognised(line, raw);
        this.warn(line, target ? "this status is not one Parley knows." : "a status before any provision.");
      }
      return;
    }
    const option = OPTION_LINE.exec(p);
    if (option) {
      this.flush();
      this.block = {
        kind: "option",
        lines: [option[3] ?? ""],
        start: line,
        label: option[2] ?? null,
        depth: 0,
      };
      return;
    }
    const item = this.article ? ITEM_LINE.exec(p) : null;
    if (item && this.article) {
      this.flush();
      this.pendingHeading = false;
      const number = item[1] ?? item[2] ?? item[3] ?? "";
      const child = this.provision("paragraph", line, number);
      this.article.children.push(child);
      this.item = child;
      this.block = { kind: "item", lines: [item[5] ?? ""], start: line, label: null, depth: 0 };
      return;
    }
    if (OTHER_MARKDOWN.test(trimmed)) {
      this.flush();
      if (!/^(?:[-*_=]\s*){3,}$/.test(trimmed)) this.unrecognised(line, raw);
      return;
    }
    this.text(line, raw, trimmed);
  }

  private text(line: number, raw: string, trimmed: string): void {
    if (this.section === "unknown") {
      this.unrecognised(line, raw);
      return;
    }
    const open = this.block;
    const article = this.article;
    if (this.pendingHeading && !open && article && article.heading === "" && article.text === "") {
      this.pendingHeading = false;
      const text = unescapeMarkdown(trimmed);
      if (titleLike(text) && /^\p{Lu}/u.test(text)) {
        article.heading = text;
        return;
      }
    }
    const bracketed = trimmed.startsWith("[");
    if (open && continues(open, bracketed)) {
      open.lines.push(trimmed);
      open.depth += depth(trimmed);
      return;
    }
    this.flush();
    this.block = { kind: "text", lines: [trimmed], start: line, label: null, depth: depth(trimmed) };
  }

  /** Checks made once everything is read. */
  finish(): ImportPreview {
    this.flush();
    const preview = this.preview;
    takeFormulas(preview);
    if (preview.title === null) preview.warnings.push("No title was found.");
    if (preview.articles.length === 0) preview.warnings.push("No articles were found.");
    const seen = new Map<string, number>();
    for (const article of preview.articles) {
      if (article.number === "") continue;
      const first = seen.get(article.number);
      if (first !== undefined) {
        this.warn(article.line, `Article ${article.number} already appears at line ${first}.`);
      } else seen.set(article.number, article.line);
    }
    return preview;
  }
}

/** Parses a Markdown or plain-text draft into a preview. Never throws. */
export function parseMarkdownDraft(source: string): ImportPreview {
  const reader = new Reader();
  source
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .forEach((raw, index) => {
      reader.read(index + 1, raw);
    });
  return reader.finish();
}
