/**
 * Serves Slack's requests from a plain Node HTTP server (`npm start`) through the very handler
 * Lambda runs: the request becomes a Function URL event, the handler's answer the response.
 * `createInProcessSlack` wires that handler to the worker with an in-process queue.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../../config/config.ts";
import { ConfigError } from "../../config/config.ts";
import type { Secrets } from "../../config/secrets.ts";
import type { PeerServices } from "../../peer/ports.ts";
import type { Core } from "../core/reply.ts";
import { createSlackDelivery } from "./deliver.ts";
import { type AwsEvent, makeSlackEventsHandler, type SlackEventsHandler } from "./events-app.ts";
import { createSlackClient, slackApiUrl } from "./web-client.ts";
import { type InProcessWorkQueue, inProcessWorkQueue } from "./work-queue.ts";
import { makeSlackWorker, type SlackWorker, type WorkerLog } from "./worker.ts";

/** Slack's requests are small; anything bigger is refused before it is buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Raised when a request body is over the limit. */
export class BodyTooLargeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BodyTooLargeError";
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A Node request as the Lambda Function URL event (payload format 2.0) the handler expects. */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): AwsEvent {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    requestContext: { http: { method: req.method ?? "GET", path: url.pathname } },
    isBase64Encoded: false,
    body: body.toString("utf8"),
  };
}

/** Answers one `POST /slack/events` request through `handler`. */
export async function serveSlackEvents(
  handler: SlackEventsHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== "POST") {
    res.writeHead(405, { allow: "POST" }).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (error) {
    res.writeHead(error instanceof BodyTooLargeError ? 413 : 400).end();
    return;
  }
  const out = await handler(toFunctionUrlEvent(req, body), {});
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers ?? {})) headers[name] = String(value);
  res.writeHead(out.statusCode, headers);
  res.end(out.isBase64Encoded ? Buffer.from(out.body, "base64") : out.body);
}

export interface InProcessSlackOptions {
  core: Core;
  peer: PeerServices;
  config: Config;
  secrets: Pick<Secrets, "slackSigningSecret" | "slackBotToken">;
  log?: WorkerLog;
}

/** The Slack events handler and worker in one process, joined by an in-process queue. */
export function createInProcessSlack(options: InProcessSlackOptions): {
  handler: SlackEventsHandler;
  queue: InProcessWorkQueue;
  worker: SlackWorker;
} {
  const { config, secrets } = options;
  if (!secrets.slackSigningSecret) throw new ConfigError("SLACK_SIGNING_SECRET is not set");
  if (!secrets.slackBotToken) throw new ConfigError("SLACK_BOT_TOKEN is not set");
  const client = createSlackClient(secrets.slackBotToken, config, { retries: 0 });
  const delivery = createSlackDelivery({
    client,
    // A fake or proxy Slack (SLACK_API_URL) also serves response_urls.
    responseOrigins: config.slack.apiUrl ? [new URL(slackApiUrl(config)).origin] : [],
    ...(options.log
      ? { log: (m: string, d?: Record<string, unknown>) => options.log?.warn(m, d ?? {}) }
      : {}),
  });
  const worker = makeSlackWorker({
    core: options.core,
    peer: options.peer,
    delivery,
    ...(options.log ? { log: options.log } : {}),
  });
  const queue = inProcessWorkQueue(worker.run, (error) =>
    (options.log ?? console).error("Slack job failed", { error: String(error) }),
  );
  const handler = makeSlackEventsHandler(
    { queue, signingSecret: secrets.slackSigningSecret, ...(options.log ? { log: options.log } : {}) },
    config,
  );
  return { handler, queue, worker };
}
