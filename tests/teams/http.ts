/**
 * Lambda HTTP events (Function URL, payload format 2.0) carrying Teams activities, for handler tests, and the
 * offline Bot Framework channel they go through: tokens signed by the fake OpenID metadata, replies caught by
 * the fake Bot Connector.
 */

import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Activity } from "botbuilder";
import type { TeamsHandler, TeamsHandlerDeps } from "../../bots/teams/handler.ts";
import { type FakeBotConnector, OfflineCredentialsFactory } from "../support/fake-bot-connector.ts";
import type { FakeOpenId } from "../support/fake-openid.ts";
import { fixture } from "./fakes.ts";

/** The fake channel a handler test talks through, for the bot `appId`. */
export interface OfflineChannel {
  appId: string;
  openId: Pick<FakeOpenId, "metadataUrl" | "sign">;
  connector: Pick<FakeBotConnector, "serviceUrl" | "activities">;
}

/**
 * makeTeamsHandler's authentication deps for `channel`: inbound tokens checked against the fake OpenID
 * metadata, outbound calls signed with a fixed token (the password is never used).
 */
export function offlineAuth(
  channel: Pick<OfflineChannel, "appId" | "openId">,
): Pick<TeamsHandlerDeps, "secrets" | "credentialsFactory" | "channelAuth"> {
  return {
    secrets: { teamsAppPassword: "unused-offline" },
    credentialsFactory: new OfflineCredentialsFactory(channel.appId),
    channelAuth: { openIdMetadataUrl: channel.openId.metadataUrl },
  };
}

/** A token as the Bot Framework channel signs it for this bot and the connector's serviceUrl (`claims` override). */
export function channelToken(channel: OfflineChannel, claims: Record<string, unknown> = {}): string {
  return channel.openId.sign({ aud: channel.appId, serviceurl: channel.connector.serviceUrl, ...claims });
}

/** A Function URL event POSTing `activity` as the channel does: signed for the bot. */
export function signedEvent(
  channel: OfflineChannel,
  activity: Partial<Activity>,
  options: { base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  return functionUrlEvent(activity, { ...options, token: channelToken(channel) });
}

/** A Function URL event POSTing `activity` with an optional bearer token. */
export function functionUrlEvent(
  activity: Partial<Activity> | string,
  options: { token?: string; method?: string; base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? "POST";
  const json = typeof activity === "string" ? activity : JSON.stringify(activity);
  const headers: Record<string, string> = { "content-type": "application/json", host: "lambda-url.local" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/api/messages",
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "lambda-url",
      domainName: "lambda-url.local",
      domainPrefix: "lambda-url",
      http: { method, path: "/api/messages", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "02/Mar/2026:09:15:00 +0000",
      timeEpoch: 1_772_442_900_000,
    },
    body: options.base64 ? Buffer.from(json).toString("base64") : json,
    isBase64Encoded: Boolean(options.base64),
  };
}

/**
 * Sends fixture `name` through `handle` as the channel does (signed, aimed at the fake connector, with a fresh id
 * as each new message or click has) and returns the HTTP result and every activity the connector took meanwhile.
 */
export async function sendFixture(
  handle: TeamsHandler,
  channel: OfflineChannel,
  name: string,
  overrides: Partial<Activity> = {},
) {
  const activity = fixture(name, {
    id: `act-${randomUUID()}`,
    serviceUrl: channel.connector.serviceUrl,
    ...overrides,
  });
  const before = channel.connector.activities.length;
  const result = await handle(signedEvent(channel, activity));
  return { result, posted: channel.connector.activities.slice(before) };
}
