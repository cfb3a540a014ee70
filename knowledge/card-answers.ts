/**
 * Answers written from guide cards (issue 11): a card's cited answer (one citation per article, three at most),
 * the guide's topics, and the short brief on a topic a practitioner forwards to their director. Which card
 * answers is decided in cards.ts.
 */
import { CATEGORIES } from "../peer/taxonomy.ts";
import { lacksAskedFigure } from "./asked-figure.ts";
import {
  bestScoredSentence,
  MAX_ANSWER_WORDS,
  MAX_SOURCES,
  refersBack,
  tellingSlotCount,
  withoutMarker,
} from "./compose-extractive.ts";
import type { GuideCard } from "./guide-cards.ts";
import {
  citationFor,
  dateTimeBound,
  formatLongDate,
  joinedPassageIds,
  markedText,
  quotedPassageIds,
  surroundingParagraph,
} from "./quotes.ts";
import type { QueryAnalysis, RankedPassage } from "./retrieval.ts";
import { stemWord, wordsOf } from "./text.ts";
import type { Answer, Citation, GuideTopic, Passage } from "./types.ts";

/** A card sentence's citation: the article it quotes, by title, author and date (never the file name). */
function guideCitation(n: number, passage: Passage, quote: string): Citation {
  const citation: Citation = {
    n,
    passageId: passage.id,
    kind: "guide",
    title: passage.title,
    source: passage.source,
    quote,
  };
  if (passage.author) citation.author = passage.author;
  if (passage.date) citation.date = passage.date;
  return citation;
}

/** The most sources a card answer cites, like any answer. */
const MAX_CARD_SOURCES = 3;

/**
 * A card's sentences as a cited answer: one citation per article (kind "guide"), the card's quote
 * as the citation's quote, and the post's title, author and date.
 */
export function composeCardAnswer(
  sentences: readonly GuideCard["sentences"][number][],
  passageById: ReadonlyMap<string, Passage>,
): { text: string; citations: Citation[] } {
  const citations: Citation[] = [];
  const byPost = new Map<string, Citation>();
  const parts: { text: string; n: number }[] = [];
  for (const sentence of sentences) {
    const passage = passageById.get(sentence.passageId);
    if (!passage) continue;
    let citation = byPost.get(passage.postId);
    if (!citation) {
      if (citations.length >= MAX_CARD_SOURCES) continue;
      citation = guideCitation(citations.length + 1, passage, sentence.quote);
      byPost.set(passage.postId, citation);
      citations.push(citation);
    } else if (!citation.quote.includes(sentence.quote)) {
      citation.quote = `${citation.quote} … ${sentence.quote}`;
    }
    if (citation.passageId !== passage.id) citation.passageIds = joinedPassageIds(citation, passage.id);
    const last = parts[parts.length - 1];
    if (last && last.n === citation.n) last.text = `${last.text} ${sentence.text}`;
    else parts.push({ text: sentence.text, n: citation.n });
  }
  return { text: markedText(parts), citations };
}

/** The guide's topics in taxonomy order, each with its cards (topics without cards left out). */
export function guideTopics(cards: readonly GuideCard[]): GuideTopic[] {
  return CATEGORIES.map((category) => ({
    topic: category.id,
    label: category.label,
    cards: cards.filter((c) => c.topic === category.id).map((c) => ({ id: c.id, title: c.title })),
  })).filter((topic) => topic.cards.length > 0);
}

/** The word limit of a brief a practitioner forwards to their director. */
export const BRIEF_MAX_WORDS = 250;

/** Words that ask for the whole guide rather than one topic. */
const WHOLE_GUIDE = new Set([
  "",
  "director",
  "directors",
  "all",
  "everything",
  "idiot",
  "idiots",
  "overview",
]);

/**
 * The topic a user named: a taxonomy id ("staff-unions"), or a word of its label ("unions",
 * "pensions", "TUPE"), matched by stem. "all" when the whole guide is asked for.
 */
export function resolveTopic(topic: string): string | "all" | undefined {
  const wanted = topic.trim().toLowerCase();
  if (WHOLE_GUIDE.has(wanted.replace(/[^a-z]/g, ""))) return "all";
  const exact = CATEGORIES.find((c) => c.id === wanted);
  if (exact) return exact.id;
  const stems = new Set(wordsOf(wanted).map(stemWord));
  const generic = new Set(["and", "of", "the"]);
  return CATEGORIES.find((c) =>
    [...wordsOf(c.label), ...c.id.split("-")].some((w) => !generic.has(w) && stems.has(stemWord(w))),
  )?.id;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A brief for a director: on one topic, its director cards (else all its cards); for the whole
 * guide ("idiot's guide"), the first sentence or two of each topic's director cards. At most
 * BRIEF_MAX_WORDS words, every sentence cited.
 */
export function composeBrief(
  cards: readonly GuideCard[],
  topic: string,
  passageById: ReadonlyMap<string, Passage>,
): Answer | undefined {
  const resolved = resolveTopic(topic);
  if (!resolved || cards.length === 0) return undefined;
  const topics = resolved === "all" ? CATEGORIES.map((c) => c.id) : [resolved];
  const picked: GuideCard["sentences"][number][] = [];
  let words = 0;
  const heading =
    resolved === "all"
      ? "The idiot's guide to public service mutuals, for a director:"
      : `${CATEGORIES.find((c) => c.id === resolved)?.label ?? resolved}: a brief for a director.`;
  for (const id of topics) {
    const ofTopic = cards.filter((c) => c.topic === id);
    const director = ofTopic.filter((c) => c.director);
    const chosen = director.length > 0 ? director : ofTopic;
    // The whole guide takes the opening sentences of a topic's first director cards; a topic brief takes more.
    const perTopic = resolved === "all" ? 2 : 8;
    const sentences = chosen
      .flatMap((c) => c.sentences.slice(0, resolved === "all" ? 1 : 2))
      .slice(0, perTopic);
    for (const sentence of sentences) {
      const n = wordCount(sentence.text);
      if (words + n > BRIEF_MAX_WORDS - wordCount(heading)) continue;
      picked.push(sentence);
      words += n;
    }
  }
  if (picked.length === 0) return undefined;
  // Briefs cite many posts: the three-source cap of a chat answer does not apply to a forwarded brief.
  const { text, citations } = composeBriefCitations(picked, passageById);
  return {
    answered: true,
    text: `${heading} ${text}`,
    citations,
    confidence: 1,
    topics: resolved === "all" ? [] : [resolved],
    composer: "extractive",
  };
}

function composeBriefCitations(
  sentences: readonly GuideCard["sentences"][number][],
  passageById: ReadonlyMap<string, Passage>,
): { text: string; citations: Citation[] } {
  const citations: Citation[] = [];
  const byPost = new Map<string, Citation>();
  const parts: string[] = [];
  for (const sentence of sentences) {
    const passage = passageById.get(sentence.passageId);
    if (!passage) continue;
    let citation = byPost.get(passage.postId);
    if (!citation) {
      citation = guideCitation(citations.length + 1, passage, sentence.quote);
      byPost.set(passage.postId, citation);
      citations.push(citation);
    }
    parts.push(`${sentence.text} [${citation.n}]`);
  }
  return { text: parts.join(" "), citations };
}

/** "[1] "Title" — Author, 20 September 2012": how people see a citation, never a file name. */
export function describeCitation(citation: Citation): string {
  const by = [citation.author, formatLongDate(citation.date)].filter(Boolean).join(", ");
  const url = citation.url ? ` ${citation.url}` : "";
  return `[${citation.n}] "${citation.title}"${by ? ` — ${by}` : ""}${url}`;
}

/** Words a second source may add to a card answer past the extractive answer's length. */
const EXTRA_SOURCE_WORDS = 60;

/**
 * Each other article the passage answer drew on keeps a voice, by its best sentence, as long as
 * sources (three) and length allow: a card words the answer, it does not drop evidence.
 */
export function withOtherVoices(
  analysis: QueryAnalysis,
  composed: Pick<Answer, "text" | "citations">,
  sources: readonly (RankedPassage | undefined)[],
  passageById: ReadonlyMap<string, Passage>,
): Pick<Answer, "text" | "citations"> {
  let { text, citations } = composed;
  const postOf = (id: string) => passageById.get(id)?.postId;
  const words = (t: string) => t.split(/\s+/).length;
  for (const other of sources) {
    if (!other) continue;
    const samePost = citations.find((c) => postOf(c.passageId) === other.passage.postId);
    // A passage the card already quotes adds nothing; one of the same article the card does not
    // quote joins that article's citation (one citation per article), as the extractive answer does.
    if (samePost && quotedPassageIds([samePost]).includes(other.passage.id)) continue;
    if (!samePost && citations.length >= MAX_SOURCES) continue;
    // Another voice must speak to the question as a supporting sentence must (composeExtractive): two
    // of its telling words, not one. "The mutual's services would be purchased by local and central
    // Government" shares only "central government" with "what support is there from central government?".
    const best = bestScoredSentence(analysis, other);
    if (!best || best.informative < Math.min(2, tellingSlotCount(analysis))) continue;
    const sentence = best.text;
    if (refersBack(sentence) || words(text) + words(sentence) > MAX_ANSWER_WORDS + EXTRA_SOURCE_WORDS)
      continue;
    if (samePost) {
      citations = citations.map((c) =>
        c === samePost
          ? {
              ...c,
              quote: `${c.quote} … ${withoutMarker(sentence)}`,
              passageIds: joinedPassageIds(c, other.passage.id),
            }
          : c,
      );
      text = `${text} ${dateTimeBound(withoutMarker(sentence), other.passage.date)} [${samePost.n}]`;
      continue;
    }
    const n = citations.length + 1;
    citations = [
      ...citations,
      citationFor(n, other.passage, surroundingParagraph(other.passage, [sentence])),
    ];
    text = `${text} ${dateTimeBound(withoutMarker(sentence), other.passage.date)} [${n}]`;
  }
  return { text, citations };
}

/** A card that gives no figure does not answer a question asking for one ("how much should the CEO be paid?"). */
export function cardLacksFigure(question: string, card: GuideCard): boolean {
  return lacksAskedFigure(question, card.sentences.map((s) => s.text).join(" "));
}
