/**
 * The network reminders' senders (issue 15), split from network-reminders.ts: the Slack sender (bots/slack/deliver.ts,
 * the worker's delivery of tracked channel posts) and the Teams one (bots/teams/network-channel.ts, proactive), each
 * loaded on the first reminder of its platform rather than at cold start.
 */
import { recordQuestionPost } from "../bots/core/features/network.ts";
import type { CredentialsFactory } from "../bots/teams/adapter.ts";
import type { Config } from "../config/config.ts";
import type { Secrets } from "../config/secrets.ts";
import { loadOnce } from "./load-once.ts";
import {
  describeError,
  ReminderOutcomeUnknownError,
  type ReminderSender,
  type ReminderSenders,
  type ReminderStores,
} from "./network-reminders.ts";

/** Options for the senders (tests and local runs). */
export interface ReminderSenderOptions {
  /** Bot Framework credentials (tests pass one that signs with a fixed token instead of calling Entra ID). */
  teamsCredentialsFactory?: CredentialsFactory;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/**
 * The Slack sender (bots/slack/deliver.ts, the worker's delivery of tracked channel posts) and the Teams one
 * (bots/teams/network-channel.ts, proactive). A platform without credentials gets no sender, so its places
 * fail with the reason (and are tried again next run) while the other platform still posts.
 */
export function createReminderSenders(
  config: Pick<Config, "slack" | "teams">,
  secrets: Pick<Secrets, "slackBotToken" | "teamsAppPassword">,
  stores: Pick<ReminderStores, "network" | "conversations">,
  options: ReminderSenderOptions = {},
): ReminderSenders {
  const log = options.log ?? (() => {});
  const token = secrets.slackBotToken;
  const slack = token ? lazySlackSender(config, token, stores, log) : undefined;
  return {
    teams: lazyTeamsSender(config, secrets, stores, options),
    async slack(post, key) {
      // The local playground's stand-in place (local/network-api.ts) is no Slack channel, and deliver.ts never
      // posts there: nothing to send, and nothing to retry tomorrow.
      if (!SLACK_CONVERSATION_ID.test(post.conversationId)) return;
      if (!slack) throw new Error("slack is not configured (no bot token)");
      await slack(post, key);
    },
  };
}

/** A Slack channel, private channel or DM id (the test deliver.ts applies to channel posts). */
const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;

/** The Slack sender, with the Web API client made on the first Slack reminder (most days there are none). */
function lazySlackSender(
  config: Pick<Config, "slack">,
  token: string,
  stores: Pick<ReminderStores, "network">,
  log: NonNullable<ReminderSenderOptions["log"]>,
): ReminderSender {
  const delivery = loadOnce(async () => {
    const [{ createSlackDelivery }, { createSlackClient }] = await Promise.all([
      import("../bots/slack/deliver.ts"),
      import("../bots/slack/web-client.ts"),
    ]);
    // retries: 0: deliver.ts decides, since chat.postMessage must not be re-sent blindly.
    return createSlackDelivery({ client: createSlackClient(token, config, { retries: 0 }), log });
  });
  return async (post, key) => {
    // An earlier run may have posted and died before recording it: the post's stamp is looked for first.
    const at = await (await delivery()).outbound(post, { key, mayHaveBeenSent: true });
    if (!at) throw new Error(`${post.conversationId} is not a Slack channel`);
    if (post.track) await recordQuestionPost(stores.network, post.track, at);
  };
}

/**
 * The Teams sender, with botbuilder imported on the first Teams reminder rather than at cold start (it is about
 * 1 MB, as for the digest: app/digest-posters.ts). Unusable settings fail every Teams place with the reason.
 */
function lazyTeamsSender(
  config: Pick<Config, "teams">,
  secrets: Pick<Secrets, "teamsAppPassword">,
  stores: Pick<ReminderStores, "network" | "conversations">,
  options: ReminderSenderOptions,
): ReminderSender {
  // A failed import or unusable settings are tried again on the next post rather than kept for the container.
  const sender = loadOnce(async (): Promise<ReminderSender> => {
    const [{ createTeamsAdapter }, { createCloudProactiveSender, isOutcomeUnknown }, { channelPoster }] =
      await Promise.all([
        import("../bots/teams/adapter.ts"),
        import("../bots/teams/proactive.ts"),
        import("../bots/teams/network-channel.ts"),
      ]);
    // Throws TeamsConfigError with the reason when Teams is not set up: every Teams place fails with it.
    const adapter = createTeamsAdapter({
      teams: config.teams,
      appPassword: secrets.teamsAppPassword,
      ...(options.teamsCredentialsFactory ? { credentialsFactory: options.teamsCredentialsFactory } : {}),
    });
    let lastError = "";
    const post = channelPoster({
      // Only the reminders' own tracked posts report back: record the question's new thread.
      core: { handlePosted: (track, at) => recordQuestionPost(stores.network, track, at) },
      conversations: stores.conversations,
      proactive: createCloudProactiveSender({
        adapter,
        appId: config.teams.appId ?? "",
        conversations: stores.conversations,
        onError: (_message, error) => {
          lastError = describeError(error);
        },
      }),
      log: { error: (message, detail) => options.log?.(message, detail) },
    });
    return async (reminder) => {
      lastError = "";
      const posted = await post(reminder);
      if (isOutcomeUnknown(posted)) {
        throw new ReminderOutcomeUnknownError(
          `Teams may have taken the post to ${reminder.conversationId}: ${posted.reason}`,
        );
      }
      if (!posted) {
        throw new Error(
          `Teams did not take the post to ${reminder.conversationId}${lastError ? `: ${lastError}` : ""}`,
        );
      }
    };
  });
  return async (post, key) => (await sender())(post, key);
}
