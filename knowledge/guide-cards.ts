/**
 * The guide: answer cards curated from the seed articles (knowledge/guide/*.md), the way a knowledge
 * manager writes an FAQ. Each card is Markdown with YAML front matter: a canonical question, six or
 * more ways practitioners ask it, and a short answer whose every sentence carries a verbatim quote
 * from a seed passage. Loading resolves each quote to the passage that contains it, so a card can
 * never say what the articles don't: a quote found nowhere fails the build, naming the file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import { isCategoryId } from "../peer/taxonomy.ts";
import { DISCOURSE_MARKER } from "./compose-extractive.ts";
import type { Passage } from "./types.ts";

/** One answer sentence and the seed passage its quote was found in. */
export interface GuideSentence {
  text: string;
  /** The quote as the article prints it (curly quotes, dashes and all), for citations. */
  quote: string;
  passageId: string;
}

/** A validated guide card with every quote resolved to a passage. */
export interface GuideCard {
  id: string;
  /** Obstacle category id (peer/taxonomy.json). */
  topic: string;
  title: string;
  /** Part of the director's brief for its topic (the "idiot's guide"). */
  director: boolean;
  questions: string[];
  sentences: GuideSentence[];
  /** The file the card was read from (for error messages and editors). */
  file: string;
}

/** A card that cannot be used, with the file and the field or quote at fault in its message. */
export class GuideCardError extends Error {
  readonly file: string;
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super(`${file}: ${detail}`, options);
    this.name = "GuideCardError";
    this.file = file;
  }
}

/** Limits from the card format (docs/knowledge.md, "How to add a card"). */
export const GUIDE_LIMITS = {
  minQuestions: 6,
  minAnswerWords: 40,
  maxAnswerWords: 120,
  minQuoteWords: 4,
  maxQuoteWords: 40,
  /** An answer cites at most three sources (compose-extractive.ts MAX_SOURCES), so a fourth article's sentence would never be shown. */
  maxArticles: 3,
} as const;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/**
 * A sentence must stand on its own when a card is quoted in part or reordered in a brief, so it may not
 * open by pointing at something outside itself.
 */
const BACK_REFERENCE = /^(?:This|That|These|Those|It|Its|They|Their|He|His|She|Her)\b/;

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const nonEmptyText = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .transform((text) => text.replace(/\s+/g, " ").trim())
    .refine((text) => text.length > 0, { message: `${what} is empty` });

const sentenceSchema = z.object(
  {
    say: nonEmptyText("the sentence (say)")
      .refine((text) => !BACK_REFERENCE.test(text), {
        message: 'opens with a back-reference ("This", "It", "They"...); name the subject instead',
      })
      // A card sentence is quoted alone or reordered in a brief, so "However, ..." or "Firstly, ..."
      // would answer a sentence that is not there.
      .refine((text) => !DISCOURSE_MARKER.test(text), {
        message: 'opens with a linking word ("However", "But", "Also", "Firstly"...); say it on its own',
      })
      .refine((text) => /[.!?]["”’)]*$/.test(text), { message: "does not end with a full stop" }),
    quote: nonEmptyText("the quote").refine(
      (text) => {
        const words = countWords(text);
        return words >= GUIDE_LIMITS.minQuoteWords && words <= GUIDE_LIMITS.maxQuoteWords;
      },
      { message: `must be ${GUIDE_LIMITS.minQuoteWords}-${GUIDE_LIMITS.maxQuoteWords} words` },
    ),
  },
  { error: "each answer item needs `say` and `quote`" },
);

const frontMatterSchema = z.object({
  id: z.string({ error: "id is missing" }).regex(KEBAB_CASE, { message: "id must be kebab-case" }),
  topic: z
    .string({ error: "topic is missing" })
    .refine(isCategoryId, { message: "topic is not one of the ids in peer/taxonomy.json" }),
  title: nonEmptyText("title"),
  director: z.boolean({ error: "director must be true or false" }).optional().default(false),
  questions: z
    .array(nonEmptyText("a question"), { error: "questions must be a list" })
    .min(GUIDE_LIMITS.minQuestions, {
      message: `needs at least ${GUIDE_LIMITS.minQuestions} questions (ways practitioners ask it)`,
    }),
  answer: z.array(sentenceSchema, { error: "answer must be a list of { say, quote }" }).min(1, {
    message: "answer has no sentences",
  }),
});

/**
 * Folds the typographic differences between a card typed by hand and an article exported from a blog:
 * curly vs straight quotes, dash variants, the ellipsis character, non-breaking and repeated spaces.
 * Returns the folded text and, for each folded character, its index in the original, so a match can be
 * mapped back to the article's own wording. (knowledge/text.ts's normaliseText drops punctuation and case,
 * which is too loose for a verbatim-quote check.)
 */
function foldTypography(text: string): { folded: string; origin: number[] } {
  let folded = "";
  const origin: number[] = [];
  let lastWasSpace = true; // also trims leading space
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    let out: string;
    if (/\s/.test(ch)) {
      if (lastWasSpace) continue;
      out = " ";
    } else if (/[‘’‚‛′`]/.test(ch)) out = "'";
    else if (/[“”„‟″]/.test(ch)) out = '"';
    else if (/[‐‑‒–—―−]/.test(ch)) out = "-";
    else if (ch === "…") out = "...";
    else out = ch;
    lastWasSpace = out === " ";
    for (const c of out) {
      folded += c;
      origin.push(i);
    }
  }
  if (folded.endsWith(" ")) {
    folded = folded.slice(0, -1);
    origin.pop();
  }
  return { folded, origin };
}

interface FoldedPassage {
  passage: Passage;
  folded: string;
  origin: number[];
}

const foldCache = new WeakMap<readonly Passage[], FoldedPassage[]>();

function foldedPassages(passages: readonly Passage[]): FoldedPassage[] {
  let folded = foldCache.get(passages);
  if (!folded) {
    folded = passages.map((passage) => ({ passage, ...foldTypography(passage.text) }));
    foldCache.set(passages, folded);
  }
  return folded;
}

/** The first passage holding the quote, and the quote in the article's own characters. */
function findQuote(
  quote: string,
  passages: readonly Passage[],
): { passageId: string; verbatim: string } | undefined {
  const needle = foldTypography(quote).folded;
  for (const { passage, folded, origin } of foldedPassages(passages)) {
    const at = folded.indexOf(needle);
    if (at < 0) continue;
    const start = origin[at] ?? 0;
    const end = (origin[at + needle.length - 1] ?? start) + 1;
    return { passageId: passage.id, verbatim: passage.text.slice(start, end).replace(/\s+/g, " ") };
  }
  return undefined;
}

/**
 * Splits YAML front matter from the Markdown body. The `---` fences are the Jekyll/Hugo convention; the
 * yaml package parses the block but does not look for fences in Markdown, and two regexes do not merit
 * another dependency.
 */
function frontMatterOf(file: string, markdown: string): string {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!match) throw new GuideCardError(file, "no YAML front matter (the file must start with a --- line)");
  return match[1] ?? "";
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const path = issue.path;
  if (path[0] === "answer" && typeof path[1] === "number") {
    const item = (data as { answer?: { say?: unknown }[] }).answer?.[path[1]];
    const field = path[2] === "quote" ? "quote" : "sentence";
    const said = typeof item?.say === "string" && item.say.trim() ? ` ("${item.say.trim()}")` : "";
    return `answer sentence ${path[1] + 1}${said}: ${field} ${issue.message}`;
  }
  if (path[0] === "questions" && typeof path[1] === "number")
    return `question ${path[1] + 1}: ${issue.message}`;
  const where = path.length > 0 ? `${path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

/** Parses and validates one card, resolving each quote to the seed passage that contains it. */
export function parseGuideCard(file: string, markdown: string, passages: readonly Passage[]): GuideCard {
  let data: unknown;
  try {
    data = parseYaml(frontMatterOf(file, markdown));
  } catch (error) {
    if (error instanceof GuideCardError) throw error;
    throw new GuideCardError(file, `the front matter is not valid YAML: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new GuideCardError(file, "the front matter must be a YAML mapping (id:, topic:, ...)");
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => describeIssue(issue, data));
    throw new GuideCardError(file, details.join("; "), { cause: parsed.error });
  }
  const card = parsed.data;

  const expectedId = basename(file).replace(/\.md$/i, "");
  if (card.id !== expectedId) {
    throw new GuideCardError(file, `id "${card.id}" does not match the file name (expected "${expectedId}")`);
  }

  const words = card.answer.reduce((sum, sentence) => sum + countWords(sentence.say), 0);
  if (words < GUIDE_LIMITS.minAnswerWords || words > GUIDE_LIMITS.maxAnswerWords) {
    throw new GuideCardError(
      file,
      `the answer is ${words} words; it must be ${GUIDE_LIMITS.minAnswerWords}-${GUIDE_LIMITS.maxAnswerWords}`,
    );
  }

  const seen = new Set<string>();
  for (const question of card.questions) {
    const key = question.toLowerCase();
    if (seen.has(key)) throw new GuideCardError(file, `question repeated: "${question}"`);
    seen.add(key);
  }

  const sentences = card.answer.map((sentence, index): GuideSentence => {
    const found = findQuote(sentence.quote, passages);
    if (!found) {
      throw new GuideCardError(
        file,
        `answer sentence ${index + 1}: quote not found in any seed passage: "${sentence.quote}"`,
      );
    }
    return { text: sentence.say, quote: found.verbatim, passageId: found.passageId };
  });
  const postOf = new Map(passages.map((passage) => [passage.id, passage.postId]));
  const articles = new Set(sentences.map((sentence) => postOf.get(sentence.passageId)));
  if (articles.size > GUIDE_LIMITS.maxArticles) {
    throw new GuideCardError(
      file,
      `the answer quotes ${articles.size} articles; an answer cites at most ${GUIDE_LIMITS.maxArticles}, so the last would never be shown`,
    );
  }

  return {
    id: card.id,
    topic: card.topic,
    title: card.title,
    director: card.director,
    questions: card.questions,
    sentences,
    file,
  };
}

/**
 * Checks what no single card can see: ids unique across the guide, and no question phrased the same way
 * on two cards (two cards answering one question confuse ranking).
 */
export function checkGuide(cards: readonly GuideCard[]): void {
  const ids = new Map<string, string>();
  const questions = new Map<string, string>();
  for (const card of cards) {
    const other = ids.get(card.id);
    if (other !== undefined)
      throw new GuideCardError(card.file, `duplicate id "${card.id}" (also in ${other})`);
    ids.set(card.id, card.file);
    for (const question of card.questions) {
      const key = question.toLowerCase();
      const owner = questions.get(key);
      if (owner !== undefined && owner !== card.id) {
        throw new GuideCardError(card.file, `question "${question}" is also on card "${owner}"`);
      }
      questions.set(key, card.id);
    }
  }
}

/** Reads knowledge/guide/*.md (sorted by name), validates each card and the guide as a whole. */
export function loadGuideCards(dir: string, passages: readonly Passage[]): GuideCard[] {
  const files = readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith(".md"))
    .sort();
  const cards = files.map((name) => {
    const file = join(dir, name);
    return parseGuideCard(file, readFileSync(file, "utf8"), passages);
  });
  checkGuide(cards);
  return cards;
}
