/**
 * Turns an uploaded guidance document (Markdown, text, HTML, PDF, Word) into passages shaped like the
 * seeds' passages, so retrieval and citations treat both alike. Each format has its own module; this
 * one checks the input, picks the format, and splits sections into passages with the seeds' splitter.
 */
import { createHash } from "node:crypto";
import { splitPassages } from "../corpus.ts";
import type { Passage } from "../types.ts";
import { extractDocx } from "./docx.ts";
import { DocumentError } from "./errors.ts";
import { extractHtml } from "./html.ts";
import { extractMarkdown, extractPlainText } from "./markdown.ts";
import { extractPdf } from "./pdf.ts";
import {
  type ExtractedDocument,
  isoDate,
  normaliseSpace,
  type Section,
  titleFromFileName,
} from "./structure.ts";

/** The formats a document can be in. */
export type DocumentType = "markdown" | "text" | "html" | "pdf" | "docx";

/** Largest file accepted: guidance documents are far smaller, and parsing is done in memory. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * A passage from a document. `source` is `document:<id>`; `page` is the PDF page it was read from, and
 * the title ends "(p. N)" too, so a citation shows the page even where only the title is carried.
 */
export interface DocumentPassage extends Passage {
  url?: string;
  page?: number;
}

/** A document as parsed, before it is stored. */
export interface ParsedDocument {
  /** `d-` and the first 8 hex digits of `contentHash`. */
  id: string;
  title: string;
  date?: string;
  url?: string;
  author?: string;
  type: DocumentType;
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  passages: DocumentPassage[];
}

/** What to parse: the file's bytes and name, and anything the person adding it said about it. */
export interface ParseDocumentInput {
  bytes: Uint8Array;
  fileName: string;
  title?: string;
  url?: string;
  /** YYYY-MM-DD */
  date?: string;
}

const EXTENSIONS: Record<string, DocumentType> = {
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
  html: "html",
  htm: "html",
  xhtml: "html",
  pdf: "pdf",
  docx: "docx",
};

const HINTS: Record<string, string> = {
  doc: "save it as .docx",
  rtf: "save it as .docx",
  odt: "save it as .docx",
  pages: "export it as .docx or PDF",
  pptx: "export it as PDF",
  xlsx: "export the text as PDF",
};

/** The format of a file, from its extension. */
export function documentTypeOf(fileName: string): DocumentType | undefined {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] : undefined;
}

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The charset an HTML page declares in its first bytes (`<meta charset>` or http-equiv), if any. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
}

function decodeText(fileName: string, bytes: Uint8Array, charset = "utf-8"): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder("utf-8"); // an unknown label: UTF-8 is what the web mostly is
  }
  const text = decoder.decode(bytes).replace(/^\uFEFF/, "");
  // NUL bytes never occur in text files: this is a binary file with a text file's name.
  if (text.includes("\u0000")) {
    throw new DocumentError(
      "corrupt",
      fileName,
      `"${fileName}" is not a text file (it contains binary data); check the file is what its name says.`,
    );
  }
  return text;
}

async function extract(type: DocumentType, input: ParseDocumentInput): Promise<ExtractedDocument> {
  switch (type) {
    case "markdown":
      return extractMarkdown(input.fileName, decodeText(input.fileName, input.bytes));
    case "text":
      return extractPlainText(decodeText(input.fileName, input.bytes));
    case "html":
      return extractHtml(decodeText(input.fileName, input.bytes, declaredCharset(input.bytes)));
    case "pdf":
      return extractPdf(input.fileName, input.bytes);
    case "docx":
      return extractDocx(input.fileName, input.bytes);
  }
}

function sameText(a: string, b: string): boolean {
  return normaliseSpace(a).toLowerCase() === normaliseSpace(b).toLowerCase();
}

const SHORT_SECTION_WORDS = 45;

function wordCount(section: Section): number {
  return section.paragraphs.join(" ").split(/\s+/).filter(Boolean).length;
}

/**
 * Folds a short section (a heading with a line or two) into the next one on the same page, its heading
 * kept as a sub-heading line, so passages stay long enough to stand alone as the seeds' do; a short
 * last section folds into the one before it.
 */
export function mergeShortSections(sections: readonly Section[]): Section[] {
  const asParagraphs = (section: Section) =>
    section.heading ? [section.heading, ...section.paragraphs] : section.paragraphs;
  const out: Section[] = [];
  let pending: Section | undefined;
  for (const section of sections) {
    let current = section;
    if (pending && pending.page === section.page) {
      current = { ...pending, paragraphs: [...pending.paragraphs, ...asParagraphs(section)] };
    } else if (pending) out.push(pending);
    pending = undefined;
    if (wordCount(current) < SHORT_SECTION_WORDS) pending = current;
    else out.push(current);
  }
  if (pending) {
    const last = out[out.length - 1];
    if (last && last.page === pending.page)
      out[out.length - 1] = { ...last, paragraphs: [...last.paragraphs, ...asParagraphs(pending)] };
    else out.push(pending);
  }
  return out;
}

/** Splits the sections into passages with the seeds' splitter, so documents and seeds size passages alike. */
function toPassages(
  id: string,
  document: { title: string; date?: string; author?: string; url?: string },
  extracted: ExtractedDocument,
): DocumentPassage[] {
  const seen = new Set<string>();
  const passages: DocumentPassage[] = [];
  for (const section of mergeShortSections(extracted.sections)) {
    const heading =
      section.heading && !sameText(section.heading, document.title) ? section.heading : undefined;
    let title = heading ? `${document.title} — ${heading}` : document.title;
    if (section.page !== undefined) title = `${title} (p. ${section.page})`;
    const post = { id, title, source: `document:${id}`, paragraphs: section.paragraphs };
    for (const passage of splitPassages({
      ...post,
      ...(document.author ? { author: document.author } : {}),
      ...(document.date ? { date: document.date } : {}),
    })) {
      if (seen.has(passage.id)) continue; // the same words twice (a repeated box-out) add nothing
      seen.add(passage.id);
      const out: DocumentPassage = passage;
      if (document.url) out.url = document.url;
      if (section.page !== undefined) out.page = section.page;
      passages.push(out);
    }
  }
  return passages;
}

function sizeInMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Parses one document into passages. Throws DocumentError (one sentence naming the file) when the
 * file is of an unsupported type, empty, image-only, encrypted, damaged or over 20 MB.
 */
export async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  const { fileName, bytes } = input;
  const type = documentTypeOf(fileName);
  if (!type) {
    const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
    const hint = extension ? HINTS[extension] : undefined;
    throw new DocumentError(
      "unsupported-type",
      fileName,
      `"${fileName}" is not a supported document type${extension ? ` (.${extension})` : ""}: add PDF, Word (.docx), HTML, Markdown or plain text${hint ? ` (${hint})` : ""}.`,
    );
  }
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new DocumentError(
      "too-large",
      fileName,
      `"${fileName}" is ${sizeInMb(bytes.byteLength)}, over the 20 MB limit for a document; split it or compress its images.`,
    );
  }
  const empty = () =>
    new DocumentError(
      "empty",
      fileName,
      `"${fileName}" is empty: it has no text to add to the knowledge base.`,
    );
  if (bytes.byteLength === 0) throw empty();

  const extracted = await extract(type, input);
  const contentHash = sha256(bytes);
  const id = `d-${contentHash.slice(0, 8)}`;
  const title = normaliseSpace(input.title ?? "") || extracted.title || titleFromFileName(fileName);
  const date = isoDate(input.date) ?? extracted.date;
  const url = input.url ?? extracted.url;
  const document = {
    title,
    ...(date ? { date } : {}),
    ...(url ? { url } : {}),
    ...(extracted.author ? { author: extracted.author } : {}),
  };
  const passages = toPassages(id, document, extracted);
  if (passages.length === 0) throw empty();
  return { id, ...document, type, contentHash, passages };
}
