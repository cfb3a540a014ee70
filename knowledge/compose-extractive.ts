/**
 * The offline composer: a short answer assembled from the most relevant sentences of the top
 * passages, every sentence followed by a numbered citation. Also the wording used whenever
 * Pathfinder does not answer, so every composer says "I don't know" the same way.
 */
import { splitSentences } from "./corpus.ts";
import { coverageOf, literalStems, type QuerySlot } from "./evidence.ts";
import {
  citationFor,
  dateTimeBound,
  joinedPassageIds,
  markedText,
  surroundingParagraph,
  tidySentence,
} from "./quotes.ts";
import type { QueryAnalysis, RankedPassage } from "./retrieval.ts";
import { factsOf, type TextFacts } from "./text-facts.ts";
import type { Citation, Passage } from "./types.ts";

/** The answer length the bots can show without scrolling. */
export const MAX_ANSWER_WORDS = 120;

/** Said when the knowledge base has no good answer. */
export const NOT_FOUND_MESSAGE =
  "I couldn't find this in the knowledge base. It covers spinning a public service out as an employee-owned mutual: the politics and councillors, unions and staff, TUPE, the business case, funding, procurement, governance and support, from five blogs written in 2011-12. Would you like me to connect you with an ambassador: someone who has been through a spin-out and can talk it over with you?";

/** Said for requests outside the field (weather, poems, code...). */
export const OFF_TOPIC_MESSAGE =
  "That's outside what I can help with. I answer questions about spinning public services out into employee-owned mutuals (staff and unions, TUPE, councillors, procurement, funding, governance...), with sources. Ask me one of those, or I can connect you with an ambassador.";

/** Said when a person is asked for ("can I speak to a human?"): who the people are, and the way to them. */
export const PERSON_MESSAGE =
  "I'm Pathfinder, a bot: I answer from five blogs on spinning a public service out as an employee-owned mutual. The people are the network's ambassadors, practitioners who have been through a spin-out. Choose “Talk to an ambassador”, or type “mentor” and your subject (“mentor unions”), and I'll suggest someone to talk it over with.";

/** Said to a greeting ("hi", "how are you?", "what can you do?"): what Pathfinder is for, and an example. */
export const GREETING_MESSAGE =
  'Hello! I\'m Pathfinder. I answer questions about spinning a public service out as an employee-owned mutual (staff and unions, TUPE, councillors, procurement, funding, governance...), citing the articles I draw on, and I can connect you with an ambassador who has done it. Try: "Our union reps say the spin-out is privatisation. How do other councils handle that?" or type “guide” for the topics.';

/** Said to thanks. */
export const THANKS_MESSAGE =
  "You're welcome. Ask me anything else about spinning out a mutual, or type “guide” for the topics.";

/** Said for an empty question. */
export const EMPTY_MESSAGE =
  'Please type a question, for example: "Our union reps are against the spin-out. What can we do?"';

/** Said when the question is mostly in a script the English articles cannot match. */
export const FOREIGN_SCRIPT_MESSAGE =
  "I can only search English-language articles at the moment, so I couldn't find this in the knowledge base. Could you ask in English? I can also connect you with an ambassador.";

/** Said when a message holds only instructions aimed at the bot. */
export const INSTRUCTIONS_ONLY_MESSAGE =
  "I can't change how I work, but I'm happy to answer questions about spinning out a public-service mutual, with sources. What would you like to know?";

/** One chosen sentence and where it came from. */
export interface ChosenSentence {
  text: string;
  passageRank: number;
  position: number;
  score: number;
  /** How many of the question's telling slots the sentence covers. */
  informative: number;
}

/** A passage's quotable sentences and their evidence, computed once per passage (answers reuse them). */
const sentenceCache = new Map<string, { text: string; words: number; facts: TextFacts }[]>();

function sentencesOf(passage: Passage): { text: string; words: number; facts: TextFacts }[] {
  const key = `${passage.id}\u0000${passage.text.length}`;
  let sentences = sentenceCache.get(key);
  if (!sentences) {
    sentences = passage.text
      .split(/\n+/)
      .flatMap(splitSentences)
      .map((raw) => {
        const text = tidySentence(raw);
        return { text, words: text.split(/\s+/).length, facts: factsOf(text) };
      });
    if (sentenceCache.size > 5000) sentenceCache.clear();
    sentenceCache.set(key, sentences);
  }
  return sentences;
}

/** Scores every sentence of the given passages by how much of the question's meaning it covers. */
export function scoreSentences(analysis: QueryAnalysis, ranked: readonly RankedPassage[]): ChosenSentence[] {
  const questionStems = literalStems(analysis.slots);
  const out: ChosenSentence[] = [];
  ranked.forEach((entry, passageRank) => {
    sentencesOf(entry.passage).forEach(({ text, words, facts }, position) => {
      if (words < 5) return; // sub-headings and fragments are not answers
      const { coverage, credits, keyCredit } = coverageOf(analysis.slots, facts, questionStems);
      // Slots that say something (not "mutual" or "service", which nearly every passage has).
      // (Counted, not filtered into an array: every sentence of the evidence passages is scored.)
      let informative = 0;
      for (let i = 0; i < analysis.slots.length; i++)
        if ((analysis.slots[i] as QuerySlot).weight >= INFORMATIVE_WEIGHT && (credits[i] ?? 0) >= 0.5)
          informative++;
      // Prefer sentences about the question's main concept, from the best passages, of a readable length.
      const lengthPenalty = words > 60 ? 0.7 : 1;
      const rankPrior = 1 / (1 + 0.35 * passageRank);
      out.push({
        text,
        passageRank,
        position,
        score: coverage * (0.5 + 0.5 * keyCredit) * rankPrior * lengthPenalty,
        informative,
      });
    });
  });
  return out;
}

/** A slot weighing less than this (a word in most passages) does not make a sentence relevant. */
const INFORMATIVE_WEIGHT = 1.5;

/** The best-matching sentence of one passage (used as a citation's quote). */
export function bestSentence(analysis: QueryAnalysis, entry: RankedPassage): string {
  return (
    bestScoredSentence(analysis, entry)?.text ??
    tidySentence(splitSentences(entry.passage.text)[0] ?? entry.passage.text)
  );
}

/** The best-matching sentence of one passage with its score and informative slots, if any sentence scores. */
export function bestScoredSentence(
  analysis: QueryAnalysis,
  entry: RankedPassage,
): ChosenSentence | undefined {
  const [best] = scoreSentences(analysis, [entry]).sort(
    (a, b) => b.score - a.score || a.position - b.position,
  );
  return best;
}

/** How many of the question's slots say something (weigh at least INFORMATIVE_WEIGHT). */
export function tellingSlotCount(analysis: QueryAnalysis): number {
  let n = 0;
  for (const slot of analysis.slots) if (slot.weight >= INFORMATIVE_WEIGHT) n++;
  return n;
}

/** A second lead meeting one telling word must score at least this share of the lead sentence. */
const SECOND_LEAD_SHARE = 0.3;

/** At most this many sources behind one answer (issue 11: more reads as padding). */
export const MAX_SOURCES = 3;

/**
 * A sentence that opens by pointing back ("This means...", "That particularly includes...", "He
 * argues...") needs the sentence before it to make sense on its own.
 */
export const BACK_REFERENCE =
  /^[“"‘']?(?:This|That|These|Those|It|Its|It’s|It's|They|Their|Them|He|She|His|Her|Such|Nor|Neither)\b/;

/**
 * A discourse marker opening a sentence ("However, ...", "Firstly, ...", "Happily, ...", "But ...")
 * ties it to the sentence before. Single words other than and/but/yet/also count only with their
 * comma, so "So far" or "Then the council" are left alone. Group 1 is a leading quote mark.
 */
export const DISCOURSE_MARKER =
  /^([“"‘']?)(?:(?:But|And|Yet|Also)\b,?|(?:However|Firstly|Secondly|Thirdly|Fourthly|Finally|Lastly|First|Second|Third|Happily|Unhappily|Fortunately|Unfortunately|Sadly|Meanwhile|Moreover|Furthermore|Therefore|Thus|Hence|Instead|Similarly|Likewise|Indeed|Nevertheless|Nonetheless|Otherwise|Besides|Then|Still|Again|So|Equally|Consequently|Additionally|Crucially|Interestingly|Importantly|Conversely|Overall|In addition|On the other hand|As a result|In turn|Even so|By contrast|In contrast|At the same time|Of course|After all|For example|For instance|In short|In other words|Above all|What is more|On top of that|To be fair|That said|Having said that)\s*,)\s*/;

/** The sentence without its opening discourse marker, capitalised ("However, staff..." -> "Staff..."). */
export function withoutMarker(sentence: string): string {
  const match = sentence.match(DISCOURSE_MARKER);
  if (!match) return sentence;
  const rest = sentence.slice(match[0].length);
  if (!rest) return sentence;
  // Markers stack ("And finally, and perhaps..."): each is dropped.
  return withoutMarker(`${match[1] ?? ""}${rest.charAt(0).toUpperCase()}${rest.slice(1)}`);
}

/**
 * Whether a sentence cannot stand on its own: it opens with a back-reference ("This means...", "They
 * argue..."), also behind a discourse marker ("Firstly, they need to know..."). A marker alone
 * ("However, the council...") is dropped instead when the sentence is quoted without its neighbour.
 */
export function refersBack(sentence: string): boolean {
  return (
    BACK_REFERENCE.test(sentence) ||
    BACK_REFERENCE.test(withoutMarker(sentence)) ||
    CONTINUATION.test(sentence)
  );
}

/**
 * A sentence that opens in lower case continues one a paragraph break cut ("On Shared Services, the plan
 * is to" / "“reform how Central Government procures..."): it reads only after the words before it.
 */
const CONTINUATION = /^[“"‘']?[a-z]/;

/** The extractive answer: text with [n] markers, and the citations those markers name. */
export function composeExtractive(
  analysis: QueryAnalysis,
  ranked: readonly RankedPassage[],
  options: { leads?: readonly number[] } = {},
): { text: string; citations: Citation[] } {
  const scored = scoreSentences(analysis, ranked);
  const byScore = [...scored].sort(
    (a, b) => b.score - a.score || a.passageRank - b.passageRank || a.position - b.position,
  );
  // One number per post: passages of the same article share a citation (issue 11).
  const postOf = (s: ChosenSentence) => ranked[s.passageRank]?.passage.postId ?? "";
  // A sentence needing its antecedent is usable only when that antecedent stands on its own.
  const readable = (s: ChosenSentence) => {
    if (!refersBack(s.text)) return true;
    const previous = sentencesOf(ranked[s.passageRank]?.passage as Passage)[s.position - 1];
    return previous !== undefined && !refersBack(previous.text);
  };
  // The best sentence of the best passage leads: ranking already chose that passage.
  const lead = [...scored]
    .filter((s) => s.passageRank === 0 && readable(s))
    .sort((a, b) => b.score - a.score || a.position - b.position)[0];
  const chosen: ChosenSentence[] = [];
  const posts = new Set<string>();
  let words = 0;
  const lengthOf = (s: ChosenSentence) => withAntecedent(s).reduce((n, t) => n + t.split(/\s+/).length, 0);
  const withAntecedent = (s: ChosenSentence): string[] => {
    const own = sentencesOf(ranked[s.passageRank]?.passage as Passage);
    const previous = own[s.position - 1];
    // A back-reference opener brings the sentence it refers to (unless that is already chosen).
    if (
      refersBack(s.text) &&
      previous &&
      !chosen.some((c) => c.passageRank === s.passageRank && c.position === s.position - 1)
    )
      return [previous.text, s.text];
    return [s.text];
  };
  const take = (s: ChosenSentence) => {
    chosen.push(s);
    posts.add(postOf(s));
    words += lengthOf(s);
  };
  if (lead) take(lead);
  // Passages that each answer the question on their own (ranking and coverage disagree on which is
  // best) each bring their best readable sentence: two close readings beat guessing one.
  for (const rank of options.leads ?? []) {
    if (rank === 0) continue;
    // The same bar as any supporting sentence (one shared word is not evidence), unless the
    // sentence covers the question about as well as the lead does: then its one telling word is
    // the question's own point. The best sentence that still fits the answer's length is taken,
    // rather than dropping the source when its very best sentence is long.
    const second = [...scored]
      .filter(
        (s) =>
          s.passageRank === rank &&
          s.score > 0 &&
          (s.informative >= Math.min(2, lead?.informative ?? 2) ||
            (s.informative >= 1 && s.score >= (lead?.score ?? 0) * SECOND_LEAD_SHARE)) &&
          readable(s) &&
          words + lengthOf(s) <= MAX_ANSWER_WORDS,
      )
      .sort((a, b) => b.score - a.score || a.position - b.position)[0];
    if (!second || (!posts.has(postOf(second)) && posts.size >= MAX_SOURCES)) continue;
    take(second);
  }
  const floor = (byScore[0]?.score ?? 0) * 0.45;
  for (const candidate of byScore) {
    if (chosen.length >= 4) break;
    if (chosen.includes(candidate) || candidate.score <= 0 || candidate.score < floor) continue;
    if (!readable(candidate)) continue;
    if (!posts.has(postOf(candidate)) && posts.size >= MAX_SOURCES) continue;
    // A supporting sentence must meet at least two of the question's telling slots: one shared
    // word ("director" in "Phillip Blond, director of a think tank") is not evidence.
    if (candidate.informative < Math.min(2, lead?.informative ?? 2)) continue;
    if (words + lengthOf(candidate) > MAX_ANSWER_WORDS) continue;
    take(candidate);
  }
  chosen.sort((a, b) => a.passageRank - b.passageRank || a.position - b.position);

  const numbers = new Map<string, Citation>();
  const quoted = new Map<string, string[]>();
  const parts: { text: string; n: number }[] = [];
  const citations: Citation[] = [];
  let lastTold: { passageRank: number; position: number } | undefined;
  for (const sentence of chosen) {
    const entry = ranked[sentence.passageRank];
    if (!entry) continue;
    const post = entry.passage.postId;
    let citation = numbers.get(post);
    if (!citation) {
      citation = citationFor(citations.length + 1, entry.passage, "");
      numbers.set(post, citation);
      citations.push(citation);
    }
    citation.passageIds = joinedPassageIds(citation, entry.passage.id);
    const group = withAntecedent(sentence);
    const firstPosition = sentence.position - (group.length - 1);
    const texts = group.filter((t) => !parts.some((p) => p.text.includes(t)));
    // The quote is drawn from the seed passage the citation names.
    if (entry.passage.id === citation.passageId) quoted.set(post, [...(quoted.get(post) ?? []), ...texts]);
    // A discourse marker ("However,", "Secondly,") is kept only right after the sentence it answers.
    const followsItsNeighbour =
      lastTold?.passageRank === sentence.passageRank && lastTold.position === firstPosition - 1;
    // Built in a loop, not `.map(...).map(...).join`, for one array kind in either V8 tier (see markedText).
    let said = "";
    for (let i = 0; i < texts.length; i++) {
      const t = texts[i] as string;
      const told = i === 0 && texts.length === group.length && !followsItsNeighbour ? withoutMarker(t) : t;
      said +=
        i === 0 ? dateTimeBound(told, entry.passage.date) : ` ${dateTimeBound(told, entry.passage.date)}`;
    }
    lastTold = { passageRank: sentence.passageRank, position: sentence.position };
    if (!said) continue;
    // Consecutive sentences from one article carry one marker, not "[1] ... [1] ... [1]".
    const last = parts[parts.length - 1];
    if (last && last.n === citation.n) last.text = `${last.text} ${said}`;
    else parts.push({ text: said, n: citation.n });
  }
  for (const citation of citations) {
    const entry = ranked.find((r) => r.passage.id === citation.passageId);
    if (entry) citation.quote = surroundingParagraph(entry.passage, quoted.get(entry.passage.postId) ?? []);
  }
  return { text: markedText(parts), citations };
}
