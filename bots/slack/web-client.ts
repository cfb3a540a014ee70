/**
 * Slack's Web API client with bounded retries: a Lambda must never sleep for minutes on a
 * rate limit or an outage (the default policy retries ten times over about thirty minutes).
 */
import { LogLevel, WebClient } from "@slack/web-api";
import type { Config } from "../../config/config.ts";

/** Slack's Web API base URL, overridable (SLACK_API_URL) for the fake Slack in tests and local runs. */
export function slackApiUrl(config: Pick<Config, "slack">): string {
  const url = config.slack.apiUrl ?? "https://slack.com/api/";
  return url.endsWith("/") ? url : `${url}/`;
}

/** Options shared by every WebClient Pathfinder makes (Bolt's and the worker's). */
export function slackClientOptions(config: Pick<Config, "slack">, retry: { retries?: number } = {}) {
  return {
    slackApiUrl: slackApiUrl(config),
    // Two quick retries, then fail: the SQS redelivery is the slow retry. The worker's client makes none:
    // deliver.ts decides, because chat.postMessage must not be re-sent blindly after a lost response.
    retryConfig: {
      retries: retry.retries ?? 2,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 1000,
      randomize: true,
    },
    // A 429 asks to wait (often 30-60 s): fail at once; deliver.ts honours Retry-After (in-process when
    // short, otherwise by putting the SQS message back for that long).
    rejectRateLimitedCalls: true,
    timeout: 5000,
    logLevel: LogLevel.WARN,
  };
}

/** A WebClient for the bot token, configured as above. */
export function createSlackClient(
  token: string | undefined,
  config: Pick<Config, "slack">,
  retry: { retries?: number } = {},
): WebClient {
  return new WebClient(token, slackClientOptions(config, retry));
}
