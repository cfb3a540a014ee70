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
import type { Activity } from "botbuilder";
import { createPathfinder } from "../../app/pathfinder.ts";
import { makeTeamsHandler } from "../../bots/teams/handler.ts";
import { TEAMS_MESSAGES } from "../../bots/teams/messages.ts";
import { loadConfig } from "../../config/config.ts";
import { OfflineCredentialsFactory, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { startFakeOpenId } from "../support/fake-openid.ts";
import {
  blockerText,
  pause,
  runAsScript,
  startKillableDynamo,
  tagFor,
  tallyPeople,
} from "../support/fault-run.ts";
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
  /**
   * Share of the people (report n with n % 10 below share × 10) whose chat loses every answer after Teams took
   * the post (the fake connector's `lostResponses`): each must still see their answer once, and no apology.
   */
  lostAnswerShare?: number;
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
  /** People whose chat lost every answer (lostAnswerShare). */
  chatsLosingAnswers?: number;
}

const APP_ID = "22222222-3333-4444-5555-666666666666";
const TENANT = "tenant-0001";
const APOLOGIES: readonly string[] = [TEAMS_MESSAGES.failed, TEAMS_MESSAGES.slow];
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
    text: blockerText(n),
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

/** Runs one scenario; everything it starts (DynamoDB Local included) is stopped before it returns. */
export async function runTeamsFaultScenario(options: TeamsFaultRunOptions): Promise<TeamsFaultRunResult> {
  // DynamoDB Local takes any credentials, but the SDK wants some.
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "eu-west-2";
  const dynamo = await startKillableDynamo(`teams-faults-${options.name}`);
  const connector = await startFakeBotConnector();
  const openId = await startFakeOpenId();
  try {
    const config = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TENANT_ID: TENANT,
      PATHFINDER_TABLE: dynamo.tableName,
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
          outageMs = await dynamo.killAndRestart(restartAfterMs);
        })()
      : Promise.resolve();

    const losing = Array.from({ length: options.reports }, (_, n) => n).filter(
      (n) => n % 10 < (options.lostAnswerShare ?? 0) * 10,
    );
    for (const n of losing) connector.lostResponses.add(`a:fault-${n}`);

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

    const stored = await dynamo.storedReportsByTag();
    // What each person saw in their chat (typing indicators are not messages).
    const seen = new Map<string, string[]>();
    for (const posted of connector.activities) {
      if (posted.activity.type !== "message") continue;
      const texts = seen.get(posted.conversationId) ?? [];
      texts.push(textOf(posted.activity));
      seen.set(posted.conversationId, texts);
    }
    const isApology = (text: string) => APOLOGIES.includes(text);
    const people = Array.from({ length: options.reports }, (_, n) => ({
      texts: seen.get(`a:fault-${n}`) ?? [],
      storedCopies: stored.get(tagFor(n)) ?? 0,
    }));
    const apologised = (texts: readonly string[]) => texts.some(isApology);
    return {
      name: options.name,
      sent: options.reports,
      ...tallyPeople(people, isApology),
      // Lost: neither stored nor apologised for.
      lost: people.filter((p) => !apologised(p.texts) && p.storedCopies === 0).length,
      apologisedButStored: people.filter(
        (p) => apologised(p.texts) && p.storedCopies > 0 && p.texts.every(isApology),
      ).length,
      statuses,
      resent,
      ...(outageMs === undefined ? {} : { outageMs }),
      ...(options.lostAnswerShare ? { chatsLosingAnswers: losing.length } : {}),
    };
  } finally {
    await connector.close();
    await openId.close();
    await dynamo.stop();
  }
}

await runAsScript(import.meta.filename, runTeamsFaultScenario);
