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
import type { Context, SQSEvent } from "aws-lambda";
import { type FakeSlackApi, type FaultRule, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { startFakeSqs } from "../support/fake-sqs.ts";
import {
  blockerText,
  pause,
  runAsScript,
  startKillableDynamo,
  tagFor,
  tallyPeople,
} from "../support/fault-run.ts";
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
const QUESTIONS = [
  "how do we win over the unions?",
  "what does TUPE mean for our pensions?",
  "how long should the first contract be?",
];

function mention(n: number, ts: string, kind: "blocker" | "question") {
  const text = kind === "blocker" ? blockerText(n) : (QUESTIONS[n % QUESTIONS.length] ?? "");
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

/** Runs one scenario; everything it starts (DynamoDB Local included) is stopped before it returns. */
export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunResult> {
  const dynamo = await startKillableDynamo(`faults-${options.name}`);
  const slack: FakeSlackApi = await startFakeSlackApi();
  const sqs = await startFakeSqs({
    visibilityMs: options.visibilityMs,
    maxReceiveCount: 3,
    lambdaTimeoutMs: options.lambdaTimeoutMs,
  });
  try {
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
      PATHFINDER_TABLE: dynamo.tableName,
      // The same port after a restart, so the handlers' clients keep working once it is back.
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
          outageMs = await dynamo.killAndRestart(restartAfterMs);
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

    const stored = await dynamo.storedReportsByTag();
    // What each person saw: messages delivered in their thread (public or ephemeral).
    const seen = new Map<string, string[]>();
    for (const call of slack.delivered) {
      if (call.method !== "chat.postMessage" && call.method !== "chat.postEphemeral") continue;
      const ts = String(call.args.thread_ts ?? "");
      seen.set(ts, [...(seen.get(ts) ?? []), String(call.args.text ?? "")]);
    }
    const isApology = (text: string) => text.startsWith(APOLOGY_PREFIX);
    const people = sentTs.map((ts, n) => ({
      texts: seen.get(ts) ?? [],
      storedCopies: stored.get(tagFor(n)) ?? 0,
    }));
    const isBlocker = (options.kind ?? "blocker") === "blocker";
    // Lost: no apology, and a blocker never stored (a question never answered: no message at all).
    const lost = people.filter(
      ({ texts, storedCopies }) =>
        !texts.some(isApology) && (isBlocker ? storedCopies === 0 : texts.length === 0),
    ).length;
    return {
      name: options.name,
      sent: options.reports,
      settled,
      ...tallyPeople(people, isApology),
      lost,
      deadLettered: sqs.messages.filter((m) => m.dlq).length,
      ...(outageMs === undefined ? {} : { outageMs }),
    };
  } finally {
    await sqs.stop();
    await slack.close();
    await dynamo.stop();
  }
}

await runAsScript(import.meta.filename, runFaultScenario);
