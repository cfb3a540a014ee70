/**
 * The subject rule (issue 11): a question is answerable only when what it asks about is something
 * the articles discuss. A shared word is not enough: "What is the capital of Australia?" shares
 * "capital" with a passage on public and private capital, "recommend a pizza place near the town
 * hall" shares "town hall". This module finds subjects the knowledge base cannot speak to, before
 * any passage is ranked:
 * - a name, acronym or year the corpus and thesaurus have never seen ("Australia", "VAT", "2027");
 * - a subject of a kind the articles never cover (tax, insurance, software, pay rates, everyday
 *   life: knowledge/data/subjects.json, field knowledge kept as data);
 * - a word the field shares with everyday English, used in its everyday sense ("annual leave",
 *   "capital city", "board games", "mutual fund"), read from its neighbours;
 * - who holds an office now: the articles are from 2011-12 and cannot say.
 * A hand-written rule because no maintained library reads a question's subject against a corpus
 * this small; an embedding model would need network access the offline path does not have.
 */
import subjectData from "./data/subjects.json" with { type: "json" };
import { specificWords } from "./retrieval.ts";
import { wordsOf } from "./text.ts";
import { THESAURUS } from "./thesaurus.ts";

/** Why a question's subject is outside what the articles cover. */
export interface OutOfFieldSubject {
  kind: "unknown-name" | "out-of-field" | "everyday-sense" | "current-office";
  /** The words that gave it away (for logs and tests, never shown as the reason to users). */
  words: string;
}

/**
 * Words are compared as written, a plural "s" folded: stems would confuse "savings" with "saving
 * money" and "wedding" with "we'd".
 */
const fold = (word: string) => word.replace(/(?<=\w{3})s$/, "");
const foldedWords = (phrase: string) => wordsOf(phrase).map(fold);

const OUT_OF_FIELD: readonly { kind: string; stems: string[]; phrase: string }[] = Object.entries(
  subjectData.outOfField as Record<string, string[]>,
).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, stems: foldedWords(phrase), phrase })));

const EVERYDAY_SENSES = new Map(
  Object.entries(subjectData.everydaySenses as Record<string, string[]>).map(([word, neighbours]) => [
    fold(word),
    new Set(neighbours.map(fold)),
  ]),
);

/** Every word the thesaurus knows, short acronyms included ("JV", "HR"), which the vocabulary leaves out. */
export const THESAURUS_WORDS: ReadonlySet<string> = new Set(
  THESAURUS.flatMap((concept) => [...concept.terms, ...(concept.queryTerms ?? [])].flatMap(wordsOf)),
);

/** How far (in words, small words included) a neighbour may stand from a two-sense word. */
const SENSE_WINDOW = 2;

/** Present-tense questions about who holds an office: the 2011-12 articles cannot know. */
const CURRENT_OFFICE =
  /\bwho(?:'s|’s| is| are)\s+(?:the\s+|our\s+)?(?:current\s+|new\s+)?(?:prime minister|chancellor|pm|president|king|queen|mayor|leader of the (?:council|opposition)|secretary of state|(?:[a-z]+\s+){0,3}minister)\b/i;

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  for (let i = 0; i + needle.length <= haystack.length; i++)
    if (needle.every((stem, j) => haystack[i + j] === stem)) return true;
  return false;
}

/**
 * The subject of `question` when the articles cannot speak to it, else undefined.
 * `knows(stem)` says whether the corpus or thesaurus has a word (so a name it knows is not unknown).
 */
export function outOfFieldSubject(
  question: string,
  knows: (word: string) => boolean,
): OutOfFieldSubject | undefined {
  const words = wordsOf(question);
  const stems = words.map(fold);

  const office = question.match(CURRENT_OFFICE);
  if (office) return { kind: "current-office", words: office[0] };

  for (const entry of OUT_OF_FIELD)
    if (containsRun(stems, entry.stems)) return { kind: "out-of-field", words: entry.phrase };

  for (let i = 0; i < stems.length; i++) {
    const neighbours = EVERYDAY_SENSES.get(stems[i] as string);
    if (!neighbours) continue;
    for (let j = Math.max(0, i - SENSE_WINDOW); j <= Math.min(stems.length - 1, i + SENSE_WINDOW); j++)
      if (j !== i && neighbours.has(stems[j] as string))
        return { kind: "everyday-sense", words: `${words[Math.min(i, j)]} ${words[Math.max(i, j)]}` };
  }

  // A name, acronym or year never seen in the corpus or thesaurus is what such a question is about.
  for (const word of specificWords(question).specific)
    if (!knows(word)) return { kind: "unknown-name", words: word };
  return undefined;
}

/** Questions whose answer is a figure: a rate, a cost, a number of days. */
const ASKS_FOR_FIGURE =
  /\bhow (?:much|many)\b|\bwhat(?:'s|’s| is| are)? (?:the |our |a )?(?:[a-z]+ ){0,3}(?:rates?|thresholds?|percentage|cost|costs|price|fees?|salary)\b/i;
const FIGURE = /\d|£|\bper cent\b|\b(?:half|third|quarter|dozen|hundred|thousand|million|billion)s?\b/i;

/**
 * True when the question asks for a figure and the answer offers none: the passages talk about the
 * subject but cannot answer it ("what is the LGPS contribution rate?").
 */
export function lacksAskedFigure(question: string, answerText: string): boolean {
  return ASKS_FOR_FIGURE.test(question) && !FIGURE.test(answerText.replace(/\[\d+\]/g, ""));
}
