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
 */
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import * as z from "zod";
import { completeEmbeddings, type KnowledgeArtifact } from "../artifact.ts";
import type { StoredEmbeddings } from "../embeddings.ts";
import { coverageOf, factsOf, literalStems, mergeFacts, type TextFacts } from "../evidence.ts";
import type { QueryAnalysis, RankedPassage } from "../retrieval.ts";
import { toIndexedDocument } from "../search-index.ts";
import { contentStems } from "../text.ts";
import { DEFAULT_TUNING, type RetrievalTuning } from "../tuning.ts";
import type { DocumentPassage } from "./parse.ts";

/** The shard's format marker; bump the version when the encoding changes. */
export const SHARD_FORMAT = "pathfinder-documents-shard";
export const SHARD_VERSION = 1;

/**
 * Passages per deflated text block. Measured on the 1,000-document shard: blocks of 8 inflate in ~26 µs (16: ~48 µs;
 * 4: ~25 µs, the per-call floor) for 0.7 MB more shard than 16 (4: 1.4 MB more).
 */
const TEXT_BLOCK = 8;

/**
 * At most this many postings are stored per term and field, the highest-impact ones (BM25 term weight in the
 * passage). Only terms in more than ~9% of 23,000 passages reach it; their idf is low, so what is dropped are
 * small contributions to passages that rarer query words decide anyway.
 */
export const POSTINGS_CAP = 2048;

/** Indexed fields, in posting order (the seeds' `asked` field has no counterpart: no card quotes a document). */
const FIELDS = ["title", "text", "concepts"] as const;

/** One document's metadata, shared by all its passages. */
interface ShardDocument {
  postId: string;
  source: string;
  author?: string;
  date?: string;
  url?: string;
}

/** The stored shard (S3 `index/<version>.json`, or `.data/knowledge/index.json`). */
export interface DocumentShard {
  format: typeof SHARD_FORMAT;
  version: number;
  /** The seeds + guide artifact the shard was built beside (informational: a shard does not depend on it). */
  baseSourceHash: string;
  /** sha256 over the shard's passages and metadata: same documents, same hash. */
  sourceHash: string;
  documents: ShardDocument[];
  /** Distinct passage titles (a document's title, its section heading, the PDF page). */
  titles: string[];
  /** Passage ids, space-separated, in ordinal order. */
  ids: string;
  /** Per passage: index into `documents`, index into `titles`, PDF page (0 = none). */
  passageDocument: number[];
  passageTitle: number[];
  passagePage: number[];
  /**
   * Passage text in blocks of `TEXT_BLOCK` passages, each the raw-deflated UTF-8 of their texts concatenated,
   * base64; `textLengths` (varints, base64) gives each passage's length in characters within its block.
   */
  textBlocks: string[];
  textLengths: string;
  /** Index terms (stems and concept tokens), sorted, space-separated. */
  terms: string;
  /** Varints (base64): each term's document frequency across fields (what `artifact.df` is for the seeds). */
  df: string;
  /** Varints (base64): each term's postings length in bytes, to find where its postings start. */
  postingLengths: string;
  /**
   * Varints (base64): per term, per field: document frequency in that field, how many postings are stored
   * (fewer when capped, see POSTINGS_CAP), then (ordinal delta, term frequency) pairs.
   */
  postings: string;
  /** Varints (base64): per passage, per field: length in tokens. */
  fieldLengths: string;
  /** Present only when every passage has a vector for the same model (as in the artifact). */
  embeddings?: StoredEmbeddings;
}

/** Options for building a shard: cached vectors from the previous index and, with a key, a way to embed. */
export interface ShardBuildOptions {
  previous?: { embeddings?: StoredEmbeddings | undefined } | undefined;
  embeddingModel?: string;
  embed?: (texts: string[]) => Promise<number[][]>;
}

/** Whether a parsed JSON value is a documents shard (and not, say, a whole artifact from before shards). */
export function isDocumentShard(value: unknown): value is DocumentShard {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === SHARD_FORMAT &&
    (value as { version?: unknown }).version === SHARD_VERSION
  );
}

// ---- varints: an unsigned LEB128 writer and reader (the same encoding protobuf uses) ----

class VarintWriter {
  private bytes = new Uint8Array(1 << 16);
  length = 0;
  write(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }
  base64(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString("base64");
  }
}

function decodeBase64(text: string): Uint8Array {
  const buffer = Buffer.from(text, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** One varint at `at` (any length): its value and the offset after it. */
function slowVarint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** Decodes `count` varints into a typed array. */
function readVarints(bytes: Uint8Array, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    out[i] = value;
  }
  return out;
}

// ---- build ----

/**
 * Builds the shard of `documents` (passages already parsed, see parse.ts). A passage quoting a seed passage
 * verbatim adds nothing (the seeds already answer with it). Same inputs, same bytes.
 */
export async function buildDocumentShard(
  base: Pick<KnowledgeArtifact, "passages" | "sourceHash">,
  documents: readonly DocumentPassage[],
  options: ShardBuildOptions = {},
): Promise<DocumentShard> {
  const known = new Set(base.passages.map((p) => p.id));
  const passages: DocumentPassage[] = [];
  for (const passage of documents) {
    if (known.has(passage.id)) continue;
    known.add(passage.id);
    passages.push(passage);
  }
  const documentIndex = new Map<string, number>();
  const shardDocuments: ShardDocument[] = [];
  const titleIndex = new Map<string, number>();
  const titles: string[] = [];
  const passageDocument: number[] = [];
  const passageTitle: number[] = [];
  const passagePage: number[] = [];
  const textLengths = new VarintWriter();
  const fieldLengths = new VarintWriter();
  const lengthsByField: number[] = [];
  const texts: string[] = [];
  /** term -> per field: flat [ordinal, tf, ordinal, tf, ...] */
  const postings = new Map<string, number[][]>();
  const df = new Map<string, number>();

  passages.forEach((passage, ordinal) => {
    let d = documentIndex.get(passage.postId);
    if (d === undefined) {
      d = shardDocuments.length;
      documentIndex.set(passage.postId, d);
      const doc: ShardDocument = { postId: passage.postId, source: passage.source };
      if (passage.author) doc.author = passage.author;
      if (passage.date) doc.date = passage.date;
      if (passage.url) doc.url = passage.url;
      shardDocuments.push(doc);
    }
    let t = titleIndex.get(passage.title);
    if (t === undefined) {
      t = titles.length;
      titleIndex.set(passage.title, t);
      titles.push(passage.title);
    }
    passageDocument.push(d);
    passageTitle.push(t);
    passagePage.push(passage.page ?? 0);
    texts.push(passage.text);
    textLengths.write(passage.text.length);

    // The same tokens and concept annotation the seeds' MiniSearch index is built from (search-index.ts).
    const indexed = toIndexedDocument(passage);
    const fieldTokens = [
      contentStems(indexed.title),
      contentStems(indexed.text),
      indexed.concepts.split(" ").filter(Boolean),
    ];
    const seen = new Set<string>();
    fieldTokens.forEach((tokens, field) => {
      fieldLengths.write(tokens.length);
      lengthsByField.push(tokens.length);
      const tf = new Map<string, number>();
      for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
      for (const [term, count] of tf) {
        let lists = postings.get(term);
        if (!lists) {
          lists = FIELDS.map(() => []);
          postings.set(term, lists);
        }
        (lists[field] as number[]).push(ordinal, count);
        if (!seen.has(term)) {
          seen.add(term);
          df.set(term, (df.get(term) ?? 0) + 1);
        }
      }
    });
  });

  const average = FIELDS.map((_, f) => {
    let sum = 0;
    for (let i = f; i < lengthsByField.length; i += FIELDS.length) sum += lengthsByField[i] as number;
    return passages.length > 0 ? sum / passages.length : 1;
  });
  const { k, b } = DEFAULT_TUNING.bm25;
  const impact = (field: number, ordinal: number, tf: number) => {
    const length = lengthsByField[ordinal * FIELDS.length + field] as number;
    return tf / (tf + k * (1 - b + (b * length) / (average[field] as number)));
  };
  const terms = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const dfOut = new VarintWriter();
  const lengths = new VarintWriter();
  const out = new VarintWriter();
  for (const term of terms) {
    dfOut.write(df.get(term) ?? 0);
    const start = out.length;
    (postings.get(term) ?? []).forEach((list, field) => {
      let pairs = Array.from({ length: list.length / 2 }, (_, i) => [
        list[2 * i] as number,
        list[2 * i + 1] as number,
      ]);
      out.write(pairs.length);
      if (pairs.length > POSTINGS_CAP) {
        pairs = pairs
          .sort(
            ([oa, ta], [ob, tb]) =>
              impact(field, ob as number, tb as number) - impact(field, oa as number, ta as number) ||
              (oa as number) - (ob as number),
          )
          .slice(0, POSTINGS_CAP)
          .sort(([oa], [ob]) => (oa as number) - (ob as number));
      }
      out.write(pairs.length);
      let previous = 0;
      for (const [ordinal, tf] of pairs) {
        out.write((ordinal as number) - previous);
        out.write(tf as number);
        previous = ordinal as number;
      }
    });
    lengths.write(out.length - start);
  }
  const textBlocks: string[] = [];
  for (let i = 0; i < texts.length; i += TEXT_BLOCK) {
    const block = Buffer.from(texts.slice(i, i + TEXT_BLOCK).join(""), "utf8");
    textBlocks.push(deflateRawSync(block).toString("base64"));
  }

  const sourceHash = createHash("sha256")
    .update(`${SHARD_FORMAT}:${SHARD_VERSION}\n`)
    .update(
      passages
        .map(
          (p) =>
            `${p.id}\n${p.source}\n${p.title}\n${p.date ?? ""}\n${p.url ?? ""}\n${p.author ?? ""}\n${p.page ?? ""}`,
        )
        .join("\n"),
    )
    .digest("hex");
  const shard: DocumentShard = {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    baseSourceHash: base.sourceHash,
    sourceHash,
    documents: shardDocuments,
    titles,
    ids: passages.map((p) => p.id).join(" "),
    passageDocument,
    passageTitle,
    passagePage,
    textBlocks,
    textLengths: textLengths.base64(),
    terms: terms.join(" "),
    df: dfOut.base64(),
    postingLengths: lengths.base64(),
    postings: out.base64(),
    fieldLengths: fieldLengths.base64(),
  };
  // Vectors are keyed by passage id (a hash of its text): only passages new since the previous index are embedded.
  const embeddings = await completeEmbeddings(
    passages,
    options.embeddingModel ?? options.previous?.embeddings?.model,
    { known: [options.previous?.embeddings], ...(options.embed ? { embed: options.embed } : {}) },
  );
  if (embeddings) shard.embeddings = embeddings;
  return shard;
}

/**
 * The shard as written to S3 or disk: JSON in pure ASCII (the few non-ASCII characters, in titles and metadata,
 * as \u escapes), because decoding ASCII bytes to a string takes Node's fast path: a third of the time UTF-8
 * with a single em dash in it takes, measured on the 15 MB shard of 1,000 documents.
 */
export function serialiseShard(shard: DocumentShard): string {
  return `${JSON.stringify(shard).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}

// ---- load and rank ----

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

/** A stored shard that cannot be served (the reloading source logs it and keeps serving the previous index). */
export class ShardError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`The documents index is damaged: ${problem}.`, options);
    this.name = "ShardError";
  }
}

/** Arrays of numbers, checked for being arrays only: validating 70,000 numbers one by one would cost the cold start. */
const numbers = z.custom<number[]>((value) => Array.isArray(value), "an array of numbers");

/** The stored shape (the long strings' contents are checked as they are decoded). */
const shardSchema = z.object({
  format: z.literal(SHARD_FORMAT),
  version: z.literal(SHARD_VERSION),
  baseSourceHash: z.string(),
  sourceHash: z.string(),
  documents: z.array(
    z.object({
      postId: z.string(),
      source: z.string(),
      author: z.string().optional(),
      date: z.string().optional(),
      url: z.string().optional(),
    }),
  ),
  titles: z.array(z.string()),
  ids: z.string(),
  passageDocument: numbers,
  passageTitle: numbers,
  passagePage: numbers,
  textBlocks: z.array(z.string()),
  textLengths: z.string(),
  terms: z.string(),
  df: z.string(),
  postingLengths: z.string(),
  postings: z.string(),
  fieldLengths: z.string(),
  embeddings: z
    .object({ model: z.string(), dimensions: z.number(), vectors: z.record(z.string(), z.string()) })
    .optional(),
});

function checkShape(stored: unknown): DocumentShard {
  const parsed = shardSchema.safeParse(stored);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShardError(
      `${issue?.path.join(".") || "the index"}: ${issue?.message ?? "not a documents shard"}`,
    );
  }
  const shard = parsed.data as DocumentShard;
  const count = shard.passageDocument.length;
  if (
    shard.passageTitle.length !== count ||
    shard.passagePage.length !== count ||
    shard.textBlocks.length !== Math.ceil(count / TEXT_BLOCK) ||
    (count > 0 && shard.ids.split(" ", count + 1).length !== count)
  ) {
    throw new ShardError("its passage tables disagree on how many passages it holds");
  }
  return shard;
}

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
          // Documents have no card questions indexed with them, so every matched word is the passage's own.
          proseScore: blended,
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
