import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import type { ObstacleReport, PersonalDataExport } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { localDynamoClient } from "../support/dynamo.ts";

const tableName = `cli-${randomUUID().slice(0, 8)}`;
const env = {
  DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
  PATHFINDER_TABLE: tableName,
  PATHFINDER_HASH_KEY: "cli-test",
};
let dir: string;

/** Runs `pathfinder ...args` with in-memory streams; returns the exit code and what it printed. */
async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input = "") {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const code = await runCli(args, { stdout, stderr, stdin, env: { ...env, ...extraEnv } });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pathfinder-cli-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("pathfinder blocker / ambassadors / match / export / erase", () => {
  it("takes a person from logging a blocker to a fitting ambassador, then exports and erases their data", async () => {
    // Prepare: an ambassador directory from a CSV file.
    const csv = join(dir, "ambassadors.csv");
    writeFileSync(
      csv,
      "id,displayName,slackUserId,categories,serviceAreas,region,monthlyCapacity\n" +
        "amara,Amara Okafor,U0AMARA1,hr-tupe-pensions;staff-unions,adult social care,North West,3\n" +
        "gareth,Gareth Lewis,U0GARETH,procurement,leisure,Wales,2\n",
    );
    expect((await cli(["ambassadors", "import", csv])).out).toBe(
      "Imported: 2 added, 0 updated, 0 unchanged.\n",
    );

    // Act: log, correct, list, match, resolve.
    const logged = await cli([
      "blocker",
      "log",
      "Our pension fund says the TUPE transfer needs an admission agreement; ring me on 07700 900123",
      "--service-area",
      "adult social care",
      "--user",
      "jo",
      "--json",
    ]);
    const { report } = JSON.parse(logged.out) as { report: ObstacleReport };
    const corrected = await cli([
      "blocker",
      "correct",
      report.id,
      "hr-tupe-pensions",
      "staff-unions",
      "--user",
      "jo",
    ]);
    const listed = await cli(["blocker", "list", "--user", "jo"]);
    const matched = await cli([
      "match",
      "Who can help with TUPE and pensions?",
      "--region",
      "North West",
      "--user",
      "jo",
    ]);
    const resolved = await cli(["blocker", "resolve", report.id, "The", "actuary", "helped", "--user", "jo"]);
    const exported = await cli(["export", "--user", "jo", "--json"]);
    const erased = await cli(["erase", "--user", "jo", "--json", "--yes"]);
    const afterErase = await cli(["export", "--user", "jo", "--json"]);

    // Assess
    expect(logged.code).toBe(0);
    expect(report.categories[0]?.id).toBe("hr-tupe-pensions");
    expect(report.text).toContain("[phone]");
    expect(corrected.out).toMatch(/^Corrected .*HR, TUPE and pensions.*Staff and unions/);
    expect(listed.out).toContain(report.id);
    expect(listed.out).toContain("[phone]");
    expect(matched.out).toContain("Topic: HR, TUPE and pensions");
    expect(matched.out).toContain("1. Amara Okafor [amara]: knows HR, TUPE and pensions; North West");
    expect(matched.out).not.toContain("Gareth");
    expect(resolved.code).toBe(0);
    const data = JSON.parse(exported.out) as PersonalDataExport;
    expect(data.reports.map((r) => [r.id, r.status, r.resolutionNote])).toEqual([
      [report.id, "resolved", "The actuary helped"],
    ]);
    expect(JSON.parse(erased.out)).toMatchObject({ user: { platform: "cli", userId: "jo" } });
    expect(JSON.parse(erased.out).deleted).toBeGreaterThanOrEqual(2);
    expect((JSON.parse(afterErase.out) as PersonalDataExport).reports).toEqual([]);
  });

  it("prints a readable export summary: dates, not epoch seconds, and counts that read right (issue 16)", async () => {
    // Prepare
    await cli(["blocker", "log", "Unison are balloting over the TUPE transfer", "--user", "summary-jo"]);

    // Act
    const summary = await cli(["export", "--user", "summary-jo"]);

    // Assess
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(
      /^Pathfinder holds 1 blocker report, no introductions, no feedback ratings, no ambassador profiles and no digest subscriptions made by cli user summary-jo \(exported \d{1,2} [A-Z][a-z]+ \d{4}\)\./,
    );
    expect(summary.out).toMatch(
      /## Blocker reports \(1\)\n- \d{1,2} [A-Z][a-z]+ \d{4}, .*"Unison are balloting/,
    );
    expect(summary.out).toMatch(/Expires \d{1,2} [A-Z][a-z]+ \d{4}\./);
    expect(summary.out).not.toMatch(/\b1\d{9}\b/); // no epoch seconds
    expect(summary.out).not.toContain("(s)");
  });

  it("rejects an empty --user instead of falling back to the OS user (issue 13 item 15)", async () => {
    // Act
    const exported = await cli(["export", "--user", ""]);
    const erased = await cli(["erase", "--user", "  ", "--yes"]);

    // Assess
    expect(exported.code).toBe(2);
    expect(exported.err).toMatch(/--user is empty/);
    expect(erased.code).toBe(2);
    expect(erased.err).toMatch(/--user is empty/);
  });

  it("erases only after a typed yes (or --yes), and keeps everything otherwise (issue 13 item 15)", async () => {
    // Prepare
    await cli(["blocker", "log", "Our finance director blocks the business case", "--user", "careful"]);

    // Act
    const declined = await cli(["erase", "--user", "careful"], {}, "no\n");
    const silent = await cli(["erase", "--user", "careful"]); // stdin closed: no answer is no
    const kept = await cli(["export", "--user", "careful", "--json"]);
    const confirmed = await cli(["erase", "--user", "careful"], {}, "yes\n");
    const gone = await cli(["export", "--user", "careful", "--json"]);

    // Assess
    expect(declined.code).toBe(1);
    expect(declined.err).toMatch(/This cannot be undone\. Type "yes" to erase: Nothing erased\./);
    expect(silent.code).toBe(1);
    expect((JSON.parse(kept.out) as PersonalDataExport).reports).toHaveLength(1);
    expect(confirmed.code).toBe(0);
    expect(confirmed.out).toBe("Erased 1 record about cli:careful.\n");
    expect((JSON.parse(gone.out) as PersonalDataExport).reports).toEqual([]);
  });

  it("says which platform was searched when export or erase find nothing, and hints at --platform (issue 17 item 10)", async () => {
    // Prepare: the person used Slack
    await cli(["blocker", "log", "The union will not engage", "--user", "U0SLACKER", "--platform", "slack"]);

    // Act: searched on the default platform
    const exported = await cli(["export", "--user", "U0SLACKER", "--json"]);
    const erased = await cli(["erase", "--user", "U0SLACKER", "--yes"]);
    const onSlack = await cli(["export", "--user", "U0SLACKER", "--platform", "slack", "--json"]);

    // Assess
    expect(exported.err).toMatch(
      /Nothing found for U0SLACKER on platform "cli"\..*add --platform \(slack, teams, web\)/,
    );
    expect((JSON.parse(exported.out) as PersonalDataExport).reports).toEqual([]);
    expect(erased.err).toMatch(/Nothing found for U0SLACKER on platform "cli"/);
    expect(erased.out).not.toMatch(/Erased/);
    expect((JSON.parse(onSlack.out) as PersonalDataExport).reports).toHaveLength(1);
    expect(onSlack.err).toBe("");
  });

  it("rejects a bad import with line numbers and saves nothing", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      '[\n  {"id": "ok-one", "displayName": "Ok", "categories": ["funding"]},\n  {"id": "bad-one", "displayName": "Bad", "categories": ["tupe"]}\n]\n',
    );
    const result = await cli(["ambassadors", "import", bad]);
    const list = await cli(["ambassadors", "list", "--json"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 3: categories: unknown "tupe"/);
    expect((JSON.parse(list.out) as { id: string }[]).map((a) => a.id)).not.toContain("ok-one");
  });

  it("adds, updates, snoozes, exports and removes an ambassador", async () => {
    const added = await cli([
      "ambassadors",
      "add",
      "--id",
      "priya",
      "--name",
      "Priya Shah",
      "--categories",
      "funding,business-case",
      "--region",
      "london",
      "--capacity",
      "2",
    ]);
    const updated = await cli([
      "ambassadors",
      "update",
      "priya",
      "--capacity",
      "5",
      "--bio",
      "Raised social investment",
    ]);
    const snoozed = await cli(["ambassadors", "snooze", "priya", "--until", "2099-01-31"]);
    const noMatch = await cli(["match", "start-up funding", "--category", "funding", "--json"]);
    const exported = await cli(["ambassadors", "export", "--format", "csv"]);
    const removed = await cli(["ambassadors", "remove", "priya"]);
    const removedAgain = await cli(["ambassadors", "remove", "priya"]);

    expect(added.out).toBe("Added ambassador priya (Priya Shah).\n");
    expect(updated.code).toBe(0);
    expect(snoozed.out).toBe("Snoozed priya until 2099-01-31.\n");
    expect(JSON.parse(noMatch.out).ambassadors).toEqual([]);
    expect(exported.out).toContain(
      "priya,Priya Shah,,,,funding;business-case,,London,5,2099-01-31,Raised social investment,",
    );
    expect(removed.out).toBe("Removed priya.\n");
    expect(removedAgain.code).toBe(1);
  });

  it("confirms a volunteer waiting for a coordinator, and says so when there is none", async () => {
    await cli(["ambassadors", "list"]); // the CLI creates the table on first use
    const doc = DynamoDBDocumentClient.from(localDynamoClient(), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const services = createPeerServices({ doc, tableName, hashKey: "cli-test" });
    await services.ambassadors.put({
      id: "jo-okafor",
      displayName: "Jo Okafor",
      slackUserId: "U0JO1",
      categories: ["staff-unions"],
      serviceAreas: [],
      monthlyCapacity: 2,
      pendingSince: "2026-12-01T10:00:00.000Z",
    });
    const listed = await cli(["ambassadors", "list"]);
    const confirmed = await cli(["ambassadors", "confirm", "jo-okafor"]);
    const again = await cli(["ambassadors", "confirm", "jo-okafor"]);
    const missing = await cli(["ambassadors", "confirm"]);

    expect(listed.out).toMatch(/Jo Okafor.*awaiting a coordinator's confirmation/);
    expect(confirmed.out).toMatch(/^Confirmed Jo Okafor: offered for introductions/);
    expect((await services.ambassadors.get("jo-okafor"))?.pendingSince).toBeUndefined();
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already been confirmed/);
    expect(missing.code).toBe(2);
    await services.ambassadors.remove("jo-okafor");
  });

  it("explains bad input: unknown category, empty text, missing arguments", async () => {
    const unknown = await cli(["blocker", "log", "help", "--category", "tupe"]);
    const empty = await cli(["blocker", "log", "   "]);
    const missing = await cli(["blocker", "correct"]);
    const badFlag = await cli(["ambassadors", "list", "--nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Unknown category "tupe". Valid categories: internal-blockers/);
    expect(empty.code).toBe(2);
    expect(missing.code).toBe(2);
    expect(badFlag.code).toBe(2);
    expect(badFlag.err).toMatch(/Unknown option '--nope'/);
  });
});

describe("pathfinder without DYNAMODB_ENDPOINT", () => {
  it("starts DynamoDB Local on demand and keeps data between commands", async () => {
    const dataDir = join(dir, "dynamodb");
    const local = { DYNAMODB_ENDPOINT: "", PATHFINDER_DATA_DIR: dataDir };
    const logged = await cli(
      ["blocker", "log", "Councillors keep deferring the decision", "--user", "sam"],
      local,
    );
    const listed = await cli(["blocker", "list", "--user", "sam", "--json"], local);
    expect(logged.code).toBe(0);
    expect((JSON.parse(listed.out) as ObstacleReport[]).map((r) => r.text)).toEqual([
      "Councillors keep deferring the decision",
    ]);
    expect(readFileSync(join(dataDir, "shared-local-instance.db")).length).toBeGreaterThan(0);
  }, 240_000);
});
