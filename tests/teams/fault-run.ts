/**
 * The Teams fault run (issue 12, "the same for the Teams endpoint"): a burst of blocker reports, each from a
 * person in their own chat, through the real Teams handler (bots/teams/handler.ts over the app assembled by
 * app/pathfinder.ts, as functions/teams-messages.ts builds it) with botbuilder's real JWT check against a
 * fake OpenID endpoint, replies going to the fake Bot Connector, and DynamoDB Local killed and restarted
 * mid-burst. The channel is simulated: each activity is POSTed once, and re-sent after a 5xx or a network
 * failure up to `channelRetries` times, `retryDelayMs` apart.
 * It answers: reports stored vs sent, people told vs sent, duplicates, apologies.
 *
 * Used by tests/teams/faults.int.test.ts (a small burst) and `npm run bench faults`, which runs each scenario
 * in its own process (`tsx tests/teams/fault-run.ts '<options json>'`), like the Slack run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Activity } from "botbuilder";
import { createPathfinder } from "../../app/pathfinder.ts";
import { makeTeamsHandler } from "../../bots/teams/handler.ts";
import { TEAMS_MESSAGES } from "../../bots/teams/messages.ts";
import { loadConfig } from "../../config/config.ts";
import { createDocumentClient, createDynamoClient } from "../../store/dynamo-client.ts";
import { type DynamoLocal, freePort, startDynamoLocal } from "../../store/dynamodb-local.ts";
import { ensureTable } from "../../store/ensure-table.ts";
import { OfflineCredentialsFactory, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { startFakeOpenId } from "../support/fake-openid.ts";
import { functionUrlEvent } from "./http.ts";

/** What a scenario does. */
export interface TeamsFaultRunOptions {
  name: string;
  reports: number;
  /** Gap between reports (ms); 16 is about 60 a second. Each report is its own concurrent request. */
  gapMs: number;
  /** Kill DynamoDB Local after this many requests were answered, and restart it this much later. */
  dynamoOutage?: { afterAnswered: number; restartAfterMs: number };
  /** Re-sends of an activity the bot answered with a 5xx (or not at all). */
  channelRetries: number;
  retryDelayMs: number;
}

/** The figures the issue asks for. */
export interface TeamsFaultRunResult {
  name: string;
  sent: number;
  reportsStored: number;
  duplicateReports: number;
  /** People who got their answer (at least once). */
  toldAnswer: number;
  /** People who got an apology instead. */
  toldApology: number;
  /** People who heard nothing at all. */
  silent: number;
  /** Reports neither stored nor apologised for. */
  lost: number;
  /** People who got the same message twice or more. */
  duplicatedMessages: number;
  /** People apologised to more than once. */
  repeatedApologies: number;
  /**
   * People apologised to although their report was stored: the write committed but its response was lost
   * when DynamoDB died, so the bot could not know. Not a loss; the apology does not claim nothing was saved.
   */
  apologisedButStored: number;
  /** HTTP answers by status, over every attempt. */
  statuses: Record<string, number>;
  /** Activities the channel re-sent. */
  resent: number;
  outageMs?: number;
}

const APP_ID = "22222222-3333-4444-5555-666666666666";
const TENANT = "tenant-0001";
const APOLOGIES: readonly string[] = [TEAMS_MESSAGES.failed, TEAMS_MESSAGES.slow];
const TEXTS = [
  "our union reps are against the spin-out",
  "the council's procurement team wants a full tender",
  "the pension fund will not admit the mutual",
  "we cannot get a decision from the cabinet member",
  "TUPE transfer of care staff is stuck with HR",
];

/** A unique word per report, so a stored report can be matched to the message that sent it. */
export function tagFor(n: number): string {
  let s = "";
  let x = n;
  do {
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26);
  } while (x > 0);
  return `zq${s}`;
}

/** Report n as Teams sends it: a message in the person's own chat with the bot. */
function reportActivity(n: number, serviceUrl: string): Partial<Activity> {
  return {
    type: "message",
    id: `17000000${String(n).padStart(5, "0")}`,
    timestamp: new Date(),
    serviceUrl,
    channelId: "msteams",
    from: { id: `29:rep-${n}`, name: `Rep ${n}`, aadObjectId: `aad-rep-${n}` },
    conversation: {
      id: `a:fault-${n}`,
      conversationType: "personal",
      tenantId: TENANT,
    } as Activity["conversation"],
    recipient: { id: `28:${APP_ID}`, name: "Pathfinder" },
    textFormat: "plain",
    locale: "en-GB",
    text: `blocker ${TEXTS[n % TEXTS.length]} ${tagFor(n)}`,
    channelData: { tenant: { id: TENANT } },
  };
}

/** What a posted message says: its text, or the text blocks of its Adaptive Card. */
function textOf(activity: Partial<Activity>): string {
  if (activity.text) return activity.text;
  const blocks: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const child of node) walk(child);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.type === "TextBlock" && typeof record.text === "string") blocks.push(record.text);
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(activity.attachments);
  return blocks.join("\n");
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs one scenario; everything it starts (DynamoDB Local included) is stopped before it returns. */
export async function runTeamsFaultScenario(options: TeamsFaultRunOptions): Promise<TeamsFaultRunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `pathfinder-teams-faults-${options.name}-`));
  const port = await freePort();
  let dynamo: DynamoLocal = await startDynamoLocal({ dataDir, port });
  const connector = await startFakeBotConnector();
  const openId = await startFakeOpenId();
  try {
    // DynamoDB Local takes any credentials, but the SDK wants some.
    process.env.AWS_ACCESS_KEY_ID ??= "local";
    process.env.AWS_SECRET_ACCESS_KEY ??= "local";
    process.env.AWS_REGION ??= "eu-west-2";
    const tableName = `teams-faults-${options.name}`;
    await ensureTable(createDynamoClient({ endpoint: dynamo.endpoint }), tableName);
    const config = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TENANT_ID: TENANT,
      PATHFINDER_TABLE: tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
    });
    const secrets = { hashKey: "fault-run-hash-key", teamsAppPassword: "unused-offline" };
    // As functions/teams-messages.ts assembles it, with the outbound and inbound auth aimed at the fakes.
    const app = await createPathfinder({ config, secrets });
    const errors: string[] = [];
    const handle = makeTeamsHandler(
      {
        core: app.core,
        peer: app.peer,
        secrets,
        credentialsFactory: new OfflineCredentialsFactory(APP_ID, TENANT),
        channelAuth: { openIdMetadataUrl: openId.metadataUrl },
        log: { error: (message) => void errors.push(message) },
      },
      config,
    );

    const statuses: Record<string, number> = {};
    let answered = 0;
    let resent = 0;
    let outageMs: number | undefined;
    let outageStarted: (() => void) | undefined;
    const outageDue = new Promise<void>((r) => {
      outageStarted = r;
    });

    /** The channel: POST, and re-send after a 5xx or a failed request, as the Bot Connector may. */
    async function deliver(n: number): Promise<void> {
      const activity = reportActivity(n, connector.serviceUrl);
      for (let attempt = 0; attempt <= options.channelRetries; attempt++) {
        if (attempt > 0) {
          resent += 1;
          await pause(options.retryDelayMs);
        }
        const token = openId.sign({ aud: APP_ID, serviceurl: connector.serviceUrl });
        const status = await handle(functionUrlEvent(activity, { token })).then(
          (result) => result.statusCode ?? 200,
          () => 0,
        );
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        answered += 1;
        if (options.dynamoOutage && answered === options.dynamoOutage.afterAnswered) outageStarted?.();
        if (status > 0 && status < 500) return;
      }
    }

    const outage = options.dynamoOutage
      ? (async () => {
          const { restartAfterMs } = options.dynamoOutage ?? { restartAfterMs: 0 };
          await outageDue;
          const killedAt = Date.now();
          dynamo.process.kill("SIGKILL");
          await pause(restartAfterMs);
          dynamo = await startDynamoLocal({ dataDir, port });
          outageMs = Date.now() - killedAt;
        })()
      : Promise.resolve();

    const requests: Promise<void>[] = [];
    for (let n = 0; n < options.reports; n++) {
      requests.push(deliver(n));
      // The load's pace, not synchronisation: reports arrive over time, as people send them.
      if (options.gapMs > 0) await pause(options.gapMs);
    }
    await Promise.all(requests);
    // A burst smaller than the kill point still ends the outage task.
    outageStarted?.();
    await outage;

    // What the store holds, matched to the reports by their tag.
    const doc = createDocumentClient({ endpoint: dynamo.endpoint });
    const stored = new Map<string, number>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        const tag = item.type === "report" ? /zq[a-z]+/.exec(String(item.text))?.[0] : undefined;
        if (tag) stored.set(tag, (stored.get(tag) ?? 0) + 1);
      }
      start = page.LastEvaluatedKey;
    } while (start);

    // What each person saw in their chat (typing indicators are not messages).
    const seen = new Map<string, string[]>();
    for (const posted of connector.activities) {
      if (posted.activity.type !== "message") continue;
      const texts = seen.get(posted.conversationId) ?? [];
      texts.push(textOf(posted.activity));
      seen.set(posted.conversationId, texts);
    }
    const result: TeamsFaultRunResult = {
      name: options.name,
      sent: options.reports,
      reportsStored: 0,
      duplicateReports: 0,
      toldAnswer: 0,
      toldApology: 0,
      silent: 0,
      lost: 0,
      duplicatedMessages: 0,
      repeatedApologies: 0,
      apologisedButStored: 0,
      statuses,
      resent,
      ...(outageMs === undefined ? {} : { outageMs }),
    };
    for (let n = 0; n < options.reports; n++) {
      const texts = seen.get(`a:fault-${n}`) ?? [];
      const apologies = texts.filter((t) => APOLOGIES.includes(t)).length;
      const answers = texts.filter((t) => !APOLOGIES.includes(t));
      const copies = stored.get(tagFor(n)) ?? 0;
      if (copies > 0) result.reportsStored += 1;
      if (copies > 1) result.duplicateReports += 1;
      if (answers.length > 0) result.toldAnswer += 1;
      else if (apologies > 0) result.toldApology += 1;
      else result.silent += 1;
      if (apologies === 0 && copies === 0) result.lost += 1;
      if (new Set(answers).size < answers.length) result.duplicatedMessages += 1;
      if (apologies > 1) result.repeatedApologies += 1;
      if (apologies > 0 && copies > 0 && answers.length === 0) result.apologisedButStored += 1;
    }
    return result;
  } finally {
    await connector.close();
    await openId.close();
    await dynamo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `tsx tests/teams/fault-run.ts '<options json>'`: one scenario in a fresh process, the result as the last line.
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const result = await runTeamsFaultScenario(JSON.parse(process.argv[2] ?? "{}") as TeamsFaultRunOptions);
  process.stdout.write(`\nFAULT-RUN-RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}
