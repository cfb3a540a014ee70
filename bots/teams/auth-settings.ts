/**
 * The Teams settings checks that need no botbuilder: whether the configuration is safe and complete (so a bad
 * one still fails the cold start), and whether an authenticated activity comes from the bot's own tenant.
 * Kept apart from adapter.ts so the Lambda entry can run them at start-up while botbuilder itself (about
 * 900 KB of the bundle) loads only with the first request (bots/teams/handler.ts).
 * https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
 */
import type { Activity, ConfigurationBotFrameworkAuthenticationOptions } from "botbuilder";
import type { Config } from "../../config/config.ts";

/** Raised at start-up when the Teams configuration would be unsafe or cannot work. */
export class TeamsConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TeamsConfigError";
  }
}

/**
 * Where inbound tokens are checked. Defaults to the public cloud; a test points it at a local
 * OpenID metadata endpoint (botbuilder then uses every value given here instead of its constants).
 */
export interface ChannelAuthEndpoints {
  openIdMetadataUrl: string;
  tokenIssuer?: string;
}

const APP_TYPES = ["SingleTenant", "MultiTenant", "UserAssignedMSI"] as const;

/**
 * Checks the Teams settings and returns botbuilder's configuration object, or throws TeamsConfigError.
 * An empty app id makes botbuilder accept anonymous requests, so it is refused here unless local
 * development explicitly allows it.
 */
export function teamsAuthSettings(
  teams: Config["teams"],
  appPassword: string | undefined,
): ConfigurationBotFrameworkAuthenticationOptions {
  if (!teams.appId) {
    if (!teams.allowAnonymous) {
      throw new TeamsConfigError(
        "MICROSOFT_APP_ID is not set. Without it botbuilder accepts unauthenticated requests, so Pathfinder refuses to start. " +
          "Set MICROSOFT_APP_ID (and the app password), or set TEAMS_ALLOW_ANONYMOUS=true for local development only.",
      );
    }
    return {};
  }
  const appType = APP_TYPES.find((t) => t.toLowerCase() === teams.appType.toLowerCase());
  if (!appType) {
    throw new TeamsConfigError(
      `MICROSOFT_APP_TYPE must be one of ${APP_TYPES.join(", ")}, got "${teams.appType}"`,
    );
  }
  if (appType !== "MultiTenant" && !teams.tenantId) {
    throw new TeamsConfigError(`MICROSOFT_APP_TENANT_ID is required for a ${appType} bot`);
  }
  if (appType !== "UserAssignedMSI" && !appPassword) {
    throw new TeamsConfigError(
      "The Teams app password is missing: set appPassword in the TEAMS_SECRET_NAME secret (MICROSOFT_APP_PASSWORD locally)",
    );
  }
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppType: appType,
  };
  if (teams.tenantId) settings.MicrosoftAppTenantId = teams.tenantId;
  if (appPassword) settings.MicrosoftAppPassword = appPassword;
  return settings;
}

/**
 * The assertions botbuilder's ConfigurationServiceClientCredentialFactory makes in its constructor, for the
 * settings teamsAuthSettings returns (Pathfinder configures no certificates), with its own messages. They are
 * repeated here only because that constructor now runs at the first request, with botbuilder, and an
 * incomplete configuration must still fail the cold start (TeamsConfigError) rather than each request; a test
 * (tests/teams/auth-settings.test.ts) holds the two in step.
 * https://github.com/microsoft/botbuilder-js/blob/main/libraries/botbuilder-core/src/configurationServiceClientCredentialFactory.ts
 */
export function assertCredentialsComplete(settings: ConfigurationBotFrameworkAuthenticationOptions): void {
  const has = (value: unknown) => typeof value === "string" && value.trim() !== "";
  const { MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId, MicrosoftAppPassword: password } = settings;
  // botbuilder types the options' values loosely; like its factory, anything but a named type is MultiTenant.
  const type = settings.MicrosoftAppType;
  const appType = typeof type === "string" ? type.trim().toLowerCase() : "multitenant";
  const missing =
    appType === "userassignedmsi"
      ? (!has(appId) && "MicrosoftAppId is required for MSI in configuration.") ||
        (!has(tenantId) && "MicrosoftAppTenantId is required for MSI in configuration.") ||
        (has(password) && "MicrosoftAppPassword must not be set for MSI in configuration.")
      : appType === "singletenant"
        ? (!has(appId) && "MicrosoftAppId is required for SingleTenant in configuration.") ||
          (!has(tenantId) && "MicrosoftAppTenantId is required for SingleTenant in configuration.") ||
          (!has(password) && "MicrosoftAppPassword is required for SingleTenant in configuration.")
        : false;
  if (missing) throw new TeamsConfigError(`Teams credentials are incomplete: ${missing}`);
}

/**
 * A correctly signed activity may come from any tenant the Bot Framework serves (the token is the
 * Bot Framework's, not the tenant's), so a SingleTenant bot must check the tenant itself.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/authentication/bot-sso-register-aad
 * A MultiTenant bot, and local development with no app id, accept every tenant.
 */
export function tenantAllowed(teams: Config["teams"], activity: Activity): boolean {
  if (!teams.appId || teams.appType.toLowerCase() === "multitenant") return true;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = channelData?.tenant?.id ?? activity.conversation?.tenantId;
  return typeof tenant === "string" && tenant === teams.tenantId;
}
