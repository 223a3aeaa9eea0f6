import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TFontDictionary } from "pdfmake/interfaces.js";

/** A face as four font files: regular, bold, italic, bold italic. */
interface Face {
  name: string;
  files: Four;
}

const LIBERATION = "/usr/share/fonts/truetype/liberation2";
const DEJAVU = "/usr/share/fonts/truetype/dejavu";

type Four = [string, string, string, string];
const four = (names: Four, path: (name: string) => string): Four => [
  path(names[0]),
  path(names[1]),
  path(names[2]),
  path(names[3]),
];

const liberation = (family: "Serif" | "Sans"): Face => ({
  name: `Liberation ${family}`,
  files: four(["Regular", "Bold", "Italic", "BoldItalic"], (w) =>
    join(LIBERATION, `Liberation${family}-${w}.ttf`),
  ),
});

const dejavu = (family: "Serif" | "Sans"): Face => {
  const slant = family === "Serif" ? "Italic" : "Oblique";
  return {
    name: `DejaVu ${family}`,
    files: four(["", "-Bold", `-${slant}`, `-Bold${slant}`], (w) => join(DEJAVU, `DejaVu${family}${w}.ttf`)),
  };
};

/** Roboto ships inside the pdfmake package, so a PDF can always be written, even without system fonts. */
function roboto(): Face {
  const dir = join(
    dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")),
    "fonts",
    "Roboto",
  );
  return {
    name: "Roboto",
    files: four(["Regular", "Medium", "Italic", "MediumItalic"], (w) => join(dir, `Roboto-${w}.ttf`)),
  };
}

function firstInstalled(candidates: Face[]): Face {
  const found = candidates.find((face) => face.files.every((file) => existsSync(file)));
  return found ?? roboto();
}

export interface PdfFonts {
  /** For pdfmake: "Serif" (the text) and "Sans" (the apparatus). */
  dictionary: TFontDictionary;
  /** Every font file, for pdfmake's local-access policy (it may read these and nothing else). */
  files: Set<string>;
  /** Which faces were found, e.g. { serif: "Liberation Serif", sans: "Liberation Sans" }. */
  faces: { serif: string; sans: string };
}

let cached: PdfFonts | null = null;

// Liberation has the metrics of Times New Roman and Arial, which the DOCX names. Nothing is downloaded.
/** The PDF's faces: Liberation or DejaVu from the system when installed, else the Roboto inside pdfmake. */
export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const serif = firstInstalled([liberation("Serif"), dejavu("Serif")]);
  const sans = firstInstalled([liberation("Sans"), dejavu("Sans")]);
  const entry = (face: Face) => ({
    normal: face.files[0],
    bold: face.files[1],
    italics: face.files[2],
    bolditalics: face.files[3],
  });
  cached = {
    dictionary: { Serif: entry(serif), Sans: entry(sans) },
    files: new Set([...serif.files, ...sans.files]),
    faces: { serif: serif.name, sans: sans.name },
  };
  return cached;
}
