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
  completeEmbeddings,
  type KnowledgeArtifact,
  serialiseArtifact,
} from "../artifact.ts";
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
    // Seed passages keep the guide cards' questions as the bundled index has them (search-index.ts, `asked`).
    index: buildSearchIndex(passages, base.cards ?? []).toJSON(),
    df: documentFrequencies(passages),
    vocabulary: buildVocabulary(passages),
  };
  const embeddings = await completeEmbeddings(
    passages,
    options.embeddingModel ?? baseEmbeddings?.model ?? options.previous?.embeddings?.model,
    {
      known: [options.previous?.embeddings, baseEmbeddings],
      ...(options.embed ? { embed: options.embed } : {}),
    },
  );
  if (embeddings) artifact.embeddings = embeddings;
  return artifact;
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
