/**
 * The peer-support ports (peer/ports.ts) on one DynamoDB table. Pass a document client (tests pass one for
 * DynamoDB Local), or let the factory make one with Pathfinder's retry and timeout policy.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { PeerServices } from "../peer/ports.ts";
import { hashUser } from "../peer/user-hash.ts";
import { createAmbassadorDirectory } from "./ambassador-directory.ts";
import type { StoreContext } from "./context.ts";
import { createConversationReferences, createSubscriptions, createThreadMemory } from "./delivery-stores.ts";
import { createDocumentClient } from "./dynamo-client.ts";
import { createFeedbackLog, createQuestionSignals } from "./feedback-and-signals.ts";
import { createIdempotency } from "./idempotency.ts";
import { createIntroductions } from "./introductions.ts";
import { createObstacleLog } from "./obstacle-log.ts";
import { createPeers } from "./peers.ts";
import { createPrivacy } from "./privacy.ts";
import { createWeeklyStats } from "./weekly-stats.ts";

/** Options for createPeerServices. */
export interface PeerServicesOptions {
  /** A document client to use; made from endpoint/region when omitted. */
  doc?: DynamoDBDocumentClient;
  tableName: string;
  /** The HMAC key for user-id hashes (Secrets.hashKey). */
  hashKey: string;
  /** Raw reports and other personal records expire after this many days (default 395, about 13 months). */
  reportTtlDays?: number;
  endpoint?: string;
  region?: string;
}

/** Every peer-support port, backed by the DynamoDB table `tableName`. */
export function createPeerServices(options: PeerServicesOptions): PeerServices {
  if (!options.tableName) throw new TypeError("createPeerServices needs a tableName");
  if (!options.hashKey) throw new TypeError("createPeerServices needs a hashKey for user-id hashes");
  const ttlDays = options.reportTtlDays ?? 395;
  if (!Number.isFinite(ttlDays) || ttlDays <= 0)
    throw new TypeError("reportTtlDays must be a positive number");
  const doc =
    options.doc ??
    createDocumentClient({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  const key = options.hashKey;
  const ctx: StoreContext = {
    doc,
    tableName: options.tableName,
    hashUser: (user) => hashUser(key, user),
    reportTtlDays: ttlDays,
  };
  return {
    obstacles: createObstacleLog(ctx),
    ambassadors: createAmbassadorDirectory(ctx),
    peers: createPeers(ctx),
    introductions: createIntroductions(ctx),
    feedback: createFeedbackLog(ctx),
    signals: createQuestionSignals(ctx),
    subscriptions: createSubscriptions(ctx),
    conversations: createConversationReferences(ctx),
    threads: createThreadMemory(ctx),
    privacy: createPrivacy(ctx),
    idempotency: createIdempotency(ctx),
    stats: createWeeklyStats(ctx),
  };
}
