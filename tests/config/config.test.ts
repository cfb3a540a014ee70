/**
 * loadConfig: the README's configuration table (variables and defaults) read through one zod schema, and a
 * bad value refused with one sentence that names the variable, the rule and what it got.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";

describe("loadConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    // Act
    const config = loadConfig({});

    // Assess
    expect(config).toEqual({
      runtime: "local",
      region: "eu-west-2",
      tableName: "pathfinder",
      dynamodbEndpoint: undefined,
      reportTtlDays: 395,
      secretNames: { slack: undefined, teams: undefined, openai: undefined, hashKey: undefined },
      openai: {
        model: "gpt-5-mini",
        embeddingModel: "text-embedding-3-small",
        baseUrl: undefined,
        deadlineMs: 6000,
      },
      slack: { apiUrl: undefined, botUserId: undefined, botId: undefined, queueUrl: undefined },
      teams: { appId: undefined, appType: "SingleTenant", tenantId: undefined, allowAnonymous: false },
      logLevel: "INFO",
      bankHolidays: "england-and-wales",
      knowledge: { bucket: undefined },
    });
  });

  it("takes whose bank holidays count, forgiving case and spaces, and names the three choices for anything else", () => {
    expect(loadConfig({ PATHFINDER_BANK_HOLIDAYS: "scotland" }).bankHolidays).toBe("scotland");
    expect(loadConfig({ PATHFINDER_BANK_HOLIDAYS: " Northern Ireland " }).bankHolidays).toBe(
      "northern-ireland",
    );
    expect(loadConfig({ PATHFINDER_BANK_HOLIDAYS: "" }).bankHolidays).toBe("england-and-wales");
    expect(() => loadConfig({ PATHFINDER_BANK_HOLIDAYS: "wales" })).toThrow(
      'PATHFINDER_BANK_HOLIDAYS must be one of england-and-wales, scotland, northern-ireland, got "wales"',
    );
  });

  it("reads every variable into its place, trimmed", () => {
    const config = loadConfig({
      AWS_LAMBDA_FUNCTION_NAME: "pathfinder-slack-worker",
      AWS_REGION: "eu-west-1",
      PATHFINDER_TABLE: " Pathfinder-Table ",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
      REPORT_TTL_DAYS: "30",
      SLACK_SECRET_NAME: "Pathfinder/slack",
      TEAMS_SECRET_NAME: "Pathfinder/teams",
      OPENAI_SECRET_NAME: "Pathfinder/openai",
      HASH_KEY_SECRET_NAME: "Pathfinder/hashKey",
      OPENAI_MODEL: "gpt-test",
      OPENAI_EMBEDDING_MODEL: "embed-test",
      OPENAI_BASE_URL: "http://127.0.0.1:9000/v1",
      OPENAI_DEADLINE_MS: "2500",
      SLACK_API_URL: "http://127.0.0.1:9001/api/",
      SLACK_BOT_USER_ID: "U0BOT",
      SLACK_BOT_ID: "B0BOT",
      SLACK_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/000000000000/work",
      MICROSOFT_APP_ID: "app",
      MICROSOFT_APP_TYPE: "MultiTenant",
      MICROSOFT_APP_TENANT_ID: "tenant",
      TEAMS_ALLOW_ANONYMOUS: "no", // "yes" is refused on Lambda (issue 13.9)
      LOG_LEVEL: "DEBUG",
    });

    expect(config).toMatchObject({
      runtime: "aws",
      region: "eu-west-1",
      tableName: "Pathfinder-Table",
      dynamodbEndpoint: "http://127.0.0.1:8000",
      reportTtlDays: 30,
      secretNames: { hashKey: "Pathfinder/hashKey", openai: "Pathfinder/openai" },
      openai: { model: "gpt-test", baseUrl: "http://127.0.0.1:9000/v1", deadlineMs: 2500 },
      slack: { botUserId: "U0BOT", queueUrl: "https://sqs.eu-west-1.amazonaws.com/000000000000/work" },
      teams: { appId: "app", appType: "MultiTenant", tenantId: "tenant", allowAnonymous: false },
      logLevel: "DEBUG",
    });
  });

  it("treats a blank value as unset, as a `.env` file's `NAME=` means", () => {
    const config = loadConfig({ AWS_REGION: "  ", REPORT_TTL_DAYS: "", TEAMS_ALLOW_ANONYMOUS: "" });

    expect(config.region).toBe("eu-west-2");
    expect(config.reportTtlDays).toBe(395);
    expect(config.teams.allowAnonymous).toBe(false);
  });

  it.each([
    ["REPORT_TTL_DAYS", "abc", 'REPORT_TTL_DAYS must be a whole number >= 1, got "abc"'],
    ["REPORT_TTL_DAYS", "0", 'REPORT_TTL_DAYS must be a whole number >= 1, got "0"'],
    ["OPENAI_DEADLINE_MS", "1.5", 'OPENAI_DEADLINE_MS must be a whole number >= 100, got "1.5"'],
    ["OPENAI_DEADLINE_MS", "99", 'OPENAI_DEADLINE_MS must be a whole number >= 100, got "99"'],
    [
      "TEAMS_ALLOW_ANONYMOUS",
      "maybe",
      'TEAMS_ALLOW_ANONYMOUS must be one of 1, true, yes, 0, false, no, got "maybe"',
    ],
  ])("refuses %s=%s with a sentence naming it", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(message));
  });

  it("names every bad variable at once, so one deploy fixes them all", () => {
    expect(() => loadConfig({ REPORT_TTL_DAYS: "x", OPENAI_DEADLINE_MS: "y" })).toThrow(
      /REPORT_TTL_DAYS .*; OPENAI_DEADLINE_MS /,
    );
  });

  it("turns the anonymous-Teams flag off with 0, false or no", () => {
    for (const value of ["0", "false", "No"]) {
      expect(loadConfig({ TEAMS_ALLOW_ANONYMOUS: value }).teams.allowAnonymous).toBe(false);
    }
  });

  it("leaves the hash-key secret to the functions that hash (issue 13 item 10: requireHashKey refuses there)", () => {
    const config = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: "slack-events" });
    expect(config.runtime).toBe("aws");
    expect(config.secretNames.hashKey).toBeUndefined();
    expect(loadConfig({}).runtime).toBe("local");
  });
});
