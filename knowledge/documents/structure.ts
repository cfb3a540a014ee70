/**
 * The shape every format parser reduces a document to (sections of paragraphs under headings), and the
 * helpers they share: HTML block walking (HTML pages and Word, which mammoth turns into HTML), list
 * joining, dates and titles.
 */

/** A run of paragraphs under one heading (and, for PDFs, on one page). */
export interface Section {
  heading?: string;
  /** 1-based page number, for formats that have pages (PDF). */
  page?: number;
  paragraphs: string[];
}

/** What a format parser found: metadata where the file carries it, and the text as sections. */
export interface ExtractedDocument {
  title?: string;
  date?: string;
  author?: string;
  url?: string;
  sections: Section[];
}

/** Collapses runs of whitespace (including non-breaking spaces) to single spaces. */
export function normaliseSpace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

/**
 * Joins list items into one paragraph, the way the seed parser joins bullets: short items would
 * otherwise read as headings, and a list belongs with the sentence that introduces it.
 */
export function joinListItems(items: readonly string[]): string {
  const cleaned = items.map((item) => item.replace(/[.;,]+$/, "")).filter(Boolean);
  if (cleaned.length === 0) return "";
  return `${cleaned.join("; ")}.`;
}

/** Appends a list to the paragraph before it when that paragraph introduces it ("...the following:"). */
export function pushList(paragraphs: string[], items: readonly string[]): void {
  const list = joinListItems(items);
  if (!list) return;
  const previous = paragraphs[paragraphs.length - 1];
  if (previous !== undefined && /:$/.test(previous))
    paragraphs[paragraphs.length - 1] = `${previous} ${list}`;
  else paragraphs.push(list);
}

/** An ISO date (YYYY-MM-DD) from a Date or a date string, or undefined when it is not a date. */
export function isoDate(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== "string" || !value.trim()) return undefined;
  const plain = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value.trim());
  if (plain?.[1]) return isoDate(new Date(`${plain[1]}T12:00:00Z`));
  return isoDate(new Date(value));
}

/** A readable title from a file name: "fair-deal_guide.v2.pdf" → "Fair deal guide.v2". */
export function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]+$/, "");
  const words = normaliseSpace(base.replace(/[-_]+/g, " "));
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : fileName;
}

const BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,blockquote,pre,dt,dd,figcaption,td,th";

/** The parts of the DOM the walker reads; linkedom's and the browser's elements both fit. */
interface BlockElement {
  tagName: string;
  textContent: string | null;
  parentNode: unknown;
  querySelector(selector: string): unknown;
}

/**
 * Reads headings and paragraphs from HTML in document order. Innermost blocks only, so a <p> inside
 * an <li> is read once; consecutive list items become one paragraph.
 */
export function sectionsFromHtml(root: { querySelectorAll(selector: string): ArrayLike<unknown> }): {
  sections: Section[];
  firstHeading?: { level: number; text: string };
} {
  const sections: Section[] = [];
  let current: Section = { paragraphs: [] };
  let list: string[] = [];
  let listParent: unknown;
  let firstHeading: { level: number; text: string } | undefined;
  const flushList = () => {
    if (list.length > 0) pushList(current.paragraphs, list);
    list = [];
    listParent = undefined;
  };
  for (const node of Array.from(root.querySelectorAll(BLOCKS)) as BlockElement[]) {
    const tag = node.tagName.toLowerCase();
    if (!/^h\d$/.test(tag) && node.querySelector(BLOCKS)) continue; // its inner blocks are read instead
    const text = normaliseSpace(node.textContent ?? "");
    if (!text) continue;
    if (tag === "li") {
      if (listParent !== undefined && listParent !== node.parentNode) flushList();
      listParent = node.parentNode;
      list.push(text);
      continue;
    }
    flushList();
    const level = /^h(\d)$/.exec(tag)?.[1];
    if (level) {
      firstHeading ??= { level: Number(level), text };
      if (current.heading !== undefined || current.paragraphs.length > 0) sections.push(current);
      current = { heading: text, paragraphs: [] };
    } else current.paragraphs.push(text);
  }
  flushList();
  if (current.heading !== undefined || current.paragraphs.length > 0) sections.push(current);
  return firstHeading ? { sections, firstHeading } : { sections };
}
