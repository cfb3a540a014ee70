/**
 * Multi-word names in a question ("Bank of England", "Social Enterprise UK") and whether the articles
 * name them, read by the subject rule (subject.ts): a name the articles never use is what such a
 * question is about.
 */
import { contentStems, normaliseText, stemWord, wordsOf } from "./text.ts";
import { THESAURUS } from "./thesaurus.ts";

/**
 * Small words allowed inside a name ("Bank *of* England", "Hammersmith *&* Fulham"). "On" and "in"
 * are not: "Paul Connolly on the Localism Bill" cites a person on a subject, two names the articles
 * give, not one name they never use.
 */
const NAME_CONNECTORS = new Set(["of", "and", "&", "for", "the"]);

/**
 * Last words that say what kind of body a name is ("Localism *Act*", "John Lewis *Partnership*"):
 * left out when checking a name, so "Localism Act" is known from the posts' "Localism Bill".
 */
const NAME_KINDS = new Set(
  (
    "act bill programme program unit team group ltd limited plc partnership party scheme fund " +
    "council county borough city district authority"
  )
    .split(" ")
    .map(stemWord),
);

/**
 * Multi-word names in a question (two or more capitalised words, small connectors allowed inside,
 * a sentence's first word left out): "Bank of England", "Social Value Model".
 */
export function namesIn(question: string): string[][] {
  const names: string[][] = [];
  for (const sentence of question.split(/(?<=[.?!])\s+|\n+/)) {
    let run: string[] = [];
    let capitals = 0;
    const close = () => {
      while (run.length > 0 && NAME_CONNECTORS.has((run[run.length - 1] as string).toLowerCase())) run.pop();
      if (capitals >= 2) names.push(run);
      run = [];
      capitals = 0;
    };
    sentence
      .split(/\s+/)
      .filter(Boolean)
      .forEach((token, i) => {
        const word = token.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, "").replace(/['’]s$/, "");
        // Acronyms ("MP", "NHS") are roles and bodies checked word by word, not parts of a name;
        // "UK" closing a name is part of it ("Social Enterprise UK", "Co-operatives UK").
        if (
          (i > 0 && /^[A-Z][\p{L}-]*$/u.test(word) && !/^[A-Z]{2,}s?$/.test(word)) ||
          (word === "UK" && run.length > 0)
        ) {
          run.push(word);
          capitals++;
        } else if (run.length > 0 && NAME_CONNECTORS.has(word.toLowerCase())) run.push(word);
        else close();
        // A possessive ends its owner's name: "Cameron's Big Society" names Cameron and the Big
        // Society, not a "Cameron Big Society" the articles never mention.
        if (/[,;:()?!]$/.test(token) || /\p{L}['’]s\W*$/u.test(token)) close();
      });
    close();
  }
  return names;
}

/**
 * Everyday words that open many names and name nothing on their own ("the National Programme for IT",
 * "a New Deal"): before a name's kind, they must meet it in the articles. Hand-written: a short
 * closed list of English adjectives, read as written (a stem or a frequency bar would also catch
 * "Localism", stemmed "local").
 */
const GENERIC_NAME_WORDS = new Set(
  "national local new public social central general big great british english royal united international regional civil green open first modern".split(
    " ",
  ),
);

/**
 * Whether the articles use a phrase word for word ("right to challenge"), compared after
 * normalisation. Built lazily from the same texts as createNameIndex, on the first phrase asked.
 */
export function createPhraseIndex(texts: readonly string[]): (phrase: string) => boolean {
  let corpus: string | undefined;
  return (phrase) => {
    corpus ??= ` ${texts.map(normaliseText).join(" | ")} `;
    return corpus.includes(` ${normaliseText(phrase)} `);
  };
}

/** How many content words apart two words of a name may stand in the articles. */
const NAME_REACH = 2;

/**
 * Whether the articles name something, by its content words' adjacent pairs: built once from the
 * passages (and thesaurus phrases), read for each multi-word name in a question.
 */
export function createNameIndex(texts: readonly string[]): (name: readonly string[]) => boolean {
  // Built on the first question naming something (about 10 ms), not at cold start, which has a
  // 50 ms budget for the whole index load (docs/knowledge.md, Performance).
  let pairs: Set<string> | undefined;
  const wordPairs = (): Set<string> => {
    if (pairs) return pairs;
    pairs = new Set<string>();
    for (const text of [...texts, ...THESAURUS.flatMap((c) => c.terms)]) {
      const stems = contentStems(text);
      // Words within two of each other: "the Cabinet Office's Mutuals Taskforce" names both.
      for (let i = 1; i < stems.length; i++)
        for (let j = Math.max(0, i - NAME_REACH); j < i; j++) pairs.add(`${stems[j]} ${stems[i]}`);
    }
    return pairs;
  };
  return (name) => {
    const stems = contentStems(name.join(" "));
    // The kind a name ends on ("Programme", "Fund") is checked only when what precedes it is one
    // everyday word: "the National Programme for IT" is not named by "national" alone.
    while (
      stems.length > 1 &&
      NAME_KINDS.has(stems[stems.length - 1] as string) &&
      !(stems.length === 2 && GENERIC_NAME_WORDS.has((name[0] ?? "").toLowerCase()))
    )
      stems.pop();
    const known = wordPairs();
    // Either order: "Rochdale MP" is named by "the MP for Rochdale".
    return stems.every(
      (stem, i) => i === 0 || known.has(`${stems[i - 1]} ${stem}`) || known.has(`${stem} ${stems[i - 1]}`),
    );
  };
}

/**
 * Words that name something specific: acronyms ("LGPS"), capitalised words inside a sentence
 * ("Ofsted") and years, normalised as wordsOf gives them; and multi-word names ("Companies House",
 * "Green Book") as a map from word position (in wordsOf order) to the name's index.
 */
export function specificWords(question: string): { specific: Set<string>; names: Map<number, number> } {
  const specific = new Set<string>();
  const names = new Map<number, number>();
  let position = 0;
  let nameCount = 0;
  for (const sentence of question.split(/(?<=[.?!])\s+|\n+/)) {
    let run: number[] = [];
    const closeRun = () => {
      if (run.length >= 2) {
        for (const p of run) names.set(p, nameCount);
        nameCount++;
      }
      run = [];
    };
    sentence
      .split(/\s+/)
      .filter(Boolean)
      .forEach((token, i) => {
        const bare = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        // A possessive ("Mondragon's") is the name it belongs to, as the articles would spell it.
        const word = bare.replace(/['’]s$/, "");
        const capital = i > 0 && /^[A-Z][a-z]+$/.test(word);
        if (/^[A-Z]{2,}s?$/.test(word) || /^(?:19|20)\d\d$/.test(word) || capital)
          for (const w of wordsOf(word)) specific.add(w);
        const count = wordsOf(token).length;
        if (capital && count === 1) run.push(position);
        else closeRun();
        if (/[,;:()]$/.test(token)) closeRun();
        position += count;
      });
    closeRun();
  }
  return { specific, names };
}
