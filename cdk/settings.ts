/**
 * Deploy-time settings: the non-secret values an operator passes as CDK context (`-c key=value` or the
 * "context" block of cdk.json). Parsed once and checked, so a typo fails `cdk synth`, not the first request.
 */

/** Raised when a context value is malformed. */
export class DeploySettingsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DeploySettingsError";
  }
}

/** The non-secret settings of a deployment. */
export interface DeploySettings {
  /** Entra ID application (client) id of the Azure Bot; Teams refuses every request until it is set. */
  microsoftAppId?: string;
  /** Entra ID tenant id; required for a SingleTenant bot. */
  microsoftAppTenantId?: string;
  microsoftAppType: "SingleTenant" | "MultiTenant" | "UserAssignedMSI";
  /** Slack ids of the bot user (U…) and bot (B…): Bolt then makes no auth.test call at cold start. */
  slackBotUserId?: string;
  slackBotId?: string;
  logLevel: "DEBUG" | "INFO" | "WARN" | "ERROR";
  /** Where alarm notifications are emailed (a subscription the operator confirms); none when unset. */
  alarmEmail?: string;
  /** Days the functions' logs are kept. */
  logRetentionDays: number;
}

/** The context keys read, as documented in docs/deploy.md. */
export const CONTEXT_KEYS = [
  "microsoftAppId",
  "microsoftAppTenantId",
  "microsoftAppType",
  "slackBotUserId",
  "slackBotId",
  "logLevel",
  "alarmEmail",
  "logRetentionDays",
] as const;

/** Log retention periods CloudWatch accepts (days). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(read: (key: string) => unknown, key: string): string | undefined {
  const raw = read(key);
  if (raw === undefined || raw === null) return undefined;
  const value = String(raw).trim();
  return value === "" ? undefined : value;
}

function oneOf<T extends string>(
  key: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!match)
    throw new DeploySettingsError(`context ${key} must be one of ${allowed.join(", ")}, got "${value}"`);
  return match;
}

function matching(key: string, value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) {
    throw new DeploySettingsError(`context ${key} must be ${what}, got "${value}"`);
  }
  return value;
}

/** Reads and checks the settings; `read` is `(key) => node.tryGetContext(key)`. */
export function readDeploySettings(read: (key: string) => unknown): DeploySettings {
  const appType = oneOf(
    "microsoftAppType",
    text(read, "microsoftAppType"),
    ["SingleTenant", "MultiTenant", "UserAssignedMSI"] as const,
    "SingleTenant",
  );
  const tenant = matching("microsoftAppTenantId", text(read, "microsoftAppTenantId"), GUID, "a GUID");
  const appId = matching("microsoftAppId", text(read, "microsoftAppId"), GUID, "a GUID");
  if (appId && appType === "SingleTenant" && !tenant) {
    throw new DeploySettingsError("context microsoftAppTenantId is required for a SingleTenant bot");
  }
  const retentionRaw = text(read, "logRetentionDays");
  const logRetentionDays = retentionRaw === undefined ? 30 : Number(retentionRaw);
  if (!RETENTION_DAYS.includes(logRetentionDays)) {
    throw new DeploySettingsError(
      `context logRetentionDays must be one of ${RETENTION_DAYS.join(", ")}, got "${retentionRaw}"`,
    );
  }
  return {
    microsoftAppId: appId,
    microsoftAppTenantId: tenant,
    microsoftAppType: appType,
    slackBotUserId: matching(
      "slackBotUserId",
      text(read, "slackBotUserId"),
      /^[UW][A-Z0-9]+$/,
      "a Slack user id (U…)",
    ),
    slackBotId: matching("slackBotId", text(read, "slackBotId"), /^B[A-Z0-9]+$/, "a Slack bot id (B…)"),
    logLevel: oneOf("logLevel", text(read, "logLevel"), ["DEBUG", "INFO", "WARN", "ERROR"] as const, "INFO"),
    alarmEmail: matching(
      "alarmEmail",
      text(read, "alarmEmail"),
      /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
      "an email address",
    ),
    logRetentionDays,
  };
}
