/**
 * The knowledge index with documents: the built-in artifact (seeds and guide cards, as bundled) plus the
 * passages of the documents an admin added, re-indexed together so one search ranks them side by side. The
 * indexer (functions/indexer.ts) builds this on Lambda, where there is no seeds/ folder but the bundled
 * artifact already holds the seeds' passages; `npm start` and the CLI build it to .data/knowledge/index.json.
 */
import { createHash } from "node:crypto";
import {
  type BuildOptions,
  buildVocabulary,
  embeddingInput,
  type KnowledgeArtifact,
  serialiseArtifact,
} from "../artifact.ts";
import { quantiseVector } from "../embeddings.ts";
import { buildSearchIndex, documentFrequencies } from "../search-index.ts";
import type { DocumentPassage } from "./parse.ts";

/** Options: cached vectors (the previous index) and, with an OpenAI key, a way to embed new passages. */
export type WithDocumentsOptions = Omit<BuildOptions, "loadCards">;

/**
 * The base artifact with the documents' passages added after its own. Same inputs, same bytes. With no
 * documents it is the base itself. Embeddings: every passage's vector comes from the base or the previous
 * index when it has one (passage ids are hashes of their text), and only new passages are embedded.
 */
export async function withDocuments(
  base: KnowledgeArtifact,
  documents: readonly DocumentPassage[],
  options: WithDocumentsOptions = {},
): Promise<KnowledgeArtifact> {
  if (documents.length === 0) return base;
  const known = new Set(base.passages.map((p) => p.id));
  const added = documents.filter((p) => !known.has(p.id)); // a document quoting a seed verbatim adds nothing
  const passages = [...base.passages, ...added];
  const sourceHash = createHash("sha256")
    .update(`${base.sourceHash}\n`)
    .update(added.map((p) => `${p.id}\n${p.source}\n${p.title}\n${p.date ?? ""}\n${p.url ?? ""}`).join("\n"))
    .digest("hex");
  const { embeddings: baseEmbeddings, ...rest } = base;
  const artifact: KnowledgeArtifact = {
    ...rest,
    sourceHash,
    passages,
    index: buildSearchIndex(passages).toJSON(),
    df: documentFrequencies(passages),
    vocabulary: buildVocabulary(passages),
  };
  const embeddings = await collectVectors(passages, baseEmbeddings, options);
  if (embeddings) artifact.embeddings = embeddings;
  return artifact;
}

async function collectVectors(
  passages: readonly DocumentPassage[],
  base: KnowledgeArtifact["embeddings"],
  options: WithDocumentsOptions,
): Promise<KnowledgeArtifact["embeddings"]> {
  const model = options.embeddingModel ?? base?.model ?? options.previous?.embeddings?.model;
  if (!model) return undefined;
  const cached: Record<string, string> = {
    ...(options.previous?.embeddings?.model === model ? options.previous.embeddings.vectors : {}),
    ...(base?.model === model ? base.vectors : {}),
  };
  let dimensions = base?.model === model ? base.dimensions : (options.previous?.embeddings?.dimensions ?? 0);
  const missing = passages.filter((p) => cached[p.id] === undefined);
  if (missing.length > 0) {
    // Without a key the cache cannot be completed; a partial set would rank unevenly, so drop it.
    if (!options.embed) return undefined;
    const vectors = await options.embed(missing.map(embeddingInput));
    missing.forEach((passage, i) => {
      const vector = vectors[i];
      if (!vector) throw new Error(`no embedding returned for passage ${passage.id}`);
      dimensions = vector.length;
      cached[passage.id] = quantiseVector(vector);
    });
  }
  const vectors: Record<string, string> = {};
  for (const passage of passages) vectors[passage.id] = cached[passage.id] as string;
  return { model, dimensions, vectors };
}

/** The index as stored (S3 or .data/), with its passage count. */
export async function serialiseWithDocuments(
  base: KnowledgeArtifact,
  documents: readonly DocumentPassage[],
  options: WithDocumentsOptions = {},
): Promise<{ json: string; passages: number; artifact: KnowledgeArtifact }> {
  const artifact = await withDocuments(base, documents, options);
  return { json: serialiseArtifact(artifact), passages: artifact.passages.length, artifact };
}
