/**
 * Names the articles mention only in passing (issue 11). "Was Norwich one of the pathfinders?" and
 * "what did ResPublica's later report recommend?" name a place and a think tank that the posts mention
 * once or twice (staff "in Norwich or Salford"), so ranking finds passages about pathfinders or
 * reports, and the answer speaks of neither. A question asking about such a name (it stands in the
 * clause that asks) is answered only from an article that mentions it: the post, not the passage,
 * since a post names its source once ("Landseer Partners reported...") and its later passages go on
 * reporting it.
 *
 * Which words are names is read from the corpus itself: words the posts capitalise inside a sentence
 * nearly every time they use them ("Norwich", "LATSS"), so a question typed in lower case is read as
 * well as one with capitals. Hand-written because no installed library tags proper nouns (a
 * part-of-speech model is not a dependency).
 */
import { everydayZipf } from "./english.ts";
import { bareWord, isStopword, stemWord, wordsOf } from "./text.ts";
import type { TextFacts } from "./text-facts.ts";
import { THESAURUS } from "./thesaurus.ts";
import type { Passage } from "./types.ts";

/** At most this many passages mention a name for it to count as mentioned in passing. */
const PASSING = 3;

/** Share of a word's uses inside a sentence that must be capitalised for it to read as a name. */
const NAME_SHARE = 0.9;

/**
 * A word this common in everyday English ("Blue" of Blue Labour, "Forum", "Plus") is a name only in
 * the posts' phrases: read alone in a question it is the everyday word.
 */
const EVERYDAY_ZIPF = 3.5;

/** Words before a name that make it the scene, not the subject ("a briefing *in* Salford", "outsourcers *like* Serco"). */
const SETTING = new Set("in from at to for with by like as of on about near around across than".split(" "));

/** How a clause that asks opens: an interrogative or an auxiliary ("was Norwich one of...", "what did ResPublica..."). */
const ASKING =
  /^(?:(?:ok|okay|so|and|but|also|then|right|hi|hey|quick question)\b[\s,:]*)*(?:what|which|who|whose|how|where|when|why|is|are|was|were|did|does|do|has|have|had|can|could|would|will|should)\b/i;

/** Reads the names a question asks about that the corpus mentions only in passing, as stems. */
export type PassingNames = (question: string) => string[];

/**
 * The words of a sentence (a possessive's "'s" dropped), whether each is capitalised inside it, and the
 * word before it as typed (for the setting prepositions), punctuation and one-letter words left out.
 */
function tokensOf(sentence: string): { word: string; capital: boolean; before: string }[] {
  const tokens = sentence.split(/\s+/).filter(Boolean);
  return tokens
    .map((token, i) => {
      const word = bareWord(token);
      const before = (tokens[i - 1] ?? "").toLowerCase().replace(/[^a-z]/g, "");
      return { word, capital: i > 0 && /^\p{Lu}/u.test(word), before };
    })
    .filter(({ word }) => /^\p{L}{2,}$/u.test(word));
}

/**
 * The corpus's names mentioned in passing, as sorted stems: built once with the artifact
 * (artifact.ts), so no Lambda spends the ~20 ms at its first question. `passagesWith`: in how many
 * passages a stem occurs. A word the thesaurus lists ("Whitehall" for government) is a synonym, not
 * only a name, so it is left out.
 */
export function corpusNameStems(texts: readonly string[], passagesWith: (stem: string) => number): string[] {
  const synonyms = new Set(
    THESAURUS.flatMap((concept) => [...concept.terms, ...(concept.queryTerms ?? [])].flatMap(wordsOf)).map(
      stemWord,
    ),
  );
  const capital = new Map<string, number>();
  const lower = new Map<string, number>();
  for (const text of texts)
    for (const sentence of text.split(/(?<=[.?!:])\s+|\n+/))
      for (const { word, capital: inside } of tokensOf(sentence)) {
        const stem = stemWord(word.toLowerCase());
        if (inside) capital.set(stem, (capital.get(stem) ?? 0) + 1);
        else if (!/^\p{Lu}/u.test(word)) lower.set(stem, (lower.get(stem) ?? 0) + 1);
      }
  const names: string[] = [];
  for (const [stem, count] of capital) {
    const share = count / (count + (lower.get(stem) ?? 0));
    if (
      share >= NAME_SHARE &&
      !synonyms.has(stem) &&
      passagesWith(stem) <= PASSING &&
      everydayZipf(stem) <= EVERYDAY_ZIPF
    )
      names.push(stem);
  }
  return names.sort();
}

/** Builds the reader over the corpus's names (`names`: read on the first question, see corpusNameStems). */
export function createPassingNames(names: () => readonly string[]): PassingNames {
  let known: ReadonlySet<string> | undefined;
  return (question) => {
    if (!known) known = new Set(names());
    const corpus = known;
    const found: string[] = [];
    for (const clause of question.split(/[.?!;,()]+\s*|\s+[-–—]+\s+|\n+/)) {
      if (!ASKING.test(clause.trim())) continue;
      for (const { word, before } of tokensOf(clause.trim())) {
        if (isStopword(word.toLowerCase())) continue;
        const stem = stemWord(word.toLowerCase());
        if (corpus.has(stem) && !found.includes(stem) && !SETTING.has(before)) found.push(stem);
      }
    }
    return found;
  };
}

/** The post each passage belongs to, and each post's words (stems), for reading which posts name what. */
export interface PostWords {
  postOf: (passageId: string) => string | undefined;
  stemsOf: (postId: string) => ReadonlySet<string>;
}

/** Each post's words, read from its passages' facts on first use (cold start has a budget). */
export function createPostWords(
  passages: readonly Passage[],
  factsOf: (passageId: string) => TextFacts | undefined,
): PostWords {
  const postById = new Map(passages.map((p) => [p.id, p.postId]));
  const stemsByPost = new Map<string, Set<string>>();
  return {
    postOf: (passageId) => postById.get(passageId),
    stemsOf: (postId) => {
      let stems = stemsByPost.get(postId);
      if (!stems) {
        stems = new Set<string>();
        for (const passage of passages)
          if (passage.postId === postId)
            for (const stem of factsOf(passage.id)?.stems.keys() ?? []) stems.add(stem);
        stemsByPost.set(postId, stems);
      }
      return stems;
    },
  };
}

/**
 * The names a question asks about that no article the answer cites mentions: empty when the answer
 * may stand. `passageIds`: every passage the answer quotes.
 */
export function namesNotCited(
  passing: PassingNames,
  posts: PostWords,
  question: string,
  passageIds: readonly string[],
): string[] {
  const named = passing(question);
  if (named.length === 0) return [];
  const cited = [...new Set(passageIds.map(posts.postOf))].flatMap((id) => (id ? [posts.stemsOf(id)] : []));
  return named.filter((stem) => !cited.some((stems) => stems.has(stem)));
}

/** The corpus's names in passing, read from its passages as the artifact stores them (artifact.ts builds it). */
export function passingNamesOf(passages: readonly Passage[], df: Readonly<Record<string, number>>): string[] {
  return corpusNameStems(
    passages.map((p) => `${p.title}. ${p.text}`),
    (stem) => df[stem] ?? 0,
  );
}

/**
 * The check an answer passes before it is given (knowledge/index.ts `ask`): the names the question asks
 * about that no article among `passageIds` mentions. `names`: the artifact's stored list, read on first use.
 */
export function createNameCheck(
  passages: readonly Passage[],
  names: () => readonly string[],
  factsOf: (passageId: string) => TextFacts | undefined,
): (question: string, passageIds: readonly string[]) => string[] {
  const passing = createPassingNames(names);
  const posts = createPostWords(passages, factsOf);
  return (question, passageIds) => namesNotCited(passing, posts, question, passageIds);
}
