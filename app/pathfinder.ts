/**
 * The composition root: builds the knowledge base, the DynamoDB-backed peer services, the digest and
 * the bot once, for every entry point (Lambda handlers, `npm start`, the CLI, tests).
 */
import { createCore } from "../bots/core/create-core.ts";
import type { Config } from "../config/config.ts";
import { requireHashKey, type Secrets } from "../config/secrets.ts";
import { createDigestService } from "../digest/digest-service.ts";
import { withCommunityCards } from "../knowledge/community.ts";
import { type KnowledgeBase, type KnowledgeBaseOptions, loadKnowledgeBase } from "../knowledge/index.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { ensureTable } from "../store/ensure-table.ts";
import { createPeerServices } from "../store/peer-services.ts";
import type { Pathfinder, PathfinderOptions } from "./types.ts";

export type { Pathfinder, PathfinderOptions } from "./types.ts";

/** Assembles Pathfinder. No network call happens here unless `ensureTable` is asked for. */
export async function createPathfinder(options: PathfinderOptions): Promise<Pathfinder> {
  const { config, secrets } = options;
  const doc =
    options.doc ??
    createDocumentClient({
      region: config.region,
      ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
    });
  if (options.ensureTable) await ensureTable(doc, config.tableName);
  const now = options.now ?? (() => new Date());
  const peer = createPeerServices({
    doc,
    tableName: config.tableName,
    hashKey: requireHashKey(secrets),
    reportTtlDays: config.reportTtlDays,
    bankHolidays: config.bankHolidays,
  });
  // Approved community cards answer too (issue 15): read every 60 s per container, at once after a local change.
  const knowledge = withCommunityCards(options.knowledge ?? (await defaultKnowledge(config, secrets)), {
    cards: peer.community,
  });
  const digest = createDigestService({ stats: peer.stats, now, options: { network: peer } });
  const core = createCore({ knowledge, peer, digest, now });
  return { config, core, peer, knowledge, digest, doc };
}

/** How the knowledge base uses OpenAI: only when a key is configured (answers never depend on it). */
export function knowledgeOptions(config: Config, secrets: Secrets): KnowledgeBaseOptions {
  if (!secrets.openaiApiKey) return {};
  return {
    openai: {
      apiKey: secrets.openaiApiKey,
      model: config.openai.model,
      embeddingModel: config.openai.embeddingModel,
      deadlineMs: config.openai.deadlineMs,
      ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
    },
  };
}

/**
 * On AWS (KNOWLEDGE_BUCKET set): the index the documents bucket's pointer names, loaded now (cold start) and
 * followed in the background; the bundled artifact when nothing was indexed yet. Elsewhere: the bundled one.
 * The S3 client is imported only then, so local runs and tests never load it.
 */
async function defaultKnowledge(config: Config, secrets: Secrets): Promise<KnowledgeBase> {
  const kbOptions = knowledgeOptions(config, secrets);
  const bucket = config.knowledge.bucket;
  if (!bucket) return loadKnowledgeBase(kbOptions);
  const [{ S3Client }, { createReloadingKnowledgeBase }, { knowledgeBaseFromIndex }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("../knowledge/index-source.ts"),
    import("../knowledge/documents/composite.ts"),
  ]);
  return createReloadingKnowledgeBase({
    s3: new S3Client({ region: config.region }),
    bucket,
    fallback: () => loadKnowledgeBase(kbOptions),
    // A documents shard beside the bundled seeds + guide (or a whole artifact written before shards).
    load: (index) => knowledgeBaseFromIndex(index, kbOptions),
  });
}
