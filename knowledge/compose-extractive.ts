/**
 * The offline composer: a short answer assembled from the most relevant sentences of the top
 * passages, every sentence followed by a numbered citation. Also the wording used whenever
 * Pathfinder does not answer, so every composer says "I don't know" the same way.
 */
import { splitSentences } from "./corpus.ts";
import { coverageOf, factsOf, literalStems, type TextFacts } from "./evidence.ts";
import type { QueryAnalysis, RankedPassage } from "./retrieval.ts";
import type { Citation, Passage } from "./types.ts";

/** The answer length the bots can show without scrolling. */
export const MAX_ANSWER_WORDS = 120;

/** Said when the knowledge base has no good answer. */
export const NOT_FOUND_MESSAGE =
  "I couldn't find this in the knowledge base. It covers spinning a public service out as an employee-owned mutual: the politics and councillors, unions and staff, TUPE, the business case, funding, procurement, governance and support, from five blogs written in 2011-12. Would you like me to connect you with an ambassador: someone who has been through a spin-out and can talk it over with you?";

/** Said for requests outside the field (weather, poems, code...). */
export const OFF_TOPIC_MESSAGE =
  "That's outside what I can help with. I answer questions about spinning public services out into employee-owned mutuals (staff and unions, TUPE, councillors, procurement, funding, governance...), with sources. Ask me one of those, or I can connect you with an ambassador.";

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

/**
 * Cleans a sentence for quoting: balances quotation marks (a quote that opened in this sentence
 * and closes in a later one gets its closing mark; one that opened earlier gets its opening mark;
 * a stray mark at either end is dropped) and collapses spaces.
 */
export function tidySentence(sentence: string): string {
  let s = sentence.replace(/\s+/g, " ").trim();
  // Double quotes: curly pairs, and straight ones by parity.
  if (/^[“"]/.test(s) && countOf(s, /[“]/g) + countOf(s, /"/g) === 1) s = s.slice(1).trim();
  if (/[”"]$/.test(s) && countOf(s, /[”]/g) + countOf(s, /"/g) === 1) s = s.slice(0, -1).trim();
  const doubleOpens = countOf(s, /“/g);
  const doubleCloses = countOf(s, /”/g);
  if (doubleOpens > doubleCloses) s = `${s}${"”".repeat(doubleOpens - doubleCloses)}`;
  else if (doubleCloses > doubleOpens) s = `${"“".repeat(doubleCloses - doubleOpens)}${s}`;
  if (countOf(s, /"/g) % 2 === 1) s = s.startsWith('"') ? s.slice(1) : `${s}"`;
  // Single quotes: ’ between letters is an apostrophe, not a closing mark.
  const singleOpens = countOf(s, /‘/g);
  const singleCloses = countOf(s, /’(?![a-z])/gi) - countOf(s, /s’(?=\s)/g);
  if (singleOpens > singleCloses && !/^‘/.test(s)) s = `${s}’`;
  else if (singleOpens > singleCloses) s = s.slice(1);
  return s.trim();
}

function countOf(text: string, pattern: RegExp): number {
  return (text.match(pattern) ?? []).length;
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
      const informative = analysis.slots.filter(
        (slot, i) => slot.weight >= INFORMATIVE_WEIGHT && (credits[i] ?? 0) >= 0.5,
      ).length;
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
  const [best] = scoreSentences(analysis, [entry]).sort(
    (a, b) => b.score - a.score || a.position - b.position,
  );
  return best?.text ?? tidySentence(splitSentences(entry.passage.text)[0] ?? entry.passage.text);
}

/** The extractive answer: text with [n] markers, and the citations those markers name. */
export function composeExtractive(
  analysis: QueryAnalysis,
  ranked: readonly RankedPassage[],
): { text: string; citations: Citation[] } {
  const scored = scoreSentences(analysis, ranked);
  const byScore = [...scored].sort(
    (a, b) => b.score - a.score || a.passageRank - b.passageRank || a.position - b.position,
  );
  // The best sentence of the best passage always leads: ranking already chose that passage.
  const lead = [...scored]
    .filter((s) => s.passageRank === 0)
    .sort((a, b) => b.score - a.score || a.position - b.position)[0];
  const chosen: ChosenSentence[] = [];
  let words = 0;
  const take = (s: ChosenSentence) => {
    chosen.push(s);
    words += s.text.split(/\s+/).length;
  };
  if (lead) take(lead);
  const floor = (byScore[0]?.score ?? 0) * 0.45;
  for (const candidate of byScore) {
    if (chosen.length >= 4) break;
    if (chosen.includes(candidate) || candidate.score <= 0 || candidate.score < floor) continue;
    // A supporting sentence must meet at least two of the question's telling slots: one shared
    // word ("director" in "Phillip Blond, director of a think tank") is not evidence.
    if (candidate.informative < Math.min(2, lead?.informative ?? 2)) continue;
    const length = candidate.text.split(/\s+/).length;
    if (words + length > MAX_ANSWER_WORDS) continue;
    take(candidate);
  }
  chosen.sort((a, b) => a.passageRank - b.passageRank || a.position - b.position);

  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  const parts: string[] = [];
  for (const sentence of chosen) {
    let n = numbers.get(sentence.passageRank);
    const entry = ranked[sentence.passageRank];
    if (!entry) continue;
    if (n === undefined) {
      n = citations.length + 1;
      numbers.set(sentence.passageRank, n);
      citations.push({
        n,
        passageId: entry.passage.id,
        kind: "article",
        title: entry.passage.title,
        source: entry.passage.source,
        quote: sentence.text,
      });
    }
    parts.push(`${sentence.text} [${n}]`);
  }
  return { text: parts.join(" "), citations };
}
