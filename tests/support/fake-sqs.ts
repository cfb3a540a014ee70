/**
 * A stand-in for an SQS queue and its Lambda event source mapping, on 127.0.0.1: the real SQSClient
 * sends to it (AWS JSON protocol: SendMessage, ChangeMessageVisibility), and pollers hand batches to a
 * Lambda handler the way the event source mapping does: batches of `batchSize`, `concurrency` at a time,
 * failed items (ReportBatchItemFailures) back after the visibility timeout, moved to the dead-letter
 * queue instead of a further receive once they have been received `maxReceiveCount` times.
 * Hand-written: no maintained local SQS runs without Docker or a JVM of its own here.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/** One message and what happened to it. */
export interface FakeSqsMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  deleted: boolean;
  dlq: boolean;
  /** Receipt handle of the latest receive (ChangeMessageVisibility names it). */
  receiptHandle: string;
}

export interface FakeSqsOptions {
  visibilityMs: number;
  maxReceiveCount: number;
  batchSize?: number;
  concurrency?: number;
  /** The Lambda timeout the handler's context reports (getRemainingTimeInMillis counts down from it). */
  lambdaTimeoutMs: number;
}

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the queue; call `start(handler)` to begin polling and `stop()` when done. */
export async function startFakeSqs(options: FakeSqsOptions) {
  const batchSize = options.batchSize ?? 5;
  const concurrency = options.concurrency ?? 5;
  const messages: FakeSqsMessage[] = [];
  const byReceipt = new Map<string, FakeSqsMessage>();
  let handlerErrors = 0;
  /** Checked after every batch and every dead-lettering, so callers wait on events, not on timers. */
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watch of [...watchers]) watch();
  };

  const server = createServer(async (req, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify(body));
    };
    if (target === "AmazonSQS.SendMessage") {
      const body = String(input.MessageBody ?? "");
      const message: FakeSqsMessage = {
        messageId: randomUUID(),
        body,
        receiveCount: 0,
        visibleAt: 0,
        deleted: false,
        dlq: false,
        receiptHandle: "",
      };
      messages.push(message);
      reply(200, {
        MessageId: message.messageId,
        MD5OfMessageBody: createHash("md5").update(body).digest("hex"),
      });
      return;
    }
    if (target === "AmazonSQS.ChangeMessageVisibility") {
      const message = byReceipt.get(String(input.ReceiptHandle));
      if (!message)
        return reply(400, { __type: "com.amazonaws.sqs#ReceiptHandleIsInvalid", message: "gone" });
      message.visibleAt = Date.now() + Number(input.VisibilityTimeout) * 1000;
      return reply(200, {});
    }
    reply(400, { __type: "com.amazonaws.sqs#UnsupportedOperation", message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function receive(): FakeSqsMessage[] {
    const now = Date.now();
    const out: FakeSqsMessage[] = [];
    for (const message of messages) {
      if (out.length >= batchSize) break;
      if (message.deleted || message.dlq || message.visibleAt > now) continue;
      if (message.receiveCount >= options.maxReceiveCount) {
        message.dlq = true; // the redrive policy moves it instead of a further receive
        queueMicrotask(notify);
        continue;
      }
      message.receiveCount += 1;
      message.visibleAt = now + options.visibilityMs;
      message.receiptHandle = `rh-${message.messageId}-${message.receiveCount}`;
      byReceipt.set(message.receiptHandle, message);
      out.push(message);
    }
    return out;
  }

  function record(message: FakeSqsMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: "0",
        SenderId: "local",
        ApproximateFirstReceiveTimestamp: "0",
      },
      messageAttributes: {},
      md5OfBody: createHash("md5").update(message.body).digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-2:000000000000:slack-work",
      awsRegion: "eu-west-2",
    };
  }

  let stopping = false;
  const pollers: Promise<void>[] = [];
  /** An idle poller looks again shortly, as a long poll returns when a message becomes visible. */
  const idle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

  return {
    /** Queue URL for SLACK_QUEUE_URL; AWS_ENDPOINT_URL_SQS = `origin`. */
    queueUrl: `${origin}/000000000000/slack-work`,
    origin,
    messages,
    get handlerErrors() {
      return handlerErrors;
    },
    /** True when every message sent so far is deleted or dead-lettered. */
    settled: () => messages.length > 0 && messages.every((m) => m.deleted || m.dlq),
    /** Resolves once `predicate` holds (checked now and after each batch), or rejects after `timeoutMs`. */
    until(predicate: () => boolean, timeoutMs: number): Promise<void> {
      return new Promise((resolve, reject) => {
        const watch = () => {
          if (!predicate()) return;
          watchers.delete(watch);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`fake SQS: condition not reached within ${timeoutMs} ms`));
        }, timeoutMs);
        watchers.add(watch);
        watch();
      });
    },
    start(handler: Handler) {
      for (let p = 0; p < concurrency; p++) {
        pollers.push(
          (async () => {
            while (!stopping) {
              const batch = receive();
              if (batch.length === 0) {
                await idle();
                continue;
              }
              const startedAt = Date.now();
              const context = {
                getRemainingTimeInMillis: () =>
                  Math.max(0, options.lambdaTimeoutMs - (Date.now() - startedAt)),
              } as Context;
              let failed: Set<string>;
              try {
                const out = await handler({ Records: batch.map(record) }, context);
                failed = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
              } catch {
                handlerErrors += 1;
                failed = new Set(batch.map((m) => m.messageId));
              }
              for (const message of batch) if (!failed.has(message.messageId)) message.deleted = true;
              notify();
            }
          })(),
        );
      }
    },
    async stop() {
      stopping = true;
      await Promise.all(pollers);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeSqs = Awaited<ReturnType<typeof startFakeSqs>>;
