/**
 * The knowledge index with documents: the documents' passages in their own shard (shard.ts), served beside the
 * built-in artifact (seeds and guide cards, as bundled), which is never re-indexed. The indexer
 * (functions/indexer.ts) builds this on Lambda; `npm start` and the CLI build it to .data/knowledge/index.json;
 * composite.ts asks both and answers from whichever covers the question better.
 */
import type { KnowledgeArtifact } from "../artifact.ts";
import type { DocumentPassage } from "./parse.ts";
import { buildDocumentShard, type ShardBuildOptions, serialiseShard } from "./shard-build.ts";
import type { DocumentShard } from "./shard-format.ts";

/** Options: cached vectors (the previous index) and, with an OpenAI key, a way to embed new passages. */
export type WithDocumentsOptions = ShardBuildOptions;

/**
 * The documents' shard, built beside `base`. Same inputs, same bytes. Embeddings: every passage's vector comes
 * from the previous index when it has one (passage ids are hashes of their text), and only new passages are
 * embedded.
 */
export function withDocuments(
  base: KnowledgeArtifact,
  documents: readonly DocumentPassage[],
  options: WithDocumentsOptions = {},
): Promise<DocumentShard> {
  return buildDocumentShard(base, documents, options);
}

/** The shard as stored (S3 or .data/), with the passage count served (seeds' and documents'). */
export async function serialiseWithDocuments(
  base: KnowledgeArtifact,
  documents: readonly DocumentPassage[],
  options: WithDocumentsOptions = {},
): Promise<{ json: string; passages: number; shard: DocumentShard }> {
  const shard = await withDocuments(base, documents, options);
  return {
    json: serialiseShard(shard),
    passages: base.passages.length + shard.passageDocument.length,
    shard,
  };
}
