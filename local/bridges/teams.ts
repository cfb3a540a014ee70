/**
 * The Teams bridge of the local server: the real Bot Framework messaging handler, served over plain HTTP as the
 * Lambda Function URL would serve it. Anonymous Teams (the Bot Framework Emulator) only on loopback.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Pathfinder } from "../../app/types.ts";
import type { TeamsHandler } from "../../bots/teams/handler.ts";
import type { Secrets } from "../../config/secrets.ts";
import { HttpError, readBody } from "../http-io.ts";
import type { Bridge, BridgeOptions } from "./types.ts";

/** The Teams bridge: the messaging endpoint. */
export type TeamsBridge = Bridge<{ serve(req: IncomingMessage, res: ServerResponse): Promise<void> }>;

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

/** What the playground and `npm start` say when no Teams bot registration is configured. */
export const TEAMS_NOT_CONFIGURED =
  "Teams: not connected (set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID for your bot " +
  "registration, or TEAMS_ALLOW_ANONYMOUS=true to try it with the Bot Framework Emulator on 127.0.0.1).";

/** Wires Teams to the assembled application, or says why it is off. */
export async function teamsBridge(
  pathfinder: Pathfinder,
  secrets: Secrets,
  options: BridgeOptions,
): Promise<TeamsBridge> {
  const { teams } = pathfinder.config;
  // Not configured is the normal local state, not an error: say how to connect, in the playground's footer.
  if (!teams.appId && !teams.allowAnonymous) return { ready: false, reason: TEAMS_NOT_CONFIGURED };
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
    const { makeTeamsHandler } = await import("../../bots/teams/handler.ts");
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
    return {
      ready: false,
      reason: `Teams is not connected: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
