/**
 * The composition root: builds the knowledge base, the DynamoDB-backed peer services, the digest and
 * the bot once, for every entry point (Lambda handlers, `npm start`, the CLI, tests).
 */
import { createCore } from "../bots/core/create-core.ts";
import { createDigestService } from "../digest/digest-service.ts";
import { loadKnowledgeBase } from "../knowledge/index.ts";
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
  const peer = createPeerServices({
    doc,
    tableName: config.tableName,
    hashKey: secrets.hashKey,
    reportTtlDays: config.reportTtlDays,
  });
  const digest = createDigestService({ stats: peer.stats, now });
  const core = createCore({ knowledge, peer, digest, now });
  return { config, core, peer, knowledge, digest, doc };
}
