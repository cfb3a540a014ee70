/**
 * The knowledge base with documents: the seeds + guide knowledge base exactly as bundled (knowledge/index.ts),
 * and the documents shard (shard.ts) beside it. A question is asked of both; the answer comes from whichever
 * side covers it better on the same evidence measure (index.ts's `confidenceOf`, over evidence.ts's coverage),
 * so a document passage is answered or declined by the rule a seed passage is, and cited as `kind: "document"`
 * (compose-extractive.ts reads the `document:` source). A guide card still answers outright: it is curated.
 *
 * Retrieval stays behind the `KnowledgeBase` port: an external engine (OpenSearch Serverless, Bedrock Knowledge
 * Bases) would be one more module shaped like this one, asked instead of the shard.
 */
import type OpenAI from "openai";
import artifactData from "../artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../artifact.ts";
import { lacksAskedFigure } from "../asked-figure.ts";
import { composeExtractive } from "../compose-extractive.ts";
import { composeWithOpenAi } from "../compose-openai.ts";
import { makeOpenAiClient } from "../embeddings.ts";
import { everydayZipf } from "../english.ts";
import {
  ANSWER_THRESHOLD,
  confidenceOf,
  createKnowledgeBase,
  isFollowUp,
  type KnowledgeBaseOptions,
  UNSEEN_SUBJECT,
} from "../index.ts";
import { prepareQuestion } from "../question.ts";
import { createRetriever, type QueryAnalysis, type RankedPassage } from "../retrieval.ts";
import { outOfFieldSubject, THESAURUS_WORDS } from "../subject.ts";
import { stemWord } from "../text.ts";
import type { Answer, KnowledgeBase, SearchHit } from "../types.ts";
import { type OpenedShard, openDocumentShard } from "./shard.ts";
import { type DocumentShard, isDocumentShard } from "./shard-format.ts";

/** Search hits are capped as the seeds' search caps them. */
const MAX_LIMIT = 50;
/** How many of the best-ranked passages may lead an answer (as index.ts). */
const ANSWER_CANDIDATES = 3;

/** The bundled seeds + guide artifact (the JSON's inferred literal type does not spell out MiniSearch's shape). */
export const BUNDLED_ARTIFACT = artifactData as unknown as KnowledgeArtifact;

/** A knowledge base over seeds + guide and a documents shard; `documents` tells what the shard holds. */
export interface CompositeKnowledgeBase extends KnowledgeBase {
  readonly documents: { passages: number; documents: number; sourceHash: string };
}

function toHit(entry: RankedPassage): SearchHit {
  const { id, title, source, text, author, date } = entry.passage;
  const hit: SearchHit = { id, title, source, text, score: Math.round(entry.score * 1000) / 1000 };
  if (author) hit.author = author;
  if (date) hit.date = date;
  return hit;
}

/** The passages an answer may draw on: the best and close runners-up (index.ts's rule). */
function selectEvidence(ranked: readonly RankedPassage[]): RankedPassage[] {
  const top = ranked[0];
  if (!top) return [];
  return ranked
    .filter((entry, i) => i === 0 || (entry.score >= top.score * 0.55 && entry.coverage > 0))
    .slice(0, 3);
}

/**
 * Merges two ranked lists whose scores come from different indexes (different statistics, so not comparable)
 * by the measure both share, confidence, keeping each list's own order.
 */
function mergeByConfidence<T>(
  a: readonly T[],
  b: readonly T[],
  confidence: (item: T) => number,
  limit: number,
): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && confidence(x) >= confidence(y))) {
      out.push(x as T);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

/** The seeds + guide knowledge base with a documents shard beside it. */
export function createCompositeKnowledgeBase(
  base: KnowledgeArtifact,
  shard: DocumentShard | OpenedShard,
  options: KnowledgeBaseOptions = {},
): CompositeKnowledgeBase {
  const seeds = createKnowledgeBase(base, options);
  // The seeds' own reading of a question (typos repaired against the seeds' small vocabulary, thesaurus
  // concepts, slots) is the one the documents are ranked and judged by.
  const seedRetriever = createRetriever(base);
  const documents = "rank" in shard ? shard : openDocumentShard(shard);
  const seedTotal = base.passages.length;
  const seedIdf = (term: string) => {
    const df = base.df[term] ?? 0;
    return Math.log(1 + (seedTotal - df + 0.5) / (df + 0.5));
  };
  const rankDocuments = (analysis: QueryAnalysis, limit: number) =>
    documents.rank(analysis, { limit, termBoost: (unit) => unit.weight / (seedIdf(unit.term) || 1) });
  const known = new Set([...(base.vocabulary ?? []), ...THESAURUS_WORDS]);
  const knows = (word: string) => {
    const stem = stemWord(word);
    return known.has(word) || (base.df[stem] ?? 0) > 0 || documents.df(stem) > 0;
  };
  const settings = options.openai;
  let client: Promise<OpenAI | undefined> | undefined;
  const openAi = () => {
    if (!settings) return undefined;
    client ??= makeOpenAiClient(settings).catch(() => undefined);
    return client;
  };

  // With OpenAI, a second, offline seeds knowledge base decides which side answers before any model call.
  const seedsOffline = settings ? createKnowledgeBase(base) : seeds;

  /**
   * The documents' answer candidate for a question, judged as index.ts judges seed passages (subject rule,
   * best of the top three by confidence, the threshold, the unseen-rare-word rule); undefined when none passes.
   */
  const documentCandidate = (question: string, previousQuestion: string | undefined) => {
    // A follow-up is read with the thread's question (joined, as offline).
    const previous = previousQuestion?.trim();
    const asked = previous && isFollowUp(question) ? `${previous} ${question}` : question;
    const prepared = prepareQuestion(asked);
    if (prepared.empty || !prepared.text || prepared.offTopic) return undefined;
    // The subject rule, with the documents' words known too: a question only a document covers is in scope.
    if (outOfFieldSubject(prepared.text, { knows })) return undefined;
    const analysis = seedRetriever.analyse(prepared.text);
    const ranked = rankDocuments(analysis, 5);
    const best = ranked
      .slice(0, ANSWER_CANDIDATES)
      .map((entry) => ({ entry, confidence: confidenceOf(entry) }))
      .reduce<{ entry: RankedPassage | undefined; confidence: number }>(
        (top, next) => (next.confidence > top.confidence + 0.05 ? next : top),
        { entry: ranked[0], confidence: confidenceOf(ranked[0]) },
      );
    const { entry: top, confidence } = best;
    if (!top || confidence < ANSWER_THRESHOLD) return undefined;
    // An unseen word rare in everyday English is usually the subject: only a strong match outweighs it.
    const unseenRare = analysis.slots.some(
      (slot) =>
        slot.alternatives.length === 1 &&
        (base.df[slot.key] ?? 0) === 0 &&
        documents.df(slot.key) === 0 &&
        !known.has(slot.key) &&
        everydayZipf(slot.key) <= UNSEEN_SUBJECT.zipf,
    );
    if (unseenRare && confidence < UNSEEN_SUBJECT.confidence) return undefined;
    if (top !== ranked[0]) {
      ranked.splice(ranked.indexOf(top), 1);
      ranked.unshift(top);
    }
    return { prepared, analysis, evidence: selectEvidence(ranked), confidence };
  };

  return {
    documents: {
      passages: documents.passageCount,
      documents: documents.documentCount,
      sourceHash: documents.sourceHash,
    },
    guide: () => seeds.guide(),
    guideBrief: (topic) => seeds.guideBrief(topic),

    async search(query, searchOptions = {}) {
      const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(searchOptions.limit ?? 5) || 5));
      const seedHits = await seeds.search(query, { limit });
      const prepared = prepareQuestion(query);
      if (!prepared.text) return seedHits;
      const analysis = seedRetriever.analyse(prepared.text);
      const seedConfidence = new Map(
        seedRetriever.rank(analysis, { limit: MAX_LIMIT }).map((r) => [r.passage.id, confidenceOf(r)]),
      );
      const documentHits = rankDocuments(analysis, limit).map((entry) => ({
        hit: toHit(entry),
        confidence: confidenceOf(entry),
      }));
      const seedEntries = seedHits.map((hit) => ({ hit, confidence: seedConfidence.get(hit.id) ?? 0 }));
      return mergeByConfidence(seedEntries, documentHits, (e) => e.confidence, limit).map((e) => e.hit);
    },

    async ask(question, askOptions = {}) {
      const started = Date.now();
      // Which side answers is decided offline (no model call), so OpenAI words the answer at most once.
      const judged = await seedsOffline.ask(question, askOptions);
      const fromSeeds = () => (seedsOffline === seeds ? judged : seeds.ask(question, askOptions));
      if (judged.cardId) return fromSeeds(); // a curated card answers outright, as without documents
      const candidate = documentCandidate(question, askOptions.previousQuestion);
      // The seeds answer when the documents cannot, or the seeds cover the question at least as well.
      if (!candidate || (judged.answered && judged.confidence >= candidate.confidence)) return fromSeeds();

      const { prepared, analysis, evidence, confidence } = candidate;
      const note = prepared.truncated ? " (Your message was long, so I searched its opening.)" : "";
      const ready = await openAi();
      if (ready && settings) {
        const composed = await composeWithOpenAi(
          ready,
          settings.model,
          prepared.text,
          analysis,
          evidence,
          settings.deadlineMs - (Date.now() - started),
        );
        if (composed?.kind === "answer") {
          return {
            answered: true,
            text: composed.text + note,
            citations: composed.citations,
            confidence,
            topics: judged.topics,
            composer: "openai",
          };
        }
        // The model judged the document passages not to answer: the seeds' offline reading stands.
        if (composed?.kind === "not-answerable") return judged;
      }
      const { text, citations } = composeExtractive(analysis, evidence);
      if (citations.length === 0 || lacksAskedFigure(prepared.text, text)) return judged;
      const answer: Answer = {
        answered: true,
        text: text + note,
        citations,
        confidence,
        topics: judged.topics,
        composer: "extractive",
      };
      return answer;
    },
  };
}

/**
 * The knowledge base for seeds + guide and, when there is one, a documents shard beside them (what `npm start`
 * and the CLI serve from .data/knowledge, local/knowledge-index.ts).
 */
export function knowledgeBaseWithDocuments(
  index: { base: KnowledgeArtifact; shard?: DocumentShard | undefined },
  options: KnowledgeBaseOptions = {},
): KnowledgeBase {
  return index.shard
    ? createCompositeKnowledgeBase(index.base, index.shard, options)
    : createKnowledgeBase(index.base, options);
}

/** What the served index is: a documents shard (since issue 14's scale work) or a whole artifact (before it). */
export type ServedIndex = DocumentShard | KnowledgeArtifact;

/**
 * A knowledge base for a stored index (S3 `index/<version>.json` or `.data/knowledge/index.json`): a documents
 * shard beside the bundled seeds + guide (or `base`), or, for an index written before shards, the artifact
 * itself. Throws when the value is neither, so a reloading source keeps serving the previous one.
 */
export function knowledgeBaseFromIndex(
  index: unknown,
  options: KnowledgeBaseOptions = {},
  base: KnowledgeArtifact = BUNDLED_ARTIFACT,
): KnowledgeBase {
  if (isDocumentShard(index)) return createCompositeKnowledgeBase(base, index, options);
  const artifact = index as Partial<KnowledgeArtifact> | null;
  if (artifact && typeof artifact === "object" && Array.isArray(artifact.passages) && artifact.index) {
    return createKnowledgeBase(artifact as KnowledgeArtifact, options);
  }
  throw new Error("not a knowledge index (neither a documents shard nor an artifact)");
}
