/**
 * Builds botbuilder's CloudAdapter with Bot Framework authentication. Every inbound activity's JWT
 * is validated by botbuilder against the Bot Framework's OpenID keys, the bot's app id (audience)
 * and the activity's serviceUrl. An empty app id makes botbuilder accept anonymous requests, so it
 * is refused here unless local development explicitly allows it.
 * https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */

import type { Activity } from "botbuilder";
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  StatusCodes,
} from "botbuilder";
// botbuilder's own dependency (same version); CloudAdapter answers 401 only for this error class.
import { AuthenticationError } from "botframework-connector";
import type { Config } from "../../config/config.ts";
import { type ChannelAuthEndpoints, TeamsConfigError, teamsAuthSettings } from "./auth-settings.ts";

// Its home is auth-settings.ts (no botbuilder there, so the Lambda entry can check settings at cold start); the
// lazy posters and senders (app/) catch it from the module they import the adapter from.
export { TeamsConfigError } from "./auth-settings.ts";

/** The credentials factory botbuilder uses for outgoing calls (a test passes one that works offline). */
export type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

export interface TeamsAdapterOptions {
  teams: Config["teams"];
  appPassword?: string;
  credentialsFactory?: CredentialsFactory;
  channelAuth?: ChannelAuthEndpoints;
  /** Logs turn errors that escaped the bot (never message text). */
  onTurnError?: (error: unknown) => void;
}

/** Public-cloud values botbuilder uses by default; needed in full when any endpoint is overridden. */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromEmulatorOpenIdMetadataUrl:
    "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
};

/** Errors jsonwebtoken throws for a bad signature, a token not yet valid or an expired one. */
const JWT_ERRORS = new Set(["JsonWebTokenError", "NotBeforeError", "TokenExpiredError"]);

/**
 * botbuilder passes jsonwebtoken's own errors (e.g. "invalid signature") through unchanged, and
 * CloudAdapter turns anything but an AuthenticationError into 500. A forged token is a 401.
 */
class StrictBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string) {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && JWT_ERRORS.has(error.name)) {
        throw new AuthenticationError(`Unauthorized: ${error.message}`, StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
  }
}

/** Creates the CloudAdapter, refusing unsafe configuration at start-up. */
export function createTeamsAdapter(options: TeamsAdapterOptions): CloudAdapter {
  const settings = teamsAuthSettings(options.teams, options.appPassword);
  if (options.channelAuth) {
    Object.assign(settings, PUBLIC_CLOUD, {
      ToBotFromChannelOpenIdMetadataUrl: options.channelAuth.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer:
        options.channelAuth.tokenIssuer ?? PUBLIC_CLOUD.ToBotFromChannelTokenIssuer,
    });
  }
  let credentials: CredentialsFactory;
  try {
    credentials =
      options.credentialsFactory ??
      new ConfigurationServiceClientCredentialFactory(
        settings as ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0],
      );
  } catch (cause) {
    throw new TeamsConfigError(`Teams credentials are incomplete: ${(cause as Error).message}`, { cause });
  }
  const auth = new StrictBotFrameworkAuthentication(settings, credentials);
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    options.onTurnError?.(error);
    // Rethrow so CloudAdapter answers 500 and the Bot Connector may retry; the claim was released.
    throw error;
  };
  return adapter;
}
