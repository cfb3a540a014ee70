/**
 * The queue between the events handler (which must answer Slack within 3 s) and the worker
 * (which may take longer: retrieval, OpenAI, posting). SQS on Lambda; in-process for
 * `npm start` and tests, running the worker directly after the request is answered.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SlackJob } from "./jobs.ts";

/** Where the events handler puts slow work. */
export interface WorkQueue {
  send(job: SlackJob): Promise<void>;
}

/** Raised when a job cannot be queued; the events handler answers 500 so Slack retries. */
export class QueueError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "QueueError";
  }
}

/** SQS allows 256 KiB per message; a job above this is a bug (Slack's own payloads are far smaller). */
const SQS_MAX_BYTES = 256 * 1024;

/** Sends jobs to an SQS queue as JSON. */
export function sqsWorkQueue(options: { client: SQSClient; queueUrl: string }): WorkQueue {
  return {
    async send(job) {
      const body = JSON.stringify(job);
      if (Buffer.byteLength(body) > SQS_MAX_BYTES) {
        throw new QueueError(`Slack job of ${Buffer.byteLength(body)} bytes exceeds the SQS limit`);
      }
      try {
        await options.client.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body }));
      } catch (cause) {
        throw new QueueError("Could not queue Slack work on SQS", { cause });
      }
    },
  };
}

/** An in-process queue: runs each job after the request that queued it has been answered. */
export interface InProcessWorkQueue extends WorkQueue {
  /** Resolves when every job sent so far (and any they caused) has finished. */
  drain(): Promise<void>;
}

/**
 * Runs jobs in this process. `run` is the worker; its failures are reported to `onError`
 * (there is no redelivery here, so the worker is told this is the final attempt).
 */
export function inProcessWorkQueue(
  run: (job: SlackJob, attempt: { final: boolean }) => Promise<unknown>,
  onError: (error: unknown, job: SlackJob) => void = (error) => console.error("Slack job failed", error),
): InProcessWorkQueue {
  const pending = new Set<Promise<void>>();
  return {
    async send(job) {
      // Round-trip through JSON, as SQS would, so nothing works locally that would break on Lambda.
      const copy = JSON.parse(JSON.stringify(job)) as SlackJob;
      const task = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(copy, { final: true }))
        .then(
          () => undefined,
          (error: unknown) => onError(error, copy),
        )
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
