import type { ProvisionStatus } from "../domain/entities.ts";
import {
  aknRoot,
  block,
  clean,
  identification,
  isoDay,
  lines,
  MEDIATION_REF,
  type Node,
  organisations,
  PARLEY_NAMESPACE,
  references,
  segment,
  serialise,
} from "./akn-meta.ts";
import {
  type DocumentAlternative,
  type DocumentProvision,
  type InstrumentDocument,
  STATUS_LABELS,
} from "./model.ts";

/**
 * Akoma Ntoso 3.0 export of the instrument as one member sees it. A draft treaty is a `<bill>` (a text not
 * yet in force, with a preface, a preamble of recitals and a body of articles). What the schema offers for
 * the negotiation itself:
 * - eIds come from provision ids, never from numbers, so renumbering keeps every eId;
 * - an alternative is a `<p alternativeTo="…__text">` beside the base text, its proposer named by
 *   `refersTo="#am"` and, with `by="#am"`, by a workflow `<step>` (the only place the schema allows `by`);
 * - a provision's status is a TLCConcept it refers to (the schema's own `status` attribute means something
 *   else: why markup differs from the text), and our `<proprietary>` block repeats every status, proposal
 *   kind and scope for machines.
 */
const STATUSES = Object.keys(STATUS_LABELS) as ProvisionStatus[];

const statusRef = (status: ProvisionStatus) => `status-${status.replaceAll("_", "-")}`;

interface Tree {
  provision: DocumentProvision;
  children: Tree[];
}

/** The provisions as a tree, using the depth-first order and depths of the model. */
function tree(provisions: readonly DocumentProvision[]): Tree[] {
  const roots: Tree[] = [];
  const stack: Tree[] = [];
  for (const provision of provisions) {
    const node: Tree = { provision, children: [] };
    while (stack.length > provision.depth) stack.pop();
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

function flatten(nodes: readonly Tree[]): DocumentProvision[] {
  return nodes.flatMap((n) => [n.provision, ...flatten(n.children)]);
}

/** The eId of a provision's element: built from provision ids only, so it is stable across versions. */
export function provisionEId(provision: Pick<DocumentProvision, "id" | "kind">, parentEId?: string): string {
  const prefix = provision.kind === "preamble" ? "rec" : provision.kind === "paragraph" ? "para" : "art";
  const own = `${prefix}_${segment(provision.id)}`;
  return parentEId ? `${parentEId}__${own}` : provision.kind === "preamble" ? `recs__${own}` : own;
}

const alternativeEId = (ownerEId: string, alternative: DocumentAlternative) =>
  `${ownerEId}__alt_${segment(alternative.proposalId)}`;

const proposerRef = (alternative: DocumentAlternative) =>
  alternative.proposerId === "mediation" ? MEDIATION_REF : segment(alternative.proposerId);

interface Collected {
  provisions: { eId: string; provision: DocumentProvision }[];
  alternatives: { eId: string; alternative: DocumentAlternative }[];
}

/** Every provision and alternative with its eId, in document order: metadata comes first but needs them all. */
function collect(recitals: readonly DocumentProvision[], articles: readonly Tree[]): Collected {
  const out: Collected = { provisions: [], alternatives: [] };
  const add = (eId: string, provision: DocumentProvision) => {
    out.provisions.push({ eId, provision });
    for (const alternative of provision.alternatives) {
      out.alternatives.push({ eId: alternativeEId(eId, alternative), alternative });
    }
  };
  for (const provision of recitals) add(provisionEId({ id: provision.id, kind: "preamble" }), provision);
  const walk = (node: Tree, parentEId: string | undefined) => {
    const eId = provisionEId(node.provision, parentEId);
    add(eId, node.provision);
    for (const child of node.children) walk(child, eId);
  };
  for (const node of articles) walk(node, undefined);
  return out;
}

/** The base text and its alternatives, as sibling paragraphs of one block container. */
function texts(container: Node, eId: string, provision: DocumentProvision): void {
  lines(block(container, "p", { eId: `${eId}__text` }), provision.text);
  for (const alternative of provision.alternatives) {
    const altEId = alternativeEId(eId, alternative);
    const circulated = alternative.scope === "shared" || alternative.scope === "public";
    const p = block(container, "p", {
      eId: altEId,
      alternativeTo: `${eId}__text`,
      refersTo: `#${proposerRef(alternative)}`,
      class: ["alternative", alternative.proposalKind, ...(circulated ? [] : ["not-circulated"])].join(" "),
      title: clean(
        circulated ? alternative.proposer : `${alternative.proposer}, not circulated (${alternative.scope})`,
      ),
    });
    lines(p, alternative.proposalKind === "delete" ? "[Deletion proposed]" : alternative.text);
  }
}

function hierarchy(parent: Node, node: Tree, parentEId: string | undefined): void {
  const { provision } = node;
  const eId = provisionEId(provision, parentEId);
  const element = block(parent, provision.kind === "paragraph" ? "paragraph" : "article", {
    eId,
    refersTo: `#${statusRef(provision.status)}`,
    ...(provision.kind === "final" ? { class: "final" } : {}),
  });
  if (provision.number !== "") {
    block(element, "num").txt(
      clean(provision.kind === "paragraph" ? provision.number : `Article ${provision.number}`),
    );
  }
  if (provision.heading !== "") block(element, "heading").txt(clean(provision.heading));
  if (node.children.length === 0) {
    texts(block(element, "content", { eId: `${eId}__content` }), eId, provision);
    return;
  }
  if (provision.text !== "" || provision.alternatives.length > 0) {
    texts(block(element, "intro", { eId: `${eId}__intro` }), eId, provision);
  }
  for (const child of node.children) hierarchy(element, child, eId);
}

/** A formula of the preamble: the opening one naming the parties, the enacting one leading into the body. */
function formula(preamble: Node, name: "openingFormula" | "enactingFormula", text: string): void {
  const eId = name === "openingFormula" ? "formula_1" : "formula_2";
  block(block(preamble, "formula", { eId, name }), "p").txt(clean(text));
}

function preamble(bill: Node, doc: InstrumentDocument, recitals: readonly DocumentProvision[]): void {
  const opening = doc.openingFormula.trim();
  const closing = doc.closingFormula.trim();
  if (recitals.length === 0 && opening === "" && closing === "") return;
  const node = block(bill, "preamble");
  if (opening !== "") formula(node, "openingFormula", opening);
  if (recitals.length > 0) {
    const container = block(node, "recitals", { eId: "recs" });
    for (const provision of recitals) {
      const eId = provisionEId({ id: provision.id, kind: "preamble" });
      const recital = block(container, "recital", { eId, refersTo: `#${statusRef(provision.status)}` });
      if (provision.number !== "") block(recital, "num").txt(clean(provision.number));
      texts(recital, eId, provision);
    }
  }
  if (closing !== "") formula(node, "enactingFormula", closing);
}

function preface(bill: Node, doc: InstrumentDocument, date: string): void {
  const node = block(bill, "preface");
  block(block(node, "longTitle", { eId: "longTitle" }), "p")
    .ele("docTitle")
    .txt(clean(doc.title));
  const version = block(node, "p", { class: "version" });
  version.ele("docStage").txt(clean(doc.versionLabel));
  version.txt(", ");
  version.ele("docDate", { date }).txt(clean(doc.date));
  if (doc.preparedFor !== "") block(node, "p", { class: "prepared-for" }).txt(clean(doc.preparedFor));
}

function meta(bill: Node, doc: InstrumentDocument, date: string, collected: Collected): Node {
  const node = block(bill, "meta");
  const negotiation = doc.negotiationId || "instrument";
  identification(node, {
    type: "bill",
    workDate: isoDay(doc.createdOn, date),
    versionDate: date,
    number: negotiation,
    name: doc.title,
    authors: [MEDIATION_REF],
  });
  if (collected.alternatives.length > 0) {
    const workflow = block(node, "workflow", { source: `#${MEDIATION_REF}` });
    for (const { eId, alternative } of collected.alternatives) {
      block(workflow, "step", {
        date: isoDay(alternative.tabledAt, date),
        by: `#${proposerRef(alternative)}`,
        href: `#${eId}`,
      });
    }
  }
  const proposers = collected.alternatives
    .filter(({ alternative }) => alternative.proposerId !== "mediation")
    .map(({ alternative }) => ({ id: alternative.proposerId, name: alternative.proposer }));
  references(
    node,
    organisations([...doc.parties, ...proposers]),
    STATUSES.map((s) => ({ id: statusRef(s), path: `status/${s}`, label: STATUS_LABELS[s] })),
  );
  const withHistory = collected.provisions.filter(({ provision }) => provision.history.length > 0);
  if (withHistory.length > 0) {
    const notes = block(node, "notes", { source: `#${MEDIATION_REF}` });
    for (const { eId, provision } of withHistory) {
      const note = block(notes, "note", { eId: `${eId}__history`, class: "history", placementBase: eId });
      for (const line of provision.history) block(note, "p").txt(clean(line));
    }
  }
  return node;
}

function proprietary(metaNode: Node, doc: InstrumentDocument, collected: Collected): void {
  const node = block(metaNode, "proprietary", {
    source: `#${MEDIATION_REF}`,
    "xmlns:parley": PARLEY_NAMESPACE,
  });
  block(node, "parley:document", {
    negotiation: clean(doc.negotiationId),
    negotiationTitle: clean(doc.negotiationTitle),
    stage: clean(doc.stage),
    version: clean(doc.versionLabel),
    preparedFor: clean(doc.preparedFor),
  });
  for (const { eId, provision } of collected.provisions) {
    block(node, "parley:provision", {
      href: `#${eId}`,
      id: clean(provision.id),
      kind: provision.kind,
      status: provision.status,
      statusLabel: provision.statusLabel,
    });
  }
  for (const { eId, alternative } of collected.alternatives) {
    block(node, "parley:alternative", {
      href: `#${eId}`,
      proposal: clean(alternative.proposalId),
      by: clean(alternative.proposerId),
      kind: alternative.proposalKind,
      bridging: String(alternative.bridging),
      scope: clean(alternative.scope),
    });
  }
}

/** The instrument as Akoma Ntoso 3.0 XML (a `<bill>`), valid against the official schema. */
export function instrumentAkn(doc: InstrumentDocument): string {
  const date = isoDay(doc.date, isoDay(doc.createdOn, "1970-01-01"));
  const roots = tree(doc.provisions);
  const recitals = flatten(roots.filter((n) => n.provision.kind === "preamble"));
  const articles = roots.filter((n) => n.provision.kind !== "preamble");
  const root = aknRoot();
  const bill = block(root, "bill", { name: "treaty" });
  const collected = collect(recitals, articles);
  proprietary(meta(bill, doc, date, collected), doc, collected);
  preface(bill, doc, date);
  preamble(bill, doc, recitals);
  const body = block(bill, "body");
  for (const node of articles) hierarchy(body, node, undefined);
  if (articles.length === 0) {
    // The body must hold at least one element; an instrument without articles gets an empty container.
    const empty = block(body, "hcontainer", { eId: "hcontainer_empty", name: "empty" });
    block(block(empty, "content", { eId: "hcontainer_empty__content" }), "p");
  }
  return serialise(root);
}
