/**
 * Text normalisation shared by indexing and querying: one function turns prose into the stems
 * both sides match on, so the index and the query can never drift apart.
 */
import { stemmer } from "stemmer";

/** Words that carry no meaning for retrieval, including how practitioners frame a question. */
const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are aren as at be because been before being below " +
    "between both but by can cannot could couldn did didn do does doesn doing don down during each few for from " +
    "further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is " +
    "isn it its itself just let me more most mustn my myself no nor not of off on once only or other ought our " +
    "ours ourselves out over own same shan she should shouldn so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up very was wasn we were weren " +
    "what when where which while who whom why will with won would wouldn you your yours yourself yourselves " +
    "s t ll re ve d m also anyone anybody someone somebody something anything everything really please thanks " +
    "thank hi hello hey tell know want wants wanted need needs get gets getting got go going make makes made " +
    "think thinks say says said us ok okay actually maybe might must shall may like one two way ways thing " +
    "things lot lots much many well still even yet ever keep keeps whether etc via per " +
    // contractions, as normalisation leaves them ("we've" becomes "weve")
    "weve youve theyve ive im youre theyre dont doesnt didnt cant wont isnt arent wasnt werent shouldnt " +
    "wouldnt couldnt hes shes thats whats theres heres lets id youd wed theyd ill youll itll theyll hasnt havent " +
    "wouldve couldve shouldve whos whove whod wholl wheres hows whens whys itd thatll thered mightve mustve " +
    "aint neednt whatll"
  ).split(" "),
);

/**
 * British "-ise" spellings stem differently from "-ize" ("mutualise" vs "mutualize"); fold them so
 * both spellings meet. Applied to query and index alike, so a rare over-fold costs nothing.
 */
function foldBritishSpelling(word: string): string {
  return word.replace(/^(\w{4,}?)is(e|es|ed|ing|ation|ations)$/, "$1iz$2");
}

/**
 * Compounds the field writes open, hyphenated and closed alike ("front line", "front-line",
 * "frontline"): one closed form, so "front line staff" meets "frontline staff" on both sides.
 */
const OPEN_COMPOUNDS = /\b(?:front line|work force|health care|web site|policy makers?|co operatives?)\b/g;

/** Lower-cases, strips accents and apostrophes, turns everything else non-alphanumeric into spaces, and closes OPEN_COMPOUNDS. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[\u2018\u2019\u02bc'`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(OPEN_COMPOUNDS, (compound) => compound.replace(" ", ""))
    .trim();
}

/**
 * A month's name, whole or shortened ("Sept", "dec"), as a regular-expression alternation to use with the
 * `i` flag and a word boundary after it: dates in questions ("in April 2013", "1st September 2012").
 */
export const MONTH_NAME =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/** A whitespace-split token without the punctuation around it ("'Blockers'," -> "Blockers"), case kept. */
export function trimToLetters(token: string): string {
  return token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
}

/** A token as a bare word: punctuation around it and a possessive "'s" dropped ("Morse's," -> "Morse"). */
export function bareWord(token: string): string {
  return trimToLetters(token).replace(/['’]s$/, "");
}

/** The plain words of a text, in order (no stemming, stopwords kept). */
export function wordsOf(text: string): string[] {
  const normal = normaliseText(text);
  return normal ? normal.split(" ") : [];
}

/**
 * Words the Porter stemmer joins with a different word: "association" and "associated" (so a
 * residents' association matched "risks associated with"), "community" and "communication",
 * "general" and "generation", "news" and "new". Snowball's English (Porter2) stemmer treats the
 * "gener-", "commun-" and "news" cases the same way; "association" is added for the same reason.
 * The installed `stemmer` package is Porter's original, so the cases are kept here (a Map: a
 * plain object would answer "constructor" with a function).
 */
const STEM_EXCEPTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    association: "association",
    associations: "association",
    news: "news",
    general: "general",
    generally: "general",
    generation: "generat",
    generations: "generat",
    generate: "generat",
    generated: "generat",
    generates: "generat",
    generating: "generat",
    community: "communiti",
    communities: "communiti",
    communication: "communic",
    communications: "communic",
    communicate: "communic",
    communicated: "communic",
    communicating: "communic",
    // "Who spoke at the event?" asks about its speakers: the irregular past and the agent noun join "speak".
    spoke: "speak",
    spoken: "speak",
    speaker: "speak",
    speakers: "speak",
  }),
);

const stemCache = new Map<string, string>();

/** The stem of one normalised word. */
export function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = STEM_EXCEPTIONS.get(word) ?? stemmer(foldBritishSpelling(word));
    if (stemCache.size < 50_000) stemCache.set(word, stem);
  }
  return stem;
}

/** The stopwords long enough for a typo to be told from another word ("actualy", "somthing", "becuase"). */
export const LONG_STOPWORDS: readonly string[] = [...STOPWORDS].filter((word) => word.length >= 5);

/** True when a word carries no retrieval meaning. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word) || word.length < 2;
}

/*
 * The stem lists below are built by pushing onto an array literal, not with `.map`: V8's optimising
 * compiler inlines `.map` and allocates its result with holes (a "holey" array), where the unoptimised
 * builtin returns a packed one. Every loop over stems that was optimised for one kind then met the
 * other and was thrown away ("wrong map" deopts in termsIn, matchStems, containsRun...), and recompiled
 * while questions were being answered. Pushing gives the same packed kind in either tier.
 */

/** Stems of every word, in order, stopwords kept (used for phrase matching). */
export function stemSequence(text: string): string[] {
  const stems: string[] = [];
  for (const word of wordsOf(text)) stems.push(stemWord(word));
  return stems;
}

/** Stems of the content words, in order, stopwords dropped (what the index stores). */
export function contentStems(text: string): string[] {
  const stems: string[] = [];
  for (const word of wordsOf(text)) if (!isStopword(word)) stems.push(stemWord(word));
  return stems;
}

/** A word with a plural "s" folded ("savings" -> "saving"), for matching words as written rather than stemmed. */
export function foldPlural(word: string): string {
  return word.replace(/(?<=\w{3})s$/, "");
}
