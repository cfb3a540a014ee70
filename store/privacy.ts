/**
 * Export and erasure of everything Pathfinder holds about a person. Personal items all carry the owner
 * index (gsi1 = USER#<hash>), so both are a Query, not a Scan. Anonymous weekly counters stay.
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { isAmbassadorUser } from "../peer/match-ambassadors.ts";
import type { Ambassador, PersonalDataExport, Privacy, UserRef } from "../peer/ports.ts";
import { toAmbassador } from "./ambassador-directory.ts";
import { guard, type Item, queryAll, type StoreContext } from "./context.ts";
import { toIntroduction } from "./introductions.ts";
import { keys } from "./keys.ts";
import { toReport } from "./obstacle-log.ts";

/** What export returns: the port's shape plus the Teams conversation reference keyed by this person, if any. */
export interface FullPersonalDataExport extends PersonalDataExport {
  conversationReference?: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ownedItems(ctx: StoreContext, user: UserRef): Promise<{ owned: Item[]; asTarget: Item[] }> {
  const hash = ctx.hashUser(user);
  const [owned, asTarget] = await Promise.all([
    queryAll(ctx, "find your data", {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.owner(hash) },
    }),
    queryAll(ctx, "find your data", {
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.target(hash) },
    }),
  ]);
  return { owned, asTarget };
}

async function ambassadorProfiles(ctx: StoreContext, user: UserRef): Promise<Ambassador[]> {
  // The directory is one small partition; filtering it in memory is the same Query the directory lists with.
  const items = await queryAll(ctx, "find your ambassador profile", {
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": keys.ambassadorPartition },
  });
  return items.map(toAmbassador).filter((a) => isAmbassadorUser(a, user));
}

async function deleteKeys(ctx: StoreContext, itemKeys: { pk: string; sk: string }[]): Promise<void> {
  for (let i = 0; i < itemKeys.length; i += 25) {
    let requests = itemKeys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error("DynamoDB kept leaving deletes unprocessed; run erase again.");
      const out = await guard(ctx, "erase your data", () =>
        ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.tableName]: requests } })),
      );
      requests = (out.UnprocessedItems?.[ctx.tableName] ?? []) as typeof requests;
      if (requests.length > 0) await sleep(Math.min(1_000, 50 * 2 ** attempt));
    }
  }
}

/** The DynamoDB privacy service. */
export function createPrivacy(ctx: StoreContext): Privacy {
  return {
    async export(user): Promise<FullPersonalDataExport> {
      const { owned, asTarget } = await ownedItems(ctx, user);
      const byType = (type: string) => owned.filter((item) => item.type === type);
      const introductions = new Map(
        [...byType("introduction"), ...asTarget].map((item) => [String(item.id), toIntroduction(item)]),
      );
      const reference = await guard(ctx, "read your conversation reference", () =>
        ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: keys.conversation(user.userId) })),
      );
      return {
        user,
        exportedAt: new Date().toISOString(),
        reports: byType("report").map(toReport),
        introductions: [...introductions.values()],
        feedback: byType("feedback").map((item) => ({
          answerId: String(item.answerId),
          helpful: Boolean(item.helpful),
          ...(item.reason ? { reason: String(item.reason) } : {}),
          createdAt: String(item.createdAt),
        })),
        ambassadorProfiles: await ambassadorProfiles(ctx, user),
        subscriptionsMade: byType("subscription").map((item) => ({
          platform: String(item.platform),
          conversationId: String(item.conversationId),
          subscribedAt: String(item.subscribedAt),
        })),
        ...(reference.Item && user.platform === "teams"
          ? { conversationReference: JSON.parse(String(reference.Item.reference)) }
          : {}),
      };
    },

    async erase(user) {
      const { owned, asTarget } = await ownedItems(ctx, user);
      const key = (item: Item) => ({ pk: String(item.pk), sk: String(item.sk) });
      // A channel's digest subscription is the channel's, not the person's: keep it, drop who made it.
      const subscriptions = owned.filter((item) => item.type === "subscription");
      for (const sub of subscriptions) {
        await guard(ctx, "anonymise your subscriptions", () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: key(sub),
              UpdateExpression: "REMOVE byHash, gsi1pk, gsi1sk",
            }),
          ),
        );
      }
      const toDelete = [...owned.filter((item) => item.type !== "subscription"), ...asTarget].map(key);
      const unique = [...new Map(toDelete.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
      await deleteKeys(ctx, unique);
      let deleted = unique.length + subscriptions.length;
      for (const profile of await ambassadorProfiles(ctx, user)) {
        await guard(ctx, "remove your ambassador profile", () =>
          ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.ambassador(profile.id) })),
        );
        deleted++;
      }
      if (user.platform === "teams") {
        const out = await guard(ctx, "remove your conversation reference", () =>
          ctx.doc.send(
            new DeleteCommand({
              TableName: ctx.tableName,
              Key: keys.conversation(user.userId),
              ReturnValues: "ALL_OLD",
            }),
          ),
        );
        if (out.Attributes) deleted++;
      }
      return { deleted };
    },
  };
}
