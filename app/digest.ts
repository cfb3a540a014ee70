/**
 * The weekly digest's share of the composition root: the stores it reads and the claims it writes, and nothing
 * that hashes a user id. The digest reads weekly counters and the subscription list and claims deliveries; it
 * never stores or looks up a person, so its function is not granted the hash-key secret (issue 13 item 10,
 * cdk/function-specs.ts) and does not load the knowledge base or the core either.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.ts";
import type { Subscriptions, WeeklyStats } from "../peer/ports.ts";
import { makeWeeklyStats } from "../peer/weekly-stats.ts";
import type { StoreContext } from "../store/context.ts";
import { createSubscriptions } from "../store/delivery-stores.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { createIdempotencyStore, type IdempotencyStore } from "../store/idempotency.ts";
import { createStatsRepository } from "../store/stats.ts";

/** What the weekly run reads and writes. */
export interface DigestStores {
  stats: WeeklyStats;
  subscriptions: Subscriptions;
  idempotency: IdempotencyStore;
}

/** The digest's stores on the configured table (`doc` for tests and local runs). */
export function createDigestStores(
  config: Pick<Config, "tableName" | "region" | "dynamodbEndpoint" | "reportTtlDays">,
  doc: DynamoDBDocumentClient = createDocumentClient({
    region: config.region,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  }),
): DigestStores {
  const ctx: StoreContext = {
    doc,
    tableName: config.tableName,
    // Only `subscribe` hashes (who subscribed), and the digest only lists: a call here is a bug, loudly.
    hashUser: () => {
      throw new TypeError("The weekly digest does not hash user ids (it has no hash key)");
    },
    reportTtlDays: config.reportTtlDays,
  };
  return {
    stats: makeWeeklyStats({ stats: createStatsRepository(ctx) }),
    subscriptions: createSubscriptions(ctx),
    idempotency: createIdempotencyStore({ doc, tableName: config.tableName }),
  };
}
