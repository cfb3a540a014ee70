/**
 * PDFs, through unpdf (a serverless build of Mozilla's pdf.js). pdf.js gives positioned text runs; the
 * layout rules below (lines, paragraph gaps, larger type as headings, running headers and page numbers)
 * are what no library does for us. Pages are kept so citations can say "p. 4".
 */
import { extractTextItems, getDocumentProxy, getMeta } from "unpdf";
import { DocumentError } from "./errors.ts";
import { type ExtractedDocument, isoDate, normaliseSpace, type Section } from "./structure.ts";

interface Line {
  text: string;
  y: number;
  fontSize: number;
}

type TextItem = Awaited<ReturnType<typeof extractTextItems>>["items"][number][number];

function toLines(items: readonly TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: { parts: string[]; y: number; fontSize: number; endX: number } | undefined;
  const flush = () => {
    const text = normaliseSpace(current?.parts.join("") ?? "");
    if (current && text) lines.push({ text, y: current.y, fontSize: current.fontSize });
    current = undefined;
  };
  for (const item of items) {
    if (current && Math.abs(item.y - current.y) > Math.max(2, item.fontSize * 0.3)) flush();
    if (!current) current = { parts: [], y: item.y, fontSize: 0, endX: item.x };
    const gap = item.x - current.endX;
    const previous = current.parts[current.parts.length - 1] ?? "";
    // pdf.js usually emits the spaces between runs; where it doesn't, a visible gap is a space.
    if (previous && !/\s$/.test(previous) && !/^\s/.test(item.str) && gap > item.fontSize * 0.15)
      current.parts.push(" ");
    current.parts.push(item.str);
    if (item.str.trim()) current.fontSize = Math.max(current.fontSize, item.fontSize);
    current.endX = item.x + item.width;
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** A line's shape with its numbers blanked, so "Page 3" and "Page 4" match. */
function furnitureKey(line: Line): string {
  return line.text.replace(/\d+/g, "#");
}

/** The lines at a page's top and bottom edges: where running headers and footers sit. */
function edges(page: Line[]): Line[] {
  return page.length <= 4 ? page : [...page.slice(0, 2), ...page.slice(-2)];
}

/** Short lines that repeat at the top or bottom of most pages: running headers and footers. */
function furniture(pages: Line[][]): Set<string> {
  const repeated = new Set<string>();
  if (pages.length < 3) return repeated;
  const counts = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(
      edges(page)
        .filter((line) => line.text.length <= 100)
        .map(furnitureKey),
    );
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count >= Math.ceil(pages.length * 0.6)) repeated.add(key);
  return repeated;
}

/** The body text size: the size most characters are set in. */
function bodyFontSize(pages: Line[][]): number {
  const weight = new Map<number, number>();
  for (const line of pages.flat()) {
    const size = Math.round(line.fontSize * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size;
      bestWeight = w;
    }
  }
  return best;
}

function appendLine(paragraph: string, line: string): string {
  if (!paragraph) return line;
  // A word broken at the line end ("transfor-" / "mation") is joined back together.
  if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return `${paragraph.slice(0, -1)}${line}`;
  return `${paragraph} ${line}`;
}

function classifyError(fileName: string, error: unknown): DocumentError {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === "PasswordException") {
    return new DocumentError(
      "encrypted",
      fileName,
      `"${fileName}" is password-protected; save a copy without the password and add that.`,
      { cause: error },
    );
  }
  return new DocumentError(
    "corrupt",
    fileName,
    `"${fileName}" could not be read as a PDF (the file is damaged or not really a PDF).`,
    { cause: error },
  );
}

/** Parses a PDF into per-page sections, headings taken from larger type; title and date from its metadata. */
export async function extractPdf(fileName: string, bytes: Uint8Array): Promise<ExtractedDocument> {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (!head.includes("%PDF-")) {
    throw new DocumentError(
      "corrupt",
      fileName,
      `"${fileName}" is not a PDF (it has no PDF header); check the file is what its name says.`,
    );
  }
  // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
  } catch (error) {
    throw classifyError(fileName, error);
  }
  try {
    const { items } = await extractTextItems(pdf).catch((error: unknown) => {
      throw classifyError(fileName, error);
    });
    const { info, metadata } = await getMeta(pdf, { parseDates: true }).catch(() => ({
      info: {} as Record<string, unknown>,
      metadata: undefined,
    }));
    const pages = items.map(toLines);
    if (pages.every((page) => page.length === 0)) {
      throw new DocumentError(
        "no-text",
        fileName,
        `"${fileName}" has no text to read (it looks like a scanned or image-only PDF); add a PDF with selectable text, or run it through OCR first.`,
      );
    }
    const skip = furniture(pages);
    const body = bodyFontSize(pages);
    const sections: Section[] = [];
    let heading: string | undefined;
    pages.forEach((lines, index) => {
      const section: Section = { page: index + 1, paragraphs: [] };
      if (heading) section.heading = heading;
      let paragraph = "";
      let previous: Line | undefined;
      let inHeading = false;
      const flush = () => {
        if (paragraph) section.paragraphs.push(paragraph);
        paragraph = "";
      };
      const startSection = (text: string) => {
        flush();
        if (section.paragraphs.length > 0) sections.push({ ...section, paragraphs: [...section.paragraphs] });
        section.paragraphs = [];
        section.heading = text;
      };
      for (const line of lines) {
        if (PAGE_NUMBER.test(line.text) || (skip.has(furnitureKey(line)) && edges(lines).includes(line)))
          continue;
        const isHeading = line.fontSize >= body * 1.15 && line.text.length <= 150;
        if (isHeading) {
          // Consecutive large lines are one heading set over two lines.
          const text = inHeading && section.heading ? `${section.heading} ${line.text}` : line.text;
          if (inHeading) section.heading = text;
          else startSection(text);
          heading = section.heading;
          inHeading = true;
          previous = line;
          continue;
        }
        inHeading = false;
        // A vertical gap wider than ordinary line spacing starts a new paragraph.
        if (previous && previous.y - line.y > Math.max(line.fontSize, previous.fontSize) * 1.6) flush();
        paragraph = appendLine(paragraph, line.text);
        previous = line;
      }
      flush();
      if (section.paragraphs.length > 0) sections.push(section);
    });

    const extracted: ExtractedDocument = { sections };
    const xmpTitle = (metadata as { get?: (name: string) => unknown } | undefined)?.get?.("dc:title");
    const title = [info.Title, xmpTitle]
      .map((value) => (typeof value === "string" ? normaliseSpace(value) : ""))
      // Exports often leave "Microsoft Word - file.docx" or "Untitled" as the title: that is no title.
      .find(
        (value) =>
          value &&
          !/^(?:untitled|title)$/i.test(value) &&
          !/^Microsoft (?:Word|PowerPoint) - /i.test(value) &&
          !/\.(?:docx?|pdf)$/i.test(value),
      );
    if (title) extracted.title = title;
    else {
      const firstHeading = sections.find((section) => section.heading)?.heading;
      if (firstHeading) extracted.title = firstHeading;
    }
    const date = isoDate(info.CreationDate) ?? isoDate(info.ModDate);
    if (date) extracted.date = date;
    if (typeof info.Author === "string" && info.Author.trim()) extracted.author = normaliseSpace(info.Author);
    return extracted;
  } finally {
    await pdf.destroy();
  }
}
