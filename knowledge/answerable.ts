/**
 * Answer-level checks (issue 11): after an answer is composed, does it address what was asked?
 * Ranking finds passages that share the question's words; these checks read the question's
 * *subject* (the noun phrase a "what/which/who" question asks for, or the thing a "how do we..."
 * question wants done) and decline when the passages the answer cites never speak of it:
 * "What is the current procurement threshold for services contracts?" shares "procurement" and
 * "contracts" with the articles but no passage holds a threshold; "Which cloud provider do other
 * mutuals use?" shares "provider" and "mutuals" but none mentions a cloud.
 * Hand-written because no installed library parses English phrases (a part-of-speech model such as
 * wink-eng-lite-web-model is not a dependency); the patterns read only the question's opening.
 */

import { lacksAskedFigure } from "./asked-figure.ts";
import type { QuerySlot } from "./evidence.ts";
import { quotedPassageIds } from "./quotes.ts";
import { isStopword, stemWord, wordsOf } from "./text.ts";
import type { TextFacts } from "./text-facts.ts";
import type { Answer } from "./types.ts";

/**
 * Words that qualify a subject without being it ("the *current* threshold", "the *main* problems"):
 * a passage need not repeat them.
 */
const QUALIFIERS = new Set(
  (
    "current currently main best biggest big bigger small smaller new newest latest usual typical key real actual " +
    "proper general other different own first last next right good better exact precise likely possible common " +
    "most least more less many much few several certain particular specific whole overall average typical " +
    "standard normal official recommended ideal single one two three kind kinds type types sort sorts way ways " +
    "thing things level levels amount number lot lots part"
  ).split(" "),
);

/**
 * Nouns that frame a subject rather than name it ("the *problems* new mutuals run into", "Labour's
 * *take* on mutuals", "the *mood* among practitioners"): the passage may speak of the subject in other words (challenges, view), and
 * unless "of" follows, what comes after one is a clause about it, not more of the subject.
 */
const FRAMES = new Set(
  (
    "problem problems issue issues challenge challenges barrier barriers risk risks benefit benefits " +
    "advantage advantages disadvantage disadvantages pros cons option options lesson lessons reason reasons " +
    "argument arguments evidence point points difference differences take view views position stance " +
    "opinion opinions thoughts line feeling verdict idea ideas example examples split breakdown balance mix " +
    // Evaluative nouns ask how things stand with a subject, which the posts may give in any words.
    "mood catch downside downsides upside upsides vibe odds chance chances prospect prospects outlook sense " +
    "state status story situation picture deal fuss gist upshot consensus appetite attitude attitudes " +
    "approach mindset sentiment thinking worry worries concern concerns fear fears hope hopes " +
    // A critique frames its subject too ("Glasman's *criticism* of the Big Society version").
    "criticism criticisms critique critiques objection objections complaint complaints version versions"
  ).split(" "),
);

/** Words that end a noun phrase: auxiliaries, modals, prepositions (except "of") and linking words. */
const PHRASE_END = new Set(
  (
    "do does did doing done is are was were be been being am should would could can will shall must might may " +
    "have has had having for in on at to with from under by about into onto after before between during since " +
    "until against over through without within when whenever if that which who whom whose where why how while " +
    "as than so and or but because though although i we you he she they it me us him her them my your his our " +
    "their its this these those there here then now today s according regarding concerning"
  ).split(" "),
);

/** Words that, right after "what/which", show the question is about an action, not a thing ("what happens if..."). */
const NOT_A_THING = new Set(
  (
    "do does did should would could can will shall must might may have has had happens happened happen " +
    "if about makes made make kind sort type"
  ).split(" "),
);

/** Words that open a noun phrase: the word before one is a verb, not part of the subject. */
const DETERMINERS = new Set(
  "a an the our my your their his her its this that these those us them you him me".split(" "),
);

/** The longest subject read (in words): a question's subject is short; beyond it we are reading its verb. */
const MAX_SUBJECT_WORDS = 4;

/** Auxiliaries and modals: "which X *do* mutuals use" shows X is the thing asked for. */
const AUXILIARIES = new Set(
  "do does did is are was were should would could can will shall must might may have has had".split(" "),
);

/**
 * Where a question's subject starts. `linked`: the opening has its own verb ("what *is* the X",
 * "who *is* the X", "where can I *find* X"), so what follows is the subject. Otherwise ("which X do
 * mutuals use") X is the subject only when an auxiliary follows it; "what motivates staff to join"
 * asks about an action.
 */
const OPENINGS: readonly { pattern: RegExp; linked: (match: RegExpMatchArray) => boolean }[] = [
  {
    pattern:
      /\b(?:what|which)(\s*['’]s|\s+is|\s+are|\s+was|\s+were|\s+would be|\s+will be)?\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+|its\s+|any\s+|some\s+)?(.+)/i,
    linked: (match) => match[1] !== undefined,
  },
  {
    pattern: /\bwho(\s*['’]s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|our\s+|their\s+)?(.+)/i,
    linked: () => true,
  },
  {
    pattern:
      /\bwhere\s+(?:can|do|could|should|would)\s+(?:i|we|you)\s+(find|get|download|buy|obtain|see|read)\s+(?:the\s+|a\s+|an\s+|our\s+)?(.+)/i,
    linked: () => true,
  },
];

/**
 * The content words of what a question asks for ("current procurement threshold" →
 * ["procurement", "threshold"]), qualifiers left out; empty when the question does not open on a
 * subject the patterns read (yes/no questions, "how do we...", "what do councillors need").
 */
export function askedSubject(question: string): string[] {
  const firstQuestion = question.split(/(?<=[?!.])\s+/).find((s) => /\?\s*$/.test(s)) ?? question;
  // "who've", "they're": the contraction's tail is a verb, not part of a word to look up.
  const plain = firstQuestion.replace(/(\w)['’](?:ve|re|ll|d|m)\b/gi, "$1 ");
  for (const { pattern, linked } of OPENINGS) {
    const match = plain.match(pattern);
    if (!match?.[2]) continue;
    // A possessive names its owner: "Glasman's criticism" is Glasman's, not a word "glasmans".
    const words = wordsOf((match[2].split(/[?,;:!()"“”]/)[0] ?? "").replace(/(\w)['’]s\b/g, "$1"));
    if (words.length === 0 || NOT_A_THING.has(words[0] as string)) return [];
    const subject: string[] = [];
    let end = words.length;
    for (const [i, word] of words.entries()) {
      end = i;
      if (PHRASE_END.has(word)) break;
      // A word followed by an article or pronoun is a verb ("what *stops* a firm", "which MP
      // *accused* the government"): the subject ended before it, or the question asks about an action.
      if (word !== "of" && DETERMINERS.has(words[i + 1] ?? "")) {
        if (i === 0) return [];
        break;
      }
      if (FRAMES.has(word)) {
        if (words[i + 1] === "of") continue;
        break;
      }
      end = i + 1;
      if (QUALIFIERS.has(word) || isStopword(word) || /^\d+$/.test(word)) continue;
      if (subject.length >= MAX_SUBJECT_WORDS) break;
      subject.push(word);
    }
    if (!linked(match) && !AUXILIARIES.has(words[end] ?? "")) return [];
    return subject;
  }
  return [];
}

/** Whether any of the cited passages speaks of `word`, directly or through a thesaurus concept. */
function mentions(word: string, slots: readonly QuerySlot[], cited: readonly TextFacts[]): boolean {
  const stem = stemWord(word);
  const slot = slots.find((s) => s.key === stem);
  const terms = new Set([stem, ...(slot?.alternatives.map((a) => a.term) ?? [])]);
  return cited.some((facts) => [...terms].some((t) => facts.stems.has(t) || facts.concepts.has(t)));
}

/**
 * The words of the question's subject that none of the cited passages speaks of and the corpus never
 * uses at all (`knows(word)` says whether corpus or thesaurus has it). A subject word the articles
 * use elsewhere may be paraphrased by the cited passage ("role" for "place at the table"), so only
 * a word foreign to the whole corpus ("threshold", "template") shows the question is about
 * something the articles never discuss. Only a compound subject counts (see below).
 */
export function unaddressedSubject(
  question: string,
  slots: readonly QuerySlot[],
  cited: readonly TextFacts[],
  knows: (word: string) => boolean,
): string[] {
  const subject = askedSubject(question);
  // A one-word subject the corpus lacks is as often a framing word ("the *trick* to winning over
  // staff", "the *rationale* for mutuals") as a thing; a compound names a thing ("procurement
  // threshold", "stamp duty", "spin class").
  if (subject.length < 2) return [];
  return subject.filter((word) => !knows(word) && !mentions(word, slots, cited));
}

/**
 * Why a composed answer does not answer its question, or undefined when it does: it gives no figure
 * for a question asking for one, or its cited passages never speak of the question's subject.
 * `factsOf` gives the evidence of a cited passage by id; `knows` whether corpus or thesaurus has a word.
 */
export function answerMisses(
  question: string,
  slots: readonly QuerySlot[],
  answer: Pick<Answer, "text" | "citations">,
  factsOf: (passageId: string) => TextFacts | undefined,
  knows: (word: string) => boolean,
): "no-figure" | "subject-unaddressed" | undefined {
  if (lacksAskedFigure(question, answer.text)) return "no-figure";
  const cited: TextFacts[] = [];
  for (const id of quotedPassageIds(answer.citations)) {
    const facts = factsOf(id);
    if (facts !== undefined) cited.push(facts);
  }
  if (cited.length > 0 && unaddressedSubject(question, slots, cited, knows).length > 0)
    return "subject-unaddressed";
  return undefined;
}
