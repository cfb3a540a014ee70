/**
 * Posts the digest to a Slack channel with Bolt's WebClient (`chat.postMessage`, Block Kit from
 * bots/slack/render.ts). Retries are ours (bounded, in deliver.ts), so the client's own retries are off and
 * a rate limit comes back as an error carrying Slack's Retry-After.
 */
import * as webApi from "@slack/web-api";
import { type DigestPoster, PermanentDeliveryError, TransientDeliveryError } from "../../digest/ports.ts";
import { renderReply } from "./render.ts";

type WebClient = InstanceType<typeof webApi.WebClient>;

/**
 * Slack `error` codes that will not go away by retrying.
 * https://docs.slack.dev/reference/methods/chat.postMessage#errors
 */
const PERMANENT_SLACK_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "restricted_action",
  "restricted_action_read_only_channel",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "no_permission",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "team_access_not_granted",
]);

/**
 * A WebClient for posting the digest: no hidden retries (deliver.ts retries, bounded), a short timeout,
 * and the API URL from config (bots/slack/web-client.ts `slackApiUrl`; a fake Slack in tests).
 */
export function createDigestWebClient(token: string, apiUrl: string): WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}

/** Turns a WebClient error into one deliver.ts knows how to retry (or not). */
export function classifySlackError(error: unknown): Error {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  if (e?.code === webApi.ErrorCode.PlatformError) {
    const code = e.data?.error ?? "unknown_error";
    return PERMANENT_SLACK_ERRORS.has(code)
      ? new PermanentDeliveryError(`Slack refused the post: ${code}`, { cause: error })
      : new TransientDeliveryError(`Slack refused the post: ${code}`, { cause: error });
  }
  if (e?.code === webApi.ErrorCode.RateLimitedError) {
    return new TransientDeliveryError(`Slack rate-limited the post (retry after ${e.retryAfter ?? "?"} s)`, {
      cause: error,
      retryAfterMs: (e.retryAfter ?? 1) * 1000,
    });
  }
  if (e?.code === webApi.ErrorCode.HTTPError) {
    return new TransientDeliveryError(`Slack answered HTTP ${e.statusCode ?? "error"}`, { cause: error });
  }
  return new TransientDeliveryError(`Slack could not be reached: ${(error as Error)?.message ?? error}`, {
    cause: error,
  });
}

/** Posts to Slack channels (Subscription.conversationId is the channel id). */
export function createSlackPoster(client: WebClient): DigestPoster {
  return {
    async post(subscription, reply) {
      const message = renderReply(reply);
      try {
        await client.chat.postMessage({
          channel: subscription.conversationId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (error) {
        throw classifySlackError(error);
      }
    },
  };
}
