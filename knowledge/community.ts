/**
 * Community cards as a knowledge layer (issue 15): an approved card (an ambassador's answer an editor approved)
 * answers a question that matches its question or one of its phrasings, cited `kind: "community"` ("Answer from
 * Janet Price, ambassador, 3 December 2026"). Everything else goes to the wrapped knowledge base unchanged.
 *
 * Matching is question to question, like guide cards (knowledge/cards.ts), with the same evidence measure
 * (knowledge/evidence.ts) read both ways round, and the subject rule (knowledge/subject.ts) for everyday life:
 * "the capital of Australia" is never answered by a card that merely shares a word. A near-miss the articles
 * cannot answer (a pension deficit, VAT) may meet a card: answering those is what ambassadors' cards are for.
 *
 * Cards are read from the repository at most every 60 s per container (bot functions see an approval within a
 * minute) and at once after an approve, edit, reject or remove in this process (`onChange`).
 */
import type { CommunityCard, CommunityCards } from "../peer/network-ports.ts";
import { coverageOf, literalStems, type QuerySlot } from "./evidence.ts";
import { prepareQuestion } from "./question.ts";
import { isEverydayLife, outOfFieldSubject, THESAURUS_WORDS } from "./subject.ts";
import { contentStems, stemSequence, stemWord } from "./text.ts";
import { factsOf, type TextFacts } from "./text-facts.ts";
import { compileThesaurus, conceptToken } from "./thesaurus.ts";
import type { Answer, Citation, KnowledgeBase } from "./types.ts";

/** How long a container trusts its copy of the approved cards. */
export const COMMUNITY_REFRESH_MS = 60_000;

/**
 * How well a card's question (or a phrasing) must fit: a blend of how much of the asker's question it covers
 * (60%) and how much of it the question covers (40%), as guide cards; and the question's main concept must be
 * in it. Set above guide cards' "agree" level: a community card has no article behind it to agree with.
 */
export const COMMUNITY_FIT = { score: 0.68, key: 0.5, forwardShare: 0.6 };

/** Credit a thesaurus concept gives a word it stands for (the word itself gives 1). */
const CONCEPT_CREDIT = 0.8;

const questionMatcher = compileThesaurus().questions;

/** A question's slots: one per content word, satisfied by the word or by a thesaurus concept naming it. */
export function slotsOf(text: string): QuerySlot[] {
  const sequence = stemSequence(text);
  const concepts = new Map<string, Set<string>>();
  for (const match of questionMatcher.matchStems(sequence)) {
    for (const stem of match.stems) {
      const set = concepts.get(stem) ?? new Set<string>();
      set.add(conceptToken(match.concept));
      concepts.set(stem, set);
    }
  }
  const seen = new Set<string>();
  return contentStems(text).flatMap((stem) => {
    if (seen.has(stem)) return [];
    seen.add(stem);
    const alternatives = [
      { term: stem, credit: 1 },
      ...[...(concepts.get(stem) ?? [])].map((term) => ({ term, credit: CONCEPT_CREDIT })),
    ];
    return [{ key: stem, weight: 1, alternatives }];
  });
}

/** One way a card is asked, analysed once per refresh. */
interface Phrasing {
  card: CommunityCard;
  facts: TextFacts;
  slots: QuerySlot[];
}

/** How well the best card fits a question. */
export interface CommunityMatch {
  card: CommunityCard;
  score: number;
  keyCredit: number;
}

/** The best-fitting card for a question among the phrasings, if any fits. */
export function bestCommunityMatch(
  question: string,
  phrasings: readonly Phrasing[],
): CommunityMatch | undefined {
  const slots = slotsOf(question);
  if (slots.length === 0) return undefined;
  const questionFacts = factsOf(question);
  const stems = literalStems(slots);
  let best: CommunityMatch | undefined;
  for (const phrasing of phrasings) {
    const forward = coverageOf(slots, phrasing.facts, stems);
    const backward = coverageOf(phrasing.slots, questionFacts).coverage;
    const score = COMMUNITY_FIT.forwardShare * forward.coverage + (1 - COMMUNITY_FIT.forwardShare) * backward;
    if (!best || score > best.score) best = { card: phrasing.card, score, keyCredit: forward.keyCredit };
  }
  return best && best.score >= COMMUNITY_FIT.score && best.keyCredit >= COMMUNITY_FIT.key ? best : undefined;
}

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

/** "Answer from Janet Price, ambassador, 3 December 2026", or "an ambassador" when the author is not named. */
export function communityTitle(card: CommunityCard): string {
  const when = LONG_DATE.format(new Date(card.approvedAt ?? card.updatedAt));
  return card.authorName
    ? `Answer from ${card.authorName}, ambassador, ${when}`
    : `Answer from an ambassador, ${when}`;
}

/** A card as a cited answer. */
export function communityAnswer(match: CommunityMatch): Answer {
  const { card } = match;
  const citation: Citation = {
    n: 1,
    passageId: `community:${card.id}`,
    kind: "community",
    title: communityTitle(card),
    source: `community:${card.id}`,
    quote: card.answer.length > 300 ? `${card.answer.slice(0, 297)}...` : card.answer,
  };
  return {
    answered: true,
    text: `${card.answer} [1]`,
    citations: [citation],
    confidence: Math.min(1, match.score),
    topics: card.topic ? [card.topic] : [],
    composer: "extractive",
    cardId: card.id,
  };
}

/** What the layer reads cards from: the community cards port (peer/network-ports.ts). */
export type CommunitySource = Pick<CommunityCards, "list" | "onChange">;

export interface CommunityKnowledgeOptions {
  cards: CommunitySource;
  /** Default COMMUNITY_REFRESH_MS. */
  maxAgeMs?: number;
  /** Milliseconds since the epoch (tests pass a fixed clock). */
  now?: () => number;
  /** Told when reading the cards fails (the wrapped base answers meanwhile). */
  onError?: (error: unknown) => void;
}

/** The wrapped knowledge base, plus a way to drop the cached cards. */
export interface CommunityKnowledgeBase extends KnowledgeBase {
  /** The next question reads the cards afresh. */
  invalidate(): void;
}

/** Wraps a knowledge base so approved community cards answer the questions they fit. */
export function withCommunityCards(
  base: KnowledgeBase,
  options: CommunityKnowledgeOptions,
): CommunityKnowledgeBase {
  const maxAge = options.maxAgeMs ?? COMMUNITY_REFRESH_MS;
  const now = options.now ?? Date.now;
  let phrasings: Phrasing[] = [];
  let vocabulary = new Set<string>();
  let loadedAt: number | undefined;
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    const cards = await options.cards.list("approved");
    phrasings = cards.flatMap((card) =>
      [card.question, ...card.phrasings].map((text) => ({
        card,
        facts: factsOf(text),
        slots: slotsOf(text),
      })),
    );
    vocabulary = new Set(
      cards.flatMap((c) => contentStems(`${c.question} ${c.phrasings.join(" ")} ${c.answer}`)),
    );
    loadedAt = now();
  }

  /** The cards, read again when stale; one read at a time however many questions arrive together. */
  async function current(): Promise<readonly Phrasing[]> {
    if (loadedAt === undefined || now() - loadedAt >= maxAge) {
      loading ??= load()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          loading = undefined;
        });
      await loading;
    }
    return phrasings;
  }

  const invalidate = () => {
    loadedAt = undefined;
  };
  options.cards.onChange(invalidate);

  // A word the cards use is known to them, so a name they mention is not "out of the field" for them.
  const knows = (word: string) => THESAURUS_WORDS.has(word) || vocabulary.has(stemWord(word));

  return {
    invalidate,
    search: (query, searchOptions) => base.search(query, searchOptions),
    guide: () => base.guide(),
    guideBrief: (topic) => base.guideBrief(topic),
    async ask(question, askOptions) {
      const cards = await current();
      if (cards.length > 0) {
        const prepared = askOptions?.prepared ?? prepareQuestion(question);
        // The articles' subject rule blocks only everyday life here ("the capital of Australia" is no
        // question for a card on capital funding): a card exists to answer what the articles cannot
        // (a pension deficit, VAT, who runs the programme now), so a near-miss may meet its card.
        const outside = prepared.text ? outOfFieldSubject(prepared.text, { knows }) : undefined;
        if (prepared.text && !prepared.offTopic && !(outside && isEverydayLife(outside))) {
          const match = bestCommunityMatch(prepared.text, cards);
          if (match) return communityAnswer(match);
        }
        // The base reads the same question: it is given this reading rather than making its own.
        // (The subject check is not passed on: the base judges it on the articles' words, not the cards'.)
        return base.ask(question, { ...askOptions, prepared });
      }
      return base.ask(question, askOptions);
    },
  };
}
