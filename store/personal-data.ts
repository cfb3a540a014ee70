/**
 * Everything stored about one person, found through the owner index (gsi1 = USER#<hash>) and the
 * introductions-by-target index (gsi2 = TARGET#<hash>): a Query each, never a Scan.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import pRetry from "p-retry";
import type { FeedbackRecord, PersonalDataRepository, PersonalRecords } from "../peer/repositories.ts";
import { guard, type Item, isConditionFailure, queryAll, type StoreContext } from "./context.ts";
import { fromIntroductionItem } from "./introductions.ts";
import { keys } from "./keys.ts";
import { fromReportItem } from "./reports.ts";

/** DynamoDB's limit on requests per BatchWriteItem. */
const BATCH_SIZE = 25;

/** Thrown inside the retry loop while DynamoDB leaves deletes unprocessed (it does under load). */
class UnprocessedDeletes extends Error {
  constructor() {
    super("DynamoDB kept leaving deletes unprocessed; run erase again.");
    this.name = "UnprocessedDeletes";
  }
}

type Key = { pk: string; sk: string };

/** The DynamoDB personal data repository. */
export function createPersonalDataRepository(ctx: StoreContext): PersonalDataRepository {
  async function owned(userHash: string): Promise<{ owned: Item[]; asTarget: Item[] }> {
    const [ownedItems, asTarget] = await Promise.all([
      queryAll(ctx, "find your data", {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.owner(userHash) },
      }),
      queryAll(ctx, "find your data", {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.target(userHash) },
      }),
    ]);
    return { owned: ownedItems, asTarget };
  }

  /** Deletes a batch, retrying what DynamoDB leaves unprocessed with p-retry's backoff. */
  async function deleteBatch(batch: Key[]): Promise<void> {
    let requests = batch.map((Key) => ({ DeleteRequest: { Key } }));
    await pRetry(
      async () => {
        const out = await guard(ctx, "erase your data", () =>
          ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } })),
        );
        requests = (out.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests;
        if (requests.length > 0) throw new UnprocessedDeletes();
      },
      {
        retries: 8,
        minTimeout: 50,
        maxTimeout: 1_000,
        shouldRetry: ({ error }) => error instanceof UnprocessedDeletes,
      },
    );
  }

  const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });

  return {
    async find(userHash): Promise<PersonalRecords> {
      const { owned: items, asTarget } = await owned(userHash);
      const byType = (type: string) => items.filter((item) => item.type === type);
      const introductions = new Map(
        [...byType("introduction"), ...asTarget].map((item) => [String(item.id), fromIntroductionItem(item)]),
      );
      const known = new Set(["report", "introduction", "feedback", "subscription", "question", "card"]);
      return {
        reports: byType("report").map(fromReportItem),
        introductions: [...introductions.values()],
        feedback: byType("feedback").map(
          (item): FeedbackRecord => ({
            answerId: String(item.answerId),
            marker: String(item.sk).replace(/^FB#/, ""),
            helpful: Boolean(item.helpful),
            ...(item.reason ? { reason: String(item.reason) } : {}),
            createdAt: String(item.createdAt),
            week: String(item.week ?? ""),
            userHash,
            expiresAt: Number(item.expiresAt),
          }),
        ),
        subscriptionsMade: byType("subscription").map((item) => ({
          platform: String(item.platform),
          conversationId: String(item.conversationId),
          subscribedAt: String(item.subscribedAt),
        })),
        otherItems: items.filter((item) => !known.has(String(item.type))).length,
      };
    },

    async deleteOwned(userHash) {
      const { owned: items, asTarget } = await owned(userHash);
      // Subscriptions belong to the channel and community cards to everyone: both are anonymised, not deleted.
      const kept = new Set(["subscription", "card"]);
      const toDelete = [...items.filter((item) => !kept.has(String(item.type))), ...asTarget].map(keyOf);
      const unique = [...new Map(toDelete.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
      for (let i = 0; i < unique.length; i += BATCH_SIZE) await deleteBatch(unique.slice(i, i + BATCH_SIZE));
      return unique.length;
    },

    async anonymiseSubscriptions(userHash, rewrite) {
      const { owned: items } = await owned(userHash);
      const subscriptions = items.filter((item) => item.type === "subscription");
      for (const sub of subscriptions) {
        // The reference is JSON text (store/delivery-stores.ts); rewritten in the same update that drops the owner.
        const reference =
          rewrite && typeof sub.reference === "string"
            ? JSON.stringify(rewrite(JSON.parse(sub.reference)))
            : undefined;
        await guard(ctx, "anonymise your subscriptions", () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: keyOf(sub),
              UpdateExpression: `${reference ? "SET #r = :r " : ""}REMOVE byHash, gsi1pk, gsi1sk`,
              ...(reference
                ? {
                    ExpressionAttributeNames: { "#r": "reference" },
                    ExpressionAttributeValues: { ":r": reference },
                  }
                : {}),
            }),
          ),
        );
      }
      return subscriptions.length;
    },

    async replaceConversationReference(key, reference) {
      try {
        await guard(ctx, "update a conversation reference", () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: keys.conversation(key),
              UpdateExpression: "SET #r = :r",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeNames: { "#r": "reference" },
              ExpressionAttributeValues: { ":r": JSON.stringify(reference) },
            }),
          ),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async conversationReference(key) {
      const out = await guard(ctx, "read your conversation reference", () =>
        ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.conversation(key) })),
      );
      // Stored as JSON text by the conversation references store (store/delivery-stores.ts).
      return out.Item ? JSON.parse(String(out.Item.reference)) : undefined;
    },

    async deleteConversationReference(key) {
      const out = await guard(ctx, "remove your conversation reference", () =>
        ctx.doc.send(
          new DeleteCommand({
            TableName: ctx.tableName,
            Key: keys.conversation(key),
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      return out.Attributes !== undefined;
    },
  };
}
