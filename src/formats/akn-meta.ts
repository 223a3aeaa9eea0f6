import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";

/**
 * What the instrument and statement exports share: the root element, FRBR identification, the references
 * section and text cleaning. Everything here follows the Akoma Ntoso 3.0 schema and its naming convention.
 */
export const AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/** Our own metadata inside `<proprietary>`, which the schema leaves open to any other namespace. */
export const PARLEY_NAMESPACE = "urn:parley:akn:1";
/**
 * A negotiated treaty belongs to no single jurisdiction, and the naming convention has no code for that;
 * "int" keeps the URIs well-formed without claiming a country or an organisation.
 */
export const AKN_COUNTRY = "int";
/** The agent every export is attributed to: the mediation keeps the single negotiating text. */
export const MEDIATION_REF = "mediation";

export type Node = XMLBuilder;

/** Starts a document: `<akomaNtoso>` in the Akoma Ntoso namespace, children inherit it. */
export function aknRoot(): Node {
  return create({ version: "1.0", encoding: "UTF-8" }).ele(AKN_NAMESPACE, "akomaNtoso");
}

/** The few DOM members the indenter needs (the project compiles without the DOM library). */
interface DomNode {
  nodeType: number;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  ownerDocument: { createTextNode(text: string): DomNode } | null;
  appendChild(node: DomNode): DomNode;
}

const ELEMENT = 1;
const dom = (node: Node) => node.node as unknown as DomNode;
const depths = new WeakMap<DomNode, number>();
const indents: string[] = [];
const indentation = (depth: number) => {
  indents[depth] ??= `\n${"  ".repeat(depth)}`;
  return indents[depth];
};
/** Elements that hold blocks: their end tag goes on a line of its own. */
const containers = new WeakSet<DomNode>();

/**
 * Adds an element on a line of its own, indented. Only inline markup (`<br/>`, `<docTitle>` inside a `<p>`)
 * is added with `ele`: xmlbuilder2's pretty printer would indent mixed content too, changing the text, and
 * indenting a finished tree node by node is quadratic in its DOM.
 */
export function block(parent: Node, name: string, attributes: Record<string, string> = {}): Node {
  const depth = depths.get(dom(parent)) ?? 0;
  containers.add(dom(parent));
  parent.txt(indentation(depth + 1));
  const child = name.startsWith("parley:")
    ? parent.ele(PARLEY_NAMESPACE, name, attributes)
    : parent.ele(name, attributes);
  depths.set(dom(child), depth + 1);
  return child;
}

function closeBlocks(element: DomNode, depth: number): void {
  const document = element.ownerDocument;
  if (!document || !containers.has(element)) return;
  for (let c = element.firstChild; c; c = c.nextSibling)
    if (c.nodeType === ELEMENT) closeBlocks(c, depth + 1);
  element.appendChild(document.createTextNode(indentation(depth)));
}

/** Serialises a finished document. */
export function serialise(root: Node): string {
  closeBlocks(dom(root), 0);
  return `${root.end({ prettyPrint: false }).replace("?>", "?>\n")}\n`;
}

// XML 1.0 forbids most control characters, lone surrogates and U+FFFE/U+FFFF; user text may hold them.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text as XML 1.0 can carry it: characters it forbids are dropped, and every '&' is written as "&amp;"
 * here, because xmlbuilder2 leaves anything shaped like an entity reference ("&name;", "&#65;") unescaped:
 * user text "&foo;" would otherwise be an undefined entity, and "&amp;" would lose its meaning.
 */
export function clean(text: string): string {
  return text.replace(NOT_XML, "").replaceAll("&", "&amp;");
}

/** Writes text into an element, one `<br/>` per line break, so multi-line provisions keep their lines. */
export function lines(node: Node, text: string): Node {
  const parts = clean(text).split(/\r?\n/);
  parts.forEach((part, index) => {
    if (index > 0) node.ele("br");
    if (part !== "") node.txt(part);
  });
  return node;
}

/** A string usable inside eIds and URI segments: whitespace and '/' never appear, nothing is empty. */
export function segment(value: string): string {
  const safe = clean(value).replace(/[\s/#?]+/g, "-");
  return safe === "" ? "none" : safe;
}

/** ISO date (YYYY-MM-DD) of a date, an instant or a written date ("4 May 2023"), or the fallback. */
export function isoDay(value: string | undefined, fallback: string): string {
  const day = value?.slice(0, 10) ?? "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  // A written date parses as local midnight, so its local calendar fields are the day meant.
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(parsed)) return fallback;
  const d = new Date(parsed);
  const year = d.getFullYear();
  if (year < 1 || year > 9999) return fallback;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface Identity {
  /** Akoma Ntoso document type, e.g. "bill" or "statement". */
  type: string;
  /** Day the work came into being: stays the same across versions, so the work URI does too. */
  workDate: string;
  /** Day of this version. */
  versionDate: string;
  /** Distinguishes the work within its type and date, e.g. the negotiation id. */
  number: string;
  name: string;
  /** Authors of the work and the expression, as reference ids (without '#'). */
  authors: string[];
}

/** `<identification>` with FRBRWork, FRBRExpression and FRBRManifestation, as the schema requires them. */
export function identification(meta: Node, id: Identity): void {
  const work = `/akn/${AKN_COUNTRY}/${id.type}/${id.workDate}/${segment(id.number)}`;
  const expression = `${work}/eng@${id.versionDate}`;
  const ident = block(meta, "identification", { source: `#${MEDIATION_REF}` });
  const frbr = (name: string, uri: string, self: string, date: string, dateName: string) => {
    const node = block(ident, name);
    block(node, "FRBRthis", { value: self });
    block(node, "FRBRuri", { value: uri });
    block(node, "FRBRdate", { date, name: dateName });
    for (const author of id.authors) block(node, "FRBRauthor", { href: `#${author}` });
    return node;
  };
  const w = frbr("FRBRWork", work, `${work}/!main`, id.workDate, "creation");
  block(w, "FRBRcountry", { value: AKN_COUNTRY });
  block(w, "FRBRname", { value: clean(id.name) });
  const e = frbr("FRBRExpression", expression, `${expression}/!main`, id.versionDate, "version");
  block(e, "FRBRlanguage", { language: "eng" });
  const m = frbr(
    "FRBRManifestation",
    `${expression}.akn`,
    `${expression}/!main.xml`,
    id.versionDate,
    "export",
  );
  block(m, "FRBRformat", { value: "application/akn+xml" });
}

export interface Organisation {
  /** Reference id: a party id, or "mediation". */
  id: string;
  name: string;
}

/** `<references>`: one TLCOrganization per party and for the mediation, plus any concepts. */
export function references(
  meta: Node,
  organisations: readonly Organisation[],
  concepts: readonly { id: string; path: string; label: string }[] = [],
): void {
  const refs = block(meta, "references", { source: `#${MEDIATION_REF}` });
  const seen = new Set<string>();
  for (const org of organisations) {
    const id = segment(org.id);
    if (seen.has(id)) continue;
    seen.add(id);
    block(refs, "TLCOrganization", {
      eId: id,
      href: `/akn/ontology/organization/${AKN_COUNTRY}/${id}`,
      showAs: clean(org.name) || id,
    });
  }
  for (const concept of concepts) {
    block(refs, "TLCConcept", {
      eId: concept.id,
      href: `/akn/ontology/concept/parley/${concept.path}`,
      showAs: concept.label,
    });
  }
}

/** The organisations an export refers to: the mediation first, then every party. */
export function organisations(parties: readonly Organisation[]): Organisation[] {
  return [{ id: MEDIATION_REF, name: "Mediation" }, ...parties.filter((p) => p.id !== MEDIATION_REF)];
}
