/**
 * Deploy-time settings: the non-secret values an operator passes as CDK context (`-c key=value` or the
 * "context" block of cdk.json). Parsed once by a zod schema and checked, so a typo fails `cdk synth`, not the
 * first request.
 */

import * as z from "zod";
import { DEFAULT_NATION, UK_NATIONS, type UkNation } from "../peer/uk-nations.ts";

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
  /** UserAssignedMSI is refused: an Azure managed identity does not exist on Lambda (cdk/bundling.ts). */
  microsoftAppType: "SingleTenant" | "MultiTenant";
  /** Slack ids of the bot user (U…) and bot (B…): Bolt then makes no auth.test call at cold start. */
  slackBotUserId?: string;
  slackBotId?: string;
  logLevel: "DEBUG" | "INFO" | "WARN" | "ERROR";
  /** Where alarm notifications are emailed (a subscription the operator confirms); none when unset. */
  alarmEmail?: string;
  /** Days the functions' logs are kept. */
  logRetentionDays: number;
  /** Coordinators by platform user id ("slack:U0123,teams:29:1abc"): they may manage ambassadors in chat. */
  coordinators?: string;
  /**
   * Reserved concurrency of each public function (Slack events, Teams messages): the most copies a flood of
   * requests can run at once, so it cannot take the account's whole concurrency from the other functions (or
   * other workloads). Undefined ("none") leaves them unreserved, for accounts whose limit is too low to reserve.
   */
  publicReservedConcurrency?: number;
  /** Whose bank holidays are not working days (reminders, the digest's waiting list): PATHFINDER_BANK_HOLIDAYS. */
  bankHolidays: UkNation;
}

/** Default reserved concurrency of each public function: ~20 requests in flight (see docs/deploy.md). */
export const DEFAULT_PUBLIC_RESERVED_CONCURRENCY = 20;

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
  "coordinators",
  "publicReservedConcurrency",
  "bankHolidays",
] as const;

/** Log retention periods CloudWatch accepts (days). */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A context value as text; unset, null or blank (`-c key=`) is undefined. */
const text = z.unknown().transform((raw) => {
  if (raw === undefined || raw === null) return undefined;
  return String(raw).trim() || undefined;
});

/** One of `allowed`, matched without regard to case and returned as spelled here; `fallback` when unset. */
const oneOf = <T extends string>(allowed: readonly T[], fallback: T) =>
  text
    .refine((value) => value === undefined || allowed.some((a) => a.toLowerCase() === value.toLowerCase()), {
      error: (issue) => `must be one of ${allowed.join(", ")}, got "${issue.input}"`,
    })
    .transform((value) => allowed.find((a) => a.toLowerCase() === value?.toLowerCase()) ?? fallback);

/** Text matching `pattern` (described as `what` in the error), or unset. */
const matching = (pattern: RegExp, what: string) =>
  text.refine((value) => value === undefined || pattern.test(value), {
    error: (issue) => `must be ${what}, got "${issue.input}"`,
  });

/** The context, checked field by field, then the rule that joins two of them. */
const SettingsSchema = z
  .object({
    microsoftAppId: matching(GUID, "a GUID"),
    microsoftAppTenantId: matching(GUID, "a GUID"),
    // UserAssignedMSI fetches its token from Azure's instance metadata endpoint, which Lambda does not have, so
    // the bundle stubs @azure/identity (STUBBED_MODULES in cdk/bundling.ts) and the synth refuses it here.
    microsoftAppType: oneOf(["SingleTenant", "MultiTenant", "UserAssignedMSI"] as const, "SingleTenant")
      .refine((value) => value !== "UserAssignedMSI", {
        error:
          "must be SingleTenant or MultiTenant: UserAssignedMSI needs an Azure managed identity, which AWS Lambda does not have",
      })
      .transform((value) => value as Exclude<typeof value, "UserAssignedMSI">),
    slackBotUserId: matching(/^[UW][A-Z0-9]+$/, "a Slack user id (U…)"),
    slackBotId: matching(/^B[A-Z0-9]+$/, "a Slack bot id (B…)"),
    logLevel: oneOf(["DEBUG", "INFO", "WARN", "ERROR"] as const, "INFO"),
    alarmEmail: matching(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "an email address"),
    logRetentionDays: text
      .refine((value) => value === undefined || RETENTION_DAYS.includes(Number(value)), {
        error: (issue) => `must be one of ${RETENTION_DAYS.join(", ")}, got "${issue.input}"`,
      })
      .transform((value) => (value === undefined ? 30 : Number(value))),
    // The same rule config/roles.ts applies at cold start, so a typo fails the synth, not the first command.
    coordinators: matching(
      /^(?:slack|teams):\S+(?:\s*,\s*(?:slack|teams):\S+)*$/,
      "a comma-separated list of slack:ID or teams:ID",
    ),
    publicReservedConcurrency: text
      .refine(
        (value) => value === undefined || value.toLowerCase() === "none" || /^[1-9]\d{0,3}$/.test(value),
        { error: (issue) => `must be a whole number from 1 to 9999, or none, got "${issue.input}"` },
      )
      .transform((value) => {
        if (value === undefined) return DEFAULT_PUBLIC_RESERVED_CONCURRENCY;
        return value.toLowerCase() === "none" ? undefined : Number(value);
      }),
    // The same names config/config.ts accepts at cold start, so a typo fails the synth, not the reminders.
    bankHolidays: oneOf(UK_NATIONS, DEFAULT_NATION),
  })
  .superRefine((settings, ctx) => {
    if (
      settings.microsoftAppId &&
      settings.microsoftAppType === "SingleTenant" &&
      !settings.microsoftAppTenantId
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["microsoftAppTenantId"],
        message: "is required for a SingleTenant bot",
      });
    }
  });

/** Reads and checks the settings; `read` is `(key) => node.tryGetContext(key)`. */
export function readDeploySettings(read: (key: string) => unknown): DeploySettings {
  const result = SettingsSchema.safeParse(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, read(key)])));
  if (result.success) return result.data;
  // One sentence per bad key, each naming it as the operator typed it after `-c`.
  const problems = result.error.issues.map((issue) => `context ${String(issue.path[0])} ${issue.message}`);
  throw new DeploySettingsError(problems.join("; "), { cause: result.error });
}
