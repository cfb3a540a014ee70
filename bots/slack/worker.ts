/**
 * The Slack worker: runs queued jobs (SQS on Lambda, in-process locally). It claims the job's
 * idempotency keys *in progress* (they expire with the invocation), asks core, delivers the replies and
 * outbound messages, and only then marks the keys completed. A failure gives the claims back and
 * rethrows, so SQS redelivers; when the Lambda dies instead (timeout, out of memory) or DynamoDB is down
 * when the claims should be given back, they lapse at the invocation's deadline, so the redelivery is
 * processed rather than dropped as a duplicate. Each delivery is completed as soon as it is posted, so a
 * retry never posts a reply twice. The last attempt that fails apologises, once.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { loadRoles, type Roles } from "../../config/roles.ts";
import type { Network } from "../../peer/network-ports.ts";
import type { PeerServices } from "../../peer/ports.ts";
import {
  ClaimInProgressError,
  type IdempotencyStore,
  type ScopedIdempotency,
} from "../../store/idempotency.ts";
import { textReply } from "../core/replies.ts";
import type { Core, CoreResult } from "../core/reply.ts";
import { type SlackDelivery, SlackRateLimitedError } from "./deliver.ts";
import { buildHomeView } from "./home.ts";
import { type SlackJob, slackJobSchema } from "./jobs.ts";
import { runFormJob } from "./network-jobs.ts";

/** The few log methods the worker uses (Powertools' Logger and console both fit). */
export interface WorkerLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface SlackWorkerDeps {
  core: Core;
  peer: Pick<PeerServices, "ambassadors" | "idempotency" | "introductions" | "obstacles"> &
    Partial<Pick<PeerServices, "network" | "community">>;
  /** Who sees the editors' sections on App Home (answers to review, gaps). */
  roles?: Pick<Roles, "isCoordinator">;
  /**
   * Claims with in-progress expiry (store/idempotency.ts). Defaults to `peer.idempotency` when that is the
   * DynamoDB store; a plain port (in-memory fakes) gets claims that complete at once, as before.
   */
  idempotency?: IdempotencyStore;
  delivery: SlackDelivery;
  /**
   * Whether a channel thread is one Pathfinder tracks (an open question it posted to the ambassadors' channel);
   * defaults to `peer.network`. Thread replies that did not mention Pathfinder are handled only when it says so;
   * with neither, they are all dropped (no reply, no write).
   */
  trackedThreads?: TrackedThreads;
  /**
   * Puts an SQS message back after `seconds` (ChangeMessageVisibility): how a long Slack rate limit is
   * waited out without holding the Lambda. Without it the record simply fails and SQS's timeout applies.
   */
  deferMessage?: (record: SQSRecord, seconds: number) => Promise<void>;
  log?: WorkerLog;
  now?: () => Date;
}

export interface SlackWorkerOptions {
  /** Deliveries before SQS moves a message to the dead-letter queue (match the queue's redrive policy). */
  maxReceiveCount?: number;
  /** The work budget when no Lambda context says how long is left (in-process runs, tests). */
  defaultBudgetMs?: number;
}

/** The cheap read that decides whether a thread reply is Pathfinder's business (one key read, peer.network). */
export type TrackedThreads = Pick<Network, "isTrackedThread">;

/** What happened to a job ("ignored": a thread reply in a thread Pathfinder does not track). */
export type JobOutcome = "done" | "duplicate" | "failed" | "ignored";

/** One attempt at a job: whether SQS will give it another, and when this invocation ends. */
export interface JobAttempt {
  final: boolean;
  /** The invocation's deadline: in-progress claims lapse then. Defaults to now + defaultBudgetMs. */
  deadline?: Date;
  /** An earlier attempt may have got part-way (SQS redelivery): posts look for their earlier copy first. */
  redelivered?: boolean;
}

/** The message a person gets when their request failed for good. */
export const APOLOGY =
  "Sorry, something went wrong on my side and I couldn't finish that. Please try again in a few minutes.";

/** Raised for an SQS message that is not a Slack job (it is dropped, not retried: it never will be). */
export class MalformedJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MalformedJobError";
  }
}

/** Parses an SQS body into a job (the zod schema in jobs.ts is the boundary). */
export function parseJob(body: string): SlackJob {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (cause) {
    throw new MalformedJobError("SQS message is not JSON", { cause });
  }
  const parsed = slackJobSchema.safeParse(raw);
  if (!parsed.success) {
    const kind = (raw as { kind?: unknown } | null)?.kind;
    throw new MalformedJobError(`Not a Slack job (kind ${String(kind)}): ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  // The schema checks what the worker routes on; the request types are core's (looser objects pass through).
  return parsed.data as SlackJob;
}

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };

function isIdempotencyStore(value: unknown): value is IdempotencyStore {
  return typeof (value as { scope?: unknown }).scope === "function";
}

/** A plain port behind the scope interface: claims complete at once (the old behaviour, for fakes). */
function completedClaims(port: SlackWorkerDeps["peer"]["idempotency"]): IdempotencyStore {
  return {
    ...port,
    scope() {
      const held = new Set<string>();
      const scope: ScopedIdempotency = {
        get held() {
          return [...held];
        },
        async claim(key) {
          const won = await port.claim(key);
          if (won) held.add(key);
          return won;
        },
        async release(key) {
          await port.release(key);
          held.delete(key);
        },
        async complete(key) {
          held.delete(key);
        },
        async commit() {
          held.clear();
        },
        async abandon() {
          const keys = [...held];
          const out = await Promise.allSettled(keys.map((key) => port.release(key)));
          held.clear();
          return keys.filter((_, i) => out[i]?.status === "rejected");
        },
      };
      return scope;
    },
  };
}

/** Builds the worker: `run` for one job, `handler` for an SQS batch. */
export function makeSlackWorker(deps: SlackWorkerDeps, options: SlackWorkerOptions = {}) {
  const { core, peer, delivery } = deps;
  const log = deps.log ?? quiet;
  const now = deps.now ?? (() => new Date());
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  // The same editors core recognises (it reads PATHFINDER_COORDINATORS the same way by default).
  const roles = deps.roles ?? loadRoles(process.env);
  const defaultBudgetMs = options.defaultBudgetMs ?? 60_000;
  const store =
    deps.idempotency ??
    (isIdempotencyStore(peer.idempotency) ? peer.idempotency : completedClaims(peer.idempotency));

  async function publishHome(userId: string): Promise<void> {
    const user = { platform: "slack" as const, userId };
    const view = await buildHomeView(peer, user, now(), { editor: roles.isCoordinator(user) });
    await delivery.publishHome(userId, view);
  }

  /**
   * Runs `send` at most once per key, across retries: claimed in progress, completed as soon as it is sent.
   * Returns whether it was sent now.
   */
  async function once(scope: ScopedIdempotency, key: string, send: () => Promise<void>): Promise<boolean> {
    if (!(await scope.claim(key))) return false;
    await send();
    // Sent: from here a failure must not lead to a second post. If DynamoDB cannot record it, the
    // in-progress claim lapses at the deadline; deliver.ts then finds the earlier post before re-sending.
    await scope
      .complete(key)
      .catch((error: unknown) =>
        log.warn("could not mark a Slack delivery completed", { key, error: String(error) }),
      );
    return true;
  }

  /** Delivers the replies, then the outbox, each at most once. */
  async function deliver(
    scope: ScopedIdempotency,
    job: Exclude<SlackJob, { kind: "home" }>,
    result: CoreResult,
    mayHaveBeenSent: boolean,
  ): Promise<void> {
    const id = job.keys[0] ?? "job";
    for (const [i, reply] of result.replies.entries()) {
      const key = `${id}:reply:${i}`;
      await once(scope, key, () => delivery.reply(job.target, reply, { key, mayHaveBeenSent }));
    }
    for (const [i, message] of result.outbox.entries()) {
      const key = message.key ? `outbox:${message.key}` : `${id}:outbox:${i}`;
      await once(scope, key, async () => {
        const at = await delivery.outbound(message, { key, mayHaveBeenSent });
        // A tracked post (an open question): core learns its thread so replies there can be routed back.
        if (at && message.kind === "channel" && message.track) await core.handlePosted(message.track, at);
      });
    }
  }

  async function run(job: SlackJob, attempt: JobAttempt = { final: false }): Promise<JobOutcome> {
    if (job.kind === "home") {
      await publishHome(job.userId);
      return "done";
    }
    if (job.kind === "message" && job.onlyIfTracked) {
      const threadId = job.request.conversation.threadId;
      const tracked =
        threadId !== undefined &&
        (await (deps.trackedThreads ?? peer.network)?.isTrackedThread(
          "slack",
          job.request.conversation.id,
          threadId,
        ));
      // Ordinary channel chatter: checked before any claim, so it costs one read and writes nothing.
      if (!tracked) return "ignored";
    }
    const name = job.keys[0];
    const deadline = attempt.deadline ?? new Date(now().getTime() + defaultBudgetMs);
    const scope = store.scope({ deadline, now });
    let replied = false;
    try {
      for (const key of job.keys) {
        if (!(await scope.claim(key))) {
          log.info("duplicate Slack delivery ignored", { key });
          // Keys this job took before meeting the completed one belong to the same event: done too.
          await scope.commit();
          return "duplicate";
        }
      }
      if (job.kind === "message" && job.react)
        await delivery.acknowledge(job.react.channel, job.react.timestamp);
      const result =
        job.kind === "message"
          ? await core.handleMessage(job.request)
          : job.kind === "action"
            ? await core.handleAction(job.request)
            : await runFormJob(job, { core, delivery });
      await deliver(scope, job, result, attempt.redelivered ?? false);
      replied = true;
      await scope.commit();
    } catch (error) {
      const unreleased = replied ? [] : await scope.abandon();
      if (replied) {
        // Everything was delivered; only the final bookkeeping failed. The claims lapse at the deadline.
        log.warn("Slack job done but its claims could not be completed", { key: name, error: String(error) });
        return "done";
      }
      log.error("Slack job failed", {
        key: name,
        final: attempt.final,
        unreleasedClaims: unreleased.length,
        error: String(error),
      });
      // Another invocation is working on it now: not ours to apologise for, and not a duplicate yet.
      if (!attempt.final || error instanceof ClaimInProgressError) throw error;
      // The last attempt: the person hears from us exactly once. If even this fails, the record goes to the
      // dead-letter queue (the error is rethrown), where it is visible.
      const apologise = () => delivery.reply(job.target, textReply(APOLOGY), { key: `${name}:apology` });
      // One more try if the apology fails: an ephemeral reply cannot be looked up, and told twice beats never.
      await apologise().catch(apologise);
      log.info("apologised for a failed Slack job", { key: name });
      return "failed";
    }
    // A form submitted from a modal App Home opened (an editor's Edit) changes what Home lists: refreshed too.
    const fromHome = job.kind === "form-submit" && job.request.conversation.id.startsWith("home:");
    if ((job.kind === "action" && job.refreshHome) || fromHome) {
      await publishHome(job.request.actor.userId).catch((error: unknown) =>
        log.warn("could not refresh App Home", { error: String(error) }),
      );
    }
    return "done";
  }

  async function runRecord(record: SQSRecord, context?: Partial<Context>): Promise<void> {
    let job: SlackJob;
    try {
      job = parseJob(record.body);
    } catch (error) {
      log.error("dropping a malformed Slack job", { messageId: record.messageId, error: String(error) });
      return;
    }
    const received = Number(record.attributes?.ApproximateReceiveCount ?? "1");
    const remaining = context?.getRemainingTimeInMillis?.();
    const deadline = remaining === undefined ? undefined : new Date(now().getTime() + remaining);
    try {
      await run(job, {
        final: received >= maxReceiveCount,
        redelivered: received > 1,
        ...(deadline ? { deadline } : {}),
      });
    } catch (error) {
      if (error instanceof SlackRateLimitedError && deps.deferMessage) {
        // Slack asked for a long pause: the message comes back when the window has passed.
        await deps
          .deferMessage(record, error.retryAfterSeconds)
          .catch((deferError: unknown) =>
            log.warn("could not defer a rate-limited Slack job", { error: String(deferError) }),
          );
      }
      throw error;
    }
  }

  /** SQS event handler with partial batch failure reporting (Powertools Batch; ReportBatchItemFailures). */
  async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
    // A processor per invocation: it keeps the batch's state, and in-process runs may overlap.
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, (record: SQSRecord) => runRecord(record, context), processor, {
      // Every record failing is an ordinary outcome here (an outage): report them, do not throw.
      throwOnFullBatchFailure: false,
    });
  }

  return { run, handler };
}

export type SlackWorker = ReturnType<typeof makeSlackWorker>;
