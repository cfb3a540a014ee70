/** Deploy-time context is checked at synth, so a typo fails `cdk synth` rather than the first request. */
import { describe, expect, it } from "vitest";
import { DeploySettingsError, readDeploySettings } from "../../cdk/settings.ts";

const from = (context: Record<string, unknown>) => readDeploySettings((key) => context[key]);
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const APP = "0f8b2a9c-1d2e-4f3a-9b8c-7d6e5f4a3b2c";

describe("readDeploySettings", () => {
  it("defaults to a single-tenant bot, INFO logs, 30-day retention and no optional ids", () => {
    expect(from({})).toEqual({
      microsoftAppType: "SingleTenant",
      logLevel: "INFO",
      logRetentionDays: 30,
      microsoftAppId: undefined,
      microsoftAppTenantId: undefined,
      slackBotUserId: undefined,
      slackBotId: undefined,
      alarmEmail: undefined,
      coordinators: undefined,
      publicReservedConcurrency: 20,
      bankHolidays: "england-and-wales",
    });
  });

  it("takes whose bank holidays count as one of the three UK lists, and refuses another at synth", () => {
    expect(from({ bankHolidays: "Northern-Ireland" }).bankHolidays).toBe("northern-ireland");
    expect(() => from({ bankHolidays: "wales" })).toThrow(
      /context bankHolidays must be one of england-and-wales, scotland, northern-ireland, got "wales"/,
    );
  });

  it("reserves concurrency for the public functions by default; a number changes it, none leaves them unreserved", () => {
    // Issue 13 item 11: a flood on a public URL must not exhaust the account's concurrency.
    expect(from({}).publicReservedConcurrency).toBe(20);
    expect(from({ publicReservedConcurrency: "50" }).publicReservedConcurrency).toBe(50);
    expect(from({ publicReservedConcurrency: "None" }).publicReservedConcurrency).toBeUndefined();
    expect(() => from({ publicReservedConcurrency: "0" })).toThrow(
      /context publicReservedConcurrency must be a whole number from 1 to 9999, or none/,
    );
  });

  it("takes coordinators as the same slack:/teams: list the functions read, and refuses a malformed one at synth", () => {
    expect(from({ coordinators: "slack:U0123ABCD, teams:29:1abc" }).coordinators).toBe(
      "slack:U0123ABCD, teams:29:1abc",
    );
    expect(() => from({ coordinators: "U0123ABCD" })).toThrow(
      /context coordinators must be a comma-separated list/,
    );
  });

  it("accepts a full context, trimming values and normalising case", () => {
    const settings = from({
      microsoftAppId: ` ${APP} `,
      microsoftAppTenantId: TENANT,
      microsoftAppType: "multitenant",
      slackBotUserId: "U012ABCDEF",
      slackBotId: "B012ABCDEF",
      logLevel: "debug",
      alarmEmail: "ops@council.example.gov.uk",
      logRetentionDays: "90",
    });

    expect(settings).toMatchObject({
      microsoftAppId: APP,
      microsoftAppType: "MultiTenant",
      logLevel: "DEBUG",
      logRetentionDays: 90,
      alarmEmail: "ops@council.example.gov.uk",
    });
  });

  it.each([
    [{ microsoftAppTenantId: "contoso" }, /microsoftAppTenantId must be a GUID/],
    [{ microsoftAppId: APP }, /microsoftAppTenantId is required for a SingleTenant bot/],
    [{ microsoftAppType: "Personal" }, /microsoftAppType must be one of/],
    // Issue 12: the bundle stubs @azure/identity, which only an Azure managed identity (never on Lambda) needs.
    [
      { microsoftAppType: "userassignedmsi" },
      /microsoftAppType must be SingleTenant or MultiTenant: UserAssignedMSI needs an Azure managed identity/,
    ],
    [{ logLevel: "LOUD" }, /logLevel must be one of/],
    [{ logRetentionDays: "45" }, /logRetentionDays must be one of/],
    [{ slackBotUserId: "B012" }, /slackBotUserId must be a Slack user id/],
    [{ slackBotId: "U012" }, /slackBotId must be a Slack bot id/],
    [{ alarmEmail: "ops at council" }, /alarmEmail must be an email address/],
  ])("refuses %j with a message naming the key", (context, message) => {
    expect(() => from(context)).toThrow(DeploySettingsError);
    expect(() => from(context)).toThrow(message);
  });

  it("names every bad key at once, so one edit of cdk.json fixes them all", () => {
    expect(() => from({ logLevel: "loud", logRetentionDays: 45 })).toThrow(
      /context logLevel must be one of .*, got "loud"; context logRetentionDays must be one of .*, got "45"/,
    );
  });

  it("treats empty strings as unset, so `-c microsoftAppId=` clears a value", () => {
    expect(from({ microsoftAppId: "", microsoftAppTenantId: " " }).microsoftAppId).toBeUndefined();
  });
});
