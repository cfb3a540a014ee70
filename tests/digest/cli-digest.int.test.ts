/** `pathfinder digest` against DynamoDB Local (DYNAMODB_ENDPOINT), through the CLI's own entry. */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import { addWeeks, isoWeek, previousWeek, weekStart } from "../../peer/week.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
const lastWeek = previousWeek(new Date());
const thisWeek = isoWeek(new Date());

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: new PassThrough(),
    env: {
      DYNAMODB_ENDPOINT: table.endpoint,
      PATHFINDER_TABLE: table.tableName,
      PATHFINDER_HASH_KEY: "cli-key",
    },
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

beforeAll(async () => {
  table = await createTestTable("digest-cli");
  const peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "cli-key" });
  const midweek = new Date(`${weekStart(lastWeek)}T12:00:00Z`);
  midweek.setUTCDate(midweek.getUTCDate() + 2);
  for (let i = 0; i < 3; i++) {
    await peer.obstacles.log({
      user: { platform: "cli", userId: `person-${i}` },
      text: "The pension fund will not admit the new body",
      categories: ["hr-tupe-pensions"],
      allowQuote: true,
      idempotencyKey: `cli-${i}`,
      now: midweek,
    });
  }
  // A blocker logged a moment ago, in the current week.
  await peer.obstacles.log({
    user: { platform: "cli", userId: "person-now" },
    text: "Our procurement team wants a full open tender",
    categories: ["procurement"],
    idempotencyKey: "cli-now",
  });
});
afterAll(async () => {
  await table.drop();
});

describe("pathfinder digest", () => {
  it("regression (issue 17.1): --json with no --week describes the current week, counting a blocker just logged", async () => {
    const { code, stdout } = await run(["digest", "--json"]);
    expect(code).toBe(0);
    const digest = JSON.parse(stdout);
    expect(digest).toMatchObject({ week: thisWeek, partial: true });
    expect(digest.blockers).toEqual([expect.objectContaining({ category: "procurement", count: 1 })]);
  });

  it("prints this week so far as text by default, labelled as not over yet", async () => {
    const { code, stdout } = await run(["digest"]);
    expect(code).toBe(0);
    expect(stdout).toContain("(so far)");
    expect(stdout).toContain("- Procurement and contracts");
    expect(stdout).not.toContain("HR, TUPE and pensions");
  });

  it("prints last week's digest as text for --week, as Monday's post shows it", async () => {
    const { code, stdout } = await run(["digest", "--week", lastWeek]);
    expect(code).toBe(0);
    expect(stdout).toContain("Pathfinder weekly digest:");
    expect(stdout).toContain("- HR, TUPE and pensions");
    expect(stdout).toContain("3 reports");
    expect(stdout).toContain("“The pension fund will not admit the new body”");
    expect(stdout).toContain("[Talk to an ambassador]");
    expect(stdout).not.toContain("*");
  });

  it("prints the Digest object with --json, for a named week", async () => {
    const { code, stdout } = await run(["digest", "--json", "--week", lastWeek]);
    expect(code).toBe(0);
    const digest = JSON.parse(stdout);
    expect(digest.week).toBe(lastWeek);
    expect(digest.blockers[0]).toMatchObject({ category: "hr-tupe-pensions", count: 3, top: true });
  });

  it("shows an earlier empty week in one line", async () => {
    const { code, stdout } = await run(["digest", "--week", addWeeks(lastWeek, -10)]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
    expect(stdout).toMatch(/^A quiet week on Pathfinder/);
  });

  it("refuses a malformed or future week with a usage error", async () => {
    const bad = await run(["digest", "--week", "last-week"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"last-week" is not an ISO week');
    const future = await run(["digest", "--week", addWeeks(lastWeek, 3)]);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain("has not started yet");
  });
});
