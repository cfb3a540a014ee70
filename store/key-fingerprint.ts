/**
 * The hash key's fingerprint, stored once in the table so a command run with another key refuses instead of
 * quietly finding nothing ("Erased 0 records" against a table written under a different key). The item holds
 * an HMAC of a fixed label under the key, never the key itself: it tells keys apart and reveals nothing.
 */
import { createHmac } from "node:crypto";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { guard, isConditionFailure, type StoreContext } from "./context.ts";

const FINGERPRINT_KEY = { pk: "META#HASHKEY", sk: "FINGERPRINT" } as const;
const LABEL = "pathfinder hash key fingerprint v1";

/** The table was written under another hash key. */
export class HashKeyMismatchError extends Error {
  constructor(tableName: string) {
    super(
      `Table ${tableName} was written with a different hash key; refusing, because nothing would be found or erased ` +
        "(check PATHFINDER_HASH_KEY, or the stack's hash key secret).",
    );
    this.name = "HashKeyMismatchError";
  }
}

/** HMAC-SHA256 of a fixed label under the key, hex: the same key always gives the same fingerprint. */
export function keyFingerprint(hashKey: string): string {
  return createHmac("sha256", hashKey).update(LABEL).digest("hex");
}

/**
 * Writes the key's fingerprint on first use (a conditional put, so two first users cannot both win), then
 * checks it: throws HashKeyMismatchError when the table's fingerprint is another key's.
 */
export async function checkKeyFingerprint(
  ctx: Pick<StoreContext, "doc" | "tableName">,
  hashKey: string,
  now: Date,
): Promise<{ created: boolean }> {
  const store = { ...ctx, hashUser: () => "", reportTtlDays: 1 };
  const mine = keyFingerprint(hashKey);
  const read = async () =>
    (
      await guard(store, "read the hash key fingerprint", () =>
        ctx.doc.send(
          new GetCommand({ TableName: ctx.tableName, Key: FINGERPRINT_KEY, ConsistentRead: true }),
        ),
      )
    ).Item?.fingerprint as string | undefined;
  let stored = await read();
  let created = false;
  if (stored === undefined) {
    try {
      await guard(store, "store the hash key fingerprint", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...FINGERPRINT_KEY,
              type: "key-fingerprint",
              fingerprint: mine,
              createdAt: now.toISOString(),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      stored = mine;
      created = true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      stored = await read(); // someone else wrote it first: compare with theirs
    }
  }
  if (stored !== mine) throw new HashKeyMismatchError(ctx.tableName);
  return { created };
}
