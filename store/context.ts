/**
 * What every DynamoDB repository shares: the client, the table, and helpers that turn SDK failures into
 * named errors, retry transaction conflicts (p-retry), and page through queries (lib-dynamodb's
 * paginateQuery). Throttling, 5xx and network failures are retried by the SDK client itself
 * (store/dynamo-client.ts: maxAttempts, standard retry mode).
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import pRetry, { AbortError } from "p-retry";
import type { UserRef } from "../peer/ports.ts";
import { isUnavailable, StorageUnavailableError, TableMissingError } from "./errors.ts";

export { expiresAfterDays } from "../peer/retention.ts";
export { stableId } from "../peer/stable-id.ts";

/** Shared by the adapters in store/. */
export interface StoreContext {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Used by the delivery stores (subscriptions record who made them); the domain hashes for itself. */
  hashUser(user: UserRef): string;
  /** Personal records expire after this many days (the delivery stores' conversation references). */
  reportTtlDays: number;
}

/** A stored item: plain attributes. */
export type Item = Record<string, unknown>;

export type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;
export type TransactItem = TransactItems[number];

/** Runs one storage call, mapping "unreachable/throttled after retries" and "no table" to named errors. */
export async function guard<T>(ctx: StoreContext, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapStorageError(ctx, operation, error);
  }
}

/** One item by key, read consistently (a repository's `get`), mapped by `from`; undefined when absent. */
export async function getItem<T>(
  ctx: StoreContext,
  operation: string,
  key: Record<string, string>,
  from: (item: Record<string, unknown>) => T,
): Promise<T | undefined> {
  const out = await guard(ctx, operation, () =>
    ctx.doc.send(new GetCommand({ TableName: ctx.tableName, Key: key, ConsistentRead: true })),
  );
  return out.Item ? from(out.Item) : undefined;
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

/** True when a condition check failed (the conditional write did not happen). */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === "ConditionalCheckFailedException";
}

/** Outcome of a transaction: committed, or cancelled because condition(s) at these indexes failed. */
export type TransactOutcome = { ok: true } | { ok: false; failedConditions: number[] };

/** A transaction DynamoDB cancelled because another one held an item; nothing was written. */
class TransactionConflict extends Error {
  constructor(options: { cause: unknown }) {
    super("transaction conflict", options);
    this.name = "TransactionConflict";
  }
}

/**
 * Backoff for transaction conflicts (common on hot weekly counters): the SDK does not retry a cancelled
 * transaction, so p-retry does, capped and jittered. Safe because a cancelled transaction wrote nothing,
 * and every transaction here carries a condition that stops a committed one repeating.
 */
const CONFLICT_RETRY = { retries: 25, minTimeout: 10, maxTimeout: 500, factor: 2, randomize: true } as const;

/** TransactWrite that retries conflicts and reports failed conditions instead of throwing. */
export async function transactWrite(
  ctx: StoreContext,
  operation: string,
  items: TransactItems,
): Promise<TransactOutcome> {
  try {
    return await pRetry(async (): Promise<TransactOutcome> => {
      try {
        await ctx.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true };
      } catch (error) {
        const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
        if (e?.name !== "TransactionCanceledException") throw new AbortError(error as Error);
        const codes = (e.CancellationReasons ?? []).map((r) => r.Code ?? "None");
        const failedConditions = codes.flatMap((code, i) => (code === "ConditionalCheckFailed" ? [i] : []));
        if (failedConditions.length > 0) return { ok: false, failedConditions };
        if (codes.some((c) => c === "TransactionConflict" || c === "ThrottlingError")) {
          throw new TransactionConflict({ cause: error });
        }
        throw new AbortError(new StorageUnavailableError(operation, 1, { cause: error }));
      }
    }, CONFLICT_RETRY);
  } catch (error) {
    if (error instanceof TransactionConflict) {
      throw new StorageUnavailableError(operation, CONFLICT_RETRY.retries + 1, { cause: error.cause });
    }
    throw mapStorageError(ctx, operation, error);
  }
}

/** Every item a query returns, following pages with paginateQuery (callers bound it by key design, or pass `max`). */
export async function queryAll(
  ctx: StoreContext,
  operation: string,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  max = Number.POSITIVE_INFINITY,
): Promise<Item[]> {
  const items: Item[] = [];
  try {
    for await (const page of paginateQuery({ client: ctx.doc }, { ...input, TableName: ctx.tableName })) {
      items.push(...((page.Items ?? []) as Item[]));
      if (items.length >= max) break;
    }
  } catch (error) {
    throw mapStorageError(ctx, operation, error);
  }
  return items.slice(0, max);
}

/** Attributes an item carries for storage (keys, type, index keys), not part of the record it holds. */
const BOOKKEEPING = ["pk", "sk", "type", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"] as const;

/** The record an item holds, without its storage bookkeeping (the caller names the record's type). */
export function withoutBookkeeping<T>(item: Item): T {
  const record: Item = { ...item };
  for (const attribute of BOOKKEEPING) delete record[attribute];
  return record as T;
}
