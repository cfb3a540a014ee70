/**
 * Where the bots deliver: digest subscriptions (one partition, listed with a Query), Teams conversation
 * references, and short-lived thread memory.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { referenceWithoutUser, storableReference } from "../peer/conversation-reference.ts";
import { THREAD_TTL_SECONDS } from "../peer/limits.ts";
import type { ConversationReferences, Subscription, Subscriptions, ThreadMemory } from "../peer/ports.ts";
import { scrubText } from "../peer/scrub.ts";
import { expiresAfterDays, guard, queryAll, type StoreContext } from "./context.ts";
import { keys } from "./keys.ts";

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === "ConditionalCheckFailedException";
}

// References are stored as JSON text: they come from SDK objects whose shapes we do not own, and a
// string round-trips exactly (no class instances, no undefined members).
function encode(reference: unknown): string | undefined {
  return reference === undefined ? undefined : JSON.stringify(reference);
}

function decode(text: unknown): unknown {
  return typeof text === "string" ? JSON.parse(text) : undefined;
}

function assertId(value: string, what: string): void {
  if (!value || value.length > 1_000) throw new TypeError(`${what} must be 1-1000 characters`);
}

/** The DynamoDB digest subscriptions. */
export function createSubscriptions(ctx: StoreContext): Subscriptions {
  return {
    async subscribe(input) {
      assertId(input.conversationId, "A conversation id");
      const now = input.now ?? new Date();
      const kind = input.kind ?? "digest";
      const byHash = ctx.hashUser(input.by);
      // The subscription's copy is the channel's: nobody's user part (issue 13 item 1).
      const reference = encode(
        input.reference === undefined ? undefined : referenceWithoutUser(input.reference),
      );
      try {
        await guard(ctx, "save the subscription", () =>
          ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: {
                ...keys.subscription(input.platform, input.conversationId, kind),
                type: "subscription",
                ...(kind === "digest" ? {} : { kind }),
                platform: input.platform,
                conversationId: input.conversationId,
                ...(reference ? { reference } : {}),
                subscribedAt: now.toISOString(),
                byHash,
                gsi1pk: keys.owner(byHash),
                gsi1sk: `SUB#${kind === "digest" ? "" : `${kind}#`}${input.platform}#${input.conversationId}`,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
        return { created: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Already subscribed: keep the original, but refresh a Teams reference (service URLs change).
        if (reference) {
          await guard(ctx, "refresh the subscription", () =>
            ctx.doc.send(
              new UpdateCommand({
                TableName: ctx.tableName,
                Key: keys.subscription(input.platform, input.conversationId, kind),
                UpdateExpression: "SET #r = :r",
                ExpressionAttributeNames: { "#r": "reference" },
                ExpressionAttributeValues: { ":r": reference },
              }),
            ),
          );
        }
        return { created: false };
      }
    },
    async unsubscribe(platform, conversationId, kind = "digest") {
      const out = await guard(ctx, "remove the subscription", () =>
        ctx.doc.send(
          new DeleteCommand({
            TableName: ctx.tableName,
            Key: keys.subscription(platform, conversationId, kind),
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      return { removed: out.Attributes !== undefined };
    },
    async list(kind = "digest") {
      const items = await queryAll(ctx, "list subscriptions", {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.subscriptionPartition },
      });
      // Items without a kind predate kinds: digest subscriptions. One small partition, filtered here.
      return items
        .filter((item) => (item.kind ?? "digest") === kind)
        .map(
          (item): Subscription => ({
            platform: item.platform as Subscription["platform"],
            ...(kind === "digest" ? {} : { kind }),
            conversationId: String(item.conversationId),
            ...(item.reference ? { reference: decode(item.reference) } : {}),
            subscribedAt: String(item.subscribedAt),
          }),
        );
    },
  };
}

/** The DynamoDB store of Teams conversation references. */
export function createConversationReferences(ctx: StoreContext): ConversationReferences {
  return {
    async save(key, reference, now = new Date()) {
      assertId(key, "A conversation key");
      await guard(ctx, "save the conversation reference", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.conversation(key),
              type: "conversation",
              key,
              reference: encode(reference === undefined ? undefined : storableReference(reference)) ?? "null",
              savedAt: now.toISOString(),
              // Refreshed on every save; an unused reference ages out with the personal records.
              expiresAt: expiresAfterDays(now, ctx.reportTtlDays),
            },
          }),
        ),
      );
    },
    async get(key) {
      const out = await guard(ctx, "read the conversation reference", () =>
        ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.conversation(key) })),
      );
      return out.Item ? decode(out.Item.reference) : undefined;
    },
  };
}

/** The DynamoDB thread memory (a day's TTL, checked on read because the TTL sweeper is lazy). */
export function createThreadMemory(ctx: StoreContext): ThreadMemory {
  return {
    async get(threadKey) {
      const out = await guard(ctx, "read the thread's context", () =>
        ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.thread(threadKey) })),
      );
      const item = out.Item;
      if (!item || Number(item.expiresAt) * 1000 <= Date.now()) return undefined;
      return { question: String(item.question), topics: (item.topics as string[]) ?? [] };
    },
    async put(threadKey, value, now = new Date()) {
      assertId(threadKey, "A thread key");
      await guard(ctx, "remember the thread's context", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.thread(threadKey),
              type: "thread",
              question: scrubText(value.question).slice(0, 2_000),
              topics: value.topics,
              expiresAt: Math.floor(now.getTime() / 1000) + THREAD_TTL_SECONDS,
            },
          }),
        ),
      );
    },
  };
}
