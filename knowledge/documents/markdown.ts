/**
 * Markdown and plain text. No Markdown library is installed, and guidance documents use only the block
 * basics (front matter, `#` headings, paragraphs, lists, quotes), so this reads those by hand; inline
 * syntax is reduced to its text. Front matter is parsed by `yaml`.
 */
import { parse as parseYaml } from "yaml";
import { DocumentError } from "./errors.ts";
import { type ExtractedDocument, isoDate, normaliseSpace, pushList, type Section } from "./structure.ts";

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const ATX_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;
const RULE = /^\s*(?:[-*_]\s*){3,}$/;

/** Reduces inline Markdown to its words: links and images to their text, emphasis and code marks dropped. */
function inlineText(line: string): string {
  return normaliseSpace(
    line
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
      .replace(/<[^>]+>/g, " ")
      .replace(/(\*\*|__|\*|_|`)(?=\S)([^*_`]*?\S)\1/g, "$2")
      .replace(/^\s*>\s?/, "")
      .replace(/\s*\|\s*/g, " | ")
      .replace(/^\|\s*|\s*\|$/g, ""),
  );
}

function frontMatter(fileName: string, raw: string): { body: string; meta: Record<string, unknown> } {
  const match = FRONT_MATTER.exec(raw);
  if (!match) return { body: raw, meta: {} };
  let meta: unknown;
  try {
    meta = parseYaml(match[1] ?? "");
  } catch (error) {
    throw new DocumentError(
      "corrupt",
      fileName,
      `"${fileName}" has front matter (between the --- lines) that is not valid YAML: ${(error as Error).message.split("\n")[0]}`,
      { cause: error },
    );
  }
  const record =
    meta && typeof meta === "object" && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {};
  return { body: raw.slice(match[0].length), meta: record };
}

function metaString(meta: Record<string, unknown>, key: string): string | undefined {
  const value = meta[key];
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** Parses Markdown text: front matter title/date/author/url, `#` headings, paragraphs and lists. */
export function extractMarkdown(fileName: string, raw: string): ExtractedDocument {
  const { body, meta } = frontMatter(fileName, raw);
  const sections: Section[] = [];
  let current: Section = { paragraphs: [] };
  let paragraph: string[] = [];
  let list: string[] = [];
  let fence: string | undefined;
  let firstH1: string | undefined;

  const flushParagraph = () => {
    const text = normaliseSpace(paragraph.join(" "));
    if (text) current.paragraphs.push(text);
    paragraph = [];
  };
  const flushList = () => {
    if (list.length > 0) pushList(current.paragraphs, list);
    list = [];
  };
  const startSection = (heading: string) => {
    flushParagraph();
    flushList();
    if (current.heading !== undefined || current.paragraphs.length > 0) sections.push(current);
    current = { heading, paragraphs: [] };
  };

  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch?.[1] === fence) {
        fence = undefined;
        flushParagraph();
      } else paragraph.push(line.trim());
      continue;
    }
    if (fenceMatch) {
      flushParagraph();
      flushList();
      fence = fenceMatch[1];
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    // A setext heading: a line of text underlined by === or ---.
    const underline = /^\s*(=+|-+)\s*$/.exec(lines[i + 1] ?? "");
    if (heading) {
      const text = inlineText(heading[2] ?? "");
      if (heading[1] === "#" && firstH1 === undefined) firstH1 = text;
      if (text) startSection(text);
      continue;
    }
    if (underline && line.trim() && paragraph.length === 0 && !LIST_ITEM.test(line)) {
      const text = inlineText(line);
      if (underline[1]?.startsWith("=") && firstH1 === undefined) firstH1 = text;
      startSection(text);
      i++;
      continue;
    }
    if (!line.trim()) {
      flushParagraph();
      continue;
    }
    if (RULE.test(line)) {
      flushParagraph();
      flushList();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flushParagraph();
      list.push(inlineText(item[1] ?? ""));
      continue;
    }
    if (list.length > 0 && /^\s{2,}\S/.test(line)) {
      // a wrapped list item continues the item above it
      list[list.length - 1] = `${list[list.length - 1]} ${inlineText(line)}`;
      continue;
    }
    flushList();
    paragraph.push(inlineText(line));
  }
  flushParagraph();
  flushList();
  if (current.heading !== undefined || current.paragraphs.length > 0) sections.push(current);

  const extracted: ExtractedDocument = { sections };
  const title = metaString(meta, "title") ?? firstH1;
  if (title) extracted.title = title;
  const date = isoDate(meta.date instanceof Date ? meta.date : metaString(meta, "date"));
  if (date) extracted.date = date;
  const author = metaString(meta, "author");
  if (author) extracted.author = author;
  const url = metaString(meta, "url");
  if (url) extracted.url = url;
  return extracted;
}

/**
 * Parses plain text: paragraphs are separated by blank lines; a first paragraph that is one short line
 * with no closing punctuation is the title.
 */
export function extractPlainText(raw: string): ExtractedDocument {
  const blocks = raw
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.split("\n").map(normaliseSpace).filter(Boolean))
    .filter((lines) => lines.length > 0);
  const extracted: ExtractedDocument = { sections: [] };
  const first = blocks[0];
  if (first?.length === 1 && (first[0] ?? "").length <= 120 && !/[.:;,!?]$/.test(first[0] ?? "")) {
    extracted.title = first[0];
    blocks.shift();
  }
  extracted.sections.push({ paragraphs: blocks.map((lines) => lines.join(" ")) });
  return extracted;
}
