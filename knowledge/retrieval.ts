/**
 * Ranking passages for a question: BM25 (MiniSearch) over stemmed words and thesaurus concepts,
 * with the post title as context and typo tolerance on longer words; optionally blended with
 * embedding similarity. Also measures how much of the question the best passage covers, which is
 * what lets the answerer abstain instead of answering from a random passage.
 */
import type { KnowledgeArtifact } from "./artifact.ts";
import { cosine, dequantiseVector } from "./embeddings.ts";
import { coverageOf, literalStems } from "./evidence.ts";
import {
  createQueryAnalyser,
  inverseDocumentFrequency,
  type QueryAnalysis,
  type QueryUnit,
} from "./query-analysis.ts";
import { hasHeardQuestions, loadSearchIndex } from "./search-index.ts";
import { factsOf, mergeFacts, type TextFacts } from "./text-facts.ts";
import { DEFAULT_TUNING, type RetrievalTuning } from "./tuning.ts";
import type { Passage } from "./types.ts";

export type { QueryAnalysis, QueryUnit } from "./query-analysis.ts";
export { DEFAULT_TUNING, type RetrievalTuning };

/** A passage ranked for a question. */
export interface RankedPassage {
  passage: Passage;
  /** The blended score used for ordering. */
  score: number;
  lexicalScore: number;
  /**
   * The lexical score counting only words met in the passage itself (title, text, concepts), not in
   * the card questions it is expanded with: what confidence reads, since a question can share words
   * with a card's phrasing without the passage saying anything about them.
   */
  proseScore: number;
  /** Cosine similarity to the question, when embeddings were used. */
  semantic?: number;
  /** Share (0..1, weighted by specificity) of the question's slots this passage covers. */
  coverage: number;
  /** How fully (0..1) the passage covers the question's most telling slot. */
  keyCredit: number;
  /** The same, counting plain prose only (not words inside names such as "My Civil Service Pension"). */
  keyInProse: number;
  /** Query terms this passage matched. */
  matched: string[];
  /**
   * The score without the practitioners' questions the passage is expanded with (search-index.ts's `heard`
   * field): the order confidence's best reading among the top few and a card's agreeing passage are read in, so
   * both stay readings of the passages themselves.
   */
  unheardScore: number;
}

/** One passage's lexical match: MiniSearch's result, with what the practitioners' questions added kept apart. */
interface LexicalMatch {
  id: string;
  /** BM25 over every field, the practitioners' questions included. */
  score: number;
  /** The same without the practitioners' questions. */
  unheard: number;
  /** Query terms matched in any field, and the fields each index term matched in. */
  queryTerms: string[];
  match: Record<string, string[]>;
  /** Query terms matched outside the practitioners' questions. */
  unheardTerms: string[];
}

/** The fields searched before the practitioners' questions (which are searched on their own: see `rank`). */
const UNHEARD_FIELDS = ["title", "text", "concepts", "asked"];

/**
 * Adds the practitioners' questions' matches to the passages' own. Written here, not left to one MiniSearch
 * search over every field, because confidence must read the passages' own score and words: a question
 * sharing words with what someone once asked is no evidence the passage answers it.
 */
function mergeHeard(
  own: readonly LexicalMatch[],
  heard: readonly { id: unknown; score: number; queryTerms: string[]; match: Record<string, string[]> }[],
  boost: number,
): LexicalMatch[] {
  if (heard.length === 0) return [...own];
  const merged = new Map(own.map((m) => [m.id, m]));
  for (const h of heard) {
    const id = String(h.id);
    const found = merged.get(id);
    // Copied when first met here, so MiniSearch's own results (their term lists and match maps) stay as they were.
    const m: LexicalMatch = found
      ? { ...found, queryTerms: [...found.queryTerms], match: { ...found.match } }
      : { id, score: 0, unheard: 0, queryTerms: [], match: {}, unheardTerms: [] };
    merged.set(id, m);
    m.score += boost * h.score;
    for (const term of h.queryTerms) if (!m.queryTerms.includes(term)) m.queryTerms.push(term);
    for (const [term, fields] of Object.entries(h.match))
      m.match[term] = [...(m.match[term] ?? []), ...fields];
  }
  return [...merged.values()].sort((a, b) => b.score - a.score);
}

/**
 * Ranked passages in the order of their own scores, without the practitioners' questions: the order confidence's
 * best reading among the top few and a card's agreeing passage are read in (a copy; `ranked` keeps its order).
 */
export function inOwnOrder(ranked: readonly RankedPassage[]): RankedPassage[] {
  return [...ranked].sort((a, b) => b.unheardScore - a.unheardScore);
}

/** The ranking with the passage given moved to the front, when it is ranked (otherwise as it was). */
export function leadWith(ranked: RankedPassage[], passageId: string | undefined): RankedPassage[] {
  const at = passageId === undefined ? -1 : ranked.findIndex((r) => r.passage.id === passageId);
  return at <= 0 ? ranked : [ranked[at] as RankedPassage, ...ranked.slice(0, at), ...ranked.slice(at + 1)];
}

/** Search over one artifact. */
export interface Retriever {
  analyse(question: string): QueryAnalysis;
  rank(analysis: QueryAnalysis, options?: { limit?: number; queryVector?: Float32Array }): RankedPassage[];
  readonly passages: readonly Passage[];
  /** The evidence a passage offers (words, names, concepts), computed once and cached. */
  factsFor(passage: Passage): TextFacts;
  readonly hasEmbeddings: boolean;
  readonly embeddingModel: string | undefined;
}

/**
 * The highest credit a slot can earn in any text (coverageOf's coverage and key credit never exceed
 * it), or undefined when a score need not grow with coverage (a negative weight or tuning factor, a
 * credit that is not a number): then every passage in the rerank depth is measured (see `rank`).
 */
function creditCeiling(analysis: QueryAnalysis, tuning: RetrievalTuning): number | undefined {
  if (!(tuning.coordination >= 0 && tuning.keyBoost >= 0 && tuning.slotShare >= 0 && tuning.slotShare <= 1))
    return undefined;
  let ceiling = 0;
  for (const slot of analysis.slots) {
    if (!(slot.weight >= 0 && slot.weight < Number.POSITIVE_INFINITY)) return undefined;
    for (const alt of slot.alternatives) {
      if (Number.isNaN(alt.credit)) return undefined;
      if (alt.credit > ceiling) ceiling = alt.credit;
    }
  }
  for (const unit of analysis.units)
    if (!(unit.weight >= 0 && unit.weight < Number.POSITIVE_INFINITY)) return undefined;
  return ceiling;
}

/** Keeps `best` the `limit` highest scores seen, highest first. */
function keepBest(best: number[], score: number, limit: number): void {
  let at = best.length;
  while (at > 0 && (best[at - 1] as number) < score) at--;
  if (at >= limit) return;
  best.splice(at, 0, score);
  if (best.length > limit) best.length = limit;
}

/** Loads the retriever for an artifact (the index is deserialised once, here). */
export function createRetriever(
  artifact: KnowledgeArtifact,
  tuning: RetrievalTuning = DEFAULT_TUNING,
): Retriever {
  const index = loadSearchIndex(artifact.index);
  const hasHeard = hasHeardQuestions(artifact.index);
  const passages = artifact.passages;
  const byId = new Map(passages.map((p) => [p.id, p]));
  const idf = inverseDocumentFrequency(artifact);
  const vectors = artifact.embeddings
    ? new Map(Object.entries(artifact.embeddings.vectors).map(([id, v]) => [id, dequantiseVector(v)]))
    : undefined;

  const analyse = createQueryAnalyser(artifact, tuning);

  const factsCache = new Map<string, TextFacts>();
  const factsFor = (passage: Passage): TextFacts => {
    let facts = factsCache.get(passage.id);
    if (!facts) {
      facts = mergeFacts(factsOf(passage.text), factsOf(passage.title));
      factsCache.set(passage.id, facts);
    }
    return facts;
  };

  const rank: Retriever["rank"] = (analysis, options = {}) => {
    const limit = options.limit ?? 5;
    const totalWeight = analysis.units.reduce((sum, u) => sum + u.weight, 0) || 1;
    const weightOf = new Map(analysis.units.map((u) => [u.term, u.weight]));
    const lexical = new Map<
      string,
      {
        score: number;
        unheardScore: number;
        proseScore: number;
        matched: string[];
        coverage: number;
        keyCredit: number;
        keyInProse: number;
      }
    >();
    if (analysis.units.length > 0) {
      // Joined in a loop, not `.map(...).join`: V8's optimised `.map` returns another array kind than
      // its builtin, and the `.join` after it was deoptimised when `rank` was first optimised (perf only).
      let query = "";
      for (let u = 0; u < analysis.units.length; u++)
        query +=
          u === 0 ? (analysis.units[u] as QueryUnit).term : ` ${(analysis.units[u] as QueryUnit).term}`;
      const searchOptions = {
        tokenize: (text: string) => text.split(" "),
        processTerm: (term: string) => term,
        fuzzy: (term: string) =>
          !term.startsWith("zc") && term.length >= tuning.fuzzyMinLength ? tuning.fuzzy : false,
        weights: { fuzzy: tuning.fuzzyWeight, prefix: 0 },
        combineWith: "OR" as const,
        bm25: tuning.bm25,
        boostTerm: (term: string) => (weightOf.get(term) ?? 0) / (idf(term) || 1),
      };
      const own = index
        .search(query, {
          ...searchOptions,
          fields: UNHEARD_FIELDS,
          boost: {
            title: tuning.titleBoost,
            text: tuning.textBoost,
            concepts: tuning.conceptBoost,
            asked: tuning.askedBoost,
          },
        })
        .map(
          (r): LexicalMatch => ({
            id: String(r.id),
            score: r.score,
            unheard: r.score,
            queryTerms: r.queryTerms,
            match: r.match,
            unheardTerms: r.queryTerms,
          }),
        );
      const results = hasHeard
        ? mergeHeard(own, index.search(query, { ...searchOptions, fields: ["heard"] }), tuning.heardBoost)
        : own;
      const questionStems = literalStems(analysis.slots);
      // Within the rerank depth, a passage whose score could not reach the `limit`-th best measured so
      // far even at the highest coverage and key credit any text can earn is not returned, so its
      // coverage is not measured (perf only: the passages returned, their order and figures are the
      // same; tests/knowledge/retrieval.test.ts). Not with embeddings: every lexical score feeds the blend.
      const ceiling = options.queryVector || limit < 1 ? undefined : creditCeiling(analysis, tuning);
      /** The best `limit` measured scores so far, highest first. */
      const measuredBest: number[] = [];
      /** Set when a measured score is not a number: scores then have no order to bound by. */
      let unordered = false;
      const bounded: [result: LexicalMatch, i: number][] = [];
      const read = (result: LexicalMatch, i: number, mayBound: boolean) => {
        const passage = byId.get(String(result.id));
        if (!passage) return;
        // Summed in loops rather than with `.reduce` callbacks: this runs for every passage matched, and
        // each callback was a closure allocated per passage (perf only; the same additions, in order).
        let matchedWeight = 0;
        let proseWeight = 0;
        for (const term of result.queryTerms) {
          const weight = weightOf.get(term) ?? 0;
          matchedWeight += weight;
          // A fuzzy match is keyed by the index term, not the query's: count it as prose, as before expansion.
          const fields = result.match[term];
          if (fields === undefined || fields.some((field) => field !== "asked" && field !== "heard"))
            proseWeight += weight;
        }
        // The weight of the words met outside the practitioners' questions: what the prose share is taken of.
        let unheardWeight = 0;
        for (const term of result.unheardTerms) unheardWeight += weightOf.get(term) ?? 0;
        const termCoverage = matchedWeight / totalWeight;
        const reranked = i < tuning.rerankDepth;
        // Past the rerank depth term coverage is a cheap stand-in (those passages never reach the top).
        let measured: { coverage: number; keyCredit: number; keyInProse: number } | undefined;
        let isBounded = false;
        if (
          reranked &&
          mayBound &&
          ceiling !== undefined &&
          !unordered &&
          measuredBest.length >= limit &&
          result.score >= 0
        ) {
          // The score below at full credit: the same arithmetic, and it only grows with each credit.
          const atMost =
            result.score *
            (1 + tuning.coordination * (tuning.slotShare * ceiling + (1 - tuning.slotShare) * termCoverage)) *
            (1 + tuning.keyBoost * ceiling);
          if (atMost < (measuredBest[limit - 1] as number)) {
            measured = { coverage: ceiling, keyCredit: ceiling, keyInProse: 0 };
            isBounded = true;
          }
        }
        if (reranked && !isBounded) measured = coverageOf(analysis.slots, factsFor(passage), questionStems);
        const coverage = measured ? measured.coverage : termCoverage;
        const keyCredit = measured ? measured.keyCredit : 0;
        const reward = tuning.slotShare * coverage + (1 - tuning.slotShare) * termCoverage;
        // The question's main concept met in the passage is what makes it about the same subject.
        const score = result.score * (1 + tuning.coordination * reward) * (1 + tuning.keyBoost * keyCredit);
        if (isBounded) bounded.push([result, i]);
        else if (reranked && ceiling !== undefined) {
          if (Number.isNaN(score)) unordered = true;
          else keepBest(measuredBest, score, limit);
        }
        // The score the passage would have without the practitioners' questions (their words neither add to
        // its BM25 nor count as covered), which confidence reads: they order passages, never lift confidence.
        const unheardScore =
          result.unheard === result.score
            ? score
            : result.unheard *
              (1 +
                tuning.coordination *
                  (tuning.slotShare * coverage + (1 - tuning.slotShare) * (unheardWeight / totalWeight))) *
              (1 + tuning.keyBoost * keyCredit);
        lexical.set(passage.id, {
          score,
          unheardScore,
          proseScore:
            unheardWeight > 0 ? (unheardScore * Math.min(proseWeight, unheardWeight)) / unheardWeight : 0,
          matched: result.queryTerms,
          coverage,
          keyCredit,
          keyInProse: measured ? measured.keyInProse : 0,
        });
      };
      for (let i = 0; i < results.length; i++) read(results[i] as LexicalMatch, i, true);
      // Measured after all when scores had no order (same Map keys, so the passages keep their places).
      if (unordered) for (const [result, i] of bounded) read(result, i, false);
    }

    const semantic = new Map<string, number>();
    if (vectors && options.queryVector) {
      for (const [id, vector] of vectors) semantic.set(id, cosine(options.queryVector, vector));
    }
    // The blend's figures are read only with a question vector (perf: not built for every offline ask).
    let maxLexical = 1;
    let semMin = 0;
    let semRange = 1;
    if (semantic.size > 0) {
      maxLexical = Math.max(0, ...[...lexical.values()].map((l) => l.score)) || 1;
      const semValues = [...semantic.values()];
      semMin = Math.min(...semValues);
      semRange = Math.max(...semValues) - semMin || 1;
    }

    const ids = semantic.size > 0 ? new Set([...lexical.keys(), ...semantic.keys()]) : lexical.keys();
    const ranked: RankedPassage[] = [];
    for (const id of ids) {
      const passage = byId.get(id);
      if (!passage) continue;
      const lex = lexical.get(id);
      const lexicalScore = lex?.score ?? 0;
      const cos = semantic.get(id);
      const blend = (lexicalPart: number) =>
        cos === undefined
          ? lexicalPart
          : maxLexical *
            ((1 - tuning.semanticWeight) * (lexicalPart / maxLexical) +
              tuning.semanticWeight * ((cos - semMin) / semRange));
      const score = blend(lexicalScore);
      const matched = lex?.matched ?? [];
      const entry: RankedPassage = {
        passage,
        score,
        lexicalScore,
        proseScore: lex?.proseScore ?? 0,
        coverage: Math.min(1, lex?.coverage ?? 0),
        keyCredit: lex?.keyCredit ?? 0,
        keyInProse: lex?.keyInProse ?? 0,
        matched,
        unheardScore: blend(lex?.unheardScore ?? 0),
      };
      if (cos !== undefined) entry.semantic = cos;
      ranked.push(entry);
    }
    ranked.sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
    return ranked.slice(0, limit);
  };

  return {
    analyse,
    rank,
    passages,
    factsFor,
    hasEmbeddings: Boolean(vectors),
    embeddingModel: artifact.embeddings?.model,
  };
}
