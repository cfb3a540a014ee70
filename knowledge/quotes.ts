/**
 * How a quoted sentence and its source are shown: the sentence tidied for quoting (balanced quotation
 * marks), a time-bound statement kept with its date ("In September 2012, ..."), the citation (title,
 * author, date, link; never a file name) and the paragraph an expanded citation shows.
 */
import type { Citation, Passage } from "./types.ts";

/**
 * Cleans a sentence for quoting: balances quotation marks (a quote that opened in this sentence
 * and closes in a later one gets its closing mark; one that opened earlier gets its opening mark;
 * a stray mark at either end is dropped) and collapses spaces.
 */
export function tidySentence(sentence: string): string {
  // A double prime closing a quote ("A Strategic Vision – July 2011″", as one post types it) is a
  // closing quote mark: left as it is, the quote it closes reads as open and gains a second closer.
  let s = sentence.replace(/\s+/g, " ").replace(/″/g, "”").trim();
  // Double quotes: curly pairs, and straight ones by parity.
  if (/^[“"]/.test(s) && countOf(s, /[“]/g) + countOf(s, /"/g) === 1) s = s.slice(1).trim();
  if (/[”"]$/.test(s) && countOf(s, /[”]/g) + countOf(s, /"/g) === 1) s = s.slice(0, -1).trim();
  const doubleOpens = countOf(s, /“/g);
  const doubleCloses = countOf(s, /”/g);
  if (doubleOpens > doubleCloses) s = `${s}${"”".repeat(doubleOpens - doubleCloses)}`;
  else if (doubleCloses > doubleOpens) s = `${"“".repeat(doubleCloses - doubleOpens)}${s}`;
  if (countOf(s, /"/g) % 2 === 1) s = s.startsWith('"') ? s.slice(1) : `${s}"`;
  // Single quotes, read left to right: ’ between letters is an apostrophe; ’ closes an open ‘ if
  // there is one; otherwise after an "s" it is a plural possessive ("members’ choice"), else a
  // stray closing mark of a quote opened in an earlier sentence.
  let open = 0;
  let stray = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "‘") open++;
    else if (c === "’" && !/[a-z]/i.test(s[i + 1] ?? "")) {
      if (open > 0) open--;
      else if (!(s[i - 1] === "s" && /\s/.test(s[i + 1] ?? ""))) stray++;
    }
  }
  if (open > 0 && !/^‘/.test(s)) s = `${s}${"’".repeat(open)}`;
  else if (open > 0) s = s.slice(1);
  else if (stray > 0) s = s.replace(/([.!?])’(?=\s|$)/, "$1");
  return s.trim();
}

function countOf(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
}

/** Words that tie a statement to the time it was written ("this year", "last week", "now"). */
const TIME_BOUND =
  /\b(?:this|last|next) (?:year|month|week|autumn|spring|summer|winter)\b|\b(?:today|tomorrow|yesterday|recently|currently|at present|at the moment|right now|so far|the end of the year|later this)\b|\bnow\b/i;

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "20 September 2012" from an ISO date; undefined when there is none. */
export function formatLongDate(iso: string | undefined): string | undefined {
  const match = iso?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!match) return undefined;
  return `${Number(match[3])} ${MONTH_NAMES[Number(match[2]) - 1]} ${match[1]}`;
}

/**
 * An opening that is a name, so keeps its capital after a date: "I", an acronym, two capitalised
 * words, or one word a reporting verb follows ("Gregory says", "Maude replied").
 */
const NAME_OPENING =
  /^[“"‘']?(?:I\b|[A-Z]{2,}|[A-Z][a-z]+\s+[A-Z]|[A-Z][a-z]+\s+(?:says|said|argues|argued|writes|wrote|suggests|suggested|notes|noted|believes|believed|adds|added|told|tells|explains|explained|claims|claimed|replied|replies|warns|warned|thinks|thought|reports|reported)\b)/;

/**
 * A time-bound sentence keeps its date: "By the end of this year..." written in September 2012
 * becomes "In September 2012, by the end of this year...". Undated posts say "At the time (2011-12)".
 */
export function dateTimeBound(sentence: string, iso: string | undefined): string {
  if (!TIME_BOUND.test(sentence)) return sentence;
  const match = iso?.match(/^(\d{4})-(\d{2})/);
  const when = match
    ? `In ${MONTH_NAMES[Number(match[2]) - 1]} ${match[1]}`
    : "At the time of writing (2011-12)";
  const lowered = NAME_OPENING.test(sentence)
    ? sentence
    : sentence.charAt(0).toLowerCase() + sentence.slice(1);
  return `${when}, ${lowered}`;
}

/** The layer a passage belongs to: an admin's document (`document:<id>`) or a seed article. */
export function passageKind(passage: Passage): Citation["kind"] {
  return passage.source.startsWith("document:") ? "document" : "article";
}

/**
 * A citation for a passage: title, author and date of its post (a document's title, date, link and PDF
 * page), never a file name for people.
 */
export function citationFor(
  n: number,
  passage: Passage,
  quote: string,
  kind: Citation["kind"] = passageKind(passage),
): Citation {
  const citation: Citation = {
    n,
    passageId: passage.id,
    kind,
    title: passage.title,
    source: passage.source,
    quote,
  };
  if (passage.author) citation.author = passage.author;
  if (passage.date) citation.date = passage.date;
  if (passage.url) citation.url = passage.url;
  if (passage.page !== undefined) citation.page = passage.page;
  return citation;
}

/**
 * `citation`'s passages with `passageId` joined to them (one citation per article, issue 11): the
 * passage it names first, each once. Unchanged (the same array) when the passage is already there.
 */
export function joinedPassageIds(
  citation: Pick<Citation, "passageId" | "passageIds">,
  passageId: string,
): string[] {
  const ids = citation.passageIds ?? [citation.passageId];
  return ids.includes(passageId) ? ids : [...ids, passageId];
}

/** Every passage an answer's citations quote: each citation's own, and the passages of its article merged into it. */
export function quotedPassageIds(citations: readonly Pick<Citation, "passageId" | "passageIds">[]): string[] {
  return citations.flatMap((c) => [c.passageId, ...(c.passageIds ?? [])]);
}

/** Letters and digits only, lower-cased: how a quote is found in its paragraph whatever the punctuation. */
export function comparable(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .toLowerCase();
}

/** At most this many texts' comparable forms are remembered (then the memory starts afresh). */
export const COMPARABLE_MEMO_SIZE = 4096;
const comparableMemo = new Map<string, string>();

/**
 * `comparable`, remembered: the texts are sentences of the passages (the quoted ones, and whole passages
 * when no paragraph holds them), which answers quote again and again, and the Unicode-aware replace costs
 * ~5 us a sentence (perf only; tests/knowledge/quotes.test.ts).
 */
export function comparableText(text: string): string {
  let form = comparableMemo.get(text);
  if (form === undefined) {
    form = comparable(text);
    if (comparableMemo.size >= COMPARABLE_MEMO_SIZE) comparableMemo.clear();
    comparableMemo.set(text, form);
  }
  return form;
}

/** How many comparable forms are remembered (for tests). */
export function comparableMemoSize(): number {
  return comparableMemo.size;
}

/**
 * A passage's paragraphs, tidied, each with its comparable form: computed once per passage
 * (passages never change once loaded), as every answer expands its citations' paragraphs.
 */
const paragraphCache = new WeakMap<Passage, { text: string; comparable: string }[]>();

function paragraphsOf(passage: Passage): { text: string; comparable: string }[] {
  let paragraphs = paragraphCache.get(passage);
  if (!paragraphs) {
    paragraphs = passage.text
      .split(/\n+/)
      .map((p) => tidySentence(p))
      .filter(Boolean)
      .map((text) => ({ text, comparable: comparable(text) }));
    paragraphCache.set(passage, paragraphs);
  }
  return paragraphs;
}

/**
 * What a citation shows when expanded: the paragraph around the quoted sentences, not just the
 * sentences already in the answer. When the paragraph is no more than those sentences, the
 * neighbouring paragraph of the passage is added for context.
 */
export function surroundingParagraph(passage: Passage, quoted: readonly string[]): string {
  const paragraphs = paragraphsOf(passage);
  const first = comparableText(quoted[0] ?? "").slice(0, 60);
  const at = Math.max(
    0,
    paragraphs.findIndex((p) => p.comparable.includes(first)),
  );
  const found = paragraphs[at];
  const paragraph = found?.text ?? passage.text;
  const rest = quoted
    .reduce(
      (left, q) => left.replace(comparableText(q), ""),
      found?.comparable ?? comparableText(passage.text),
    )
    .trim();
  if (rest.split(" ").filter(Boolean).length >= 12) return paragraph;
  const neighbour = (paragraphs[at + 1] ?? paragraphs[at - 1])?.text;
  if (!neighbour) return paragraph;
  return at + 1 < paragraphs.length ? `${paragraph}\n\n${neighbour}` : `${neighbour}\n\n${paragraph}`;
}

/**
 * An answer's parts, each followed by its citation marker ("... [1] ... [2]"), joined by spaces. A loop
 * rather than `.map(...).join(" ")`: V8's optimised `.map` returns another array kind than its builtin,
 * so the `.join` after it was deoptimised, and recompiled, once the composers were first optimised.
 */
export function markedText(parts: readonly { text: string; n: number }[]): string {
  let text = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as { text: string; n: number };
    text += i === 0 ? `${part.text} [${part.n}]` : ` ${part.text} [${part.n}]`;
  }
  return text;
}
