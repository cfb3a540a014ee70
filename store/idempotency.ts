/**
 * Idempotency claims: a conditional put keyed on the platform's own event id, with a TTL. DynamoDB's TTL
 * sweeper is lazy (up to days), so an expired claim is treated as free by the condition itself.
 *
 * Two kinds of claim, the shape Powertools Idempotency uses for its records:
 * - a plain `claim` is *completed* at once and holds for its TTL (24 h): a scheduler's or a platform's retry
 *   of work that has already happened;
 * - a claim taken inside a `scope` (one job in one Lambda invocation) is *in progress* until the
 *   invocation's deadline, and becomes completed (24 h) only when the scope commits. When the Lambda dies
 *   (timeout, out of memory) or DynamoDB is down when the claim should be given back, the claim simply
 *   expires with the invocation, so the redelivery does the work instead of being dropped as a duplicate.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { IDEMPOTENCY_TTL_SECONDS } from "../peer/limits.ts";
import type { Idempotency } from "../peer/ports.ts";
import { guard, type StoreContext } from "./context.ts";
import { keys } from "./keys.ts";

/** Status values, as Powertools spells them. */
const IN_PROGRESS = "INPROGRESS";
const COMPLETED = "COMPLETED";

/** Raised when another live invocation holds the key: not a duplicate yet (it may still die), so retry later. */
export class ClaimInProgressError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`Another invocation is still working on ${key}; try again after it finishes or expires`);
    this.name = "ClaimInProgressError";
    this.key = key;
  }
}

/** The claims of one job: in progress until `deadline`, completed by `commit`, given back by `abandon`. */
export interface ScopedIdempotency extends Idempotency {
  /**
   * Claims `key` as in progress. True when this scope now holds it; false when the work is already
   * completed; throws ClaimInProgressError when another live invocation holds it.
   */
  claim(key: string): Promise<boolean>;
  /**
   * Marks one held key completed now (a post that went out must never be repeated, whatever follows),
   * for `ttlSeconds` (default 24 h).
   */
  complete(key: string, options?: { ttlSeconds?: number }): Promise<void>;
  /** Marks every key still held completed: the job succeeded. */
  commit(): Promise<void>;
  /**
   * Gives back every key still held so a retry can do the work. Best effort: a key that cannot be
   * deleted (DynamoDB down) expires at the deadline anyway. Returns the keys that could not be released.
   */
  abandon(): Promise<string[]>;
  /** The keys this scope holds in progress. */
  readonly held: readonly string[];
}

/** The DynamoDB idempotency port, plus scopes for work done inside one Lambda invocation. */
export interface IdempotencyStore extends Idempotency {
  /** Claims for one job; in-progress claims expire at `deadline` (the invocation's end). */
  scope(options: { deadline: Date; now?: () => Date }): ScopedIdempotency;
}

function assertKey(key: string): void {
  if (!key || key.length > 1_000) throw new TypeError("An idempotency key must be 1-1000 characters");
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === "ConditionalCheckFailedException";
}

/** The clock the store decides expiry by, in epoch milliseconds (tests pass a fake one). */
export interface StoreClock {
  now?: () => number;
}

/** The DynamoDB idempotency mechanism; `clock.now` (default: the system clock) says when claims expire. */
export function createIdempotency(ctx: StoreContext, clock: StoreClock = {}): IdempotencyStore {
  const clockNow = clock.now ?? Date.now;
  const systemDate = () => new Date(clockNow());
  /** Conditional put: wins when the key is absent or its claim (completed or in progress) has expired. */
  async function put(key: string, status: string, nowSeconds: number, expiresAt: number): Promise<boolean> {
    assertKey(key);
    try {
      await guard(ctx, "claim an event", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.idempotency(key),
              type: "idempotency",
              status,
              claimedAt: new Date(nowSeconds * 1000).toISOString(),
              expiresAt,
            },
            ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now",
            ExpressionAttributeValues: { ":now": nowSeconds },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async function release(key: string): Promise<void> {
    assertKey(key);
    await guard(ctx, "release an event claim", () =>
      ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key: keys.idempotency(key) })),
    );
  }

  async function complete(
    key: string,
    nowSeconds: number,
    ttlSeconds = IDEMPOTENCY_TTL_SECONDS,
  ): Promise<void> {
    await guard(ctx, "complete an event claim", () =>
      ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.tableName,
          Key: keys.idempotency(key),
          UpdateExpression: "SET #status = :completed, expiresAt = :expires",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":completed": COMPLETED,
            ":expires": nowSeconds + ttlSeconds,
          },
        }),
      ),
    );
  }

  /** Whether a key that refused a claim is held by a live invocation rather than completed. */
  async function heldInProgress(key: string, nowSeconds: number): Promise<boolean> {
    const out = await guard(ctx, "read an event claim", () =>
      ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keys.idempotency(key), ConsistentRead: true }),
      ),
    );
    return out.Item?.status === IN_PROGRESS && Number(out.Item.expiresAt) > nowSeconds;
  }

  return {
    async claim(key, options = {}) {
      const nowSeconds = seconds(options.now ?? systemDate());
      return put(key, COMPLETED, nowSeconds, nowSeconds + (options.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS));
    },
    release,
    scope({ deadline, now = systemDate }) {
      const held = new Set<string>();
      // Rounded up: the claim must outlive the invocation, never lapse while it still runs.
      const until = Math.ceil(deadline.getTime() / 1000);
      return {
        get held() {
          return [...held];
        },
        async claim(key) {
          if (held.has(key)) return true;
          if (await put(key, IN_PROGRESS, seconds(now()), until)) {
            held.add(key);
            return true;
          }
          if (await heldInProgress(key, seconds(now()))) throw new ClaimInProgressError(key);
          return false;
        },
        async release(key) {
          await release(key);
          held.delete(key);
        },
        async complete(key, options = {}) {
          await complete(key, seconds(now()), options.ttlSeconds);
          held.delete(key);
        },
        async commit() {
          for (const key of [...held]) {
            await complete(key, seconds(now()));
            held.delete(key);
          }
        },
        async abandon() {
          const keysHeld = [...held];
          const outcomes = await Promise.allSettled(keysHeld.map((key) => release(key)));
          held.clear();
          return keysHeld.filter((_, i) => outcomes[i]?.status === "rejected");
        },
      };
    },
  };
}

/** The idempotency store on its own (entry points that need scopes, which the PeerServices port does not carry). */
export function createIdempotencyStore(options: {
  doc: StoreContext["doc"];
  tableName: string;
  /** Epoch milliseconds; the system clock by default. */
  now?: () => number;
}): IdempotencyStore {
  return createIdempotency(
    {
      doc: options.doc,
      tableName: options.tableName,
      // Claims hold no personal data: nothing here hashes a user or sets a personal-record expiry.
      hashUser: () => {
        throw new TypeError("The idempotency store does not hash users");
      },
      reportTtlDays: 1,
    },
    options.now ? { now: options.now } : {},
  );
}
