/**
 * Names typed with a letter wrong ("Simon Danzuk", "Paul Conolly", "Maurice Glassman", "Ian Hasdel") read as the
 * names the articles write ("Danczuk", "Connolly", "Glasman", "Hasdell"). Left as typed, a misspelt name is a name the
 * articles never use, so the subject rule declines the question (an unknown name is what a question asks about), and
 * ranking cannot meet the passage that names the person. spelling.ts repairs misspelt words for ranking, but only
 * after that rule has read the question, and only words of six letters or more.
 *
 * The names come from the texts themselves: words they write with a capital inside a sentence and never in lower case
 * (a surname, not "Office" or "Focus"). A question's word is read as one when the texts do not know it, it is one edit
 * from exactly one such name (two for a word of eight letters or more), and it is typed with a capital or is no
 * everyday English word ("blonde" stays "blonde"; "Blonde" is Blond). Hand-written: no installed library corrects
 * names against a corpus; the edit distance is spelling.ts's.
 *
 * The same names tell a question that asks only what the posts say of one of them (createNameAloneCheck).
 */
import { everydayZipf } from "./english.ts";
import { editDistance } from "./spelling.ts";
import { contentStems, stemWord } from "./text.ts";

/** Shortest name read: "Moss" for "Morse" is as likely another name. */
const MIN_LENGTH = 5;
/** Length from which two edits are allowed ("Dearden-Phillips" for "Dearden-Philips" needs one). */
const TWO_EDITS_FROM = 8;
/**
 * A lower-case word above this everyday frequency is a word, not a misspelt name ("blonde", "grande"); english.ts
 * gives words it does not list 3.
 */
const EVERYDAY_ZIPF = 3;

const WORD = /(?<![\p{L}\p{N}'’-])\p{L}[\p{L}'’-]*\p{L}(?![\p{L}\p{N}-])/gu;

export interface NameSpeller {
  /** The question with misspelt names read as the texts write them; unchanged otherwise. */
  repair(question: string): string;
}

/** How the texts write their words: the names (capitalised inside a sentence, never in lower case) and the rest. */
export interface CorpusCasing {
  /** The names, lower case → as written. */
  names: ReadonlyMap<string, string>;
  /** Every word the texts write in lower case somewhere (a possessive's "s" left off): common nouns and verbs. */
  lowerCase: ReadonlySet<string>;
}

// One reading per list of texts: the speller, the name-alone check and asked-name.ts all read the same passages.
const casings = new WeakMap<readonly string[], CorpusCasing>();

/** How the texts write their words (read once per list of texts: pass the same array to share it). */
export function casingOf(texts: readonly string[]): CorpusCasing {
  const known = casings.get(texts);
  if (known) return known;
  const lowerCase = new Set<string>();
  const capitalised = new Map<string, string>();
  for (const text of texts)
    for (const sentence of text.split(/(?<=[.!?:])\s+|\n+/)) {
      let first = true;
      for (const [word] of sentence.matchAll(WORD)) {
        const bare = word.replace(/['’]s$/, "");
        if (/^\p{Ll}/u.test(bare)) lowerCase.add(bare);
        else if (!first && /^\p{Lu}\p{Ll}/u.test(bare) && !capitalised.has(bare.toLowerCase()))
          capitalised.set(bare.toLowerCase(), bare);
        first = false;
      }
    }
  for (const word of lowerCase) capitalised.delete(word);
  const casing = { names: capitalised, lowerCase };
  casings.set(texts, casing);
  return casing;
}

/** The names the texts write (lower case → as written): capitalised inside a sentence, never in lower case. */
export function namesWritten(texts: readonly string[]): ReadonlyMap<string, string> {
  return casingOf(texts).names;
}

/**
 * Reads misspelt names in questions against the texts (read at the first question holding a word the texts do not
 * know). `knows` says whether the texts know a word, lower-cased.
 */
export function createNameSpeller(
  texts: () => readonly string[],
  knows: (word: string) => boolean,
): NameSpeller {
  let names: { written: ReadonlyMap<string, string>; byLength: Map<number, string[]> } | undefined;
  const read = () => {
    if (names) return names;
    const written = namesWritten(texts());
    const byLength = new Map<number, string[]>();
    // An everyday word the posts capitalise ("Departments", "Blond") is not a name a question misspells.
    for (const name of written.keys())
      if (name.length >= MIN_LENGTH - 1 && everydayZipf(stemWord(name)) <= EVERYDAY_ZIPF)
        byLength.set(name.length, [...(byLength.get(name.length) ?? []), name]);
    names = { written, byLength };
    return names;
  };
  /** The one name `word` is a misspelling of, or undefined. */
  const nameFor = (word: string): string | undefined => {
    const lower = word.toLowerCase();
    const typedAsName = /^\p{Lu}/u.test(word);
    if (lower.length < MIN_LENGTH || knows(lower)) return undefined;
    if (!typedAsName && everydayZipf(stemWord(lower)) > EVERYDAY_ZIPF) return undefined;
    const { written, byLength } = read();
    const max = lower.length >= TWO_EDITS_FROM ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let tied = false;
    for (let length = lower.length - max; length <= lower.length + max; length++)
      for (const name of byLength.get(length) ?? []) {
        const distance = editDistance(lower, name, max);
        if (distance < bestDistance) {
          best = name;
          bestDistance = distance;
          tied = false;
        } else if (distance === bestDistance) tied = true;
      }
    return best && !tied ? written.get(best) : undefined;
  };
  return {
    repair(question) {
      return question.replace(WORD, (word) => {
        // A possessive stays as typed ("Glassman's" → "Glasman's").
        const possessive = word.match(/['’]s$/)?.[0] ?? "";
        const name = nameFor(word.slice(0, word.length - possessive.length));
        return name ? `${name}${possessive}` : word;
      });
    },
  };
}

/** Words that ask only what the posts say ("what do the articles say about", "what did ... think"). */
const SAY_WORDS = new Set(
  "article post blog say said argue write wrote written think thought view mutual tell know what about"
    .split(" ")
    .map(stemWord),
);

/**
 * Whether a question asks only what the posts say of a name they write ("what do the articles say about Suffolk?",
 * "what did Danczuk say about mutuals?"): no detail the questions asked before (asked-before.ts) could show the posts
 * lack. The writers asked after details the posts never give of Suffolk or Danczuk far more often than after what they
 * do say, so those names alone made such a question read unanswered.
 */
export function createNameAloneCheck(texts: () => readonly string[]): (question: string) => boolean {
  let names: Set<string> | undefined;
  return (question) => {
    names ??= new Set([...namesWritten(texts()).keys()].map(stemWord));
    const stems = contentStems(question);
    return (
      stems.some((stem) => names?.has(stem)) && stems.every((stem) => names?.has(stem) || SAY_WORDS.has(stem))
    );
  };
}
