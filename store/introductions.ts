/**
 * Introductions on DynamoDB: created with a conditional put (once per id), found by asker (gsi1) and by
 * target (gsi2), moved through their lifecycle with conditional updates so each transition counts once.
 */
import type { IntroductionRepository, StoredIntroduction } from "../peer/repositories.ts";
import {
  getItem,
  type Item,
  queryAll,
  type StoreContext,
  type TransactItem,
  transactWrite,
  withoutBookkeeping,
} from "./context.ts";
import { keys } from "./keys.ts";
import { counterUpdates } from "./stats.ts";

/** The record of an introduction item. */
export function fromIntroductionItem(item: Item): StoredIntroduction {
  return withoutBookkeeping<StoredIntroduction>(item);
}

/** The DynamoDB introduction repository. */
export function createIntroductionRepository(ctx: StoreContext): IntroductionRepository {
  async function list(index: "gsi1" | "gsi2", pk: string, limit: number): Promise<StoredIntroduction[]> {
    const items = await queryAll(
      ctx,
      "list your introductions",
      {
        IndexName: index,
        KeyConditionExpression:
          index === "gsi1"
            ? "gsi1pk = :pk AND begins_with(gsi1sk, :p)"
            : "gsi2pk = :pk AND begins_with(gsi2sk, :p)",
        ExpressionAttributeValues: { ":pk": pk, ":p": "INTRO#" },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map(fromIntroductionItem);
  }

  return {
    get: (id) => getItem(ctx, "read the introduction", keys.introduction(id), fromIntroductionItem),

    async create(intro, counters, tally) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.introduction(intro.id),
              type: "introduction",
              ...intro,
              gsi1pk: keys.owner(intro.askerHash),
              gsi1sk: `INTRO#${intro.createdAt}#${intro.id}`,
              ...(intro.targetHash
                ? { gsi2pk: keys.target(intro.targetHash), gsi2sk: `INTRO#${intro.createdAt}#${intro.id}` }
                : {}),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...counterUpdates(ctx, counters),
      ];
      if (tally) {
        items.push({
          Update: {
            TableName: ctx.tableName,
            Key: keys.ambassador(tally.ambassadorId),
            // The map exists on every profile (profile writes create it), so the nested SET is valid.
            UpdateExpression:
              "SET lastIntroducedAt = :now, introductionsByMonth.#m = if_not_exists(introductionsByMonth.#m, :zero) + :one",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#m": tally.month },
            ExpressionAttributeValues: { ":now": tally.at, ":zero": 0, ":one": 1 },
          },
        });
      }
      const outcome = await transactWrite(ctx, "propose the introduction", items);
      if (outcome.ok) return "created";
      return outcome.failedConditions.includes(0) ? "exists" : "ambassador-missing";
    },

    async updateStatus(id, from, to, updatedAt, counters, helpedAmbassadorId) {
      const outcome = await transactWrite(ctx, "update the introduction", [
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.introduction(id),
            UpdateExpression: "SET #s = :to, updatedAt = :at",
            ConditionExpression: "#s = :from",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: { ":to": to, ":from": from, ":at": updatedAt },
          },
        },
        ...counterUpdates(ctx, counters),
        ...(helpedAmbassadorId
          ? [
              {
                Update: {
                  TableName: ctx.tableName,
                  Key: keys.ambassador(helpedAmbassadorId),
                  UpdateExpression: "ADD helpedCount :one",
                  ConditionExpression: "attribute_exists(pk)",
                  ExpressionAttributeValues: { ":one": 1 },
                },
              },
            ]
          : []),
      ]);
      return outcome.ok;
    },

    listByAsker: (askerHash, limit) => list("gsi1", keys.owner(askerHash), limit),
    listByTarget: (targetHash, limit) => list("gsi2", keys.target(targetHash), limit),
  };
}
