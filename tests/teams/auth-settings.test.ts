/**
 * bots/teams/auth-settings.ts repeats the checks botbuilder's ConfigurationServiceClientCredentialFactory makes
 * in its constructor, so an incomplete configuration fails the Teams cold start although botbuilder now loads
 * with the first request. These tests hold the copy to the original: every settings object here is judged the
 * same way by both, with botbuilder's own message.
 */
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { describe, expect, it } from "vitest";
import {
  assertCredentialsComplete,
  TeamsConfigError,
  teamsAuthSettings,
} from "../../bots/teams/auth-settings.ts";
import { loadConfig } from "../../config/config.ts";

type Settings = Parameters<typeof assertCredentialsComplete>[0];

const APP_ID = "11111111-2222-3333-4444-555555555555";

/** botbuilder's verdict on `settings`: its assertion message, or undefined when it accepts them. */
function botbuilderVerdict(settings: Settings): string | undefined {
  try {
    new ConfigurationServiceClientCredentialFactory(
      settings as ConstructorParameters<typeof ConfigurationServiceClientCredentialFactory>[0],
    );
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Pathfinder's verdict, in the same form. */
function ourVerdict(settings: Settings): string | undefined {
  try {
    assertCredentialsComplete(settings);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(TeamsConfigError);
    return (error as Error).message.replace(/^Teams credentials are incomplete: /, "");
  }
}

describe("assertCredentialsComplete", () => {
  const bot = (type: string, rest: Settings = {}): Settings => ({
    MicrosoftAppId: APP_ID,
    MicrosoftAppType: type,
    MicrosoftAppTenantId: "t",
    MicrosoftAppPassword: "p",
    ...rest,
  });
  it.each<[string, Settings, "accepts" | "refuses"]>([
    ["a complete single-tenant bot", bot("SingleTenant"), "accepts"],
    [
      "a multi-tenant bot",
      { MicrosoftAppId: APP_ID, MicrosoftAppType: "MultiTenant", MicrosoftAppPassword: "p" },
      "accepts",
    ],
    ["anonymous local development (no settings)", {}, "accepts"],
    [
      "a managed-identity bot",
      { MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "t" },
      "accepts",
    ],
    ["a managed-identity bot given a password", bot("UserAssignedMSI"), "refuses"],
    [
      "a managed-identity bot with a blank tenant",
      bot("UserAssignedMSI", { MicrosoftAppTenantId: "  ", MicrosoftAppPassword: "" }),
      "refuses",
    ],
    [
      "a managed-identity bot with a blank app id",
      bot("userassignedmsi", { MicrosoftAppId: " ", MicrosoftAppPassword: "" }),
      "refuses",
    ],
    [
      "a single-tenant bot with a blank password",
      bot("SingleTenant", { MicrosoftAppPassword: " " }),
      "refuses",
    ],
    [
      "a single-tenant bot with no tenant",
      { MicrosoftAppId: APP_ID, MicrosoftAppType: "singletenant", MicrosoftAppPassword: "p" },
      "refuses",
    ],
    ["a single-tenant bot with a blank app id", bot("SingleTenant", { MicrosoftAppId: "" }), "refuses"],
  ])("judges %s as botbuilder does (it %s)", (_name, settings, verdict) => {
    // Act
    const expected = botbuilderVerdict(settings);

    // Assess: botbuilder itself decides as the row says, and the copy agrees, message and all.
    expect(expected === undefined ? "accepts" : "refuses").toBe(verdict);
    expect(ourVerdict(settings)).toBe(expected);
  });

  it("refuses a managed-identity bot given a password, with botbuilder's reason", () => {
    // Prepare: what loadConfig and the secret produce for this deployment mistake.
    const teams = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TYPE: "UserAssignedMSI",
      MICROSOFT_APP_TENANT_ID: "tenant-0001",
    }).teams;
    const settings = teamsAuthSettings(teams, "a-password");

    // Act / Assess
    expect(() => assertCredentialsComplete(settings)).toThrow(
      "Teams credentials are incomplete: MicrosoftAppPassword must not be set for MSI in configuration.",
    );
  });
});
