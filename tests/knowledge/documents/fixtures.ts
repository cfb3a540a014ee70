/**
 * Builds small, valid documents in memory for the parser tests: no network and no binary files in git.
 * The PDF writer lays out the few objects pdf.js needs (catalog, pages, Helvetica, one content stream
 * per page) with a correct xref table; the .docx is the three parts Word needs, zipped by fflate.
 */
import { strToU8, zipSync } from "fflate";

/** One line of PDF text; `size` defaults to 11 pt, `gap` adds space above it (a paragraph break). */
export interface PdfLine {
  text: string;
  size?: number;
  gap?: number;
}

export interface PdfOptions {
  /** Lines per page; a page with no lines has no text operators at all (an image-only scan's shape). */
  pages: PdfLine[][];
  /** The document information dictionary, e.g. { Title: "X", CreationDate: "D:20240315120000Z" }. */
  info?: Record<string, string>;
  /** Adds a standard security handler whose user password is not empty. */
  encrypt?: boolean;
}

function pdfString(text: string): string {
  return `(${text.replace(/[()\\]/g, "\\$&")})`;
}

/** A minimal valid PDF with real text operators. */
export function buildPdf(options: PdfOptions): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add(""); // 1: catalog, filled in below
  add(""); // 2: page tree
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"); // 3
  const kids: number[] = [];
  for (const lines of options.pages) {
    let y = 750;
    const ops: string[] = [];
    for (const line of lines) {
      const size = line.size ?? 11;
      y -= size * 1.25 + (line.gap ?? 0);
      ops.push(`BT /F1 ${size} Tf 72 ${y.toFixed(1)} Td ${pdfString(line.text)} Tj ET`);
    }
    const stream = ops.join("\n");
    const content = add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  const info = options.info
    ? add(
        `<< ${Object.entries(options.info)
          .map(([key, value]) => `/${key} ${pdfString(value)}`)
          .join(" ")} >>`,
      )
    : undefined;
  const encrypt = options.encrypt
    ? add(`<< /Filter /Standard /V 1 /R 2 /O <${"4f".repeat(32)}> /U <${"55".repeat(32)}> /P -3904 >>`)
    : undefined;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  const extras = [
    info ? `/Info ${info} 0 R` : "",
    encrypt ? `/Encrypt ${encrypt} 0 R /ID [<${"ab".repeat(16)}> <${"ab".repeat(16)}>]` : "",
  ].join(" ");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extras} >>\nstartxref\n${xref}\n%%EOF\n`;
  return strToU8(out, true);
}

/** Wraps prose into PDF lines of about `width` characters, as a typesetter would. */
export function wrap(text: string, width = 80): PdfLine[] {
  const lines: PdfLine[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push({ text: line });
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push({ text: line });
  return lines;
}

/** One Word paragraph: body text, or a heading ("Heading1".."Heading6"), or a list item. */
export interface DocxParagraph {
  text: string;
  style?: string;
}

export interface DocxOptions {
  paragraphs: DocxParagraph[];
  core?: { title?: string; creator?: string; created?: string };
}

function xmlText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A minimal .docx: content types, the package relationship, the document and (optionally) core properties. */
export function buildDocx(options: DocxOptions): Uint8Array {
  const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  const body = options.paragraphs
    .map((p) => {
      const style = p.style ? `<w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` : "";
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${xmlText(p.text)}</w:t></w:r></w:p>`;
    })
    .join("");
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`,
    ),
  };
  if (options.core) {
    const { title, creator, created } = options.core;
    files["docProps/core.xml"] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${title ? `<dc:title>${xmlText(title)}</dc:title>` : ""}${creator ? `<dc:creator>${xmlText(creator)}</dc:creator>` : ""}${created ? `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` : ""}</cp:coreProperties>`,
    );
  }
  return zipSync(files);
}

/** Prose of a given length about a topic, so passages reach realistic sizes. */
export function prose(topic: string, sentences: number): string {
  const out: string[] = [];
  for (let i = 1; i <= sentences; i++) {
    out.push(
      `Point ${i} about ${topic} is that the team should plan it early and agree it with the council.`,
    );
  }
  return out.join(" ");
}
