/**
 * Parses the seed articles (blog exports) into posts and passages.
 *
 * The exports are messy: a tag archive holds many posts back to back, some posts have a byline and
 * no date, others a date and no byline, related-post links sit between posts, and comment forms,
 * comments and contact details trail the text. Posts can even run into each other on one line when
 * files are joined ("No comments:Getting the mutuals message across..."). The rules below are about
 * the shape of a blog export, not about these five files, so a new export dropped into seeds/ parses
 * the same way.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Passage } from "./types.ts";

/** One blog post as found in a seed file. */
export interface SeedPost {
  id: string;
  title: string;
  source: string;
  author?: string;
  date?: string;
  /** The archive tag the file was exported under ("Tag Archives: X"), if any. */
  tag?: string;
  /** Paragraphs in order; a sub-heading is kept as its own short paragraph. */
  paragraphs: string[];
}

const DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
const DATE_SOURCE = `(?:${DAYS}),\\s+(?:${MONTHS})\\s+\\d{1,2},\\s+\\d{4}`;
const DATE_LINE = new RegExp(`^${DATE_SOURCE}$`);
const BYLINE = /^By\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})$/u;
const TAG_LINE = /^(?:Tag|Category) Archives?:\s*(.+)$/i;
const COMMENTS_HEADER = /^(?:No|\d+)\s+comments?:?$/i;
const LEAVE_REPLY = /^(?:Leave a (?:Reply|Comment)|Post a Comment|Add a comment)\b/i;
const BULLET = /^[•·▪◦●\-*]\s+/;

/** Web furniture of blog platforms: comment forms, social log-in, navigation, share bars. */
const BOILERPLATE = [
  /^Fill in your details below/i,
  /^You are commenting using your/i,
  /^(?:Twitter|Facebook|Google|WordPress\.com) (?:picture|photo|account)$/i,
  /^Logo$/i,
  /^Connecting to %s$/i,
  /^This site uses Akismet/i,
  /^Notify me of (?:new|follow-up)/i,
  /^(?:Newer|Older) Posts?$/i,
  /^Home$/i,
  /^Subscribe to:/i,
  /^Share this:?$/i,
  /^Like this:?$/i,
  /^Related$/i,
  /^Posted by\b/i,
  /^Labels?:/i,
  /^Email This|^BlogThis!|^Share to (?:Twitter|Facebook|Pinterest)/i,
  /\bLog Out\b.*\bChange\b/i,
];

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/gi;
const PHONE = /(?:\+\d{1,3}\s?)?(?:\(0\)\s?)?\(?\d{2,5}\)?(?:[\s-]?\d{3,4}){2,3}\b/g;
/** Short lines that only point somewhere else: "To learn more, visit ...", "Contact X at ...". */
const CONTACT_LINE =
  /^(?:To learn more|For more (?:details|information)|Contact\b|Or call\b|Call\b|Tel\b|Phone\b|Email\b|Visit\b)/i;

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function parseDate(line: string): string | undefined {
  const parsed = new Date(`${line.replace(/^\w+,\s+/, "")} 12:00:00 UTC`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString().slice(0, 10);
}

/** Removes contact details from prose: emails, phone numbers and web addresses. */
export function scrubContactDetails(text: string): string {
  return text
    .replace(EMAIL, "")
    .replace(URL_PATTERN, "")
    .replace(PHONE, (match) => (match.replace(/\D/g, "").length >= 9 ? "" : match))
    .replace(/\s{2,}/g, " ")
    .trim();
}

function isContactLine(line: string): boolean {
  if (line.length > 200) return false;
  EMAIL.lastIndex = 0;
  URL_PATTERN.lastIndex = 0;
  if (EMAIL.test(line) || URL_PATTERN.test(line)) return true;
  if (CONTACT_LINE.test(line)) return true;
  const digits = line.replace(/\D/g, "");
  return digits.length >= 9 && /\d[\d\s()+-]{8,}\d/.test(line);
}

/** A short line without sentence-final punctuation: a title, a sub-heading or a link. */
function isHeadingLike(line: string): boolean {
  if (line.length > 150 || line.split(/\s+/).length > 22) return false;
  if (/^[“"‘']/.test(line)) return false;
  const end = line.replace(/[”"’'\s]+$/, "");
  return !/[.:;,]$/.test(end) || /\.\.\.$|…$/.test(end);
}

/** Splits run-together text ("...processed.Thursday, September 20, 2012") back onto separate lines. */
function separateRunIns(text: string): string {
  return text
    .replace(new RegExp(`([^\\n])[ \\t]*(${DATE_SOURCE})`, "g"), "$1\n\n$2")
    .replace(new RegExp(`(${DATE_SOURCE})[ \\t]*([^\\n])`, "g"), "$1\n\n$2")
    .replace(/(^|\n)((?:No|\d+)\s+comments?:)[ \t]*([^\n])/gi, "$1$2\n\n$3")
    .replace(/([^\n])[ \t]*(Leave a Reply|(?:Tag|Category) Archives?:)/g, "$1\n\n$2");
}

type Line =
  | { kind: "date"; date: string | undefined }
  | { kind: "byline"; author: string }
  | { kind: "tag"; tag: string }
  | { kind: "end-of-post" }
  | { kind: "heading"; text: string }
  | { kind: "bullet"; text: string }
  | { kind: "body"; text: string };

function classifyLines(raw: string): Line[] {
  const lines: Line[] = [];
  for (const rawLine of separateRunIns(raw.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ")).split("\n")) {
    const line = rawLine.replace(/\s+/g, " ").trim();
    if (!line) continue;
    if (DATE_LINE.test(line)) lines.push({ kind: "date", date: parseDate(line) });
    else if (BYLINE.test(line)) lines.push({ kind: "byline", author: line.replace(/^By\s+/, "") });
    else if (TAG_LINE.test(line)) lines.push({ kind: "tag", tag: line.replace(TAG_LINE, "$1").trim() });
    else if (COMMENTS_HEADER.test(line) || LEAVE_REPLY.test(line)) lines.push({ kind: "end-of-post" });
    else if (BOILERPLATE.some((pattern) => pattern.test(line)) || isContactLine(line)) continue;
    else if (BULLET.test(line)) lines.push({ kind: "bullet", text: line.replace(BULLET, "") });
    else if (isHeadingLike(line)) lines.push({ kind: "heading", text: line });
    else lines.push({ kind: "body", text: line });
  }
  return lines;
}

interface PostDraft {
  title: string;
  tag?: string;
  author?: string;
  date?: string;
  paragraphs: string[];
}

/** Parses one seed file's text into its posts, in order. */
export function parseSeedText(source: string, raw: string): SeedPost[] {
  const lines = classifyLines(raw);
  const drafts: PostDraft[] = [];
  let current: PostDraft | undefined;
  let tag: string | undefined;
  let pendingDate: string | undefined;
  let inTrailer = false; // inside comments or a comment form: dropped until the next post starts

  const startPost = (title: string, author?: string) => {
    current = { title, paragraphs: [] };
    if (author) current.author = author;
    if (pendingDate) current.date = pendingDate;
    if (tag) current.tag = tag;
    pendingDate = undefined;
    inTrailer = false;
    drafts.push(current);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    switch (line.kind) {
      case "date":
        pendingDate = line.date;
        inTrailer = false;
        current = undefined;
        break;
      case "tag":
        tag = line.tag;
        break;
      case "end-of-post":
        inTrailer = true;
        break;
      case "byline":
        // A byline with no heading before it belongs to the post already open.
        if (current && !current.author && current.paragraphs.length === 0) current.author = line.author;
        break;
      case "heading": {
        // Gather the run of heading-like lines; what follows the run decides what it was.
        let end = i;
        while (lines[end + 1]?.kind === "heading") end++;
        const run = lines.slice(i, end + 1) as { kind: "heading"; text: string }[];
        const next = lines[end + 1];
        const last = run[run.length - 1]?.text ?? "";
        i = end;
        if (next?.kind === "byline") {
          startPost(last, next.author);
          i++;
        } else if (inTrailer) {
          // still inside a comment thread or form: a heading without a byline is not a new post
        } else if (pendingDate !== undefined || !current || run.length >= 2) {
          // After a date, at the top of a file, or after related-post links: a new post's title.
          if (next && next.kind !== "end-of-post") startPost(last);
        } else if (next && next.kind !== "end-of-post") {
          current.paragraphs.push(last); // a sub-heading inside the post
        }
        break;
      }
      case "bullet": {
        if (inTrailer || !current) break;
        const previous = current.paragraphs.pop() ?? "";
        const item = line.text.replace(/[.;,]$/, "");
        const joined = /[:]$/.test(previous)
          ? `${previous} ${item}.`
          : `${previous.replace(/\.$/, ";")} ${item}.`;
        current.paragraphs.push(joined.trim());
        break;
      }
      case "body": {
        if (inTrailer) break;
        if (!current) startPost(line.text.split(/(?<=[.!?])\s/)[0]?.slice(0, 80) ?? "Untitled");
        current?.paragraphs.push(scrubContactDetails(line.text));
        break;
      }
    }
  }

  return drafts
    .map((draft) => ({ ...draft, paragraphs: trimTrailingHeadings(draft.paragraphs) }))
    .filter((draft) => draft.paragraphs.length > 0)
    .map((draft) => {
      const post: SeedPost = {
        id: `${sourceKey(source)}-${hash(`${source}\n${draft.title}`, 6)}`,
        title: draft.title,
        source,
        paragraphs: draft.paragraphs,
      };
      if (draft.author) post.author = draft.author;
      if (draft.date) post.date = draft.date;
      if (draft.tag) post.tag = draft.tag;
      return post;
    });
}

/** A sub-heading with nothing after it is a dangling link, not content. */
function trimTrailingHeadings(paragraphs: string[]): string[] {
  const out = [...paragraphs];
  while (out.length > 0 && isHeadingLike(out[out.length - 1] ?? "")) out.pop();
  return out;
}

/** A short key for a seed file: its leading number when it has one ("002"), else a hash. */
function sourceKey(source: string): string {
  const match = /^(\d+)[_-]/.exec(source);
  return match ? `s${match[1]}` : `s${hash(source, 4)}`;
}

const ABBREVIATIONS = /\b(?:i\.e|e\.g|Mr|Mrs|Ms|Dr|St|vs|etc|No|Prof|Cllr)\.$/i;

/** Splits prose into sentences, keeping abbreviations ("i.e.", "Mr.") inside their sentence. */
export function splitSentences(text: string): string[] {
  const parts = text.split(/(?<=[.!?…][”"’)]*)\s+(?=[“"‘(]?[\p{Lu}\d£])/u);
  const sentences: string[] = [];
  for (const part of parts) {
    const previous = sentences[sentences.length - 1];
    if (previous !== undefined && ABBREVIATIONS.test(previous))
      sentences[sentences.length - 1] = `${previous} ${part}`;
    else sentences.push(part);
  }
  return sentences.map((s) => s.trim()).filter(Boolean);
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Passage sizing: long enough to stand alone, short enough to rank precisely. */
const MIN_WORDS = 45;
const MAX_WORDS = 170;

/** Breaks an over-long paragraph at sentence boundaries into pieces of roughly even length. */
function splitLongParagraph(paragraph: string): string[] {
  const words = countWords(paragraph);
  if (words <= MAX_WORDS) return [paragraph];
  const pieces = Math.ceil(words / 130);
  const target = words / pieces;
  const out: string[] = [];
  let chunk: string[] = [];
  let chunkWords = 0;
  for (const sentence of splitSentences(paragraph)) {
    chunk.push(sentence);
    chunkWords += countWords(sentence);
    if (chunkWords >= target && out.length < pieces - 1) {
      out.push(chunk.join(" "));
      chunk = [];
      chunkWords = 0;
    }
  }
  if (chunk.length > 0) out.push(chunk.join(" "));
  return out;
}

/** Splits a post into passages of a paragraph or a few, each with a stable content-derived id. */
export function splitPassages(post: SeedPost): Passage[] {
  const units: string[] = [];
  let heading: string | undefined;
  for (const paragraph of post.paragraphs) {
    if (isHeadingLike(paragraph)) {
      heading = heading ? `${heading}. ${paragraph}` : paragraph;
      continue;
    }
    const pieces = splitLongParagraph(paragraph);
    if (heading && pieces[0] !== undefined) pieces[0] = `${heading}\n\n${pieces[0]}`;
    heading = undefined;
    units.push(...pieces);
  }

  const chunks: string[][] = [];
  let current: string[] = [];
  let currentWords = 0;
  for (const unit of units) {
    const words = countWords(unit);
    if (current.length > 0 && (currentWords >= MIN_WORDS || currentWords + words > MAX_WORDS)) {
      chunks.push(current);
      current = [];
      currentWords = 0;
    }
    current.push(unit);
    currentWords += words;
  }
  if (current.length > 0) {
    const last = chunks[chunks.length - 1];
    // A short tail reads better attached to what it follows.
    if (last && currentWords < 25 && countWords(last.join(" ")) + currentWords <= MAX_WORDS + 40)
      last.push(...current);
    else chunks.push(current);
  }

  const seen = new Set<string>();
  const passages: Passage[] = [];
  for (const chunk of chunks) {
    const text = chunk.join("\n\n");
    const id = `${post.id}-${hash(text, 8)}`;
    if (seen.has(id)) continue; // an identical repeated passage adds nothing
    seen.add(id);
    const passage: Passage = { id, postId: post.id, title: post.title, source: post.source, text };
    if (post.author) passage.author = post.author;
    if (post.date) passage.date = post.date;
    passages.push(passage);
  }
  return passages;
}

/** A seed file as read from disk. */
export interface SeedFile {
  name: string;
  text: string;
}

/** Reads every .txt/.md file in the seeds directory, sorted by name (the build's only input). */
export function readSeedFiles(seedsDir: string): SeedFile[] {
  return readdirSync(seedsDir)
    .filter((name) => /\.(?:txt|md)$/i.test(name))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(seedsDir, name), "utf8") }));
}

/** Parses seed files into posts and passages. */
export function parseCorpus(files: SeedFile[]): { posts: SeedPost[]; passages: Passage[] } {
  const posts = files.flatMap((file) => parseSeedText(file.name, file.text));
  return { posts, passages: posts.flatMap(splitPassages) };
}
