/**
 * Building the documents shard (shard-format.ts) from parsed passages: per-field BM25 postings with the seeds'
 * tokenisation, the very common terms capped at their highest-impact postings, text in deflated blocks, and
 * vectors reused by passage hash when an OpenAI key is set. Same inputs, same bytes.
 */
import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { completeEmbeddings, type KnowledgeArtifact } from "../artifact.ts";
import type { StoredEmbeddings } from "../embeddings.ts";
import { toIndexedDocument } from "../search-index.ts";
import { contentStems } from "../text.ts";
import { DEFAULT_TUNING } from "../tuning.ts";
import type { DocumentPassage } from "./parse.ts";
import {
  type DocumentShard,
  FIELDS,
  POSTINGS_CAP,
  SHARD_FORMAT,
  SHARD_VERSION,
  type ShardDocument,
  TEXT_BLOCK,
  VarintWriter,
} from "./shard-format.ts";

/** Options for building a shard: cached vectors from the previous index and, with a key, a way to embed. */
export interface ShardBuildOptions {
  previous?: { embeddings?: StoredEmbeddings | undefined } | undefined;
  embeddingModel?: string;
  embed?: (texts: string[]) => Promise<number[][]>;
}

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
