/**
 * The documents shard (issue 14, "Scale"): the passages of the documents an admin added, in their own compact
 * index beside the bundled seeds + guide artifact, which stays exactly as it is. One shard is one JSON object of
 * a few long strings (varint-coded postings, deflated blocks of passage text) rather than one object per passage,
 * so a cold start parses it and decodes a few typed arrays; postings are decoded only for the terms a question
 * uses, and a block of text is inflated only when one of its passages is a candidate. A very common term keeps
 * only its highest-impact postings (static index pruning): its true document frequency is kept for BM25, and the
 * candidates are re-scored on their full text (evidence.ts), so the cap bounds a question's work without
 * changing what a candidate's coverage reads.
 *
 * Why hand-written: MiniSearch (used for the seeds) is the slow part at this size. Its `loadJS` rebuilds a radix
 * tree and a Map per term and per document (1.6 s and 1.2 GB of heap at 1,000 documents, docs/knowledge.md), and
 * no library installed here loads a prebuilt inverted index without materialising per-passage objects while
 * still exposing the per-field BM25 scores the evidence measure (knowledge/evidence.ts, confidenceOf) reads.
 * The scoring below is MiniSearch's BM25+ (same k, b, d, field boosts and per-field document frequency) so a
 * document passage's strength means what a seed passage's does; what is left out on purpose is fuzzy matching
 * over the documents' large vocabulary (typos are repaired against the seeds' small vocabulary, in retrieval.ts).
 *
 * The stored format and its varint coding are in shard-format.ts; building a shard is shard-build.ts.
 */
import { inflateRawSync } from "node:zlib";
import type { StoredEmbeddings } from "../embeddings.ts";
import { coverageOf, literalStems } from "../evidence.ts";
import type { QueryAnalysis, RankedPassage } from "../retrieval.ts";
import { factsOf, mergeFacts, type TextFacts } from "../text-facts.ts";
import { DEFAULT_TUNING, type RetrievalTuning } from "../tuning.ts";
import type { DocumentPassage } from "./parse.ts";
import {
  checkShape,
  type DocumentShard,
  decodeBase64,
  FIELDS,
  readVarints,
  type ShardDocument,
  ShardError,
  slowVarint,
  TEXT_BLOCK,
} from "./shard-format.ts";

/** How the composite weighs a query unit (retrieval.ts's `boostTerm`: phrase words count less). */
export type TermBoost = (unit: QueryAnalysis["units"][number]) => number;

/** A loaded shard: lookups, passages on demand, and BM25 ranking with the evidence measure. */
export interface OpenedShard {
  readonly passageCount: number;
  readonly documentCount: number;
  readonly sourceHash: string;
  readonly embeddings: StoredEmbeddings | undefined;
  /** Document frequency of an index term (0 when the documents never use it). */
  df(term: string): number;
  /** The passage at an ordinal, built on first use. */
  passage(ordinal: number): DocumentPassage;
  /** Every passage (builds them all: for tests and tools, not for answering). */
  passages(): DocumentPassage[];
  rank(analysis: QueryAnalysis, options?: { limit?: number; termBoost?: TermBoost }): RankedPassage[];
}

/** Facts of at most this many passages are kept between questions (the seeds keep all 90; 23,000 would not fit). */
const FACTS_CACHE = 4_000;
/** Inflated text blocks kept between questions (~6 KB each). */
const BLOCK_CACHE = 512;

/** Loads a shard: a few base64 decodes and prefix sums; nothing per passage until it is a candidate. */
export function openDocumentShard(
  stored: DocumentShard,
  tuning: RetrievalTuning = DEFAULT_TUNING,
): OpenedShard {
  const shard = checkShape(stored);
  const total = shard.passageDocument.length;
  const terms = shard.terms ? shard.terms.split(" ") : [];
  const df = readVarints(decodeBase64(shard.df), terms.length);
  const postingBytes = decodeBase64(shard.postings);
  const postingStart = new Uint32Array(terms.length + 1);
  readVarints(decodeBase64(shard.postingLengths), terms.length).forEach((length, i) => {
    postingStart[i + 1] = (postingStart[i] as number) + length;
  });
  if (postingStart[terms.length] !== postingBytes.length) {
    throw new ShardError("its postings do not add up (truncated or damaged)");
  }
  // Where each passage starts within its block (a block's first passage starts at 0).
  const textStart = new Uint32Array(total + 1);
  readVarints(decodeBase64(shard.textLengths), total).forEach((length, i) => {
    textStart[i + 1] = (i + 1) % TEXT_BLOCK === 0 ? 0 : (textStart[i] as number) + length;
  });
  const blocks = new Map<number, string>();
  const textOf = (ordinal: number): string => {
    const block = Math.floor(ordinal / TEXT_BLOCK);
    let text = blocks.get(block);
    if (text === undefined) {
      text = inflateRawSync(Buffer.from(shard.textBlocks[block] ?? "", "base64")).toString("utf8");
      if (blocks.size >= BLOCK_CACHE) blocks.clear();
      blocks.set(block, text);
    }
    const start = textStart[ordinal] as number;
    const last = ordinal + 1 === total || (ordinal + 1) % TEXT_BLOCK === 0;
    return last ? text.slice(start) : text.slice(start, textStart[ordinal + 1]);
  };
  const fieldLength = readVarints(decodeBase64(shard.fieldLengths), total * FIELDS.length);
  const averageLength = FIELDS.map((_, f) => {
    let sum = 0;
    for (let i = 0; i < total; i++) sum += fieldLength[i * FIELDS.length + f] as number;
    return total > 0 ? sum / total : 1;
  });
  let ids: string[] | undefined;
  const built = new Map<number, DocumentPassage>();
  const facts = new Map<number, TextFacts>();

  /** Binary search in the sorted term list (no Map of the whole vocabulary is built at load). */
  const ordinalOf = (term: string): number => {
    let low = 0;
    let high = terms.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const probe = terms[mid] as string;
      if (probe === term) return mid;
      if (probe < term) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  };

  const idOf = (ordinal: number): string => {
    ids ??= shard.ids.split(" ");
    return ids[ordinal] as string;
  };

  const passage = (ordinal: number): DocumentPassage => {
    const cached = built.get(ordinal);
    if (cached) return cached;
    const doc = shard.documents[shard.passageDocument[ordinal] as number] as ShardDocument;
    const out: DocumentPassage = {
      id: idOf(ordinal),
      postId: doc.postId,
      title: shard.titles[shard.passageTitle[ordinal] as number] as string,
      source: doc.source,
      text: textOf(ordinal),
    };
    if (doc.author) out.author = doc.author;
    if (doc.date) out.date = doc.date;
    if (doc.url) out.url = doc.url;
    const page = shard.passagePage[ordinal] ?? 0;
    if (page > 0) out.page = page;
    built.set(ordinal, out);
    return out;
  };

  const factsFor = (ordinal: number): TextFacts => {
    let found = facts.get(ordinal);
    if (!found) {
      const p = passage(ordinal);
      found = mergeFacts(factsOf(p.text), factsOf(p.title));
      if (facts.size >= FACTS_CACHE) facts.clear();
      facts.set(ordinal, found);
    }
    return found;
  };

  const idf = (count: number) => Math.log(1 + (total - count + 0.5) / (count + 0.5));
  const boosts = [tuning.titleBoost, tuning.textBoost, tuning.conceptBoost];
  const { k, b, d } = tuning.bm25;
  // Scratch arrays reused by every question (one Lambda serves one request at a time).
  const score = new Float64Array(total);
  const matchedWeight = new Float64Array(total);
  const matchedCount = new Uint8Array(total);
  const lastUnit = new Int32Array(total).fill(-1);
  const maskLow = new Uint32Array(total);
  const maskHigh = new Uint32Array(total);

  const rank: OpenedShard["rank"] = (analysis, options = {}) => {
    const limit = options.limit ?? 5;
    const termBoost = options.termBoost ?? (() => 1);
    const units = analysis.units
      .map((unit) => ({ unit, ordinal: ordinalOf(unit.term) }))
      .filter((u) => u.ordinal >= 0);
    if (units.length === 0 || total === 0) return [];
    // The units' weights on the documents' own statistics: a word rare among the documents is telling there.
    const weights = units.map(({ unit, ordinal }) => idf(df[ordinal] as number) * termBoost(unit));
    const totalWeight =
      analysis.units.reduce((sum, unit) => {
        const ordinal = ordinalOf(unit.term);
        return sum + (ordinal >= 0 ? idf(df[ordinal] as number) * termBoost(unit) : unit.weight);
      }, 0) || 1;
    const touched: number[] = [];
    units.forEach(({ unit, ordinal }, u) => {
      const boost = termBoost(unit);
      let at = postingStart[ordinal] as number;
      for (let field = 0; field < FIELDS.length; field++) {
        // Varints read inline, with a one-byte fast path: this loop is the whole cost of a question over the
        // documents (deltas and term frequencies are almost always below 128).
        let byte = postingBytes[at++] as number;
        let fieldDf = byte;
        if (byte >= 0x80) [fieldDf, at] = slowVarint(postingBytes, at - 1);
        byte = postingBytes[at++] as number;
        let count = byte;
        if (byte >= 0x80) [count, at] = slowVarint(postingBytes, at - 1);
        const weight = boost * (boosts[field] as number) * idf(fieldDf);
        const norm = k * (1 - b);
        const slope = (k * b) / (averageLength[field] as number);
        let doc = 0;
        for (let n = 0; n < count; n++) {
          byte = postingBytes[at++] as number;
          if (byte < 0x80) doc += byte;
          else {
            const [delta, next] = slowVarint(postingBytes, at - 1);
            doc += delta;
            at = next;
          }
          byte = postingBytes[at++] as number;
          let tf = byte;
          if (byte >= 0x80) [tf, at] = slowVarint(postingBytes, at - 1);
          const length = fieldLength[doc * FIELDS.length + field] as number;
          const raw = d + (tf * (k + 1)) / (tf + norm + slope * length);
          if (lastUnit[doc] === -1) {
            touched.push(doc);
            score[doc] = 0;
            matchedWeight[doc] = 0;
            matchedCount[doc] = 0;
            maskLow[doc] = 0;
            maskHigh[doc] = 0;
          }
          score[doc] = (score[doc] as number) + weight * raw;
          if (lastUnit[doc] !== u) {
            lastUnit[doc] = u;
            matchedCount[doc] = (matchedCount[doc] as number) + 1;
            matchedWeight[doc] = (matchedWeight[doc] as number) + (weights[u] as number);
            if (u < 32) maskLow[doc] = (maskLow[doc] as number) | (1 << u);
            else if (u < 64) maskHigh[doc] = (maskHigh[doc] as number) | (1 << (u - 32));
          }
        }
      }
    });
    // MiniSearch multiplies a result's score by how many query terms it matched; so does this.
    for (const doc of touched) score[doc] = (score[doc] as number) * (matchedCount[doc] as number);
    // Only the best few go on to the evidence rerank: a partial selection, not a sort of every touched passage.
    const depth = Math.max(tuning.rerankDepth, limit);
    const best = topByScore(touched, score, depth);
    const questionStems = literalStems(analysis.slots);
    // The evidence rerank can lift a raw score at most this much (coverage, term coverage and key credit are
    // each at most 1). Candidates come best-raw-first, so once one cannot reach the `limit`-th reranked score,
    // none after it can: stopping there returns exactly what reranking all of them would, reading (and
    // inflating) fewer passages.
    const maxLift = (1 + tuning.coordination) * (1 + tuning.keyBoost);
    const floor: number[] = [];
    const scored: {
      doc: number;
      blended: number;
      coverage: number;
      keyCredit: number;
      keyInProse: number;
    }[] = [];
    for (let i = 0; i < best.length; i++) {
      const doc = best[i] as number;
      const raw = score[doc] as number;
      if (floor.length >= limit && raw * maxLift < (floor[limit - 1] as number)) break;
      const termCoverage = (matchedWeight[doc] as number) / totalWeight;
      const measured =
        i < tuning.rerankDepth
          ? coverageOf(analysis.slots, factsFor(doc), questionStems)
          : { coverage: termCoverage, keyCredit: 0, keyInProse: 0 };
      const reward = tuning.slotShare * measured.coverage + (1 - tuning.slotShare) * termCoverage;
      const blended = raw * (1 + tuning.coordination * reward) * (1 + tuning.keyBoost * measured.keyCredit);
      scored.push({ doc, blended, ...measured });
      let at = floor.length;
      floor.push(blended);
      while (at > 0 && (floor[at - 1] as number) < blended) {
        floor[at] = floor[at - 1] as number;
        at--;
      }
      floor[at] = blended;
      if (floor.length > limit) floor.pop();
    }
    scored.sort((x, y) => y.blended - x.blended || idOf(x.doc).localeCompare(idOf(y.doc)));
    const ranked = scored
      .slice(0, limit)
      .map(({ doc, blended, coverage, keyCredit, keyInProse }): RankedPassage => {
        const matched = units
          .filter((_, u) =>
            u < 32
              ? ((maskLow[doc] as number) >>> u) & 1
              : u < 64
                ? ((maskHigh[doc] as number) >>> (u - 32)) & 1
                : 0,
          )
          .map(({ unit }) => unit.term);
        return {
          passage: passage(doc),
          score: blended,
          lexicalScore: blended,
          // Documents have no card or practitioners' questions indexed with them, so every matched word is the passage's own.
          proseScore: blended,
          unheardScore: blended,
          coverage: Math.min(1, coverage),
          keyCredit,
          keyInProse,
          matched,
        };
      });
    for (const doc of touched) lastUnit[doc] = -1;
    return ranked;
  };

  return {
    passageCount: total,
    documentCount: shard.documents.length,
    sourceHash: shard.sourceHash,
    embeddings: shard.embeddings,
    df: (term) => {
      const ordinal = ordinalOf(term);
      return ordinal >= 0 ? (df[ordinal] as number) : 0;
    },
    passage,
    passages: () => Array.from({ length: total }, (_, i) => passage(i)),
    rank,
  };
}

/** The `count` highest-scoring of `candidates`, best first (a bounded insertion list: count is ~30). */
function topByScore(candidates: readonly number[], score: Float64Array, count: number): number[] {
  const top: number[] = [];
  for (const doc of candidates) {
    const value = score[doc] as number;
    if (top.length === count && value <= (score[top[count - 1] as number] as number)) continue;
    let at = top.length < count ? top.length : count - 1;
    if (top.length < count) top.push(doc);
    while (at > 0 && (score[top[at - 1] as number] as number) < value) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = doc;
  }
  return top;
}
