/**
 * Posts one built digest to every subscription, exactly once per (week, platform, conversation).
 *
 * The scheduler fires at least once, so each delivery is claimed first (Idempotency.claim, a conditional
 * write): a re-run skips every place already posted to. A failed post is retried a bounded number of times
 * with exponential backoff, then its claim is released so the next run (the scheduler's retry, or a manual
 * re-run) tries that place again; one failing channel never stops the others. A post the platform may have
 * taken without answering (DeliveryOutcomeUnknownError) is not retried and keeps its claim, so no run posts it
 * twice; the report lists it under `unknown` with its key.
 */
import type { Reply } from "../bots/core/reply.ts";
import type { Idempotency, Subscription } from "../peer/ports.ts";
import type { IdempotencyStore } from "../store/idempotency.ts";
import type { Digest } from "./digest.ts";
import {
  DeliveryOutcomeUnknownError,
  type DigestPosters,
  PermanentDeliveryError,
  TransientDeliveryError,
} from "./ports.ts";

// The port the platform adapters implement lives in ports.ts (they import it without importing delivery);
// re-exported here for the callers that think of it as part of delivery.
export {
  DeliveryOutcomeUnknownError,
  type DigestPoster,
  type DigestPosters,
  PermanentDeliveryError,
  TransientDeliveryError,
} from "./ports.ts";

/** Bounded retries with exponential backoff and jitter. */
export interface RetryPolicy {
  /** Attempts per conversation, first try included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 };

/** A digest claim outlives every scheduler retry and manual re-run of the same week. */
export const DIGEST_CLAIM_TTL_SECONDS = 60 * 86_400;

export interface DeliveryTarget {
  platform: Subscription["platform"];
  conversationId: string;
}

export interface DeliveryFailure extends DeliveryTarget {
  attempts: number;
  /** True when retrying would not help (the next run will still try, after someone fixes it). */
  permanent: boolean;
  error: string;
}

/** A place the digest may have been posted to (its answer was lost): kept as done, never posted again. */
export interface DeliveryUnknown extends DeliveryTarget {
  /** The claim that holds it back (its idempotency key), for an operator to look up. */
  key: string;
  error: string;
}

/** What one run did, per conversation. */
export interface DeliveryReport {
  week: string;
  delivered: DeliveryTarget[];
  /** Already posted by an earlier run of the same week. */
  skipped: DeliveryTarget[];
  failed: DeliveryFailure[];
  /** May have been posted (not counted as delivered, not a failure: retrying could post it twice). */
  unknown: DeliveryUnknown[];
}

export interface DeliverOptions {
  /**
   * The invocation's deadline. With it (and the DynamoDB idempotency store), a delivery's claim is in
   * progress until then and completed only once posted, so a run that dies mid-post leaves the place free
   * for the scheduler's retry instead of missing this week's digest.
   */
  deadline?: Date;
  retry?: RetryPolicy;
  /** Conversations posted to at once. */
  concurrency?: number;
  /** Waits between attempts; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** For jitter; tests pass a constant. */
  random?: () => number;
  now?: () => Date;
  /** Told about every failed attempt (the handler logs them). */
  onAttemptFailed?: (target: DeliveryTarget, attempt: number, error: unknown) => void;
  /** Told about a post that may have been made and is not retried (the handler warns, with the key). */
  onOutcomeUnknown?: (unknown: DeliveryUnknown) => void;
}

/** The idempotency key of one delivery. */
export function deliveryKey(week: string, target: DeliveryTarget): string {
  return `digest#${week}#${target.platform}#${target.conversationId}`;
}

/** Backoff before attempt `attempt + 1`: exponential, capped, with jitter; a platform hint wins if larger. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  hintMs?: number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, hintMs ?? 0));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Outcome =
  | { status: "delivered"; target: DeliveryTarget }
  | { status: "skipped"; target: DeliveryTarget }
  | { status: "unknown"; unknown: DeliveryUnknown }
  | { status: "failed"; failure: DeliveryFailure };

async function deliverOne(
  subscription: Subscription,
  reply: Reply,
  digest: Digest,
  idempotency: Idempotency | IdempotencyStore,
  posters: DigestPosters,
  options: DeliverOptions,
): Promise<Outcome> {
  const target = { platform: subscription.platform, conversationId: subscription.conversationId };
  const policy = options.retry ?? DEFAULT_RETRY;
  const key = deliveryKey(digest.week, target);
  const fail = (attempts: number, permanent: boolean, error: string): Outcome => ({
    status: "failed",
    failure: { ...target, attempts, permanent, error },
  });

  const now = options.now ?? (() => new Date());
  const scope =
    options.deadline && "scope" in idempotency
      ? idempotency.scope({ deadline: options.deadline, now })
      : undefined;
  let claimed: boolean;
  try {
    claimed = scope
      ? await scope.claim(key)
      : await idempotency.claim(key, { ttlSeconds: DIGEST_CLAIM_TTL_SECONDS, now: now() });
  } catch (error) {
    // Without a claim we cannot promise "once": post nothing, and let the next run try.
    return fail(0, false, `could not record the delivery: ${describe(error)}`);
  }
  if (!claimed) return { status: "skipped", target };

  const poster = posters[subscription.platform];
  const attempts = Math.max(1, poster?.attempts ?? policy.attempts);
  let lastError: unknown = new PermanentDeliveryError(`${subscription.platform} is not configured`);
  let attempt = 0;
  if (poster) {
    while (attempt < attempts) {
      attempt += 1;
      try {
        await poster.post(subscription, reply, digest);
        // Posted: a failure to record it leaves the in-progress claim to lapse (reported, never retried here).
        await scope?.complete(key, { ttlSeconds: DIGEST_CLAIM_TTL_SECONDS }).catch((error: unknown) => {
          options.onAttemptFailed?.(
            target,
            attempt,
            new Error(`posted, but not recorded: ${describe(error)}`),
          );
        });
        return { status: "delivered", target };
      } catch (error) {
        if (error instanceof DeliveryOutcomeUnknownError) {
          const unknown = { ...target, key, error: describe(error) };
          options.onOutcomeUnknown?.(unknown);
          // Kept as if posted (an unscoped claim already is): giving it back would let a retry post it twice.
          await scope
            ?.complete(key, { ttlSeconds: DIGEST_CLAIM_TTL_SECONDS })
            .catch((completeError: unknown) => {
              options.onAttemptFailed?.(
                target,
                attempt,
                new Error(`may have been posted, and not recorded: ${describe(completeError)}`),
              );
            });
          return { status: "unknown", unknown };
        }
        lastError = error;
        options.onAttemptFailed?.(target, attempt, error);
        if (error instanceof PermanentDeliveryError || attempt >= attempts) break;
        const hint = error instanceof TransientDeliveryError ? error.retryAfterMs : undefined;
        await (options.sleep ?? realSleep)(
          backoffDelay(policy, attempt, options.random ?? Math.random, hint),
        );
      }
    }
  }

  let message = describe(lastError);
  try {
    if (scope) await scope.release(key);
    else await idempotency.release(key);
  } catch (error) {
    // Scoped: the claim lapses at the deadline. Unscoped: it stays until its TTL and this place misses
    // this week's digest unless someone releases it.
    message += `; and the delivery claim could not be released (${describe(error)})`;
  }
  return fail(attempt, lastError instanceof PermanentDeliveryError, message);
}

/** Posts `reply` (the rendered digest) to every subscription; never throws for a single place's failure. */
export async function deliverDigest(input: {
  digest: Digest;
  reply: Reply;
  subscriptions: Subscription[];
  idempotency: Idempotency;
  posters: DigestPosters;
  options?: DeliverOptions;
}): Promise<DeliveryReport> {
  const { digest, reply, idempotency, posters } = input;
  const options = input.options ?? {};
  // The same conversation subscribed twice (a race between two subscribe commands) still gets one post.
  const unique = [
    ...new Map(input.subscriptions.map((s) => [`${s.platform}#${s.conversationId}`, s])).values(),
  ];
  const outcomes: Outcome[] = new Array(unique.length);
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const index = next++;
      const subscription = unique[index];
      if (subscription) {
        outcomes[index] = await deliverOne(subscription, reply, digest, idempotency, posters, options);
      }
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, unique.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  const report: DeliveryReport = { week: digest.week, delivered: [], skipped: [], failed: [], unknown: [] };
  for (const outcome of outcomes) {
    if (outcome.status === "failed") report.failed.push(outcome.failure);
    else if (outcome.status === "unknown") report.unknown.push(outcome.unknown);
    else report[outcome.status].push(outcome.target);
  }
  return report;
}
