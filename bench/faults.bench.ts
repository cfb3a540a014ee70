/**
 * Faults (issue 12): 200 blocker reports at about 60 a second through the real Slack Lambda handlers,
 * DynamoDB Local, the fake Slack API and a simulated SQS (batches of 5, five in flight, failed items back
 * after the visibility timeout, DLQ after 3 receives), under: DynamoDB killed and restarted for an outage
 * shorter and longer than the retry budget; and Slack failing 30% of posts (500s, 429s with Retry-After)
 * or losing the response after accepting the post. Each scenario runs in its own process
 * (tests/slack/fault-run.ts), as the handlers cache their configuration per container.
 * The Teams endpoint gets the same kill-and-restart (tests/teams/fault-run.ts): 200 reports at ten a second,
 * each its own request through the real Teams handler, the fake Bot Connector, the channel re-sending after a 5xx;
 * and the Bot Connector losing its answer after taking the post, for 30% of the people's chats.
 * Target for every scenario: 0 lost, 0 duplicated, every person told (answer or apology).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { FaultRunOptions, FaultRunResult } from "../tests/slack/fault-run.ts";
import type { TeamsFaultRunOptions, TeamsFaultRunResult } from "../tests/teams/fault-run.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const REPORTS = 200;
const base = { reports: REPORTS, gapMs: 16, settleTimeoutMs: 240_000 };

const scenarios: FaultRunOptions[] = [
  // Questions: answered in the thread with chat.postMessage; 30% of posts fail with a plain 500.
  {
    ...base,
    name: "slack-500-on-30pct-of-answers",
    kind: "question",
    visibilityMs: 10_000,
    lambdaTimeoutMs: 5_000,
    slackFault: { share: 0.3, fault: { error: 500 } },
  },
  {
    ...base,
    name: "dynamo-outage-within-retries",
    // As deployed: the visibility timeout (360 s) is six times the worker's timeout (60 s), scaled down.
    visibilityMs: 30_000,
    lambdaTimeoutMs: 5_000,
    dynamoOutage: { afterProcessed: 50, restartAfterMs: 6_000 },
  },
  {
    ...base,
    name: "dynamo-outage-beyond-retries",
    // Three receives 3 s apart are spent long before DynamoDB is back: every person still hears from us.
    visibilityMs: 3_000,
    lambdaTimeoutMs: 1_500,
    dynamoOutage: { afterProcessed: 50, restartAfterMs: 12_000 },
  },
  {
    ...base,
    name: "slack-500-on-30pct-of-replies",
    visibilityMs: 10_000,
    lambdaTimeoutMs: 5_000,
    slackFault: { share: 0.3, fault: { error: 500 }, methods: ["chat.postMessage", "chat.postEphemeral"] },
  },
  {
    ...base,
    name: "slack-429-retry-after-5s-on-30pct",
    visibilityMs: 30_000,
    lambdaTimeoutMs: 15_000,
    slackFault: {
      share: 0.3,
      fault: { error: 429, retryAfter: 5 },
      methods: ["chat.postMessage", "chat.postEphemeral"],
    },
  },
  {
    ...base,
    // Questions: answered in the thread with chat.postMessage, the post a lost response used to duplicate.
    name: "slack-500-after-accepting-30pct-of-answers",
    kind: "question",
    visibilityMs: 10_000,
    lambdaTimeoutMs: 5_000,
    slackFault: { share: 0.3, fault: { error: 500, afterDelivery: true } },
  },
];

/**
 * Teams: no queue in front of the bot, so a report that meets the outage is apologised for in the turn; the
 * channel re-sends only after a 5xx (twice, 1 s apart, an assumption: the Bot Connector's policy is not ours).
 * Ten a second, not sixty: every turn runs in this one process (on Lambda each has its own container), and at
 * sixty a second on a shared two-core machine most turns overran the 10 s turn deadline with no fault at all.
 */
const teamsScenarios: TeamsFaultRunOptions[] = [
  {
    name: "teams-dynamo-outage-short",
    reports: REPORTS,
    gapMs: 100,
    channelRetries: 2,
    retryDelayMs: 1_000,
    dynamoOutage: { afterAnswered: 50, restartAfterMs: 1_000 },
  },
  {
    name: "teams-dynamo-outage-long",
    reports: REPORTS,
    gapMs: 100,
    channelRetries: 2,
    retryDelayMs: 1_000,
    dynamoOutage: { afterAnswered: 50, restartAfterMs: 12_000 },
  },
  {
    // Teams took each post in these chats but its answer never came: no copy, no apology (docs/teams.md).
    name: "teams-answer-lost-in-30pct-of-chats",
    reports: REPORTS,
    gapMs: 100,
    channelRetries: 2,
    retryDelayMs: 1_000,
    lostAnswerShare: 0.3,
  },
];

/** Runs one fault-run script in a fresh process and reads its result line. */
function runScript<T>(platform: "slack" | "teams", options: { name: string }): T {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(import.meta.dirname, "..", "tests", platform, "fault-run.ts"),
      JSON.stringify(options),
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = out
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("FAULT-RUN-RESULT "));
  if (!line) throw new Error(`${options.name}: the fault run printed no result`);
  return JSON.parse(line.slice("FAULT-RUN-RESULT ".length)) as T;
}

/** What both platforms' fault runs report: the fields their results share. */
type CommonFaultResult = Pick<
  FaultRunResult & TeamsFaultRunResult,
  | "name"
  | "sent"
  | "reportsStored"
  | "toldAnswer"
  | "toldApology"
  | "lost"
  | "duplicateReports"
  | "duplicatedMessages"
  | "repeatedApologies"
  | "outageMs"
>;

/** The rows every fault run reports, with `extra` (platform-specific rows) before the outage length. */
function commonRows(r: CommonFaultResult, extra: BenchResult[] = []): BenchResult[] {
  const told = r.toldAnswer + r.toldApology;
  const duplicated = r.duplicateReports + r.duplicatedMessages + r.repeatedApologies;
  return [
    { metric: `${r.name}: reports stored`, value: r.reportsStored, unit: `of ${r.sent}` },
    { metric: `${r.name}: people answered`, value: r.toldAnswer, unit: `of ${r.sent}` },
    { metric: `${r.name}: people apologised to`, value: r.toldApology, unit: `of ${r.sent}` },
    {
      metric: `${r.name}: people told`,
      value: told,
      unit: `of ${r.sent}`,
      target: `= ${r.sent}`,
      ok: told === r.sent,
    },
    {
      metric: `${r.name}: lost (not stored, not told)`,
      value: r.lost,
      unit: "",
      target: "= 0",
      ok: r.lost === 0,
    },
    {
      metric: `${r.name}: duplicated (reports, messages, apologies)`,
      value: duplicated,
      unit: "",
      target: "= 0",
      ok: duplicated === 0,
    },
    ...extra,
    ...(r.outageMs === undefined
      ? []
      : [{ metric: `${r.name}: DynamoDB outage`, value: r.outageMs / 1000, unit: "s" }]),
  ];
}

function rows(r: FaultRunResult): BenchResult[] {
  return [
    ...commonRows(r, [{ metric: `${r.name}: dead-lettered`, value: r.deadLettered, unit: "messages" }]),
    { metric: `${r.name}: queue settled`, value: r.settled ? 1 : 0, unit: "", target: "= 1", ok: r.settled },
  ];
}

function teamsRows(r: TeamsFaultRunResult): BenchResult[] {
  return commonRows(r, [
    { metric: `${r.name}: apologised, report stored anyway`, value: r.apologisedButStored, unit: "" },
    { metric: `${r.name}: 5xx answers`, value: r.statuses["500"] ?? 0, unit: `re-sent ${r.resent}` },
    ...(r.chatsLosingAnswers === undefined
      ? []
      : [
          {
            metric: `${r.name}: chats losing every answer`,
            value: r.chatsLosingAnswers,
            unit: `of ${r.sent}`,
          },
        ]),
  ]);
}

export const suite: BenchSuite = {
  name: "faults",
  async run() {
    const only = process.env.FAULTS_SCENARIO;
    const pick = <T extends { name: string }>(list: T[]) => list.filter((s) => !only || s.name === only);
    return [
      ...pick(scenarios).flatMap((s) => rows(runScript<FaultRunResult>("slack", s))),
      ...pick(teamsScenarios).flatMap((s) => teamsRows(runScript<TeamsFaultRunResult>("teams", s))),
    ];
  },
};
