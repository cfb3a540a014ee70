/**
 * The daily network reminders' share of the composition root (issue 15: "an open question nobody answered in
 * 3 working days is raised once more"): the stores the run reads and writes and the claims that make each post
 * happen once; the Slack and Teams senders of the reminder posts are in reminder-senders.ts.
 *
 * Each reminder post is claimed before it is sent (store/idempotency.ts: in progress until the invocation's
 * deadline, completed once posted, given back when the post failed), and core marks a question reminded only
 * when every place has its post (bots/core/features/network.ts remindOpenQuestions). So a retried invocation
 * or an overlapping run skips the places already done, a run that died mid-post leaves its claims to lapse,
 * and a place whose post failed is tried again by the next run. A post Teams may have taken without answering
 * (ReminderOutcomeUnknownError) keeps its claim and is never tried again: a missed reminder beats a duplicate.
 *
 * Like the digest it hashes nobody and loads no knowledge base and no core, so its function is not granted the
 * hash-key or OpenAI secrets.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  type ChannelPost,
  type ReminderDelivery,
  type ReminderOutcome,
  type ReminderRun,
  remindOpenQuestions,
} from "../bots/core/features/network.ts";
import type { Config } from "../config/config.ts";
import { makeNetwork } from "../peer/network.ts";
import type { Network } from "../peer/network-ports.ts";
import type { ConversationReferences, Idempotency, Subscriptions } from "../peer/ports.ts";
import type { StoreContext } from "../store/context.ts";
import { createConversationReferences, createSubscriptions } from "../store/delivery-stores.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { ClaimInProgressError, createIdempotencyStore, type IdempotencyStore } from "../store/idempotency.ts";
import { createNetworkRepositories } from "../store/network.ts";

/**
 * How long a posted reminder's claim is kept: it only has to outlive the runs between the post and the
 * question being marked reminded (the next day's, when another place failed), with weeks to spare.
 */
export const REMINDER_CLAIM_TTL_SECONDS = 90 * 86_400;

/** The schedule's event could not be understood. Retrying will not help; nothing was posted. */
export class ReminderEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReminderEventError";
  }
}

/**
 * The events a run accepts: EventBridge Scheduler's input `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`
 * (cdk/constructs/reminders.ts), an EventBridge event (its `time`), or nothing (a manual invoke). The time is
 * only logged: what is due is decided by the questions' own ages, and each post is claimed by its own key.
 */
export const ReminderEventSchema = z.union([
  z.looseObject({
    scheduledTime: z.iso
      .datetime({
        offset: true,
        error: `The event's "scheduledTime" is not an ISO date-time like 2026-12-01T09:00:00Z`,
      })
      .optional(),
    time: z.iso
      .datetime({
        offset: true,
        error: `The event's "time" is not an ISO date-time like 2026-12-01T09:00:00Z`,
      })
      .optional(),
  }),
  z.null(),
  z.undefined(),
]);

/** Checks the event before anything is read or posted; ReminderEventError says what was wrong. */
export function parseReminderEvent(event: unknown): { scheduledTime?: string } {
  const parsed = ReminderEventSchema.safeParse(event);
  if (!parsed.success) {
    const isObject = typeof event === "object" && event !== null && !Array.isArray(event);
    // The union's own message lists every branch; the object branch's issues are the ones a person can act on.
    const union = parsed.error.issues.find((issue) => issue.code === "invalid_union");
    const issues = union && "errors" in union ? (union.errors[0] ?? []) : parsed.error.issues;
    throw new ReminderEventError(
      isObject
        ? issues.map((issue) => issue.message).join("; ")
        : `The event is not a JSON object: ${JSON.stringify(event) ?? String(event)}`,
      { cause: parsed.error },
    );
  }
  const at = parsed.data?.scheduledTime ?? parsed.data?.time;
  return at === undefined ? {} : { scheduledTime: at };
}

/**
 * The reminder may have been posted: the request reached the platform but its answer was lost (Teams cannot be
 * asked afterwards; bots/teams/proactive.ts). Its claim is kept, so no run posts it again.
 */
export class ReminderOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReminderOutcomeUnknownError";
  }
}

/** Posts one reminder to one platform; throws when it did not go out (ReminderOutcomeUnknownError: it may have). */
export type ReminderSender = (post: ChannelPost, key: string) => Promise<void>;

/** The senders per platform; a platform without one fails its places with the reason. */
export type ReminderSenders = Partial<Record<ChannelPost["platform"], ReminderSender>>;

/** What a run reads and writes. */
export interface ReminderStores {
  network: Network;
  subscriptions: Subscriptions;
  idempotency: Idempotency | IdempotencyStore;
  /** Teams channel references, for a place stored without one. */
  conversations: ConversationReferences;
}

/** The reminders' stores on the configured table (`doc` and `now` for tests and local runs). */
export function createReminderStores(
  config: Pick<Config, "tableName" | "region" | "dynamodbEndpoint" | "reportTtlDays"> &
    Partial<Pick<Config, "bankHolidays">>,
  doc: DynamoDBDocumentClient = createDocumentClient({
    region: config.region,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  }),
  now: () => Date = () => new Date(),
): ReminderStores {
  const ctx: StoreContext = {
    doc,
    tableName: config.tableName,
    // Reminders list, post and mark: nobody's id is hashed, so a call here is a bug, loudly.
    hashUser: () => {
      throw new TypeError("The network reminders do not hash user ids (they have no hash key)");
    },
    reportTtlDays: config.reportTtlDays,
  };
  const { questions } = createNetworkRepositories(ctx);
  const clock = { now: () => now().getTime() };
  return {
    network: makeNetwork({
      questions,
      hashUser: ctx.hashUser,
      classify: () => {
        throw new TypeError("The network reminders do not classify text");
      },
      now,
      reportTtlDays: config.reportTtlDays,
      // No reminder on a bank holiday, and 3 working days counted without them (peer/bank-holidays.ts).
      ...(config.bankHolidays ? { bankHolidays: config.bankHolidays } : {}),
    }),
    subscriptions: createSubscriptions(ctx, clock),
    idempotency: createIdempotencyStore({ doc, tableName: config.tableName, now: clock.now }),
    conversations: createConversationReferences(ctx, clock),
  };
}

/** Told about each post that failed (the handler logs them). */
export type ReminderFailureLog = (post: ChannelPost, error: unknown) => void;

/** Told about each post that may have gone out and is not retried, with its claim's key (the handler warns). */
export type ReminderUnknownLog = (post: ChannelPost, key: string, error: unknown) => void;

/** An error as one line for a log or a run report. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A reminder post's claim key: the Slack worker's outbox key space (`outbox:<key>`), one post per key, whoever sends it. */
export function reminderKey(post: ChannelPost): string {
  return `outbox:${post.key ?? `network-reminder:${post.platform}:${post.conversationId}`}`;
}

/**
 * Delivers each reminder post at most once: claims its key (in progress until `deadline` when the store can
 * scope claims), sends it, then marks the claim completed; a failed send gives the claim back.
 */
export function onceEach(input: {
  idempotency: Idempotency | IdempotencyStore;
  senders: ReminderSenders;
  deadline: Date;
  now?: () => Date;
  onFailed?: ReminderFailureLog;
  onUnknown?: ReminderUnknownLog;
}): ReminderDelivery {
  const { idempotency, senders } = input;
  const now = input.now ?? (() => new Date());
  const onFailed = input.onFailed ?? (() => {});
  const onUnknown = input.onUnknown ?? (() => {});
  const scope = "scope" in idempotency ? idempotency.scope({ deadline: input.deadline, now }) : undefined;
  return async (post): Promise<ReminderOutcome> => {
    const key = reminderKey(post);
    let claimed: boolean;
    try {
      claimed = scope
        ? await scope.claim(key)
        : await idempotency.claim(key, { ttlSeconds: REMINDER_CLAIM_TTL_SECONDS, now: now() });
    } catch (error) {
      // Another run is posting it right now: it will finish (or its claim lapses and the next run does).
      if (error instanceof ClaimInProgressError) return "busy";
      // Without a claim "once" cannot be promised: post nothing, and let the next run try.
      onFailed(post, new Error(`could not claim the reminder: ${describeError(error)}`));
      return "failed";
    }
    if (!claimed) return "already";
    try {
      const send = senders[post.platform];
      if (!send) throw new Error(`${post.platform} is not configured`);
      await send(post, key);
    } catch (error) {
      if (error instanceof ReminderOutcomeUnknownError) {
        onUnknown(post, key, error);
        // Kept as if posted (an unscoped claim already is): giving it back would let a retry post it twice.
        await scope
          ?.complete(key, { ttlSeconds: REMINDER_CLAIM_TTL_SECONDS })
          .catch((completeError: unknown) => {
            onFailed(
              post,
              new Error(`may have been posted, and not recorded: ${describeError(completeError)}`),
            );
          });
        return "unknown";
      }
      onFailed(post, error);
      try {
        if (scope) await scope.release(key);
        else await idempotency.release(key);
      } catch (releaseError) {
        // Scoped, the claim lapses at the deadline anyway; unscoped it holds until its TTL.
        onFailed(post, new Error(`and its claim could not be given back: ${describeError(releaseError)}`));
      }
      return "failed";
    }
    // Posted: a failure to record it leaves the in-progress claim to lapse; Slack's stamp then finds the copy.
    await scope?.complete(key, { ttlSeconds: REMINDER_CLAIM_TTL_SECONDS }).catch((error: unknown) => {
      onFailed(post, new Error(`posted, but not recorded: ${describeError(error)}`));
    });
    return "posted";
  };
}

/** What a run needs. */
export interface ReminderRunDeps extends ReminderStores {
  senders: ReminderSenders;
}

/** What a run did. */
export interface ReminderRunResult {
  scheduledTime?: string;
  /** Questions raised in every place and marked reminded. */
  reminded: string[];
  /** Questions with a place still to post to; due again next run. */
  pending: string[];
  posted: number;
  /** Posts an earlier run had already made. */
  skipped: number;
  /** Posts another run was making at the same time. */
  busy: number;
  /**
   * Posts that may have gone out (the platform's answer was lost): kept as done, never posted again, and not
   * counted in `posted`.
   */
  unknown: { questionId: string; platform: string; conversationId: string; key: string }[];
  failed: { questionId: string; platform: string; conversationId: string }[];
}

/** One reminder run: parse the event, then raise every due question once in every ambassadors' place. */
export async function runNetworkReminders(
  event: unknown,
  deps: ReminderRunDeps,
  options: {
    deadline: Date;
    now?: () => Date;
    onFailed?: ReminderFailureLog;
    onUnknown?: ReminderUnknownLog;
  },
): Promise<ReminderRunResult> {
  const trigger = parseReminderEvent(event);
  const deliver = onceEach({
    idempotency: deps.idempotency,
    senders: deps.senders,
    deadline: options.deadline,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onFailed ? { onFailed: options.onFailed } : {}),
    ...(options.onUnknown ? { onUnknown: options.onUnknown } : {}),
  });
  const run: ReminderRun = await remindOpenQuestions(deps, deliver);
  const count = (outcome: ReminderOutcome) => run.posts.filter((p) => p.outcome === outcome).length;
  return {
    ...trigger,
    reminded: run.reminded.map((q) => q.id),
    pending: run.pending.map((q) => q.id),
    posted: count("posted"),
    skipped: count("already"),
    busy: count("busy"),
    unknown: run.posts
      .filter((p) => p.outcome === "unknown")
      .map(({ questionId, post }) => ({
        questionId,
        platform: post.platform,
        conversationId: post.conversationId,
        key: reminderKey(post),
      })),
    failed: run.posts
      .filter((p) => p.outcome === "failed")
      .map(({ questionId, post }) => ({
        questionId,
        platform: post.platform,
        conversationId: post.conversationId,
      })),
  };
}
