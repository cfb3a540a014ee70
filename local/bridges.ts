/**
 * The real Lambda handlers, served from the local server: Slack's events handler and worker joined by
 * an in-process queue, the Teams messaging endpoint, and the weekly digest run on demand. A platform
 * that is not configured gets a sentence saying what to set, never an unauthenticated endpoint.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Pathfinder } from "../app/types.ts";
import { createInProcessSlack, serveSlackEvents } from "../bots/slack/local-bridge.ts";
import type { InProcessWorkQueue } from "../bots/slack/work-queue.ts";
import type { WorkerLog } from "../bots/slack/worker.ts";
import type { TeamsHandler } from "../bots/teams/handler.ts";
import type { Secrets } from "../config/secrets.ts";
import { createDigestPosters } from "../digest/posters.ts";
import type { DigestRunResult } from "../digest/weekly-run.ts";
import { makeDigestHandler } from "../functions/weekly-digest.ts";
import { HttpError, readBody, sendJson } from "./http-io.ts";

/** A bridge that is either wired to its handler or explains why not. */
export type Bridge<T> = { ready: true; value: T } | { ready: false; reason: string };

/** The platform endpoints a local run serves. */
export interface LocalBridges {
  slack: Bridge<{
    serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
    queue: InProcessWorkQueue;
  }>;
  teams: Bridge<{ serve(req: IncomingMessage, res: ServerResponse): Promise<void> }>;
  /** Runs the scheduled weekly digest now (`{ "week": "2026-W47" }` for a given week). */
  runDigest(event: unknown): Promise<DigestRunResult>;
}

/** Options for the bridges. */
export interface BridgeOptions {
  /** Listening beyond loopback: anonymous Teams (TEAMS_ALLOW_ANONYMOUS) is then refused. */
  exposed: boolean;
  log: WorkerLog;
}

/** Why Slack is off when its secrets are missing (shown on the page and answered to requests). */
export const SLACK_NOT_CONFIGURED =
  "Slack is not connected: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (and SLACK_API_URL to use a stand-in Slack) and restart. " +
  "Without a signing secret no Slack request can be verified, so /slack/events refuses them all.";

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A Node request as the API Gateway HTTP API / Function URL event (payload 2.0) the Teams handler takes. */
export function toHttpApiEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: crypto.randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
    body: body.toString("utf8"),
  };
}

async function serveTeams(handler: TeamsHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") throw new HttpError(405, "POST a Bot Framework activity here.");
  const body = await readBody(req, 512 * 1024);
  const out = await handler(toHttpApiEvent(req, body));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers ?? {})) headers[name] = String(value);
  res.writeHead(out.statusCode ?? 200, headers);
  res.end(out.body ?? "");
}

function slackBridge(pathfinder: Pathfinder, secrets: Secrets, log: WorkerLog): LocalBridges["slack"] {
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
    return { ready: false, reason: `Slack is not connected: ${describe(error)}` };
  }
}

async function teamsBridge(
  pathfinder: Pathfinder,
  secrets: Secrets,
  options: BridgeOptions,
): Promise<LocalBridges["teams"]> {
  const { teams } = pathfinder.config;
  if (!teams.appId && teams.allowAnonymous && options.exposed) {
    return {
      ready: false,
      reason:
        "Teams is not connected: TEAMS_ALLOW_ANONYMOUS only works while Pathfinder listens on 127.0.0.1 " +
        "(anyone who can reach this address could otherwise talk to the bot unauthenticated). " +
        "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to use --host.",
    };
  }
  try {
    // Loaded on demand: botbuilder is large, and a Teams problem must not keep the playground from starting.
    const { makeTeamsHandler } = await import("../bots/teams/handler.ts");
    const handler = makeTeamsHandler(
      {
        core: pathfinder.core,
        peer: pathfinder.peer,
        secrets,
        log: { error: (message, detail) => options.log.error(message, detail ?? {}) },
      },
      pathfinder.config,
    );
    return { ready: true, value: { serve: (req, res) => serveTeams(handler, req, res) } };
  } catch (error) {
    return { ready: false, reason: `Teams is not connected: ${describe(error)}` };
  }
}

/** Wires the bridges to the assembled application. */
export async function createLocalBridges(
  pathfinder: Pathfinder,
  secrets: Secrets,
  options: BridgeOptions,
): Promise<LocalBridges> {
  const digest = makeDigestHandler(
    {
      stats: pathfinder.peer.stats,
      subscriptions: pathfinder.peer.subscriptions,
      idempotency: pathfinder.peer.idempotency,
      posters: createDigestPosters(pathfinder.config, secrets),
      // The same structured logger the Lambda uses (LOG_LEVEL applies).
      logger: new Logger({ serviceName: "weekly-digest" }),
    },
    // Locally a person is waiting for the answer: retry briefly rather than for the scheduler's minutes.
    { retry: { attempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 } },
  );
  return {
    slack: slackBridge(pathfinder, secrets, options.log),
    teams: await teamsBridge(pathfinder, secrets, options),
    runDigest: digest,
  };
}

/** Answers a bridge that is not configured: 503 with the reason, as JSON. */
export function sendUnavailable(res: ServerResponse, reason: string): void {
  sendJson(res, 503, { error: reason });
}
