import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { validateXML } from "xmllint-wasm";
import { packageRoot } from "./package-root.ts";

/**
 * Validation against the official Akoma Ntoso 3.0 schema, in-process (libxml2 compiled to WebAssembly),
 * so tests and the CLI need no system xmllint. The official schema ships with the project in `schema/akn/`
 * (CC BY 4.0, with its licence); PARLEY_AKN_SCHEMA may point at another copy.
 */
const PROJECT_ROOT = packageRoot();

/** The path of `akomantoso30.xsd`: PARLEY_AKN_SCHEMA when set, else the project's own `schema/akn/`. */
export function aknSchemaPath(): string {
  const override = process.env.PARLEY_AKN_SCHEMA;
  if (override) return resolve(override);
  return resolve(PROJECT_ROOT, "schema/akn/akomantoso30.xsd");
}

export interface AknValidation {
  valid: boolean;
  /** One line per problem, e.g. "line 12: Element 'p': This element is not expected." */
  errors: string[];
}

let cached: { path: string; files: Promise<{ main: string; xml: string }> } | null = null;

function loadSchema(): Promise<{ main: string; xml: string }> {
  const path = aknSchemaPath();
  if (cached?.path !== path) {
    const files = Promise.all([
      readFile(path, "utf8"),
      readFile(join(dirname(path), "xml.xsd"), "utf8"),
    ]).then(
      ([main, xml]) => ({ main, xml }),
      (error: unknown) => {
        throw new Error(
          `The Akoma Ntoso schema (akomantoso30.xsd with xml.xsd beside it) is not at ${path}; set PARLEY_AKN_SCHEMA to it.`,
          { cause: error },
        );
      },
    );
    // A missing schema must not stay cached: the next call may find it.
    files.catch(() => {
      if (cached?.files === files) cached = null;
    });
    cached = { path, files };
  }
  return cached.files;
}

/**
 * Validates Akoma Ntoso documents against the official schema (which imports `./xml.xsd`). Several
 * documents are checked in one run, which compiles the schema once; errors then name `document-N.xml`.
 */
export async function validateAkn(xml: string | readonly string[]): Promise<AknValidation> {
  const schema = await loadSchema();
  const documents = typeof xml === "string" ? [xml] : xml;
  if (documents.length === 0) return { valid: true, errors: [] };
  const result = await validateXML({
    xml: documents.map((contents, index) => ({
      fileName: documents.length === 1 ? "document.xml" : `document-${index + 1}.xml`,
      contents,
    })),
    schema: { fileName: "akomantoso30.xsd", contents: schema.main },
    preload: [{ fileName: "xml.xsd", contents: schema.xml }],
    // Large instruments (1,000 articles) need more than the default 32 MiB.
    maxMemoryPages: 16 * 1024,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) =>
      e.loc ? `${e.loc.fileName} line ${e.loc.lineNumber}: ${e.message}` : e.message,
    ),
  };
}
