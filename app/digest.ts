/**
 * The weekly digest's share of the composition root: the stores it reads and the claims it writes, and nothing
 * that hashes a user id. The digest reads weekly counters and the subscription list and claims deliveries; it
 * never stores or looks up a person, so its function is not granted the hash-key secret (issue 13 item 10,
 * cdk/function-specs.ts) and does not load the knowledge base or the core either.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Config } from "../config/config.ts";
import type { NetworkDigestSource } from "../digest/network.ts";
import { makeCommunityCards } from "../peer/community-cards.ts";
import { makeNetwork } from "../peer/network.ts";
import type { Subscriptions, WeeklyStats } from "../peer/ports.ts";
import { makeWeeklyStats } from "../peer/weekly-stats.ts";
import { createAmbassadorRepository } from "../store/ambassadors.ts";
import type { StoreContext } from "../store/context.ts";
import { createSubscriptions } from "../store/delivery-stores.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { createIdempotencyStore, type IdempotencyStore } from "../store/idempotency.ts";
import { createNetworkRepositories } from "../store/network.ts";
import { createStatsRepository } from "../store/stats.ts";

/** What the weekly run reads and writes. */
export interface DigestStores {
  stats: WeeklyStats;
  subscriptions: Subscriptions;
  idempotency: IdempotencyStore;
  /** Read-only: the week's answered questions, waiting ones and saved cards (issue 15's digest section). */
  network: NetworkDigestSource;
}

/** The digest's stores on the configured table (`doc` for tests and local runs). */
export function createDigestStores(
  config: Pick<Config, "tableName" | "region" | "dynamodbEndpoint" | "reportTtlDays"> &
    Partial<Pick<Config, "bankHolidays">>,
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
  const { questions, cards } = createNetworkRepositories(ctx);
  const now = () => new Date();
  // The digest only reads the network's figures: nothing here classifies or hashes.
  const classify = () => {
    throw new TypeError("The weekly digest does not classify text");
  };
  return {
    network: {
      network: makeNetwork({
        questions,
        hashUser: ctx.hashUser,
        classify,
        now,
        reportTtlDays: config.reportTtlDays,
        ...(config.bankHolidays ? { bankHolidays: config.bankHolidays } : {}),
      }),
      community: makeCommunityCards({
        cards,
        ambassadors: createAmbassadorRepository(ctx),
        hashUser: ctx.hashUser,
        classify,
        now,
      }),
    },
    stats: makeWeeklyStats({ stats: createStatsRepository(ctx) }),
    subscriptions: createSubscriptions(ctx),
    idempotency: createIdempotencyStore({ doc, tableName: config.tableName }),
  };
}
