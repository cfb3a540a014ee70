/**
 * The knowledge base: `loadKnowledgeBase()` gives bots/core, the CLI and the Lambdas retrieval and
 * cited answers over the committed artifact. Loading is cheap (one JSON parse and an index load),
 * so it happens at cold start; OpenAI, when configured, improves answers but never gates them.
 */
import type OpenAI from "openai";
import {
  ANSWER_CANDIDATES,
  ANSWER_THRESHOLD,
  cardEvidence,
  confidenceOf,
  extractiveAnswer,
  isFollowUp,
  notAnswered,
  selectEvidence,
  toHit,
} from "./answer-evidence.ts";
import { answerMisses } from "./answerable.ts";
import artifactData from "./artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "./artifact.ts";
import { ASKED_BEFORE, type AskedBefore, createAskedBefore } from "./asked-before.ts";
import { createAskedNameCheck } from "./asked-name.ts";
import {
  cardLacksFigure,
  composeBrief,
  composeCardAnswer,
  guideTopics,
  withOtherVoices,
} from "./card-answers.ts";
import { createCardChoice } from "./card-choice.ts";
import { classifyText } from "./classify.ts";
import {
  EMPTY_MESSAGE,
  FOREIGN_SCRIPT_MESSAGE,
  GREETING_MESSAGE,
  INSTRUCTIONS_ONLY_MESSAGE,
  NOT_FOUND_MESSAGE,
  OFF_TOPIC_MESSAGE,
  PERSON_MESSAGE,
  THANKS_MESSAGE,
} from "./compose-extractive.ts";
import { composeWithOpenAi, rewriteFollowUp } from "./compose-openai.ts";
import { createCorpusReaders } from "./corpus-readers.ts";
import { embedTexts, makeOpenAiClient, normalise, type OpenAiSettings } from "./embeddings.ts";
import { everydayZipf } from "./english.ts";
import { createInitialismReader } from "./initialisms.ts";
import { createNameAloneCheck, createNameSpeller } from "./name-spelling.ts";
import { createNameCheck, passingNamesOf } from "./named-subject.ts";
import { type PreparedQuestion, prepareQuestion } from "./question.ts";
import { quotedPassageIds } from "./quotes.ts";
import { createRetriever, inOwnOrder, leadWith, type Retriever } from "./retrieval.ts";
import { passageRestsOnOneWord } from "./shares-enough.ts";
import { askingSentence, isEverydayLife, outOfFieldSubject } from "./subject.ts";
import { stemWord, wordsOf } from "./text.ts";
import type { Answer, KnowledgeBase } from "./types.ts";

export {
  ANSWER_THRESHOLD,
  CLOSE_CONTEST,
  CONFIDENCE_WEIGHTS,
  confidenceOf,
  isFollowUp,
  LEADS,
} from "./answer-evidence.ts";
export type { KnowledgeArtifact } from "./artifact.ts";
export { CARD_FIT } from "./card-choice.ts";
export type { OpenAiSettings } from "./embeddings.ts";
export type { Answer, Citation, KnowledgeBase, Passage, SearchHit } from "./types.ts";

/** Options for loading the knowledge base. */
export interface KnowledgeBaseOptions {
  /** When given (an API key is configured), embeddings and the OpenAI composer are used. */
  openai?: OpenAiSettings;
}

/** An unseen word at most this common in everyday English (Zipf) needs this confidence to be answered. */
export const UNSEEN_SUBJECT = {
  zipf: 3.6,
  confidence: 0.6,
};

/** Search hits are capped so a CLI or bot request cannot ask for the whole corpus at once. */
const MAX_LIMIT = 50;

/** Builds a knowledge base over an artifact (the committed one, or one built in a test). */
export function createKnowledgeBase(
  artifact: KnowledgeArtifact,
  options: KnowledgeBaseOptions = {},
): KnowledgeBase {
  const retriever: Retriever = createRetriever(artifact);
  const settings = options.openai;
  // The SDK loads only when a key is configured, starting now (in a Lambda's init phase) so the
  // first question does not wait for it. If it cannot load, answers stay offline.
  const clientReady: Promise<OpenAI | undefined> | undefined = settings
    ? makeOpenAiClient(settings).catch(() => undefined)
    : undefined;
  // Which words the corpus knows, and what the subject rule reads of it (corpus-readers.ts).
  const { known, knows, readers: corpusReaders } = createCorpusReaders(artifact);
  // The passages' texts, one array for every reader of them (name-spelling.ts reads each array's casing once).
  let texts: readonly string[] | undefined;
  const passageTexts = () => {
    texts ??= artifact.passages.map((p) => p.text);
    return texts;
  };
  // Initials and clipped names the articles spell out ("PASC", "JL", "Cab Office") read as those names.
  const initialisms = createInitialismReader(passageTexts, knows);
  // A question asking only what the posts say of a name they give (name-spelling.ts).
  const aboutANameAlone = createNameAloneCheck(passageTexts);
  // And names typed with a letter wrong ("Danzuk", "Glassman") read as the articles write them.
  const speller = createNameSpeller(passageTexts, knows);
  const withNamesSpelledOut = (prepared: PreparedQuestion): PreparedQuestion => {
    const text = speller.repair(initialisms.expand(prepared.text));
    return text === prepared.text ? prepared : { ...prepared, text };
  };
  const cards = artifact.cards ?? [];
  const passageById = new Map(artifact.passages.map((p) => [p.id, p]));
  // Built at the first question that reaches it, not at load: its postings cost a cold process ~30 ms, which would
  // double the index's cold load (bench: "index load, cold process").
  let askedBefore: AskedBefore | undefined;
  /**
   * Whether the question reads unanswered, and the passage its nearest answered questions point to (asked-before.ts):
   * `pointsTo` when their vote is strong enough to lead the answer, `vouched` when it is strong enough to answer.
   */
  const readAskedBefore = (text: string) => {
    askedBefore ??= createAskedBefore(artifact.askedBefore);
    const read = askedBefore.read(text);
    const { vote, nearby } = read;
    const unanswered = read.unanswered && !aboutANameAlone(text);
    const idOf = (at: number) => artifact.passages[at]?.id;
    const pointsTo = vote && vote.share >= ASKED_BEFORE.vote.leads ? idOf(vote.passage) : undefined;
    return {
      unanswered,
      pointsTo,
      vouched: pointsTo !== undefined && (vote?.share ?? 0) >= ASKED_BEFORE.vote.answers,
      // Undefined when no question asked before shares a word with it: then there is nothing to disagree with.
      nearby: nearby && new Set(nearby.flatMap((at) => idOf(at) ?? [])),
    };
  };
  const factsOf = (id: string) => {
    const passage = passageById.get(id);
    return passage && retriever.factsFor(passage);
  };
  // Whether a question asking which hospital or council, or who led something, gets a name (asked-name.ts).
  const lacksAskedName = createAskedNameCheck(passageTexts);
  const namesNotCited = createNameCheck(
    artifact.passages,
    () => artifact.passingNames ?? passingNamesOf(artifact.passages, artifact.df),
    factsOf,
  );
  const cardChoice = createCardChoice({ cards, retriever, df: artifact.df, passageById, factsOf, knows });
  const useEmbeddings = Boolean(
    settings && retriever.hasEmbeddings && retriever.embeddingModel === settings.embeddingModel,
  );

  /** The question's embedding, or undefined when unavailable or late (lexical ranking then stands alone). */
  const embedQuestion = async (text: string, timeoutMs: number): Promise<Float32Array | undefined> => {
    if (!useEmbeddings || !clientReady || !settings || timeoutMs <= 0) return undefined;
    try {
      const client = await clientReady;
      if (!client) return undefined;
      const [vector] = await embedTexts(client, settings.embeddingModel, [text], { timeoutMs });
      return vector ? normalise(vector) : undefined;
    } catch {
      return undefined;
    }
  };

  const rankFor = async (text: string, limit: number, embedBudgetMs: number) => {
    const analysis = retriever.analyse(text);
    const queryVector = await embedQuestion(text, embedBudgetMs);
    const ranked = retriever.rank(analysis, { limit, ...(queryVector ? { queryVector } : {}) });
    return { analysis, ranked };
  };

  const embedBudget = (deadlineMs: number) => Math.min(1500, Math.round(deadlineMs * 0.4));

  return {
    guide: () => guideTopics(cards),
    guideBrief: (topic) => composeBrief(cards, topic, passageById),

    async search(query, searchOptions = {}) {
      const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(searchOptions.limit ?? 5) || 5));
      const prepared = withNamesSpelledOut(prepareQuestion(query));
      if (!prepared.text) return [];
      const { ranked } = await rankFor(prepared.text, limit, settings ? embedBudget(settings.deadlineMs) : 0);
      return ranked.map(toHit);
    },

    async ask(question, askOptions = {}) {
      const answer = await composeAnswer(question, askOptions);
      if (!answer.answered) return answer;
      // A name the articles mention only in passing, asked about, must be in an article the answer
      // cites ("was Norwich one of the pathfinders?"): see named-subject.ts.
      const cited = quotedPassageIds(answer.citations);
      if (namesNotCited(question, cited).length > 0)
        return notAnswered(NOT_FOUND_MESSAGE, answer.topics ?? [], answer.confidence);
      // A question asking which hospital, school or council must be answered by a passage that names one
      // (asked-name.ts): "a hospital in British Columbia" does not say which.
      const citedTexts = cited.flatMap((id) => passageById.get(id)?.text ?? []);
      if (lacksAskedName(question, citedTexts))
        return notAnswered(NOT_FOUND_MESSAGE, answer.topics ?? [], answer.confidence);
      return answer;
    },
  };

  /** The answer the passages and cards give, before the check of names asked about (see `ask`). */
  async function composeAnswer(
    question: string,
    askOptions: Parameters<KnowledgeBase["ask"]>[1] = {},
  ): Promise<Answer> {
    const started = Date.now();
    const budget = settings?.deadlineMs ?? 0;
    const client = await clientReady;
    // A follow-up in a thread ("what about pensions?") is read with the thread's question:
    // rewritten into a standalone question by the model when OpenAI is on, else joined to it.
    const previous = askOptions.previousQuestion?.trim();
    let asked = question;
    if (previous && isFollowUp(question)) {
      const rewritten =
        client && settings
          ? await rewriteFollowUp(client, settings.model, previous, question, Math.min(1500, budget / 3))
          : undefined;
      asked = rewritten ?? `${previous} ${question}`;
    }
    // A wrapping layer may have read the question already (askOptions.prepared; perf only).
    const prepared = withNamesSpelledOut(
      askOptions.prepared && asked === question ? askOptions.prepared : prepareQuestion(asked),
    );
    if (prepared.empty) return notAnswered(EMPTY_MESSAGE, []);
    if (prepared.smallTalk)
      return {
        ...notAnswered(prepared.smallTalk === "thanks" ? THANKS_MESSAGE : GREETING_MESSAGE, []),
        smallTalk: true,
      };
    if (!prepared.text) return notAnswered(INSTRUCTIONS_ONLY_MESSAGE, []);
    if (prepared.offTopic) return notAnswered(prepared.personAsked ? PERSON_MESSAGE : OFF_TOPIC_MESSAGE, []);
    // Read only for a question that may be answered or routed: the replies above carry no topic.
    const topics = classifyText(prepared.text, { max: 3 }).map((c) => c.id);
    // What the question asks about must be something the articles discuss (issue 11).
    const outside = outOfFieldSubject(prepared.text, corpusReaders);
    if (outside) return notAnswered(NOT_FOUND_MESSAGE, isEverydayLife(outside) ? [] : topics);

    const { analysis, ranked: byRank } = await rankFor(prepared.text, 5, settings ? embedBudget(budget) : 0);
    if (analysis.knownUnits === 0) {
      return notAnswered(prepared.foreignScript ? FOREIGN_SCRIPT_MESSAGE : OFF_TOPIC_MESSAGE, topics);
    }
    // A question that reads like the questions asked before that the articles do not answer, by its nearest ones and
    // by its words, is one too, however well its words meet a passage or a card (asked-before.ts): the near-misses
    // sharing the posts' subject. Declined with the people offered, like any question the articles cannot answer.
    const before = readAskedBefore(prepared.text);
    if (before.unanswered) return notAnswered(NOT_FOUND_MESSAGE, topics);
    // When its nearest answered questions point to one passage, that passage leads the answer, and a card that does
    // not quote it does not word it: questions asked before read a new one's point better than its words do.
    const ranked = leadWith(byRank, before.pointsTo);
    const note = prepared.truncated ? " (Your message was long, so I searched its opening.)" : "";
    const fitting = cardChoice.fitting(analysis, prepared.text, ranked, before.pointsTo);
    // A question asking for a figure ("how much should the chief executive be paid?") is not
    // answered by a card that gives none, as for passages below.
    const card = fitting && !cardLacksFigure(prepared.text, fitting) ? fitting : undefined;
    const cardAnswer = (): Answer | undefined => {
      if (!card) return undefined;
      const lead = ranked[0];
      const { text, citations } = withOtherVoices(
        analysis,
        composeCardAnswer(card.sentences, passageById),
        !lead || confidenceOf(lead) < ANSWER_THRESHOLD ? [] : [lead],
        passageById,
      );
      // The card, too, must give the figure or speak of the subject asked (knowledge/answerable.ts).
      const misses = answerMisses(prepared.text, analysis.slots, { text, citations }, factsOf, knows);
      if (citations.length === 0 || misses) return undefined;
      return {
        answered: true,
        text: text + note,
        citations,
        confidence: 1,
        topics,
        composer: "extractive",
        cardId: card.id,
      };
    };
    if (card && !client) return cardAnswer() ?? notAnswered(NOT_FOUND_MESSAGE, topics);

    // Ranking orders passages by likely relevance, and the first-ranked passage always leads:
    // ranking generalises to unseen wording better than coverage does. Letting the passage that
    // best covers the question's words lead instead, when the first fell short of the bar, cited
    // a passage sharing the words but not the point (dev-2026-12: "is a mutual just a fluffy charity
    // option?" cited outsourcing to charities over "mutuals are not a 'fluffy' option"). The
    // answer's confidence is still the best reading among the top few, and the others that are
    // answerable on their own join as further sources (see selectEvidence).
    // The top few read in the order without the practitioners' questions, which order passages but are no
    // reading of them (a passage reached through them alone has no prose to be confident in).
    const best = inOwnOrder(ranked)
      .slice(0, ANSWER_CANDIDATES)
      .reduce((most, entry) => Math.max(most, confidenceOf(entry)), confidenceOf(ranked[0]));
    const top = ranked[0];
    const confidence = card ? 1 : best;
    // An answer from passages must rest on more than a word the articles mention in passing, as a
    // card's phrasing must (shares-enough.ts passageRestsOnOneWord).
    const leadFacts = top && !card ? factsOf(top.passage.id) : undefined;
    const restsOnOneWord =
      leadFacts !== undefined && passageRestsOnOneWord(analysis.slots, leadFacts, artifact.df, knows);
    // An unseen word that is rare in everyday English ("payroll", "gazebo") is usually the
    // question's subject: only a strong passage match outweighs it. In a message that sets a scene first, only an
    // asking sentence that stands on its own is read (subject.ts askingSentence): "I'm doing roadshows with frontline
    // staff" sets the scene for what is asked.
    // The asking sentence is read only for a question holding such a word (most hold none: the hot path skips it).
    const unseen = analysis.slots.filter(
      (slot) =>
        slot.alternatives.length === 1 &&
        (artifact.df[slot.key] ?? 0) === 0 &&
        !known.has(slot.key) &&
        everydayZipf(slot.key) <= UNSEEN_SUBJECT.zipf,
    );
    const askedAlone = unseen.length > 0 ? askingSentence(prepared.text) : undefined;
    const asking = askedAlone === undefined ? undefined : new Set(wordsOf(askedAlone).map(stemWord));
    const unseenRare = unseen.some((slot) => !asking || asking.has(slot.key));
    // The passage the nearest answered questions vouch for answers although its words meet the question weakly:
    // practitioners put a point in words the 2011-12 prose does not use, and questions asked before hold them.
    const vouched = before.vouched && top?.passage.id === before.pointsTo;
    if (
      !top ||
      (!vouched &&
        (confidence < ANSWER_THRESHOLD ||
          restsOnOneWord ||
          (unseenRare && !card && confidence < UNSEEN_SUBJECT.confidence)))
    ) {
      return notAnswered(
        prepared.foreignScript ? FOREIGN_SCRIPT_MESSAGE : NOT_FOUND_MESSAGE,
        topics,
        confidence,
      );
    }

    // With a card, the model sees the card and the passages its quotes come from first.
    const evidence = card ? cardEvidence(card, ranked) : selectEvidence(ranked);
    if (client && settings) {
      const remaining = budget - (Date.now() - started);
      // A card the evidence agrees on (see card-choice.ts's agreedAnswer) is given to the model as a matched
      // card is, beside the same passages the offline answer draws on.
      const agreed = card || !top ? undefined : cardChoice.agreeing(analysis, top.passage.id);
      const modelCard = card ?? (agreed && !cardLacksFigure(prepared.text, agreed) ? agreed : undefined);
      const composed = await composeWithOpenAi(
        client,
        settings.model,
        prepared.text,
        analysis,
        evidence,
        remaining,
        modelCard
          ? { title: modelCard.title, text: modelCard.sentences.map((s) => s.text).join(" ") }
          : undefined,
      );
      if (composed?.kind === "answer") {
        const answer: Answer = {
          answered: true,
          text: composed.text + note,
          citations: composed.citations,
          confidence,
          topics,
          composer: "openai",
        };
        if (modelCard) answer.cardId = modelCard.id;
        return answer;
      }
      // The model judged the passages (and card) not to answer: decline, with the people offered.
      if (composed?.kind === "not-answerable") return notAnswered(NOT_FOUND_MESSAGE, topics, confidence);
    }
    const fromCard = cardAnswer();
    if (fromCard) return fromCard;
    const answer = extractiveAnswer(analysis, evidence, confidence, topics, note);
    // An answer giving no figure for "how much", or whose passages never speak of the question's
    // subject ("the procurement threshold"), does not answer it.
    if (answer.answered && answerMisses(prepared.text, analysis.slots, answer, factsOf, knows))
      return notAnswered(NOT_FOUND_MESSAGE, topics, confidence);
    // The passages answer; when a card quoting the leading passage covers the question, the
    // card words the answer (it only ever replaces an answer that passed every check).
    if (answer.answered && top && !card) {
      const agreed = cardChoice.agreedAnswer(prepared.text, analysis, top, ranked, answer.citations);
      if (agreed) return { ...answer, ...agreed, text: agreed.text + note };
    }
    // An answer no card words, from passages none of the nearest questions asked before was answered by, is
    // declined unless confident: the question's words and the questions asked like it disagree on what answers it.
    const { nearby } = before;
    if (
      answer.answered &&
      nearby &&
      confidence < ASKED_BEFORE.agree.confidence &&
      !quotedPassageIds(answer.citations).some((id) => nearby.has(id))
    )
      return notAnswered(NOT_FOUND_MESSAGE, topics, confidence);
    return answer;
  }
}

/** Loads the knowledge base from the artifact bundled with Pathfinder (see `npm run build:index`). */
export function loadKnowledgeBase(options: KnowledgeBaseOptions = {}): KnowledgeBase {
  // TypeScript infers the JSON's literal shape, which MiniSearch's index type does not spell out
  // field by field; build-index.ts writes this file from a KnowledgeArtifact, so the shape holds.
  return createKnowledgeBase(artifactData as unknown as KnowledgeArtifact, options);
}
