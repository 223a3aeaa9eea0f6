import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Footer,
  Header,
  type IStylesOptions,
  PageNumber,
  Paragraph,
  TextRun,
} from "docx";

/** The body face: serif, as a treaty is set; Word has it everywhere, LibreOffice maps it to Liberation Serif. */
export const SERIF = "Times New Roman";
/** The quiet face of the apparatus around the text: header, footer, statuses, legend. */
export const SANS = "Arial";

/**
 * Paragraph style ids. The names are what Word shows in its style list, and what the DOCX import matches
 * to tell Parley's own apparatus (legend, statuses) from the draft's text.
 */
export const STYLE = {
  meta: { id: "ParleyMeta", name: "Parley Meta" },
  legend: { id: "ParleyLegend", name: "Parley Legend" },
  section: { id: "ParleySection", name: "Parley Section" },
  text: { id: "ParleyText", name: "Parley Text" },
  /** A numbered paragraph of an article: "1. …". */
  item: { id: "ParleyItem", name: "Parley Item" },
  alternative: { id: "ParleyAlternative", name: "Parley Alternative" },
  status: { id: "ParleyStatus", name: "Parley Status" },
  header: { id: "ParleyHeader", name: "Parley Header" },
  note: { id: "ParleyNote", name: "Parley Note" },
} as const;

const MUTED = "5F6368";
/** Half-points, as Word counts font sizes. */
const pt = (points: number) => points * 2;

/** The document's styles: serif body, headings in the body face, the apparatus in a small sans. */
export function docxStyles(): IStylesOptions {
  return {
    default: {
      document: {
        run: { font: SERIF, size: pt(12) },
        paragraph: { spacing: { after: 120, line: 276 } },
      },
      heading1: {
        run: { font: SERIF, size: pt(15), bold: true, color: "000000" },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 160 }, keepNext: true },
      },
      heading2: {
        run: { font: SERIF, size: pt(12), bold: false, color: "000000" },
        paragraph: { spacing: { before: 300, after: 100 }, keepNext: true, keepLines: true },
      },
    },
    paragraphStyles: [
      {
        ...STYLE.meta,
        basedOn: "Normal",
        run: { italics: true, size: pt(11) },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 60 } },
      },
      {
        ...STYLE.legend,
        basedOn: "Normal",
        run: { font: SANS, size: pt(8.5), color: MUTED },
        paragraph: {
          alignment: AlignmentType.CENTER,
          spacing: { before: 240, after: 360 },
          border: {
            top: { style: BorderStyle.SINGLE, size: 4, color: "BDBDBD", space: 6 },
            bottom: { style: BorderStyle.SINGLE, size: 4, color: "BDBDBD", space: 6 },
          },
        },
      },
      {
        ...STYLE.section,
        basedOn: "Normal",
        run: { smallCaps: true, bold: true, size: pt(12) },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 480, after: 120 }, keepNext: true },
      },
      {
        ...STYLE.text,
        basedOn: "Normal",
        // Ragged right: without hyphenation, justified lines in this measure open wide gaps.
        paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 100 } },
      },
      {
        ...STYLE.item,
        basedOn: "Normal",
        paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 100 } },
      },
      {
        ...STYLE.alternative,
        basedOn: "Normal",
        paragraph: {
          alignment: AlignmentType.LEFT,
          indent: { left: convertMillimetersToTwip(8) },
          spacing: { after: 100 },
        },
      },
      {
        ...STYLE.status,
        basedOn: "Normal",
        run: { font: SANS, size: pt(8.5) },
        paragraph: { spacing: { before: 20, after: 160 }, keepLines: true },
      },
      {
        ...STYLE.header,
        basedOn: "Normal",
        run: { font: SANS, size: pt(8.5), color: MUTED },
        paragraph: { spacing: { after: 0 } },
      },
      {
        ...STYLE.note,
        basedOn: "Normal",
        run: { size: pt(9) },
        paragraph: { spacing: { after: 20, line: 240 } },
      },
    ],
  };
}

/** A4 with margins wide enough for a generous measure of serif text. */
export const PAGE = {
  size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
  margin: {
    top: convertMillimetersToTwip(25),
    bottom: convertMillimetersToTwip(25),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(28),
    header: convertMillimetersToTwip(12),
    footer: convertMillimetersToTwip(12),
  },
};

/** The running header (instrument, version and date) and the "Page N of M" footer. */
export function docxHeaderFooter(header: string): {
  headers: { default: Header };
  footers: { default: Footer };
} {
  return {
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            style: STYLE.header.id,
            alignment: AlignmentType.RIGHT,
            border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: "BDBDBD", space: 4 } },
            children: [new TextRun(header)],
          }),
        ],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            style: STYLE.header.id,
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ children: ["Page ", PageNumber.CURRENT, " of ", PageNumber.TOTAL_PAGES] }),
            ],
          }),
        ],
      }),
    },
  };
}
