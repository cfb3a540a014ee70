/**
 * Faults (issue 12): 200 blocker reports at about 60 a second through the real Slack Lambda handlers,
 * DynamoDB Local, the fake Slack API and a simulated SQS (batches of 5, five in flight, failed items back
 * after the visibility timeout, DLQ after 3 receives), under: DynamoDB killed and restarted for an outage
 * shorter and longer than the retry budget; and Slack failing 30% of posts (500s, 429s with Retry-After)
 * or losing the response after accepting the post. Each scenario runs in its own process
 * (tests/slack/fault-run.ts), as the handlers cache their configuration per container.
 * Target for every scenario: 0 lost, 0 duplicated, every person told (answer or apology).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { FaultRunOptions, FaultRunResult } from "../tests/slack/fault-run.ts";
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

function runScenario(options: FaultRunOptions): FaultRunResult {
  const out = execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(import.meta.dirname, "..", "tests", "slack", "fault-run.ts"),
      JSON.stringify(options),
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  const line = out
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("FAULT-RUN-RESULT "));
  if (!line) throw new Error(`${options.name}: the fault run printed no result`);
  return JSON.parse(line.slice("FAULT-RUN-RESULT ".length)) as FaultRunResult;
}

function rows(r: FaultRunResult): BenchResult[] {
  const told = r.toldAnswer + r.toldApology;
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
      value: r.duplicateReports + r.duplicatedMessages + r.repeatedApologies,
      unit: "",
      target: "= 0",
      ok: r.duplicateReports + r.duplicatedMessages + r.repeatedApologies === 0,
    },
    { metric: `${r.name}: dead-lettered`, value: r.deadLettered, unit: "messages" },
    ...(r.outageMs === undefined
      ? []
      : [{ metric: `${r.name}: DynamoDB outage`, value: r.outageMs / 1000, unit: "s" }]),
    { metric: `${r.name}: queue settled`, value: r.settled ? 1 : 0, unit: "", target: "= 1", ok: r.settled },
  ];
}

export const suite: BenchSuite = {
  name: "faults",
  async run() {
    const only = process.env.FAULTS_SCENARIO;
    return scenarios.filter((s) => !only || s.name === only).flatMap((s) => rows(runScenario(s)));
  },
};
