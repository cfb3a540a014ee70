import { INCIDENTAL_STEMS } from "./common-knowledge.ts";
import { rarityFactor } from "./english.ts";
import { coverageOf, literalStems, type QuerySlot, slotCredit } from "./evidence.ts";
import type { GuideCard } from "./guide-cards.ts";
import { askedWording } from "./question.ts";
import type { QueryAnalysis, Retriever } from "./retrieval.ts";
import {
  holdsLiterally,
  namesConcept,
  type SharedReading,
  sharesEnough,
  slotsToHold,
} from "./shares-enough.ts";
import { stemWord } from "./text.ts";
import { createMentionIndex, factsOf, type TextFacts } from "./text-facts.ts";

/**
 * Whether a text speaks of the field topic a slot names: the word itself, or any term of the
 * concept it names ("LGPS" speaks of pensions).
 */
function holdsTopic(facts: TextFacts, slot: QuerySlot): boolean {
  return (
    holdsLiterally(facts, slot) ||
    slot.alternatives.some(
      (a) =>
        a.term.startsWith("zc") &&
        (a.term === `zc${slot.key}` || stemWord(a.term.slice(2)) === slot.key) &&
        facts.concepts.has(a.term),
    )
  );
}

/** Whether a card's texts (answer, phrasings) speak of every field topic the question names (see `holdsTopic`). */
export function speaksOfNamedTopics(analysis: QueryAnalysis, texts: readonly TextFacts[]): boolean {
  return analysis.slots
    .filter((slot) => namesConcept(slot))
    .every((slot) => texts.some((facts) => holdsTopic(facts, slot)));
}

/**
 * The most a text could cover the question's slots (coverageOf's coverage), read from which slots it
 * mentions at all: a slot none of whose terms the text holds earns nothing, one it mentions at most its
 * best alternative's credit. Summed as coverageOf sums, so never below it in floating point. Undefined
 * when a slot's weight is negative or not finite (coverage then need not stay under it). Card
 * matching reads it before measuring a phrasing's coverage (perf only).
 */
export function coverageCeiling(slots: readonly QuerySlot[]): ((facts: TextFacts) => number) | undefined {
  let total = 0;
  const ceilings: number[] = [];
  for (const slot of slots) {
    if (!(slot.weight >= 0 && slot.weight < Number.POSITIVE_INFINITY)) return undefined;
    let ceiling = 0;
    for (const alt of slot.alternatives) {
      if (Number.isNaN(alt.credit)) return undefined;
      if (alt.credit > ceiling) ceiling = alt.credit;
    }
    ceilings.push(ceiling);
    total += slot.weight;
  }
  return (facts) => {
    let covered = 0;
    for (let s = 0; s < slots.length; s++) {
      const slot = slots[s] as QuerySlot;
      for (const alt of slot.alternatives)
        if (alt.term.startsWith("zc") ? facts.concepts.has(alt.term) : facts.stems.has(alt.term)) {
          covered += slot.weight * (ceilings[s] as number);
          break;
        }
    }
    return total > 0 ? covered / total : 0;
  };
}

/** How well a card fits a question. */
export interface CardMatch {
  card: GuideCard;
  /** 0..1: the better phrasing's blend of both coverages. */
  score: number;
  /** Coverage of the question by the phrasing. */
  forward: number;
  /** Coverage of the phrasing by the question. */
  backward: number;
  /** Credit of the question's main concept in the phrasing (the subject rule, applied to cards). */
  keyCredit: number;
  /** Credit of each of the question's slots in the phrasing, in slot order. */
  credits: number[];
}

const NO_STEMS: ReadonlySet<string> = new Set();

/** Share of the fit taken from how much of the question the phrasing covers (the rest: the reverse). */
const FORWARD_SHARE = 0.6;

/**
 * How many of a card's phrasings (its title included) must use a word for the card to be about it
 * when its answer never does. Three: one or two could be one editor's aside; on the fresh dev set
 * two let "buy in" reach the wrong card, three did not.
 */
export const FRAMING_PHRASINGS = 3;

/**
 * A question fitting one of a card's own phrasings this closely (both ways) is that card's question,
 * though its subject word is not in the card's answer: the phrasing was written for the card. Without
 * it, 300 of the guide's 1,085 phrasings, asked word for word, did not reach their own card ("will
 * mutuals survive the next reshuffle?" asks what the card on lasting central support answers in the
 * articles' words: Maude staying in post, a strengthened support unit).
 */
export const VERBATIM_FIT = 0.95;

/** Matches questions against the guide's cards. */
export interface CardMatcher {
  /**
   * The best-fitting card; undefined when none scores at least `floor` (the least score the caller would
   * act on: a phrasing that cannot reach it is never measured, perf only; the result is otherwise the same).
   */
  best(analysis: QueryAnalysis, question: string, floor?: number): CardMatch | undefined;
  readonly cards: readonly GuideCard[];
}

/** Builds the matcher; each phrasing is analysed once, on first use, so loading stays cheap. */
export function createCardMatcher(
  cards: readonly GuideCard[],
  retriever: Retriever,
  df: Readonly<Record<string, number>>,
): CardMatcher {
  const spread = (slot: QuerySlot) => df[slot.key] ?? 0;
  const known = (slot: QuerySlot) =>
    spread(slot) > 0 || slot.alternatives.some((a) => a.term.startsWith("zc"));
  type Phrasing = { card: GuideCard; facts: TextFacts; analysis: QueryAnalysis };
  let phrasings: Phrasing[] | undefined;
  const prepare = () => {
    phrasings ??= cards.flatMap((card) =>
      [card.title, ...card.questions].map(askedWording).map((text) => ({
        card,
        facts: factsOf(text),
        analysis: retriever.analyse(text),
      })),
    );
    return phrasings;
  };
  let mentionIndex: ((terms: readonly string[]) => readonly number[]) | undefined;
  const mentioning = () => {
    mentionIndex ??= createMentionIndex(prepare().map((p) => p.facts));
    return mentionIndex;
  };
  let phrasingsByCard: Map<string, TextFacts[]> | undefined;
  const byCard = () => {
    if (!phrasingsByCard) {
      phrasingsByCard = new Map();
      for (const { card, facts } of prepare())
        phrasingsByCard.set(card.id, [...(phrasingsByCard.get(card.id) ?? []), facts]);
    }
    return phrasingsByCard;
  };
  const answers = new Map<string, TextFacts>();
  const answerFacts = (card: GuideCard) => {
    let facts = answers.get(card.id);
    if (!facts) {
      facts = factsOf(card.sentences.map((s) => `${s.text} ${s.quote}`).join(" "));
      answers.set(card.id, facts);
    }
    return facts;
  };
  return {
    cards,
    best(analysis, question, floor = 0) {
      if (cards.length === 0 || analysis.slots.length === 0) return undefined;
      const questionFacts = factsOf(question);
      const stems = literalStems(analysis.slots);
      const subject = mostSpecificKnownSlot(analysis, df);
      const subjectTerms =
        subject >= 0 ? (analysis.slots[subject]?.alternatives.map((a) => a.term) ?? []) : [];
      // A cheap look first: most phrasings never mention the subject at all (perf: an index, not a scan).
      const all = prepare();
      let candidates = all;
      if (subject >= 0) {
        // Pushed, not mapped: one array kind in either V8 tier, as `all` is (see stemSequence in text.ts).
        candidates = [];
        for (const i of mentioning()(subjectTerms)) candidates.push(all[i] as Phrasing);
      }
      const candidatesOf = new Map<string, TextFacts[]>();
      for (const { card, facts } of subject >= 0 ? candidates : []) {
        const list = candidatesOf.get(card.id);
        if (list) list.push(facts);
        else candidatesOf.set(card.id, [facts]);
      }
      const answerHolds = new Map<string, boolean>();
      // The subject must also be in what the card says: a phrasing may name a subject its answer
      // never reaches. Here a concept counts for the question's own word: "unions" in an answer
      // covers "reps". A card whose phrasings keep framing it by the word (FRAMING_PHRASINGS of them)
      // is about it too, though its answer says it in the articles' words ("stall", "paperwork",
      // "proposal" for a card quoting "blockers" and "gatekeepers"). Read once per card.
      const cardHolds = (card: GuideCard) => {
        let holds = answerHolds.get(card.id);
        if (holds === undefined) {
          const held = (facts: TextFacts, own: ReadonlySet<string>) =>
            slotCredit(analysis.slots, subject, facts, own) >= 0.5;
          holds = subject < 0 || held(answerFacts(card), NO_STEMS);
          let framing = 0;
          // Only phrasings mentioning the subject can hold it (the rest read 0): the candidates above.
          for (const facts of holds ? [] : (candidatesOf.get(card.id) ?? []))
            if (held(facts, stems) && ++framing >= FRAMING_PHRASINGS) {
              holds = true;
              break;
            }
          answerHolds.set(card.id, holds);
        }
        return holds;
      };
      // A short question's salient words must each be in a phrasing for it to share enough (the last
      // check below): a phrasing lacking one is passed by first (perf: "should we reduce headcount
      // before we incorporate?" meets ~670 phrasings on "spin out", and none says "headcount").
      const toHold = slotsToHold(analysis.slots, known);
      const mostCoverage = coverageCeiling(analysis.slots);
      let best: CardMatch | undefined;
      // Whether a phrasing that could score at most `reach` is passed by: it cannot beat the best so far, or,
      // before there is one, cannot reach the caller's floor (perf: the checks it skips are pure).
      const outOfReach = (reach: number) => (best ? reach <= best.score : reach < floor);
      candidate: for (const phrasing of candidates) {
        for (const slot of toHold) if (!holdsLiterally(phrasing.facts, slot)) continue candidate;
        // The bound below, from the words the phrasing mentions at all, before anything is measured.
        if (mostCoverage && outOfReach(FORWARD_SHARE * mostCoverage(phrasing.facts) + (1 - FORWARD_SHARE)))
          continue;
        // The subject rule for cards: the question's most specific word the articles know
        // ("fire" in "fire services going mutual") must be in the phrasing, or it is another subject.
        // (Read for that slot alone: it equals forward.credits[subject], and a phrasing failing it needs no more.)
        if (subject >= 0 && slotCredit(analysis.slots, subject, phrasing.facts, stems) < 0.5) continue;
        // ...and in what the card says (see cardHolds; read once per card, so before the full coverage),
        // unless the question is all but one of the card's own phrasings (VERBATIM_FIT, checked below).
        const holds = cardHolds(phrasing.card);
        const forward = coverageOf(analysis.slots, phrasing.facts, stems);
        // The most this phrasing can score: its forward coverage with full backward coverage.
        const reach = FORWARD_SHARE * forward.coverage + (1 - FORWARD_SHARE);
        if (!holds && reach < VERBATIM_FIT) continue;
        // A phrasing that could not beat the best so far even with full backward coverage is passed
        // by (perf: the checks below are pure, and only a higher score replaces the best).
        if (outOfReach(reach)) continue;
        // ...on more than a word mentioned in passing, and on every salient word of a short question.
        // One reading object per phrasing, not two (perf: up to hundreds of phrasings get here per question).
        const reading: SharedReading = {
          credits: forward.credits,
          holds: (slot: QuerySlot) => holdsLiterally(phrasing.facts, slot),
          spread,
          known,
          field: known,
        };
        if (!sharesEnough(analysis.slots, reading)) continue;
        const backward = coverageOf(phrasing.analysis.slots, questionFacts).coverage;
        const score = FORWARD_SHARE * forward.coverage + (1 - FORWARD_SHARE) * backward;
        if ((!holds && score < VERBATIM_FIT) || score < floor) continue;
        if (!best || score > best.score)
          best = {
            card: phrasing.card,
            score,
            forward: forward.coverage,
            backward,
            keyCredit: forward.keyCredit,
            credits: forward.credits,
          };
      }
      // The best-fitting card must also speak of every field topic the question names: "will a
      // TUPE transfer cover our pensions?" names pensions as much as TUPE, and a card on TUPE
      // transfers that never mentions pensions would answer half the question as if it were the
      // whole (`sharesEnough` asks the same of a short question's lead passage). The question then
      // falls back to the passages, not to the next card, which fitted less well to begin with.
      return best &&
        speaksOfNamedTopics(analysis, [answerFacts(best.card), ...(byCard().get(best.card.id) ?? [])])
        ? best
        : undefined;
    },
  };
}

/** How a card's whole text must cover a question for the evidence to agree (see `agreeingCard`). */
export const CARD_AGREEMENT = {
  /** Credit of the question's main concept in the card's title, phrasings and answer. */
  key: 0.8,
  /** Weighted share of the question the card's whole text covers. */
  coverage: 0.5,
};

/**
 * The card the evidence agrees on, when no phrasing matched (issue 11): ranking already chose
 * `lead` as the passage that answers, so a card quoting that passage is about the same thing, and
 * it answers when its whole text (title, the ways practitioners ask it, and its answer) covers the
 * question's main concept and enough of the rest. Ranking generalises to unseen wording better
 * than question-to-phrasing matching does; the card then words the answer. Among several, the one
 * covering the question best (ties: the card's order).
 */
export function createAgreeingCard(
  cards: readonly GuideCard[],
  df: Readonly<Record<string, number>>,
): (analysis: QueryAnalysis, leadPassageId: string) => GuideCard | undefined {
  const answers = new Map<string, TextFacts>();
  const answerFacts = (card: GuideCard) => {
    let facts = answers.get(card.id);
    if (!facts) {
      facts = factsOf(card.sentences.map((s) => `${s.text} ${s.quote}`).join(" "));
      answers.set(card.id, facts);
    }
    return facts;
  };
  let quoting: Map<string, GuideCard[]> | undefined;
  const wholeText = new Map<string, TextFacts>();
  const factsOfCard = (card: GuideCard) => {
    let facts = wholeText.get(card.id);
    if (!facts) {
      // Sentences apart, so a phrasing's last word and the next one's first are not read as a name.
      facts = factsOf(
        [card.title, ...card.questions.map(askedWording), ...card.sentences.map((s) => s.text)].join(".\n"),
      );
      wholeText.set(card.id, facts);
    }
    return facts;
  };
  return (analysis, leadPassageId) => {
    if (!quoting) {
      quoting = new Map();
      for (const card of cards)
        for (const id of new Set(card.sentences.map((s) => s.passageId)))
          quoting.set(id, [...(quoting.get(id) ?? []), card]);
    }
    // The subject rule, as for phrasings: the question's most specific word the articles know
    // ("fire" in "fire services going mutual") must be in what the card says, or it is another subject.
    const subject = mostSpecificKnownSlot(analysis, df);
    let best: { card: GuideCard; coverage: number } | undefined;
    for (const card of quoting.get(leadPassageId) ?? []) {
      const fit = coverageOf(analysis.slots, factsOfCard(card));
      if (fit.keyCredit < CARD_AGREEMENT.key || fit.coverage < CARD_AGREEMENT.coverage) continue;
      if (
        subject >= 0 &&
        (coverageOf(analysis.slots, answerFacts(card), NO_STEMS).credits[subject] ?? 0) < 0.5
      )
        continue;
      if (!best || fit.coverage > best.coverage) best = { card, coverage: fit.coverage };
    }
    // As for phrasings: the card must speak of every field topic the question names.
    return best && speaksOfNamedTopics(analysis, [factsOfCard(best.card)]) ? best.card : undefined;
  };
}

/**
 * The slot whose own word is rarest in the corpus (highest inverse document frequency) among words
 * the corpus has; -1 when none. Thesaurus boosts are left out: they mark the field's common ideas.
 * Words used in equally few passages tie often (every word met once has the same IDF), and the
 * slot order used to break the tie, so an incidental word could become the subject ("leave" over
 * "frontline"): the word rarer in everyday English now wins a tie. A word that only qualifies or
 * frames the question (subjects.json `incidental`: "available", "every", "main", "people") is never
 * the subject, though the articles use it rarely: "is there funding available for new mutuals?" asks
 * about funding, and a subject of "available" let no card's phrasing in.
 */
export function mostSpecificKnownSlot(analysis: QueryAnalysis, df: Readonly<Record<string, number>>): number {
  const idf = new Map(analysis.units.filter((u) => u.kind === "stem").map((u) => [u.term, u.weight]));
  let best = -1;
  let bestWeight = 0;
  let bestRarity = 0;
  analysis.slots.forEach((slot, i) => {
    if (INCIDENTAL_STEMS.has(slot.key)) return;
    const weight = (df[slot.key] ?? 0) > 0 ? (idf.get(slot.key) ?? 0) : 0;
    const rarity = rarityFactor(slot.key);
    if (weight > bestWeight || (weight > 0 && weight === bestWeight && rarity > bestRarity)) {
      best = i;
      bestWeight = weight;
      bestRarity = rarity;
    }
  });
  return best;
}
