/**
 * Which guide card words an answer (issue 11): a card whose phrasings fit the question (clearly, or well enough with a
 * passage it quotes among the best-ranked), or one that agrees with the passage the answer leads with. Kept apart
 * from index.ts, which decides whether and how to answer; this decides only which card, if any, words it.
 */
import { ANSWER_THRESHOLD, confidenceOf } from "./answer-evidence.ts";
import { answerMisses } from "./answerable.ts";
import { cardLacksFigure, composeCardAnswer, withOtherVoices } from "./card-answers.ts";
import { type CardMatch, createAgreeingCard, createCardMatcher, VERBATIM_FIT } from "./cards.ts";
import type { GuideCard } from "./guide-cards.ts";
import { inOwnOrder, type QueryAnalysis, type RankedPassage, type Retriever } from "./retrieval.ts";
import type { TextFacts } from "./text-facts.ts";
import type { Answer, Citation, Passage } from "./types.ts";

/**
 * When a guide card answers (issue 11): a card fitting the question this well answers outright; one
 * fitting at least `agree` answers when a passage it quotes is also among the best-ranked passages
 * (two independent readings agree). Its phrasing must also hold the question's main concept.
 */
export const CARD_FIT = {
  clear: 0.8,
  agree: 0.55,
  key: 0.5,
  agreeDepth: 4,
};

/** What choosing a card reads: the cards, the ranking's reading of questions, and the passages' evidence. */
export interface CardChoiceSources {
  cards: readonly GuideCard[];
  retriever: Retriever;
  df: Readonly<Record<string, number>>;
  passageById: ReadonlyMap<string, Passage>;
  factsOf: (passageId: string) => TextFacts | undefined;
  knows: (word: string) => boolean;
}

/** Chooses the card that words an answer, if any. */
export interface CardChoice {
  /**
   * The card whose phrasings fit the question well enough to answer from (see CARD_FIT). When the question's nearest
   * answered questions point to a passage (asked-before.ts), a card that quotes it nowhere does not, unless the
   * question is all but word for word one of its phrasings (VERBATIM_FIT).
   */
  fitting(
    analysis: QueryAnalysis,
    question: string,
    ranked: readonly RankedPassage[],
    pointedTo?: string,
  ): GuideCard | undefined;
  /** The card that agrees with the passage an answer leads with (cards.ts's createAgreeingCard). */
  agreeing(analysis: QueryAnalysis, leadPassageId: string): GuideCard | undefined;
  /** A passage answer worded by the card that agrees with its lead passage, when that loses nothing it cited. */
  agreedAnswer(
    question: string,
    analysis: QueryAnalysis,
    lead: RankedPassage,
    ranked: readonly RankedPassage[],
    drawnOn: readonly Citation[],
  ): Pick<Answer, "text" | "citations" | "cardId"> | undefined;
}

export function createCardChoice({
  cards,
  retriever,
  df,
  passageById,
  factsOf,
  knows,
}: CardChoiceSources): CardChoice {
  const cardMatcher = createCardMatcher(cards, retriever, df);
  const agreeingCard = createAgreeingCard(cards, df);
  /** The card that answers, when one clearly fits (see CARD_FIT). */
  const answering = (match: CardMatch | undefined, ranked: readonly RankedPassage[]) => {
    if (!match || match.keyCredit < CARD_FIT.key) return undefined;
    if (match.score >= CARD_FIT.clear) return match.card;
    if (match.score < CARD_FIT.agree) return undefined;
    // Passages are indexed with the questions of the cards quoting them, so ranking alone is no
    // longer an independent reading: the agreeing passage must also cover the question on its own words.
    // Read in the order without the practitioners' questions, which are no independent reading either.
    const best = new Set(
      inOwnOrder(ranked)
        .slice(0, CARD_FIT.agreeDepth)
        .filter((r) => confidenceOf(r) >= ANSWER_THRESHOLD)
        .map((r) => r.passage.id),
    );
    return match.card.sentences.some((s) => best.has(s.passageId)) ? match.card : undefined;
  };
  /**
   * A card answer the evidence agrees on (see createAgreeingCard): the card's sentences, citing the
   * lead passage's article, plus the other articles the passage answer drew on (issue 11: one
   * citation per article, at most three). Undefined when no card agrees or the
   * card would not answer what was asked (a figure, the subject).
   */
  const agreedAnswer = (
    question: string,
    analysis: QueryAnalysis,
    lead: RankedPassage,
    ranked: readonly RankedPassage[],
    drawnOn: readonly Citation[],
  ): Pick<Answer, "text" | "citations" | "cardId"> | undefined => {
    const agreed = agreeingCard(analysis, lead.passage.id);
    if (!agreed || cardLacksFigure(question, agreed)) return undefined;
    // The lead passage's article comes first (card sentences stand alone, so they may be reordered).
    const leadFirst = [...agreed.sentences].sort(
      (a, b) =>
        Number(passageById.get(b.passageId)?.postId === lead.passage.postId) -
        Number(passageById.get(a.passageId)?.postId === lead.passage.postId),
    );
    const composed = composeCardAnswer(leadFirst, passageById);
    const postOf = (id: string) => passageById.get(id)?.postId;
    if (!composed.citations.some((c) => postOf(c.passageId) === lead.passage.postId)) return undefined;
    const { text, citations } = withOtherVoices(
      analysis,
      composed,
      drawnOn.map((source) => ranked.find((r) => r.passage.id === source.passageId)),
      passageById,
    );
    if (citations.length === 0 || answerMisses(question, analysis.slots, { text, citations }, factsOf, knows))
      return undefined;
    // The card words the answer only when it keeps every article the passage answer quoted: one it
    // crowds out (past the three sources) may be the one that answers, and on unseen questions that
    // cost right answers.
    const keptPosts = new Set(citations.map((c) => postOf(c.passageId)));
    if (drawnOn.some((c) => !keptPosts.has(postOf(c.passageId)))) return undefined;
    return { text, citations, cardId: agreed.id };
  };
  return {
    // A match under CARD_FIT.agree is never acted on, so the matcher need not measure phrasings that cannot reach it.
    fitting: (analysis, question, ranked, pointedTo) => {
      const match = cardMatcher.best(analysis, question, CARD_FIT.agree);
      const card = answering(match, ranked);
      if (!card || pointedTo === undefined || (match?.score ?? 0) >= VERBATIM_FIT) return card;
      return card.sentences.some((s) => s.passageId === pointedTo) ? card : undefined;
    },
    agreeing: agreeingCard,
    agreedAnswer,
  };
}
