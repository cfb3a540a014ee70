/**
 * The peer-support ports (peer/ports.ts) on one DynamoDB table: the domain services (peer/services.ts) over
 * the DynamoDB repositories. Pass a document client (tests pass one for DynamoDB Local), or let the factory
 * make one with Pathfinder's retry and timeout policy.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { classifyText } from "../knowledge/classify.ts";
import type { Clock, PeerServices } from "../peer/ports.ts";
import { assertTtlDays, DEFAULT_REPORT_TTL_DAYS } from "../peer/retention.ts";
import { makePeerServices } from "../peer/services.ts";
import type { UkNation } from "../peer/uk-nations.ts";
import { hashUser } from "../peer/user-hash.ts";
import type { StoreContext } from "./context.ts";
import { createConversationReferences, createSubscriptions, createThreadMemory } from "./delivery-stores.ts";
import { createDocumentClient } from "./dynamo-client.ts";
import { createIdempotency } from "./idempotency.ts";
import { createDynamoRepositories } from "./repositories.ts";

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
  /** The clock (default: the system clock); tests pass a fixed one. */
  now?: Clock;
  /** Whose bank holidays are not working days (config `bankHolidays`); England and Wales by default. */
  bankHolidays?: UkNation;
}

/** Every peer-support port, backed by the DynamoDB table `tableName`. */
export function createPeerServices(options: PeerServicesOptions): PeerServices {
  if (!options.tableName) throw new TypeError("createPeerServices needs a tableName");
  if (!options.hashKey) throw new TypeError("createPeerServices needs a hashKey for user-id hashes");
  const reportTtlDays = assertTtlDays(options.reportTtlDays ?? DEFAULT_REPORT_TTL_DAYS);
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
    reportTtlDays,
  };
  // The composition root is where the system clock is read; everything below takes it from here.
  const now = options.now ?? (() => new Date());
  const clock = { now: () => now().getTime() };
  return makePeerServices({
    repositories: createDynamoRepositories(ctx),
    delivery: {
      subscriptions: createSubscriptions(ctx, clock),
      conversations: createConversationReferences(ctx, clock),
      threads: createThreadMemory(ctx, clock),
      idempotency: createIdempotency(ctx, clock),
    },
    hashKey: key,
    classify: classifyText,
    now,
    reportTtlDays,
    ...(options.bankHolidays ? { bankHolidays: options.bankHolidays } : {}),
  });
}
