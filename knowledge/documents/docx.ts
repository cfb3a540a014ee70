/**
 * Word (.docx) through mammoth, which maps Word's heading styles to <h1>..<h6> and body text to <p>;
 * the title and dates come from the package's core properties (docProps/core.xml), read with fflate.
 */
import { unzipSync } from "fflate";
import { DOMParser, parseHTML } from "linkedom";
import mammoth from "mammoth";
import { DocumentError } from "./errors.ts";
import { type ExtractedDocument, isoDate, normaliseSpace, sectionsFromHtml } from "./structure.ts";

/** The signature of an OLE compound file: what Word writes for a password-protected .docx (and an old .doc). */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function corrupt(fileName: string, cause?: unknown): DocumentError {
  return new DocumentError(
    "corrupt",
    fileName,
    `"${fileName}" could not be read as a Word document (the file is damaged or not really .docx).`,
    cause === undefined ? undefined : { cause },
  );
}

function coreProperties(files: Record<string, Uint8Array>): {
  title?: string;
  date?: string;
  author?: string;
} {
  const xml = files["docProps/core.xml"];
  if (!xml) return {};
  const doc = new DOMParser().parseFromString(new TextDecoder().decode(xml), "text/xml");
  const read = (tag: string) =>
    normaliseSpace(doc.getElementsByTagName(tag)[0]?.textContent ?? "") || undefined;
  const out: { title?: string; date?: string; author?: string } = {};
  const title = read("dc:title");
  if (title) out.title = title;
  const date = isoDate(read("dcterms:created")) ?? isoDate(read("dcterms:modified"));
  if (date) out.date = date;
  const author = read("dc:creator");
  if (author) out.author = author;
  return out;
}

/** Parses a .docx into sections under its headings; title, date and author from its core properties. */
export async function extractDocx(fileName: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    throw new DocumentError(
      "encrypted",
      fileName,
      `"${fileName}" is password-protected (or is an old .doc file renamed); save a copy as .docx without a password and add that.`,
    );
  }
  let files: Record<string, Uint8Array>;
  try {
    // Only the small XML parts are needed here; mammoth reads the document itself.
    files = unzipSync(bytes, {
      filter: (file) => file.name === "docProps/core.xml" || file.name === "word/document.xml",
    });
  } catch (error) {
    throw corrupt(fileName, error);
  }
  if (!files["word/document.xml"]) throw corrupt(fileName);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw corrupt(fileName, error);
  }
  const { document } = parseHTML(`<html><body>${html}</body></html>`);
  const { sections, firstHeading } = sectionsFromHtml(document.body);
  const extracted: ExtractedDocument = { sections, ...coreProperties(files) };
  if (!extracted.title && firstHeading) extracted.title = firstHeading.text;
  return extracted;
}
