/**
 * Builds the assembled application for a local run from the same parts the Lambdas use:
 * peer services on DynamoDB, the knowledge base from the committed artifact, the digest and core.
 */
import type { Pathfinder, PathfinderOptions } from "../app/types.ts";
import { createCore } from "../bots/core/create-core.ts";
import { createDigestService } from "../digest/digest-service.ts";
import { loadKnowledgeBase } from "../knowledge/index.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { ensureTable } from "../store/ensure-table.ts";
import { createPeerServices } from "../store/peer-services.ts";

/** Assembles Pathfinder (the local twin of app/pathfinder.ts's createPathfinder). */
export async function assemblePathfinder(options: PathfinderOptions): Promise<Pathfinder> {
  const { config, secrets } = options;
  const now = options.now ?? (() => new Date());
  const doc =
    options.doc ??
    createDocumentClient({
      region: config.region,
      ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
    });
  if (options.ensureTable) await ensureTable(doc, config.tableName);
  const peer = createPeerServices({
    doc,
    tableName: config.tableName,
    hashKey: secrets.hashKey,
    reportTtlDays: config.reportTtlDays,
  });
  const knowledge = loadKnowledgeBase(
    secrets.openaiApiKey
      ? {
          openai: {
            apiKey: secrets.openaiApiKey,
            model: config.openai.model,
            embeddingModel: config.openai.embeddingModel,
            deadlineMs: config.openai.deadlineMs,
            ...(config.openai.baseUrl ? { baseUrl: config.openai.baseUrl } : {}),
          },
        }
      : {},
  );
  const digest = createDigestService({ stats: peer.stats, now });
  const core = createCore({ knowledge, peer, digest, now });
  return { config, core, peer, knowledge, digest, doc };
}
