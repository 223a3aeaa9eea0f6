import {
  aknRoot,
  block,
  clean,
  identification,
  isoDay,
  lines,
  MEDIATION_REF,
  organisations,
  PARLEY_NAMESPACE,
  references,
  segment,
  serialise,
} from "./akn-meta.ts";
import type { DocumentStatement } from "./model.ts";

/**
 * A statement as Akoma Ntoso 3.0. The schema has a document type for exactly this, `<statement>` ("an
 * official document of a body that may or may not be normative in structure"), so we use it rather than
 * the generic `<doc>`; its `name` says which kind: "party-statement", "mediator-statement",
 * "joint-statement". Paragraphs are the text's blank-line-separated blocks.
 */

/** The statement as Akoma Ntoso 3.0 XML (a `<statement>`), valid against the official schema. */
export function statementAkn(statement: DocumentStatement, options: { date?: string } = {}): string {
  const date = isoDay(options.date ?? statement.date, "1970-01-01");
  const issuers = statement.issuers ?? [];
  const authors = issuers.length > 0 ? issuers.map((i) => segment(i.id)) : [MEDIATION_REF];
  const root = aknRoot();
  const doc = block(root, "statement", { name: `${statement.kind}-statement` });
  const meta = block(doc, "meta");
  identification(meta, {
    type: "statement",
    workDate: date,
    versionDate: date,
    number: `${statement.negotiationId || "negotiation"}-${statement.id}`,
    name: statement.title,
    authors,
  });
  references(meta, organisations(issuers));
  block(
    block(meta, "proprietary", { source: `#${MEDIATION_REF}`, "xmlns:parley": PARLEY_NAMESPACE }),
    "parley:statement",
    {
      id: clean(statement.id),
      kind: statement.kind,
      released: String(statement.released),
      negotiation: clean(statement.negotiationId ?? ""),
    },
  );

  const preface = block(doc, "preface");
  block(block(preface, "longTitle", { eId: "longTitle" }), "p")
    .ele("docTitle")
    .txt(clean(statement.title));
  const proponents = block(preface, "p", { class: "issued-by" });
  issuers.forEach((issuer, index) => {
    if (index > 0) proponents.txt(index === issuers.length - 1 ? " and " : ", ");
    proponents.ele("docProponent", { refersTo: `#${segment(issuer.id)}` }).txt(clean(issuer.name));
  });
  if (issuers.length === 0) proponents.ele("docProponent").txt(clean(statement.issuedBy));
  block(preface, "p", { class: "status" })
    .ele("docStatus")
    .txt(statement.released ? "Released to the public" : "Not released");

  const body = block(doc, "mainBody");
  const paragraphs = statement.text.split(/\r?\n\s*\n/).filter((p) => p.trim() !== "");
  paragraphs.forEach((paragraph, index) => {
    lines(block(body, "p", { eId: `para_${index + 1}` }), paragraph.trim());
  });
  if (paragraphs.length === 0) block(body, "p", { eId: "para_1" });
  return serialise(root);
}
