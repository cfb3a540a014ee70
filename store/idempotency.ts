/**
 * Idempotency claims: a conditional put keyed on the platform's own event id, with a TTL. DynamoDB's TTL
 * sweeper is lazy (up to days), so an expired claim is treated as free by the condition itself.
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { IDEMPOTENCY_TTL_SECONDS } from "../peer/limits.ts";
import type { Idempotency } from "../peer/ports.ts";
import { guard, type StoreContext } from "./context.ts";
import { keys } from "./keys.ts";

function assertKey(key: string): void {
  if (!key || key.length > 1_000) throw new TypeError("An idempotency key must be 1-1000 characters");
}

/** The DynamoDB idempotency mechanism. */
export function createIdempotency(ctx: StoreContext): Idempotency {
  return {
    async claim(key, options = {}) {
      assertKey(key);
      const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
      try {
        await guard(ctx, "claim an event", () =>
          ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: {
                ...keys.idempotency(key),
                type: "idempotency",
                claimedAt: new Date(nowSeconds * 1000).toISOString(),
                expiresAt: nowSeconds + (options.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS),
              },
              ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
              ExpressionAttributeValues: { ":now": nowSeconds },
            }),
          ),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
        throw error;
      }
    },
    async release(key) {
      assertKey(key);
      await guard(ctx, "release an event claim", () =>
        ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.idempotency(key) })),
      );
    },
  };
}
