/**
 * Builds the per-platform posters from configuration and secrets, once per cold start. A platform without
 * credentials gets no poster, so its subscriptions are reported as failed ("not configured"), not dropped.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { ServiceClientCredentialsFactory } from "botframework-connector";
import { slackApiUrl } from "../bots/slack/web-client.ts";
import type { Config } from "../config/config.ts";
import type { Secrets } from "../config/secrets.ts";
import type { DigestPosters } from "./deliver.ts";
import { createDigestWebClient, createSlackPoster } from "./slack-poster.ts";
import { createTeamsPoster } from "./teams-poster.ts";

/** Options for tests and local runs. */
export interface PosterOptions {
  /** Bot Framework credentials (tests pass one that signs with a fixed token instead of calling Entra ID). */
  teamsCredentialsFactory?: ServiceClientCredentialsFactory;
}

/** The Bot Framework adapter the digest posts through (proactive messages only: it never receives). */
export function createProactiveAdapter(
  config: Pick<Config, "teams">,
  secrets: Pick<Secrets, "teamsAppPassword">,
  credentialsFactory?: ServiceClientCredentialsFactory,
): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.teams.appId ?? "",
      MicrosoftAppPassword: secrets.teamsAppPassword ?? "",
      MicrosoftAppType: config.teams.appType,
      MicrosoftAppTenantId: config.teams.tenantId ?? "",
    },
    credentialsFactory,
  );
  return new CloudAdapter(auth);
}

/** Slack and Teams posters for whichever platforms are configured. */
export function createDigestPosters(
  config: Pick<Config, "slack" | "teams">,
  secrets: Pick<Secrets, "slackBotToken" | "teamsAppPassword">,
  options: PosterOptions = {},
): DigestPosters {
  const posters: DigestPosters = {};
  if (secrets.slackBotToken) {
    posters.slack = createSlackPoster(createDigestWebClient(secrets.slackBotToken, slackApiUrl(config)));
  }
  const teamsConfigured = Boolean(config.teams.appId && secrets.teamsAppPassword);
  // Locally (TEAMS_ALLOW_ANONYMOUS, the Bot Framework Emulator) an empty app id disables auth.
  if (teamsConfigured || config.teams.allowAnonymous || options.teamsCredentialsFactory) {
    const adapter = createProactiveAdapter(config, secrets, options.teamsCredentialsFactory);
    posters.teams = createTeamsPoster(adapter, config.teams.appId ?? "");
  }
  return posters;
}
