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
 * - a question whose form shows the 2011-12 articles cannot answer it: who holds an office now, what
 *   came of a plan, a later year, a procedure, a whole list (question-forms.ts).
 * A hand-written rule because no maintained library reads a question's subject against a corpus
 * this small; an embedding model would need network access the offline path does not have.
 */
import subjectData from "./data/subjects.json" with { type: "json" };
import { namesIn, specificWords } from "./names.ts";
import { formAfterNames, formBeforeNames } from "./question-forms.ts";
import { foldPlural, wordsOf } from "./text.ts";
import { THESAURUS } from "./thesaurus.ts";

/** Why a question's subject is outside what the articles cover. */
export interface OutOfFieldSubject {
  kind:
    | "unknown-name"
    | "out-of-field"
    | "everyday-sense"
    | "current-office"
    | "later-event"
    | "silent-speaker";
  /** The words that gave it away (for logs and tests, never shown as the reason to users). */
  words: string;
  /** For a subject from knowledge/data/subjects.json, its category ("tax-and-accounts", "everyday-life"). */
  category?: string;
}

/** Categories of subjects.json that are a person's everyday life, not work a field topic could route. */
const EVERYDAY_CATEGORIES: ReadonlySet<string> = new Set([
  "everyday-life",
  "shopping",
  "family-and-personal-life",
  "personal-health-care",
  "housing-and-tenancy",
  "banking-and-energy",
  "software-and-devices",
  "jobs-and-careers",
  "elections",
  "everyday-council-services",
]);

/**
 * Whether a declined question is everyday life ("the capital of Australia", "my GP", a pizza place),
 * not the field asked outside what the articles cover (VAT, insurance, LGPS rates). Its field topics
 * are then noise ("capital" reads as funding): the decline routes to no topic's ambassadors and
 * records no knowledge gap under one.
 */
export function isEverydayLife(subject: OutOfFieldSubject): boolean {
  return subject.kind === "everyday-sense" || EVERYDAY_CATEGORIES.has(subject.category ?? "");
}

/**
 * Words are compared as written, a plural "s" folded: stems would confuse "savings" with "saving
 * money" and "wedding" with "we'd".
 */
const foldedWords = (phrase: string) => wordsOf(phrase).map(foldPlural);

const OUT_OF_FIELD: readonly { kind: string; stems: string[]; phrase: string }[] = Object.entries(
  subjectData.outOfField as Record<string, string[]>,
).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, stems: foldedWords(phrase), phrase })));

/**
 * OUT_OF_FIELD's positions by each phrase's first word: a question is checked against the few
 * phrases starting with one of its words rather than all of them (hundreds), in list order.
 */
const OUT_OF_FIELD_BY_FIRST = new Map<string, number[]>();
OUT_OF_FIELD.forEach((entry, i) => {
  const first = entry.stems[0];
  if (first === undefined) return;
  const list = OUT_OF_FIELD_BY_FIRST.get(first);
  if (list) list.push(i);
  else OUT_OF_FIELD_BY_FIRST.set(first, [i]);
});

/** subjects.json `idioms`: the field's phrases of everyday words ("a political football"), as folded words. */
const IDIOMS: readonly string[][] = (subjectData.idioms as string[]).map(foldedWords);

/** `stems` with every idiom's words blanked, so "a political football" is not read as football. */
function withoutIdioms(stems: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (const idiom of IDIOMS)
    for (let i = 0; i + idiom.length <= stems.length; i++)
      if (idiom.every((word, k) => stems[i + k] === word)) {
        out ??= [...stems];
        out.fill("", i, i + idiom.length);
      }
  return out ?? stems;
}

/**
 * The first OUT_OF_FIELD phrase (in list order) whose words occur as a run in `stems`, not counting a
 * run that only sets the scene (see isSetting) before `sceneEnd`, where the asking sentence begins.
 */
function outOfFieldPhrase(stems: readonly string[], sceneEnd = 0): (typeof OUT_OF_FIELD)[number] | undefined {
  let first: number | undefined;
  for (const stem of new Set(stems))
    for (const i of OUT_OF_FIELD_BY_FIRST.get(stem) ?? []) {
      if (first !== undefined && i >= first) break;
      if (hasAskedRun(stems, (OUT_OF_FIELD[i] as (typeof OUT_OF_FIELD)[number]).stems, sceneEnd)) first = i;
    }
  return first === undefined ? undefined : OUT_OF_FIELD[first];
}

/**
 * Where a story happened ("every time I mention it *at a team meeting* someone says..."): a phrase
 * after "at" or "during" (and a determiner) in the scene a message sets before it asks is the story's
 * setting, not what is asked about; the asking sentence itself is always read.
 */
const SETTING_PREPOSITIONS = new Set(["at", "during"]);
const SETTING_DETERMINERS = new Set([
  "a",
  "an",
  "the",
  "our",
  "my",
  "their",
  "this",
  "last",
  "every",
  "each",
]);
function isSetting(stems: readonly string[], at: number): boolean {
  const before = stems[at - 1] ?? "";
  if (SETTING_PREPOSITIONS.has(before)) return true;
  return SETTING_DETERMINERS.has(before) && SETTING_PREPOSITIONS.has(stems[at - 2] ?? "");
}

/**
 * A message's sentences, split after ".", "?" or "!". Not corpus.ts splitSentences, which wants a capital
 * after the stop, as edited prose has and chat ("it's getting tiresome. why is that?") often does not.
 */
const sentencesOf = (question: string) => question.split(/(?<=[.?!])\s+/);

/** Where the words of `question`'s last sentence begin, when a scene comes before it; else 0. */
function sceneLength(question: string): number {
  const sentences = sentencesOf(question);
  return sentences.length < 2 ? 0 : wordsOf(sentences.slice(0, -1).join(" ")).length;
}

// "share" and "shares" fold to one key: their neighbours are merged (a Map built from the entries
// would keep only the last, and "share files" went unnoticed).
const EVERYDAY_SENSES = new Map<string, Set<string>>();
for (const [word, neighbours] of Object.entries(subjectData.everydaySenses as Record<string, string[]>)) {
  const senses = EVERYDAY_SENSES.get(foldPlural(word)) ?? new Set<string>();
  for (const neighbour of neighbours) senses.add(foldPlural(neighbour));
  EVERYDAY_SENSES.set(foldPlural(word), senses);
}

/** Every word the thesaurus knows, short acronyms included ("JV", "HR"), which the vocabulary leaves out. */
export const THESAURUS_WORDS: ReadonlySet<string> = new Set(
  THESAURUS.flatMap((concept) => [...concept.terms, ...(concept.queryTerms ?? [])].flatMap(wordsOf)),
);

/**
 * A message that sets the scene before it asks ("We're drafting the constitution for our spin-out and
 * a cllr wants users on the board. Is there any thinking on splitting the board between workforce,
 * users and the council?") is about what its question asks, not about every word of its story: the
 * scene may name a document, a procedure or a system the articles never cover. So the out-of-field
 * phrases are looked for in the asking sentence alone, when it stands on its own: the last sentence
 * holding a question mark, of at least ASKED_ALONE_WORDS words, none of them pointing back to the
 * scene ("how do others handle that?" is about the scene, so the whole message is read).
 */
const ASKED_ALONE_WORDS = 6;
const POINTS_BACK = /\b(?:this|that|these|those|it|they|them|their|such|so)\b/i;

/**
 * The sentence a message asks in, when it sets a scene before it and the asking sentence stands on its own (see
 * ASKED_ALONE_WORDS); undefined when the whole message is to be read.
 */
export function askingSentence(question: string): string | undefined {
  const sentences = sentencesOf(question);
  if (sentences.length < 2) return undefined;
  let asked: string | undefined;
  for (let i = sentences.length - 1; i > 0 && asked === undefined; i--)
    if (sentences[i]?.includes("?")) asked = sentences[i];
  if (asked === undefined || POINTS_BACK.test(asked)) return undefined;
  return wordsOf(asked).length < ASKED_ALONE_WORDS ? undefined : asked;
}

/** The asking sentence's folded words, when the message sets a scene before it (see askingSentence). */
function askedStems(question: string): string[] | undefined {
  const asked = askingSentence(question);
  return asked === undefined ? undefined : wordsOf(asked).map(foldPlural);
}

/**
 * A neighbour that comes first, joined to the two-sense word by a preposition, names what the field
 * word is for, not an everyday compound: "a government fund for new mutuals" is funding for mutuals,
 * where "mutual fund" is an investment. ("Ambassador to France", the other way round, stays everyday.)
 */
const PREPOSITIONS = new Set(["for", "to", "of", "in", "on", "with", "by", "from", "into", "about"]);
function linkedByPreposition(stems: readonly string[], i: number, j: number): boolean {
  for (let k = Math.min(i, j) + 1; k < Math.max(i, j); k++)
    if (PREPOSITIONS.has(stems[k] as string)) return true;
  return false;
}

/** How far (in words, small words included) a neighbour may stand from a two-sense word. */
const SENSE_WINDOW = 3;

/**
 * Whether `needle` occurs as a run in `stems` other than as a setting in the scene (before `sceneEnd`;
 * see isSetting). Stops at the first such run (perf: every question meets a few phrases per word).
 */
function hasAskedRun(stems: readonly string[], needle: readonly string[], sceneEnd: number): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= stems.length; i++) {
    for (let j = 0; j < needle.length; j++) if (stems[i + j] !== needle[j]) continue outer;
    if (i >= sceneEnd || !isSetting(stems, i)) return true;
  }
  return false;
}

/** "Right to <verb>": a named right (see outOfFieldSubject). */
const NAMED_RIGHT = /\bright to ([a-z]{3,})\b/gi;
/** Verbs that make "a right to take over" a plain right to act, not the name of one. */
const LIGHT_VERBS = new Set(
  "do be have get make go say know take run use see ask keep stay set put bid".split(" "),
);

/**
 * What the subject rule reads of the corpus. Only `knows` is required (a test of one rule passes
 * just what it needs); the knowledge base passes every reader (knowledge/index.ts).
 */
export interface CorpusReaders {
  /** Whether the corpus or thesaurus has a word (so a name it knows is not unknown). */
  knows(word: string): boolean;
  /**
   * Whether the articles use a name-like word in this very form, a plural folded, and write it with a
   * capital somewhere (round 12): "Locality" (an organisation) is not known because "local" is, though both
   * stem alike, nor "Nationwide" by "nationwide threats"; "SMTs" is known by "SMT".
   * Without it, `knows` reads the names a question asks about.
   */
  knowsForm?(word: string): boolean;
  /** Whether the articles name a multi-word name (see createNameIndex). */
  knowsName?(name: readonly string[]): boolean;
  /** Whether the articles use a phrase word for word (see createPhraseIndex). */
  knowsPhrase?(phrase: string): boolean;
  /** The person a "what did X say?" question asks about when the texts never report X saying anything (speakers.ts). */
  silentSpeaker?(question: string): string | undefined;
}

/** The subject of `question` when the articles cannot speak to it, else undefined. */
export function outOfFieldSubject(question: string, corpus: CorpusReaders): OutOfFieldSubject | undefined {
  const { knows, knowsName, knowsPhrase } = corpus;
  const words = wordsOf(question);
  const stems: string[] = [];
  // Pushed, not mapped: one array kind in either V8 tier (see stemSequence in text.ts).
  for (const word of words) stems.push(foldPlural(word));

  const { specific } = specificWords(question);
  const form = formBeforeNames(question, specific);
  if (form) return form;
  for (const name of knowsName ? namesIn(question) : [])
    if (!knowsName?.(name)) return { kind: "unknown-name", words: name.join(" ") };
  // A right the posts never name ("the Right to Provide", "right to buy") is what such a question asks
  // about: they discuss the Right to Request and the Right to Challenge, so a shared "right" is no subject.
  if (knowsPhrase)
    for (const [phrase, verb] of question.matchAll(NAMED_RIGHT))
      if (!LIGHT_VERBS.has((verb as string).toLowerCase()) && !knowsPhrase(phrase))
        return { kind: "unknown-name", words: phrase };
  const later = formAfterNames(question, knows);
  if (later) return later;

  const asked = askedStems(question);
  const phrase = outOfFieldPhrase(withoutIdioms(asked ?? stems), asked ? 0 : sceneLength(question));
  // A subject the articles themselves write of ("good old GDP", the departments' "IT systems") is theirs to answer.
  if (phrase && !knowsPhrase?.(phrase.phrase))
    return { kind: "out-of-field", words: phrase.phrase, category: phrase.kind };

  for (let i = 0; i < stems.length; i++) {
    const neighbours = EVERYDAY_SENSES.get(stems[i] as string);
    if (!neighbours) continue;
    for (let j = Math.max(0, i - SENSE_WINDOW); j <= Math.min(stems.length - 1, i + SENSE_WINDOW); j++)
      if (j !== i && neighbours.has(stems[j] as string) && !(j < i && linkedByPreposition(stems, j, i)))
        return { kind: "everyday-sense", words: `${words[Math.min(i, j)]} ${words[Math.max(i, j)]}` };
  }

  // A name, acronym or year never seen in the corpus or thesaurus is what such a question is about.
  // ...read in its own form where the corpus can say so: "Locality" is not known by the "local" it stems to.
  const knowsSpecific = corpus.knowsForm ?? knows;
  for (const word of specific) if (!knowsSpecific(word)) return { kind: "unknown-name", words: word };
  // What a named person said, when the articles never report them saying anything.
  const speaker = corpus.silentSpeaker?.(question);
  if (speaker) return { kind: "silent-speaker", words: speaker };
  return undefined;
}
