/**
 * Lambda entry: the documents bucket's indexer, run by EventBridge when an object under documents/ is created
 * or deleted (cdk/constructs/documents.ts). Thin: it names what changed, runs the rebuild
 * (knowledge/documents/s3-indexer.ts) and logs the outcome. A refused document is one error line
 * ("document rejected", with the reason) that a metric filter turns into an alarm; the other documents are
 * still indexed. A failed rebuild throws, publishing nothing (the errors alarm; EventBridge retries it).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { getSecrets } from "../config/secrets.ts";
import artifactData from "../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../knowledge/artifact.ts";
import { type BuildIndex, type PublishResult, publishIndex } from "../knowledge/documents/s3-indexer.ts";
import { serialiseWithDocuments, type WithDocumentsOptions } from "../knowledge/documents/with-documents.ts";
import { embedTexts, makeOpenAiClient } from "../knowledge/embeddings.ts";

/** The line each refused document is logged with (the metric filter in cdk/constructs/documents.ts matches it). */
export const REJECTED_DOCUMENT_MESSAGE = "document rejected";

/** The S3 "Object Created" / "Object Deleted" event as EventBridge delivers it (only what is logged). */
const s3EventSchema = z.object({
  "detail-type": z.string(),
  detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});

/** What the handler needs (tests pass a client aimed at a fake S3 and a small build). */
export interface IndexerDeps {
  s3: S3Client;
  bucket: string;
  build: BuildIndex;
  logger?: Pick<Logger, "info" | "error">;
}

/** Makes the handler: rebuilds, logs each refused document, returns what it published. */
export function makeIndexerHandler(deps: IndexerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: "indexer" });
  return async (event: unknown): Promise<Omit<PublishResult, "rejected"> & { rejected: number }> => {
    const parsed = s3EventSchema.safeParse(event);
    const trigger = parsed.success
      ? { change: parsed.data["detail-type"], document: parsed.data.detail.object.key }
      : { change: "manual run" };
    const result = await publishIndex({ s3: deps.s3, bucket: deps.bucket, build: deps.build });
    for (const refused of result.rejected) {
      logger.error(REJECTED_DOCUMENT_MESSAGE, {
        key: refused.key,
        reason: refused.reason,
        detail: refused.message,
      });
    }
    const { rejected, ...summary } = result;
    logger.info(result.published ? "knowledge index published" : "knowledge index unchanged", {
      ...trigger,
      version: summary.version,
      index: summary.key,
      documents: summary.documents,
      passages: summary.passages,
      rejected: rejected.length,
    });
    return { ...summary, rejected: rejected.length };
  };
}

/**
 * The production build: the documents' shard, built beside the bundled artifact (seeds + guide, which the bots
 * bundle too and is not re-indexed), embedding new passages with a key.
 */
async function productionBuild(config: Config): Promise<BuildIndex> {
  const secrets = await getSecrets(config);
  // The JSON's inferred literal type does not spell out MiniSearch's index shape; build-index.ts wrote it.
  const base = artifactData as unknown as KnowledgeArtifact;
  return async (documents, previous) => {
    const options: WithDocumentsOptions = {};
    // The previous shard (or, once, a whole artifact from before shards): only its cached vectors are read.
    if (previous && typeof previous === "object")
      options.previous = previous as WithDocumentsOptions["previous"];
    if (secrets.openaiApiKey) {
      const settings = { ...config.openai, apiKey: secrets.openaiApiKey, deadlineMs: 60_000 };
      const client = await makeOpenAiClient(settings);
      options.embeddingModel = settings.embeddingModel;
      options.embed = (texts) => embedTexts(client, settings.embeddingModel, texts);
    }
    const { json, passages } = await serialiseWithDocuments(base, documents, options);
    return { json, passages };
  };
}

let cold: Promise<ReturnType<typeof makeIndexerHandler>> | undefined;

async function assemble(config: Config): Promise<ReturnType<typeof makeIndexerHandler>> {
  if (!config.knowledge.bucket) throw new ConfigError("KNOWLEDGE_BUCKET is required for the indexer");
  return makeIndexerHandler({
    s3: new S3Client({ region: config.region }),
    bucket: config.knowledge.bucket,
    build: await productionBuild(config),
  });
}

/** The Lambda handler. */
export async function handler(event: unknown, _context: unknown) {
  cold ??= assemble(loadConfig()).catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event);
}
