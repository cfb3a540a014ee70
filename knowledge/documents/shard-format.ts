/**
 * The documents shard's stored format (issue 14, "Scale"): what `shard-build.ts` writes and `shard.ts` opens.
 * One shard is one JSON object of a few long strings (varint-coded postings, deflated blocks of passage text)
 * rather than one object per passage; see shard.ts for why it is hand-written. Also the varint coding both sides
 * use, and the shape check a stored shard must pass before it is served.
 */
import * as z from "zod";
import type { StoredEmbeddings } from "../embeddings.ts";

/** The shard's format marker; bump the version when the encoding changes. */
export const SHARD_FORMAT = "pathfinder-documents-shard";
export const SHARD_VERSION = 1;

/**
 * Passages per deflated text block. Measured on the 1,000-document shard: blocks of 8 inflate in ~26 µs (16: ~48 µs;
 * 4: ~25 µs, the per-call floor) for 0.7 MB more shard than 16 (4: 1.4 MB more).
 */
export const TEXT_BLOCK = 8;

/**
 * At most this many postings are stored per term and field, the highest-impact ones (BM25 term weight in the
 * passage). Only terms in more than ~9% of 23,000 passages reach it; their idf is low, so what is dropped are
 * small contributions to passages that rarer query words decide anyway.
 */
export const POSTINGS_CAP = 2048;

/** Indexed fields, in posting order (the seeds' `asked` field has no counterpart: no card quotes a document). */
export const FIELDS = ["title", "text", "concepts"] as const;

/** One document's metadata, shared by all its passages. */
export interface ShardDocument {
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

/** Whether a parsed JSON value is a documents shard (and not, say, a whole artifact from before shards). */
export function isDocumentShard(value: unknown): value is DocumentShard {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === SHARD_FORMAT &&
    (value as { version?: unknown }).version === SHARD_VERSION
  );
}

export class VarintWriter {
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

export function decodeBase64(text: string): Uint8Array {
  const buffer = Buffer.from(text, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** One varint at `at` (any length): its value and the offset after it. */
export function slowVarint(bytes: Uint8Array, at: number): [number, number] {
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
export function readVarints(bytes: Uint8Array, count: number): Uint32Array {
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

/** The stored shard, checked for shape and for tables that agree, or ShardError. */
export function checkShape(stored: unknown): DocumentShard {
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
