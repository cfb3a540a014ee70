/**
 * The delivery ports (subscriptions, Teams conversation references, thread memory, idempotency claims) in
 * memory, with the DynamoDB stores' behaviour (store/delivery-stores.ts, store/idempotency.ts): a repeated
 * subscribe keeps the original and refreshes its reference; references round-trip as JSON; thread memory
 * is scrubbed and lapses after a day; an expired claim is free again.
 */

import { referenceWithoutUser, storableReference } from "../../peer/conversation-reference.ts";
import { IDEMPOTENCY_TTL_SECONDS, THREAD_TTL_SECONDS } from "../../peer/limits.ts";
import type { Clock, PeerServices, Subscription, SubscriptionKind, UserRef } from "../../peer/ports.ts";
import { scrubText } from "../../peer/scrub.ts";
import type { MemoryState } from "./repositories.ts";

function assertId(value: string, what: string): void {
  if (!value || value.length > 1_000) throw new TypeError(`${what} must be 1-1000 characters`);
}

/** Digest subscriptions keep their original key; other kinds are prefixed, as in store/keys.ts. */
function subscriptionKey(kind: SubscriptionKind, platform: string, conversationId: string): string {
  return kind === "digest" ? `${platform}#${conversationId}` : `${kind}#${platform}#${conversationId}`;
}

/** The in-memory delivery ports over `state`. */
export function createMemoryDelivery(
  state: MemoryState,
  deps: { hashUser(user: UserRef): string; now: Clock },
): Pick<PeerServices, "subscriptions" | "conversations" | "threads" | "idempotency"> {
  const seconds = (at: Date) => Math.floor(at.getTime() / 1000);
  return {
    subscriptions: {
      async subscribe(input) {
        assertId(input.conversationId, "A conversation id");
        const kind = input.kind ?? "digest";
        const key = subscriptionKey(kind, input.platform, input.conversationId);
        const existing = state.subscriptions.get(key);
        const reference =
          input.reference === undefined ? undefined : JSON.stringify(referenceWithoutUser(input.reference));
        if (existing) {
          // Already subscribed: keep the original, but refresh a Teams reference (service URLs change).
          if (reference) existing.reference = reference;
          return { created: false };
        }
        state.subscriptions.set(key, {
          platform: input.platform,
          conversationId: input.conversationId,
          ...(reference ? { reference } : {}),
          subscribedAt: (input.now ?? deps.now()).toISOString(),
          byHash: deps.hashUser(input.by),
          ...(kind === "digest" ? {} : { kind }),
        });
        return { created: true };
      },
      async unsubscribe(platform, conversationId, kind = "digest") {
        return { removed: state.subscriptions.delete(subscriptionKey(kind, platform, conversationId)) };
      },
      async list(kind = "digest") {
        return [...state.subscriptions.entries()]
          .filter(([, s]) => (s.kind ?? "digest") === kind)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(
            ([, s]): Subscription => ({
              platform: s.platform,
              ...(kind === "digest" ? {} : { kind }),
              conversationId: s.conversationId,
              ...(typeof s.reference === "string" ? { reference: JSON.parse(s.reference) } : {}),
              subscribedAt: s.subscribedAt,
            }),
          );
      },
    },
    conversations: {
      async save(key, reference) {
        assertId(key, "A conversation key");
        state.conversations.set(
          key,
          reference === undefined ? "null" : JSON.stringify(storableReference(reference)),
        );
      },
      async get(key) {
        const text = state.conversations.get(key);
        return text === undefined ? undefined : JSON.parse(text);
      },
    },
    threads: {
      async get(threadKey) {
        const item = state.threads.get(threadKey);
        if (!item || item.expiresAt <= seconds(deps.now())) return undefined;
        return { question: item.question, topics: [...item.topics] };
      },
      async put(threadKey, value, now) {
        assertId(threadKey, "A thread key");
        state.threads.set(threadKey, {
          question: scrubText(value.question).slice(0, 2_000),
          topics: [...value.topics],
          expiresAt: seconds(now ?? deps.now()) + THREAD_TTL_SECONDS,
        });
      },
    },
    idempotency: {
      async claim(key, options = {}) {
        assertId(key, "An idempotency key");
        const now = seconds(options.now ?? deps.now());
        const expiresAt = state.claims.get(key);
        if (expiresAt !== undefined && expiresAt > now) return false;
        state.claims.set(key, now + (options.ttlSeconds ?? IDEMPOTENCY_TTL_SECONDS));
        return true;
      },
      async release(key) {
        assertId(key, "An idempotency key");
        state.claims.delete(key);
      },
    },
  };
}
