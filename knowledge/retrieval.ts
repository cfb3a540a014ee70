/**
 * Ranking passages for a question: BM25 (MiniSearch) over stemmed words and thesaurus concepts,
 * with the post title as context and typo tolerance on longer words; optionally blended with
 * embedding similarity. Also measures how much of the question the best passage covers, which is
 * what lets the answerer abstain instead of answering from a random passage.
 */
import type { KnowledgeArtifact } from "./artifact.ts";
import { cosine, dequantiseVector } from "./embeddings.ts";
import { loadSearchIndex } from "./search-index.ts";
import { createSpellingCorrector } from "./spelling.ts";
import { contentStems, stemWord, wordsOf } from "./text.ts";
import { compileThesaurus, conceptToken } from "./thesaurus.ts";
import type { Passage } from "./types.ts";

/** Knobs measured on the eval set (tests/knowledge/eval); see docs/knowledge.md. */
export interface RetrievalTuning {
  titleBoost: number;
  textBoost: number;
  conceptBoost: number;
  /** Edit distance allowed, as a fraction of word length, for words of at least `fuzzyMinLength`. */
  fuzzy: number;
  fuzzyMinLength: number;
  fuzzyWeight: number;
  /** Weight of a word that is part of a recognised multi-word thesaurus phrase. */
  phraseWordWeight: number;
  /** Rewards passages covering more of the question: lexical score times (1 + coordination * coverage). */
  coordination: number;
  /** Share of the final score taken from embedding similarity when vectors are available. */
  semanticWeight: number;
  /** BM25 term-frequency saturation (k), length normalisation (b) and floor (d). */
  bm25: { k: number; b: number; d: number };
  /** At most this many distinct query words are searched (a pasted essay is not a question). */
  maxQueryTerms: number;
}

/** The tuning Pathfinder ships with. */
export const DEFAULT_TUNING: RetrievalTuning = {
  titleBoost: 0.5,
  textBoost: 1,
  conceptBoost: 1.5,
  fuzzy: 0.2,
  fuzzyMinLength: 6,
  fuzzyWeight: 0.45,
  coordination: 1,
  phraseWordWeight: 1,
  semanticWeight: 0.4,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  maxQueryTerms: 40,
};

/** One unit of meaning in a question: a word stem or a concept, with how telling it is. */
export interface QueryUnit {
  term: string;
  kind: "stem" | "concept";
  /** Inverse document frequency: rare, specific terms count for more. */
  weight: number;
}

/** A question as the retriever understands it. */
export interface QueryAnalysis {
  units: QueryUnit[];
  /** Units that occur somewhere in the corpus. */
  knownUnits: number;
}

/** A passage ranked for a question. */
export interface RankedPassage {
  passage: Passage;
  /** The blended score used for ordering. */
  score: number;
  lexicalScore: number;
  /** Cosine similarity to the question, when embeddings were used. */
  semantic?: number;
  /** Share (0..1, weighted by specificity) of the question's units this passage matches. */
  coverage: number;
  /** Query terms this passage matched. */
  matched: string[];
}

/** Search over one artifact. */
export interface Retriever {
  analyse(question: string): QueryAnalysis;
  rank(analysis: QueryAnalysis, options?: { limit?: number; queryVector?: Float32Array }): RankedPassage[];
  readonly passages: readonly Passage[];
  readonly hasEmbeddings: boolean;
  readonly embeddingModel: string | undefined;
}

const questionMatcher = compileThesaurus().questions;

/** Loads the retriever for an artifact (the index is deserialised once, here). */
export function createRetriever(
  artifact: KnowledgeArtifact,
  tuning: RetrievalTuning = DEFAULT_TUNING,
): Retriever {
  const index = loadSearchIndex(artifact.index);
  const passages = artifact.passages;
  const byId = new Map(passages.map((p) => [p.id, p]));
  const total = passages.length;
  const idf = (term: string) => {
    const df = artifact.df[term] ?? 0;
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
  const vectors = artifact.embeddings
    ? new Map(Object.entries(artifact.embeddings.vectors).map(([id, v]) => [id, dequantiseVector(v)]))
    : undefined;

  const inVocabulary = new Set(artifact.vocabulary ?? []);
  const speller = createSpellingCorrector(artifact.vocabulary ?? []);

  /**
   * Repairs typos. A word whose stem the index knows may just be an unseen inflection, so its
   * repair is added beside it rather than replacing it ("funded" must not become "founded").
   */
  const repairTypos = (question: string): string =>
    wordsOf(question)
      .map((word) => {
        if (inVocabulary.has(word)) return word;
        const repaired = speller.correct(word);
        if (repaired === word) return word;
        if ((artifact.df[stemWord(word)] ?? 0) === 0) return repaired;
        return word.length >= 8 ? `${word} ${repaired}` : word;
      })
      .join(" ");

  const analyse = (question: string): QueryAnalysis => {
    const corrected = repairTypos(question);
    const stems = [...new Set(contentStems(corrected))].slice(0, tuning.maxQueryTerms);
    const { concepts: conceptIds, phraseStems } = questionMatcher.analyse(corrected);
    const concepts = conceptIds.map(conceptToken);
    const units: QueryUnit[] = [
      // A word inside a recognised phrase ("business" in "business case") says less on its own.
      ...stems.map((term) => ({
        term,
        kind: "stem" as const,
        weight: idf(term) * (phraseStems.has(term) ? tuning.phraseWordWeight : 1),
      })),
      ...concepts.map((term) => ({ term, kind: "concept" as const, weight: idf(term) })),
    ];
    return { units, knownUnits: units.filter((u) => (artifact.df[u.term] ?? 0) > 0).length };
  };

  const rank: Retriever["rank"] = (analysis, options = {}) => {
    const limit = options.limit ?? 5;
    const totalWeight = analysis.units.reduce((sum, u) => sum + u.weight, 0) || 1;
    const weightOf = new Map(analysis.units.map((u) => [u.term, u.weight]));
    const lexical = new Map<string, { score: number; matched: string[] }>();
    if (analysis.units.length > 0) {
      const results = index.search(analysis.units.map((u) => u.term).join(" "), {
        tokenize: (text) => text.split(" "),
        processTerm: (term) => term,
        boost: { title: tuning.titleBoost, text: tuning.textBoost, concepts: tuning.conceptBoost },
        fuzzy: (term) =>
          !term.startsWith("zc") && term.length >= tuning.fuzzyMinLength ? tuning.fuzzy : false,
        weights: { fuzzy: tuning.fuzzyWeight, prefix: 0 },
        combineWith: "OR",
        bm25: tuning.bm25,
        boostTerm: (term) => (weightOf.get(term) ?? 0) / (idf(term) || 1),
      });
      for (const result of results) {
        const coverage =
          result.queryTerms.reduce((sum, term) => sum + (weightOf.get(term) ?? 0), 0) / totalWeight;
        lexical.set(String(result.id), {
          score: result.score * (1 + tuning.coordination * coverage),
          matched: result.queryTerms,
        });
      }
    }

    const maxLexical = Math.max(0, ...[...lexical.values()].map((l) => l.score)) || 1;
    const semantic = new Map<string, number>();
    if (vectors && options.queryVector) {
      for (const [id, vector] of vectors) semantic.set(id, cosine(options.queryVector, vector));
    }
    const semValues = [...semantic.values()];
    const semMin = Math.min(...semValues);
    const semRange = Math.max(...semValues) - semMin || 1;

    const ids = new Set([...lexical.keys(), ...semantic.keys()]);
    const ranked: RankedPassage[] = [];
    for (const id of ids) {
      const passage = byId.get(id);
      if (!passage) continue;
      const lex = lexical.get(id);
      const lexicalScore = lex?.score ?? 0;
      const cos = semantic.get(id);
      const score =
        cos === undefined
          ? lexicalScore
          : maxLexical *
            ((1 - tuning.semanticWeight) * (lexicalScore / maxLexical) +
              tuning.semanticWeight * ((cos - semMin) / semRange));
      const matched = lex?.matched ?? [];
      const coverage = matched.reduce((sum, term) => sum + (weightOf.get(term) ?? 0), 0) / totalWeight;
      const entry: RankedPassage = { passage, score, lexicalScore, coverage: Math.min(1, coverage), matched };
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
    hasEmbeddings: Boolean(vectors),
    embeddingModel: artifact.embeddings?.model,
  };
}
