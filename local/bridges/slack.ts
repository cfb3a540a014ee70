/**
 * The Slack bridge of the local server: the real events handler and worker in one process, joined by an
 * in-process queue instead of SQS, and served over plain HTTP as the Lambda Function URL would serve them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pathfinder } from "../../app/types.ts";
import type { Core } from "../../bots/core/reply.ts";
import { createSlackDelivery } from "../../bots/slack/deliver.ts";
import {
  type AwsEvent,
  makeSlackEventsHandler,
  type SlackEventsHandler,
} from "../../bots/slack/events-app.ts";
import { webClientModalOpener } from "../../bots/slack/network-events.ts";
import { createSlackClient, slackApiUrl } from "../../bots/slack/web-client.ts";
import { type InProcessWorkQueue, inProcessWorkQueue } from "../../bots/slack/work-queue.ts";
import {
  makeSlackWorker,
  type SlackWorker,
  type TrackedThreads,
  type WorkerLog,
} from "../../bots/slack/worker.ts";
import type { Config } from "../../config/config.ts";
import { ConfigError } from "../../config/config.ts";
import type { Secrets } from "../../config/secrets.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { HttpError, readBody } from "../http-io.ts";
import type { Bridge } from "./types.ts";

/** Slack's requests are small; anything bigger is refused before it is buffered. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Why Slack is off when its secrets are missing (shown on the page and answered to requests). */
export const SLACK_NOT_CONFIGURED =
  "Slack is not connected: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (and SLACK_API_URL to use a stand-in Slack) and restart. " +
  "Without a signing secret no Slack request can be verified, so /slack/events refuses them all.";

/** The Slack bridge: the events endpoint and the in-process queue the worker drains. */
export type SlackBridge = Bridge<{
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
  queue: InProcessWorkQueue;
}>;

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
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    res.writeHead(error instanceof HttpError ? error.status : 400).end();
    return;
  }
  const out = await handler(toFunctionUrlEvent(req, body), {});
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers ?? {})) headers[name] = String(value);
  res.writeHead(out.statusCode, headers);
  res.end(out.isBase64Encoded ? Buffer.from(out.body, "base64") : out.body);
}

/** What the in-process Slack app is built from. */
export interface InProcessSlackOptions {
  core: Core;
  peer: PeerServices;
  config: Config;
  secrets: Pick<Secrets, "slackSigningSecret" | "slackBotToken">;
  log?: WorkerLog;
  /** Which channel threads are open questions (replies there reach core without a mention). */
  trackedThreads?: TrackedThreads;
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
    ...(options.trackedThreads ? { trackedThreads: options.trackedThreads } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const queue = inProcessWorkQueue(worker.run, (error) =>
    (options.log ?? console).error("Slack job failed", { error: String(error) }),
  );
  const handler = makeSlackEventsHandler(
    {
      queue,
      signingSecret: secrets.slackSigningSecret,
      // The same client as the worker's: Slack's 3 s trigger leaves no time for retries.
      views: webClientModalOpener(client),
      ...(options.log ? { log: options.log } : {}),
    },
    config,
  );
  return { handler, queue, worker };
}

/** Wires Slack to the assembled application, or says which secrets are missing. */
export function slackBridge(pathfinder: Pathfinder, secrets: Secrets, log: WorkerLog): SlackBridge {
  if (!secrets.slackSigningSecret || !secrets.slackBotToken)
    return { ready: false, reason: SLACK_NOT_CONFIGURED };
  try {
    const { handler, queue } = createInProcessSlack({
      core: pathfinder.core,
      peer: pathfinder.peer,
      config: pathfinder.config,
      secrets,
      log,
    });
    return { ready: true, value: { serve: (req, res) => serveSlackEvents(handler, req, res), queue } };
  } catch (error) {
    return {
      ready: false,
      reason: `Slack is not connected: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
