/**
 * Ranking passages for a question: BM25 (MiniSearch) over stemmed words and thesaurus concepts,
 * with the post title as context and typo tolerance on longer words; optionally blended with
 * embedding similarity. Also measures how much of the question the best passage covers, which is
 * what lets the answerer abstain instead of answering from a random passage.
 */
import type { KnowledgeArtifact } from "./artifact.ts";
import { cosine, dequantiseVector } from "./embeddings.ts";
import { everydayZipf, rarityFactor } from "./english.ts";
import { coverageOf, literalStems, type QuerySlot } from "./evidence.ts";
import { loadSearchIndex } from "./search-index.ts";
import { createSpellingCorrector } from "./spelling.ts";
import { isStopword, stemWord, wordsOf } from "./text.ts";
import { factsOf, mergeFacts, type TextFacts } from "./text-facts.ts";
import { compileThesaurus, conceptToken } from "./thesaurus.ts";
import { DEFAULT_TUNING, type RetrievalTuning } from "./tuning.ts";
import type { Passage } from "./types.ts";

export { DEFAULT_TUNING, type RetrievalTuning };

/** One unit of meaning in a question: a word stem or a concept, with how telling it is. */
export interface QueryUnit {
  term: string;
  kind: "stem" | "concept";
  /** Inverse document frequency: rare, specific terms count for more. */
  weight: number;
}

/** A question as the retriever understands it. */
export interface QueryAnalysis {
  /** Terms searched in the index. */
  units: QueryUnit[];
  /** Units that occur somewhere in the corpus. */
  knownUnits: number;
  /** The question's meaning, slot by slot (see evidence.ts): what an answer must cover. */
  slots: QuerySlot[];
}

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

const questionMatcher = compileThesaurus().questions;

/**
 * Words that name something specific: acronyms ("LGPS"), capitalised words inside a sentence
 * ("Ofsted") and years, normalised as wordsOf gives them; and multi-word names ("Companies House",
 * "Green Book") as a map from word position (in wordsOf order) to the name's index.
 */
export function specificWords(question: string): { specific: Set<string>; names: Map<number, number> } {
  const specific = new Set<string>();
  const names = new Map<number, number>();
  let position = 0;
  let nameCount = 0;
  for (const sentence of question.split(/(?<=[.?!])\s+|\n+/)) {
    let run: number[] = [];
    const closeRun = () => {
      if (run.length >= 2) {
        for (const p of run) names.set(p, nameCount);
        nameCount++;
      }
      run = [];
    };
    sentence
      .split(/\s+/)
      .filter(Boolean)
      .forEach((token, i) => {
        const bare = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        // A possessive ("Mondragon's") is the name it belongs to, as the articles would spell it.
        const word = bare.replace(/['’]s$/, "");
        const capital = i > 0 && /^[A-Z][a-z]+$/.test(word);
        if (/^[A-Z]{2,}s?$/.test(word) || /^(?:19|20)\d\d$/.test(word) || capital)
          for (const w of wordsOf(word)) specific.add(w);
        const count = wordsOf(token).length;
        if (capital && count === 1) run.push(position);
        else closeRun();
        if (/[,;:()]$/.test(token)) closeRun();
        position += count;
      });
    closeRun();
  }
  return { specific, names };
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
   * A word the corpus lacks may be the point of the question ("VAT", "Ofsted") or mere chatter
   * ("nearly", "totally"); without a dictionary to tell them apart it counts as a middling word.
   */
  const unknownWeight = idf("\u0000") * 0.6;

  /**
   * Reads a question into search units and meaning slots. Typos are repaired against the corpus
   * vocabulary; a word whose stem the index knows may just be an unseen inflection, so its repair
   * is searched beside it rather than replacing it ("funded" must not become "founded").
   */
  const analyse = (question: string): QueryAnalysis => {
    const words = wordsOf(question).slice(0, tuning.maxQueryTerms * 3);
    const { specific, names } = specificWords(question);
    const slots: QuerySlot[] = [];
    const slotAt = new Map<number, QuerySlot>();
    const byKey = new Map<string, QuerySlot>();
    const searchStems: string[] = [];
    const phraseStems: string[] = [];
    const repairedStems: string[] = [];
    words.forEach((word, position) => {
      const stem = stemWord(word);
      let best = stem;
      const alternatives = [{ term: stem, credit: 1 }];
      // An everyday English word the corpus lacks is not a typo ("insurance" must not become
      // "instance"). Short words are still repaired, as a typo of one ("befor", "wat") often shares
      // a common word's stem; stems the corpus knows keep the rule below.
      const everyday =
        word.length >= 6 && (artifact.df[stem] ?? 0) === 0 && everydayZipf(stem) >= tuning.realWordZipf;
      if (!inVocabulary.has(word) && !isStopword(word) && !everyday) {
        const repaired = speller.correct(word);
        const repairedStem = stemWord(repaired);
        const known = (artifact.df[stem] ?? 0) > 0;
        if (repairedStem !== stem && (!known || word.length >= 8)) {
          alternatives.push({ term: repairedStem, credit: tuning.repairCredit });
          if (!known) best = repairedStem;
        }
      }
      phraseStems.push(best);
      repairedStems.push(alternatives[1]?.term ?? best);
      if (isStopword(word)) return;
      for (const alt of alternatives) searchStems.push(alt.term);
      const existing = byKey.get(stem);
      if (existing) {
        slotAt.set(position, existing);
        return;
      }
      const weight = Math.max(...alternatives.map((a) => ((artifact.df[a.term] ?? 0) > 0 ? idf(a.term) : 0)));
      // An acronym, name or year the corpus has never seen ("VAT", "Ofsted", "2027") is usually
      // what the question is about: the articles cannot answer it, so it weighs fully.
      // Other unseen words weigh by how rare they are in everyday English: "payroll" is probably the
      // point of the question, "totally" is not.
      const unknown =
        specific.has(word) && alternatives.length === 1
          ? idf("\u0000")
          : Math.max(unknownWeight, idf("\u0000") * rarityFactor(stem) * tuning.unseenRareShare);
      const slot: QuerySlot = { key: stem, weight: weight || unknown, alternatives };
      const name = names.get(position);
      if (name !== undefined) {
        slot.name = name;
        slot.weight = Math.max(slot.weight, unknownWeight);
      }
      byKey.set(stem, slot);
      slotAt.set(position, slot);
      slots.push(slot);
    });
    // Phrases are read with each typo repaired too ("counciller's" is a councillor, not a council).
    const matches = questionMatcher.matchStems(phraseStems);
    if (repairedStems.some((stem, i) => stem !== phraseStems[i]))
      matches.push(...questionMatcher.matchStems(repairedStems));
    const concepts: string[] = [];
    const inPhrase = new Set<string>();
    const boosted = new Set<QuerySlot>();
    for (const match of matches) {
      const token = conceptToken(match.concept);
      if (!concepts.includes(token)) concepts.push(token);
      let attached = false;
      for (let i = match.start; i < match.end; i++) {
        const slot = slotAt.get(i);
        if (!slot) continue;
        attached = true;
        if (match.end - match.start > 1) inPhrase.add(slot.key);
        if (slot.alternatives.some((a) => a.term === token)) continue;
        // A word the corpus lacks but the thesaurus knows ("LGPS") is as telling as its concept.
        if (
          (artifact.df[slot.key] ?? 0) === 0 &&
          slot.alternatives.length === 1 &&
          (artifact.df[token] ?? 0) > 0
        )
          slot.weight = Math.max(idf(token), unknownWeight);
        slot.alternatives.push({ term: token, credit: tuning.conceptCredit });
        boosted.add(slot);
      }
      // A concept named only by small words ("against it", "a say") is a slot of its own.
      if (!attached && !byKey.has(token)) {
        const slot: QuerySlot = {
          key: token,
          weight: idf(token),
          alternatives: [{ term: token, credit: 1 }],
        };
        boosted.add(slot);
        byKey.set(token, slot);
        slots.push(slot);
      }
    }
    for (const slot of boosted) slot.weight *= tuning.conceptSlotBoost;
    for (const slot of slots) slot.salience = slot.weight * rarityFactor(slot.key);
    const stems = [...new Set(searchStems)].slice(0, tuning.maxQueryTerms);
    // Pushed one by one rather than spread from two mapped arrays: a question with no concept gave an
    // empty array of another kind (V8's elements kind), and each new kind deoptimised this function
    // and its callers, recompiling them on V8's compiler thread long after warm-up (perf only).
    const units: QueryUnit[] = [];
    for (const term of stems) {
      // A word inside a recognised phrase ("business" in "business case") says less on its own.
      const weight = idf(term) * (inPhrase.has(term) ? tuning.phraseWordWeight : 1);
      units.push({ term, kind: "stem", weight });
    }
    for (const term of concepts) units.push({ term, kind: "concept", weight: idf(term) });
    return {
      units,
      knownUnits: units.filter((u) => (artifact.df[u.term] ?? 0) > 0).length,
      slots: slots.slice(0, tuning.maxQueryTerms),
    };
  };

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
      const results = index.search(query, {
        tokenize: (text) => text.split(" "),
        processTerm: (term) => term,
        boost: {
          title: tuning.titleBoost,
          text: tuning.textBoost,
          concepts: tuning.conceptBoost,
          asked: tuning.askedBoost,
        },
        fuzzy: (term) =>
          !term.startsWith("zc") && term.length >= tuning.fuzzyMinLength ? tuning.fuzzy : false,
        weights: { fuzzy: tuning.fuzzyWeight, prefix: 0 },
        combineWith: "OR",
        bm25: tuning.bm25,
        boostTerm: (term) => (weightOf.get(term) ?? 0) / (idf(term) || 1),
      });
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
      const bounded: [result: (typeof results)[number], i: number][] = [];
      const read = (result: (typeof results)[number], i: number, mayBound: boolean) => {
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
          if (fields === undefined || fields.some((field) => field !== "asked")) proseWeight += weight;
        }
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
        lexical.set(passage.id, {
          score,
          proseScore: matchedWeight > 0 ? (score * proseWeight) / matchedWeight : 0,
          matched: result.queryTerms,
          coverage,
          keyCredit,
          keyInProse: measured ? measured.keyInProse : 0,
        });
      };
      for (let i = 0; i < results.length; i++) read(results[i] as (typeof results)[number], i, true);
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
      const score =
        cos === undefined
          ? lexicalScore
          : maxLexical *
            ((1 - tuning.semanticWeight) * (lexicalScore / maxLexical) +
              tuning.semanticWeight * ((cos - semMin) / semRange));
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
