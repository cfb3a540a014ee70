/**
 * The fault run (issue 12): a burst of blocker reports through the real Lambda handlers
 * (functions/slack-events.ts, functions/slack-worker.ts) on a DynamoDB Local that is killed and
 * restarted mid-burst, the fake Slack Web API (optionally failing posts) and a simulated SQS (batches
 * of 5, failed items back after the visibility timeout, dead-letter queue after 3 receives).
 * It answers: reports stored vs sent, people told vs sent, duplicates, apologies.
 *
 * Used by tests/slack/faults.int.test.ts (a small burst) and `npm run bench faults`, which runs each
 * scenario in its own process (`tsx tests/slack/fault-run.ts '<options json>'`): the handlers cache
 * their configuration per container, as on Lambda, so a scenario needs a fresh module graph.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context, SQSEvent } from "aws-lambda";
import { createDocumentClient, createDynamoClient } from "../../store/dynamo-client.ts";
import { type DynamoLocal, freePort, startDynamoLocal } from "../../store/dynamodb-local.ts";
import { ensureTable } from "../../store/ensure-table.ts";
import { type FakeSlackApi, type FaultRule, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { startFakeSqs } from "../support/fake-sqs.ts";
import { eventRequest, TEST_SIGNING_SECRET } from "../support/slack-signing.ts";

/** What a scenario does. */
export interface FaultRunOptions {
  name: string;
  reports: number;
  /** Gap between reports (ms); 16 is about 60 a second. */
  gapMs: number;
  visibilityMs: number;
  lambdaTimeoutMs: number;
  /** Kill DynamoDB Local after this many messages were processed, and restart it this much later. */
  dynamoOutage?: { afterProcessed: number; restartAfterMs: number };
  /**
   * Fail this share of calls of `methods` (default chat.postMessage) this way: a 500, a 429 with
   * Retry-After, or a lost response (`afterDelivery`).
   */
  slackFault?: { share: number; fault: FaultRule; methods?: string[] };
  /**
   * "blocker" (default): reports, answered privately (ephemeral) and stored. "question": questions, answered
   * in the thread with chat.postMessage, the post a lost response can duplicate.
   */
  kind?: "blocker" | "question";
  /** Give up waiting for the queue to settle after this long. */
  settleTimeoutMs: number;
}

/** The figures the issue asks for. */
export interface FaultRunResult {
  name: string;
  sent: number;
  settled: boolean;
  reportsStored: number;
  duplicateReports: number;
  /** People who got their answer (at least once). */
  toldAnswer: number;
  /** People who got the apology instead. */
  toldApology: number;
  /** People who heard nothing at all. */
  silent: number;
  /** Blockers neither stored nor apologised for; questions neither answered nor apologised for. */
  lost: number;
  /** People who got the same message twice or more. */
  duplicatedMessages: number;
  /** People apologised to more than once. */
  repeatedApologies: number;
  deadLettered: number;
  outageMs?: number;
}

const APOLOGY_PREFIX = "Sorry, something went wrong";
const BOT = "U0LAN0Z89";
const TEXTS = [
  "our union reps are against the spin-out",
  "the council's procurement team wants a full tender",
  "the pension fund will not admit the mutual",
  "we cannot get a decision from the cabinet member",
  "TUPE transfer of care staff is stuck with HR",
];

/** A unique word per report, so a stored report can be matched to the message that sent it. */
function tagFor(n: number): string {
  let s = "";
  let x = n;
  do {
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26);
  } while (x > 0);
  return `zq${s}`;
}

const QUESTIONS = [
  "how do we win over the unions?",
  "what does TUPE mean for our pensions?",
  "how long should the first contract be?",
];

function mention(n: number, ts: string, kind: "blocker" | "question") {
  const text =
    kind === "blocker"
      ? `blocker ${TEXTS[n % TEXTS.length]} ${tagFor(n)}`
      : (QUESTIONS[n % QUESTIONS.length] ?? "");
  return {
    token: "x",
    team_id: "T061EG9R6",
    api_app_id: "A0MDYCDME",
    event: {
      type: "app_mention",
      user: `UREP${String(n % 50).padStart(3, "0")}`,
      text: `<@${BOT}> ${text}`,
      ts,
      channel: "C0BLOCKERS",
      event_ts: ts,
    },
    type: "event_callback",
    event_id: `EvFAULT${n}`,
    event_time: Math.floor(Date.now() / 1000),
  };
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs one scenario; everything it starts (DynamoDB Local included) is stopped before it returns. */
export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `pathfinder-faults-${options.name}-`));
  const port = await freePort();
  let dynamo: DynamoLocal = await startDynamoLocal({ dataDir, port });
  const slack: FakeSlackApi = await startFakeSlackApi();
  const sqs = await startFakeSqs({
    visibilityMs: options.visibilityMs,
    maxReceiveCount: 3,
    lambdaTimeoutMs: options.lambdaTimeoutMs,
  });
  try {
    const table = `faults-${options.name}`;
    await ensureTable(createDynamoClient({ endpoint: dynamo.endpoint }), table);
    if (options.slackFault) {
      const { share, fault } = options.slackFault;
      const methods = new Set(options.slackFault.methods ?? ["chat.postMessage"]);
      let n = 0;
      slack.setFault((method) => {
        if (!methods.has(method)) return undefined;
        n += 1;
        // Deterministic spread: every k-th post fails, for a share of 1/k.
        return n % Math.round(1 / share) === 0 ? fault : undefined;
      });
    }
    Object.assign(process.env, {
      AWS_REGION: "eu-west-2",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      AWS_ENDPOINT_URL_SQS: sqs.origin,
      SLACK_QUEUE_URL: sqs.queueUrl,
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-fault-run",
      SLACK_BOT_USER_ID: BOT,
      SLACK_BOT_ID: "B0LAN0Z89",
      PATHFINDER_HASH_KEY: "fault-run-hash-key",
      PATHFINDER_TABLE: table,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SLACK_MAX_RECEIVE_COUNT: "3",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      LOG_LEVEL: "SILENT",
    });
    const events = (await import("../../functions/slack-events.ts")).handler;
    const worker = (await import("../../functions/slack-worker.ts")).handler;
    sqs.start((event: SQSEvent, context: Context) => worker(event, context));

    let outageMs: number | undefined;
    const outage = options.dynamoOutage
      ? (async () => {
          const { afterProcessed, restartAfterMs } = options.dynamoOutage ?? {
            afterProcessed: 0,
            restartAfterMs: 0,
          };
          await sqs.until(
            () => sqs.messages.filter((m) => m.deleted).length >= afterProcessed,
            options.settleTimeoutMs,
          );
          const killedAt = Date.now();
          dynamo.process.kill("SIGKILL");
          await pause(restartAfterMs);
          dynamo = await startDynamoLocal({ dataDir, port });
          outageMs = Date.now() - killedAt;
        })()
      : Promise.resolve();

    const sentTs: string[] = [];
    for (let n = 0; n < options.reports; n++) {
      const ts = `1700000000.${String(n).padStart(6, "0")}`;
      sentTs.push(ts);
      const ack = await events(eventRequest(mention(n, ts, options.kind ?? "blocker")), {});
      if (ack.statusCode !== 200)
        throw new Error(`the events handler answered ${ack.statusCode} to report ${n}`);
      // The load's pace, not synchronisation: reports arrive over time, as people send them.
      if (options.gapMs > 0) await pause(options.gapMs);
    }
    await outage;
    const settled = await sqs
      .until(() => sqs.settled(), options.settleTimeoutMs)
      .then(
        () => true,
        () => false,
      );

    // What the store holds, matched to the reports by their tag.
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    const stored = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const tag = item.type === "report" ? /zq[a-z]+/.exec(String(item.text))?.[0] : undefined;
        if (tag) stored.set(tag, (stored.get(tag) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start);

    // What each person saw: messages delivered in their thread (public or ephemeral).
    const seen = new Map<string, string[]>();
    for (const call of slack.delivered) {
      if (call.method !== "chat.postMessage" && call.method !== "chat.postEphemeral") continue;
      const ts = String(call.args.thread_ts ?? "");
      seen.set(ts, [...(seen.get(ts) ?? []), String(call.args.text ?? "")]);
    }
    let toldAnswer = 0;
    let toldApology = 0;
    let silent = 0;
    let lost = 0;
    let duplicatedMessages = 0;
    let repeatedApologies = 0;
    let reportsStored = 0;
    let duplicateReports = 0;
    for (const [n, ts] of sentTs.entries()) {
      const texts = seen.get(ts) ?? [];
      const apologies = texts.filter((t) => t.startsWith(APOLOGY_PREFIX)).length;
      const answers = texts.length - apologies;
      const copies = stored.get(tagFor(n)) ?? 0;
      if (copies > 0) reportsStored += 1;
      if (copies > 1) duplicateReports += 1;
      if (answers > 0) toldAnswer += 1;
      else if (apologies > 0) toldApology += 1;
      else silent += 1;
      const isBlocker = (options.kind ?? "blocker") === "blocker";
      if (apologies === 0 && (isBlocker ? copies === 0 : answers === 0)) lost += 1;
      const answerTexts = texts.filter((t) => !t.startsWith(APOLOGY_PREFIX));
      if (new Set(answerTexts).size < answerTexts.length) duplicatedMessages += 1;
      if (apologies > 1) repeatedApologies += 1;
    }
    return {
      name: options.name,
      sent: options.reports,
      settled,
      reportsStored,
      duplicateReports,
      toldAnswer,
      toldApology,
      silent,
      lost,
      duplicatedMessages,
      repeatedApologies,
      deadLettered: sqs.messages.filter((m) => m.dlq).length,
      ...(outageMs === undefined ? {} : { outageMs }),
    };
  } finally {
    await sqs.stop();
    await slack.close();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `tsx tests/slack/fault-run.ts '<options json>'`: one scenario in a fresh process, the result as the last line.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const result = await runFaultScenario(JSON.parse(process.argv[2] ?? "{}") as FaultRunOptions);
  process.stdout.write(`\nFAULT-RUN-RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
