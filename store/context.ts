/**
 * What every DynamoDB adapter shares: the client, the table, the user hasher, and helpers that turn SDK
 * failures into named errors, retry transaction conflicts, and page through queries.
 */
import { createHash } from "node:crypto";
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { UserRef } from "../peer/ports.ts";
import { isUnavailable, StorageUnavailableError, TableMissingError } from "./errors.ts";

/** Shared by the adapters in store/. */
export interface StoreContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  hashUser(user: UserRef): string;
  /** Personal records expire after this many days. */
  reportTtlDays: number;
}

/** A stored item: plain attributes. */
export type Item = Record<string, unknown>;

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/** Runs one storage call, mapping "unreachable/throttled after retries" and "no table" to named errors. */
export async function guard<T>(ctx: StoreContext, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapStorageError(ctx, operation, error);
  }
}

/** The named error for an SDK failure; other errors pass through unchanged. */
export function mapStorageError(ctx: StoreContext, operation: string, error: unknown): unknown {
  if (error instanceof StorageUnavailableError || error instanceof TableMissingError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { attempts?: number } };
  if (e?.name === "ResourceNotFoundException" && /table/i.test(e.message ?? "")) {
    return new TableMissingError(ctx.tableName, { cause: error });
  }
  if (isUnavailable(error))
    return new StorageUnavailableError(operation, e.$metadata?.attempts, { cause: error });
  return error;
}

/** A short stable id derived from parts (a retried event derives the same id). */
export function stableId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}

/** Epoch seconds `days` after `at`. */
export function expiresAfterDays(at: Date, days: number): number {
  return Math.floor(at.getTime() / 1000) + Math.round(days * 86_400);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Outcome of a transaction: committed, or cancelled because condition(s) at these indexes failed. */
export type TransactOutcome = { ok: true } | { ok: false; failedConditions: number[] };

/**
 * TransactWrite that retries when another transaction holds one of the items (TransactionConflict:
 * common on hot weekly counters) with capped, jittered backoff. Safe because a cancelled transaction
 * wrote nothing, and every transaction here carries a condition that stops a committed one repeating.
 */
export async function transactWrite(
  ctx: StoreContext,
  operation: string,
  items: TransactItems,
  options: { maxConflictRetries?: number } = {},
): Promise<TransactOutcome> {
  const maxRetries = options.maxConflictRetries ?? 25;
  for (let attempt = 0; ; attempt++) {
    try {
      await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
      if (e?.name !== "TransactionCanceledException") throw mapStorageError(ctx, operation, error);
      const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None");
      const failedConditions = codes.flatMap((code, i) => (code === "ConditionalCheckFailed" ? [i] : []));
      if (failedConditions.length > 0) return { ok: false, failedConditions };
      const retryable = codes.some((c) => c === "TransactionConflict" || c === "ThrottlingError");
      if (!retryable || attempt >= maxRetries) {
        throw new StorageUnavailableError(operation, attempt + 1, { cause: error });
      }
      const cap = Math.min(1_000, 20 * 2 ** Math.min(attempt, 6));
      await sleep(cap / 2 + Math.random() * (cap / 2));
    }
  }
}

/** Every item a query returns, following pages (callers bound it by key design, or pass `max`). */
export async function queryAll(
  ctx: StoreContext,
  operation: string,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  max = Number.POSITIVE_INFINITY,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await guard(ctx, operation, () =>
      ctx.doc.send(new QueryCommand({ ...input, TableName: ctx.tableName, ExclusiveStartKey: start })),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start && items.length < max);
  return items.slice(0, max);
}
