/**
 * Builds the per-platform posters from configuration and secrets, once per cold start. A platform without
 * credentials, or with unusable ones, gets a poster that fails with the reason, so its subscriptions are
 * reported as failed (and the run alarms) rather than silently dropped, while the other platform still posts.
 * Wired here, in the composition root, because it joins the digest's port to the platform adapters; inside
 * digest/ it made a cycle (digest -> adapters -> digest).
 */

import { createDigestWebClient, createSlackPoster } from "../bots/slack/digest-poster.ts";
import { slackApiUrl } from "../bots/slack/web-client.ts";
import type { CredentialsFactory } from "../bots/teams/adapter.ts";
import type { Config } from "../config/config.ts";
import type { Secrets } from "../config/secrets.ts";
import { type DigestPoster, type DigestPosters, PermanentDeliveryError } from "../digest/ports.ts";
import { loadOnce } from "./load-once.ts";

/** Options for tests and local runs. */
export interface PosterOptions {
  /** Bot Framework credentials (tests pass one that signs with a fixed token instead of calling Entra ID). */
  teamsCredentialsFactory?: CredentialsFactory;
  /** Where a poster reports something an operator should know that is not a failed post (the handler's logger). */
  warn?: (message: string, detail?: Record<string, unknown>) => void;
}

/** A poster that always fails with `reason` (a platform that is not set up). */
function unavailable(reason: string): DigestPoster {
  return {
    attempts: 1,
    async post() {
      throw new PermanentDeliveryError(reason);
    },
  };
}

/** Slack and Teams posters; a platform that is not configured fails its subscriptions with the reason. */
export function createDigestPosters(
  config: Pick<Config, "slack" | "teams">,
  secrets: Pick<Secrets, "slackBotToken" | "teamsAppPassword">,
  options: PosterOptions = {},
): DigestPosters {
  const slack = secrets.slackBotToken
    ? createSlackPoster(createDigestWebClient(secrets.slackBotToken, slackApiUrl(config)))
    : unavailable("slack is not configured (no bot token)");

  return { slack, teams: lazyTeamsPoster(config, secrets, options) };
}

/**
 * The Teams poster, with botbuilder imported on the first Teams post rather than at cold start (issue 12: it
 * is about 1 MB of the digest's bundle, in its own chunks, and most runs may have no Teams subscription).
 * Unusable settings fail every Teams subscription with the reason, as before, just at the first post.
 */
function lazyTeamsPoster(
  config: Pick<Config, "teams">,
  secrets: Pick<Secrets, "teamsAppPassword">,
  options: PosterOptions,
): DigestPoster {
  // A failed import is tried again on the next post rather than failing the rest of the run.
  const poster = loadOnce(async (): Promise<DigestPoster> => {
    const [{ createTeamsAdapter, TeamsConfigError }, { createTeamsPoster }] = await Promise.all([
      import("../bots/teams/adapter.ts"),
      import("../bots/teams/digest-poster.ts"),
    ]);
    try {
      // The Teams engineer's factory: the same validation (no anonymous bot unless explicitly allowed).
      const adapter = createTeamsAdapter({
        teams: config.teams,
        appPassword: secrets.teamsAppPassword,
        ...(options.teamsCredentialsFactory ? { credentialsFactory: options.teamsCredentialsFactory } : {}),
      });
      return createTeamsPoster(adapter, config.teams.appId ?? "", options.warn ? { warn: options.warn } : {});
    } catch (error) {
      if (!(error instanceof TeamsConfigError)) throw error;
      return unavailable(`teams is not configured: ${error.message}`);
    }
  });
  return {
    // Both the real poster and `unavailable` say 1: the connector client retries transient failures itself.
    attempts: 1,
    async post(subscription, reply, digest) {
      return (await poster()).post(subscription, reply, digest);
    },
  };
}
