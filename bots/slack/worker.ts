/**
 * The Slack worker: runs queued jobs (SQS on Lambda, in-process locally). It claims the job's
 * idempotency keys, asks core, and delivers the replies and outbound messages. A failure
 * releases the claims and rethrows, so SQS redelivers and the retry can do the work; each
 * delivery is claimed too, so a retry never posts a reply twice.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { PeerServices } from "../../peer/ports.ts";
import { textReply } from "../core/replies.ts";
import type { Core, CoreResult } from "../core/reply.ts";
import type { SlackDelivery } from "./deliver.ts";
import { buildHomeView } from "./home.ts";
import type { SlackJob } from "./jobs.ts";

/** The few log methods the worker uses (Powertools' Logger and console both fit). */
export interface WorkerLog {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

export interface SlackWorkerDeps {
  core: Core;
  peer: Pick<PeerServices, "idempotency" | "introductions" | "obstacles">;
  delivery: SlackDelivery;
  log?: WorkerLog;
}

export interface SlackWorkerOptions {
  /** Deliveries before SQS moves a message to the dead-letter queue (match the queue's redrive policy). */
  maxReceiveCount?: number;
}

/** What happened to a job. */
export type JobOutcome = "done" | "duplicate" | "failed";

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

/** Parses an SQS body into a job. */
export function parseJob(body: string): SlackJob {
  let job: unknown;
  try {
    job = JSON.parse(body);
  } catch (cause) {
    throw new MalformedJobError("SQS message is not JSON", { cause });
  }
  const kind = (job as { kind?: unknown } | null)?.kind;
  if (kind !== "message" && kind !== "action" && kind !== "home") {
    throw new MalformedJobError(`Unknown Slack job kind: ${String(kind)}`);
  }
  return job as SlackJob;
}

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };

/** Builds the worker: `run` for one job, `handler` for an SQS batch. */
export function makeSlackWorker(deps: SlackWorkerDeps, options: SlackWorkerOptions = {}) {
  const { core, peer, delivery } = deps;
  const log = deps.log ?? quiet;
  const maxReceiveCount = options.maxReceiveCount ?? 3;

  async function publishHome(userId: string): Promise<void> {
    const view = await buildHomeView(peer, { platform: "slack", userId });
    await delivery.publishHome(userId, view);
  }

  /** Runs `send` at most once per key, across retries. */
  async function once(key: string, send: () => Promise<void>): Promise<void> {
    if (!(await peer.idempotency.claim(key))) return;
    try {
      await send();
    } catch (error) {
      await peer.idempotency.release(key);
      throw error;
    }
  }

  async function deliver(job: Exclude<SlackJob, { kind: "home" }>, result: CoreResult): Promise<void> {
    const id = job.keys[0] ?? "job";
    for (const [i, reply] of result.replies.entries()) {
      await once(`${id}:reply:${i}`, () => delivery.reply(job.target, reply));
    }
    for (const [i, message] of result.outbox.entries()) {
      await once(message.key ? `outbox:${message.key}` : `${id}:outbox:${i}`, () =>
        delivery.outbound(message),
      );
    }
  }

  async function run(job: SlackJob, attempt: { final: boolean } = { final: false }): Promise<JobOutcome> {
    if (job.kind === "home") {
      await publishHome(job.userId);
      return "done";
    }
    const claimed: string[] = [];
    for (const key of job.keys) {
      if (!(await peer.idempotency.claim(key))) {
        log.info("duplicate Slack delivery ignored", { key });
        return "duplicate";
      }
      claimed.push(key);
    }
    try {
      if (job.kind === "message" && job.react)
        await delivery.acknowledge(job.react.channel, job.react.timestamp);
      const result =
        job.kind === "message" ? await core.handleMessage(job.request) : await core.handleAction(job.request);
      await deliver(job, result);
    } catch (error) {
      await Promise.allSettled(claimed.map((key) => peer.idempotency.release(key)));
      log.error("Slack job failed", { key: claimed[0], final: attempt.final, error: String(error) });
      if (!attempt.final) throw error;
      await delivery.reply(job.target, textReply(APOLOGY)).catch(() => undefined);
      return "failed";
    }
    if (job.kind === "action" && job.refreshHome) {
      await publishHome(job.request.actor.userId).catch((error: unknown) =>
        log.warn("could not refresh App Home", { error: String(error) }),
      );
    }
    return "done";
  }

  async function runRecord(record: SQSRecord): Promise<void> {
    let job: SlackJob;
    try {
      job = parseJob(record.body);
    } catch (error) {
      log.error("dropping a malformed Slack job", { messageId: record.messageId, error: String(error) });
      return;
    }
    const received = Number(record.attributes?.ApproximateReceiveCount ?? "1");
    await run(job, { final: received >= maxReceiveCount });
  }

  /** SQS event handler with partial batch failure reporting (ReportBatchItemFailures). */
  async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
    const outcomes = await Promise.allSettled(event.Records.map(runRecord));
    const batchItemFailures = outcomes.flatMap((outcome, i) =>
      outcome.status === "rejected" ? [{ itemIdentifier: event.Records[i]?.messageId ?? "" }] : [],
    );
    return { batchItemFailures };
  }

  return { run, handler };
}

export type SlackWorker = ReturnType<typeof makeSlackWorker>;
