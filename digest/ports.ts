/**
 * The digest's outbound port: what a platform adapter implements to post a digest (bots/slack/digest-poster.ts,
 * bots/teams/digest-poster.ts), and the errors that tell delivery whether a retry can help. Adapters import
 * this module and nothing else from digest/, and the concrete posters are wired in the composition root
 * (app/digest-posters.ts), so digest/ never imports an adapter: no cycle between the layers. A poster throws
 * PermanentDeliveryError (retrying will not help), TransientDeliveryError (it may) or DeliveryOutcomeUnknownError
 * (it may have been posted, so it must not be retried).
 */
import type { Reply } from "../bots/core/reply.ts";
import type { Subscription } from "../peer/ports.ts";
import type { Digest } from "./digest.ts";

/** A post failed in a way retrying will not fix (bot removed from the channel, bad token, ...). */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentDeliveryError";
  }
}

/** A post failed, but may succeed later; `retryAfterMs` is the platform's hint (Slack's Retry-After). */
export class TransientDeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.name = "TransientDeliveryError";
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * A post may have been made: the platform took the request but its answer was lost (a reset connection, a
 * gateway's 502/504; bots/teams/proactive.ts). Retrying could post the digest twice and the platform cannot be
 * asked afterwards, so delivery keeps the claim and reports it: a missed digest beats a duplicate one.
 */
export class DeliveryOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DeliveryOutcomeUnknownError";
  }
}

/** Posts the digest to one subscribed conversation on one platform. */
export interface DigestPoster {
  post(subscription: Subscription, reply: Reply, digest: Digest): Promise<void>;
  /**
   * Attempts per conversation for this platform, overriding the policy: a client that already retries
   * transient failures itself says 1, so retries do not multiply.
   */
  attempts?: number;
}

/** A poster per platform; a missing one (platform not configured) fails those subscriptions visibly. */
export type DigestPosters = Partial<Record<Subscription["platform"], DigestPoster>>;
