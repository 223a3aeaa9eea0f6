import { inflateRawSync } from "node:zlib";
import { DomainError } from "../domain/errors.ts";

/**
 * Opens a DOCX container defensively, before any library inflates it: the file's size, its kind, the zip's
 * directory, the entry count and the declared sizes are checked first, then every entry is inflated with
 * its declared size as a hard cap, so a lying or hostile archive is refused without filling memory.
 */

/** Limits on what a draft may be; the error names the limit that was hit. */
export const DOCX_LIMITS = {
  /** The file as uploaded. */
  maxFileBytes: 20 * 1024 * 1024,
  /** All entries inflated. */
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntries: 2_000,
} as const;

/** Why a file was refused: `details.reason` of the validation error. */
export type DocxRejection =
  | "empty"
  | "too_large"
  | "encrypted"
  | "wrong_type"
  | "not_zip"
  | "truncated"
  | "malformed"
  | "zip_bomb";

/** The one error a refused draft gets: a validation error with a stable `details.reason`. */
export function rejectDocx(
  reason: DocxRejection,
  message: string,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError("validation", message, { reason, ...details });
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OTHER_KINDS: { magic: string; kind: string }[] = [
  { magic: "%PDF", kind: "PDF" },
  { magic: "{\\rtf", kind: "RTF" },
  { magic: "\x89PNG", kind: "PNG image" },
  { magic: "\xff\xd8\xff", kind: "JPEG image" },
  { magic: "GIF8", kind: "GIF image" },
  { magic: "\x1f\x8b", kind: "gzip archive" },
  { magic: "Rar!", kind: "RAR archive" },
  { magic: "7z\xbc\xaf", kind: "7-Zip archive" },
];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** Refuses what is plainly not a DOCX before reading it as a zip: too big, empty, encrypted, another kind. */
function checkKind(bytes: Uint8Array): void {
  if (bytes.length > DOCX_LIMITS.maxFileBytes) {
    throw rejectDocx(
      "too_large",
      `The file is ${mb(bytes.length)}; a draft may be at most ${mb(DOCX_LIMITS.maxFileBytes)}.`,
      {
        bytes: bytes.length,
        limit: DOCX_LIMITS.maxFileBytes,
      },
    );
  }
  if (bytes.length === 0) throw rejectDocx("empty", "The file is empty.");
  if (startsWith(bytes, OLE)) {
    // Word keeps a password-protected DOCX inside an OLE compound file with an "EncryptedPackage" stream.
    if (Buffer.from(bytes).includes(Buffer.from("EncryptedPackage", "utf16le"))) {
      throw rejectDocx(
        "encrypted",
        "The document is protected by a password: remove the protection in Word, then import it.",
      );
    }
    throw rejectDocx(
      "wrong_type",
      "This is an older Word (.doc) or other Office file, not a DOCX: save it as .docx first.",
      {
        detected: "OLE compound file",
      },
    );
  }
  const head = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  const other = OTHER_KINDS.find((k) => head.startsWith(k.magic));
  if (other) {
    throw rejectDocx("wrong_type", `This is a ${other.kind}, not a Word document (.docx).`, {
      detected: other.kind,
    });
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5))) {
    throw rejectDocx(
      "not_zip",
      "This is not a Word document (.docx): a DOCX is a zip archive, and this file is not one.",
    );
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface DirectoryEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Finds the end-of-central-directory record, searching back over a possible archive comment. */
function endOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) return at;
  }
  throw rejectDocx(
    "truncated",
    "The file is incomplete: the end of the zip archive is missing (was the upload cut short?).",
  );
}

function readDirectory(bytes: Uint8Array): DirectoryEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.byteLength < 22)
    throw rejectDocx("truncated", "The file is incomplete: it is too short to be a zip archive.");
  const end = endOfDirectory(view);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) {
    throw rejectDocx("malformed", "The archive uses the zip64 extension, which no Word document needs.");
  }
  if (count > DOCX_LIMITS.maxEntries) {
    throw rejectDocx("zip_bomb", `The archive holds ${count} files; a Word document has a few dozen.`, {
      entries: count,
      limit: DOCX_LIMITS.maxEntries,
    });
  }
  if (offset + size > end)
    throw rejectDocx("truncated", "The file is incomplete: the zip directory is cut short.");
  const entries: DirectoryEntry[] = [];
  let at = offset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) {
      throw rejectDocx("malformed", "The zip directory is damaged.");
    }
    const nameLength = view.getUint16(at + 28, true);
    const entry: DirectoryEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString("utf8"),
    };
    if (entry.flags & 1) {
      throw rejectDocx(
        "encrypted",
        "The archive's contents are encrypted: remove the protection, then import it.",
      );
    }
    total += entry.size;
    if (total > DOCX_LIMITS.maxUncompressedBytes || entry.size === 0xffffffff) {
      throw rejectDocx(
        "zip_bomb",
        `Unpacked, the archive would exceed ${mb(DOCX_LIMITS.maxUncompressedBytes)}.`,
        {
          limit: DOCX_LIMITS.maxUncompressedBytes,
        },
      );
    }
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** The raw (still compressed) bytes of an entry, found through its local header. */
function entryData(bytes: Uint8Array, entry: DirectoryEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length)
    throw rejectDocx("truncated", "The file is incomplete: a part of the document is missing.");
  if (view.getUint32(at, true) !== 0x04034b50)
    throw rejectDocx("malformed", `The zip entry ${entry.name} is damaged.`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length)
    throw rejectDocx("truncated", "The file is incomplete: a part of the document is cut short.");
  return bytes.subarray(start, end);
}

function inflate(bytes: Uint8Array, entry: DirectoryEntry): Buffer {
  const data = entryData(bytes, entry);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method !== 8)
    throw rejectDocx("malformed", `The zip entry ${entry.name} uses an unknown compression.`);
  let out: Buffer;
  try {
    // The declared size is a hard cap: an entry that inflates past it is lying about its size.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw rejectDocx("zip_bomb", `The zip entry ${entry.name} unpacks to more than it declares.`);
    }
    throw rejectDocx("malformed", `The zip entry ${entry.name} cannot be unpacked: the file is damaged.`);
  }
  if (out.length !== entry.size) {
    throw rejectDocx(
      "malformed",
      `The zip entry ${entry.name} does not unpack to its declared size: the file is damaged.`,
    );
  }
  return out;
}

/** Names another Office or zip format from the entries it holds, or null. */
function otherPackage(names: Set<string>): string | null {
  if (names.has("xl/workbook.xml")) return "an Excel workbook (.xlsx)";
  if ([...names].some((n) => n.startsWith("ppt/"))) return "a PowerPoint presentation (.pptx)";
  if (names.has("mimetype") && names.has("content.xml")) return "an OpenDocument text (.odt)";
  return null;
}

/** Checks and unpacks a DOCX within the limits, or throws a validation error with `details.reason`. */
export function openDocx(bytes: Uint8Array): Map<string, Buffer> {
  checkKind(bytes);
  const entries = readDirectory(bytes);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("word/document.xml")) {
    const other = otherPackage(names);
    throw rejectDocx(
      "wrong_type",
      other
        ? `This is ${other}, not a Word document: save it as .docx first.`
        : "This zip archive is not a Word document.",
      {
        detected: other ?? "zip archive",
      },
    );
  }
  const parts = new Map<string, Buffer>();
  for (const entry of entries) {
    if (!entry.name.endsWith("/")) parts.set(entry.name, inflate(bytes, entry));
  }
  return parts;
}
