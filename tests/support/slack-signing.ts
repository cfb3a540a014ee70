/**
 * Builds requests exactly as Slack sends them: signed with v0 HMAC-SHA256 over
 * `v0:<timestamp>:<raw body>` (https://docs.slack.dev/authentication/verifying-requests-from-slack),
 * wrapped in the Lambda Function URL (payload v2) event the handler receives.
 */
import { createHmac } from "node:crypto";
import type { AwsEvent } from "../../bots/slack/events-app.ts";

/** The signing secret tests use. */
export const TEST_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Slack's X-Slack-Signature for a body at a timestamp (seconds). */
export function slackSignature(body: string, timestamp: number, secret = TEST_SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SlackRequestOptions {
  contentType: "application/json" | "application/x-www-form-urlencoded";
  /** Seconds; defaults to now. */
  timestamp?: number;
  secret?: string;
  /** false: no signature headers at all. */
  signed?: boolean;
  /** Overrides the signature header (e.g. a wrong one). */
  signature?: string;
  /** X-Slack-Retry-Num / Reason, as Slack adds on redelivery. */
  retryNum?: number;
  base64?: boolean;
}

/** A Function URL event carrying `body` as Slack would send it. */
export function slackRequest(body: string, options: SlackRequestOptions): AwsEvent {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": options.contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
  if (options.signed !== false) {
    headers["x-slack-request-timestamp"] = String(timestamp);
    headers["x-slack-signature"] = options.signature ?? slackSignature(body, timestamp, options.secret);
  }
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/slack/events",
    rawQueryString: "",
    headers,
    requestContext: { http: { method: "POST", path: "/slack/events" } },
    isBase64Encoded: Boolean(options.base64),
    body: options.base64 ? Buffer.from(body, "utf8").toString("base64") : body,
  };
}

/** An Events API request (JSON). */
export function eventRequest(payload: unknown, options: Partial<SlackRequestOptions> = {}): AwsEvent {
  return slackRequest(JSON.stringify(payload), { contentType: "application/json", ...options });
}

/** A slash command request (form body). */
export function commandRequest(
  fields: Record<string, string>,
  options: Partial<SlackRequestOptions> = {},
): AwsEvent {
  return slackRequest(new URLSearchParams(fields).toString(), {
    contentType: "application/x-www-form-urlencoded",
    ...options,
  });
}

/** An interactivity request (form body with a JSON `payload=` field). */
export function interactionRequest(payload: unknown, options: Partial<SlackRequestOptions> = {}): AwsEvent {
  return slackRequest(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), {
    contentType: "application/x-www-form-urlencoded",
    ...options,
  });
}
