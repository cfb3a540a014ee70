/**
 * The daily network reminders end to end (issue 15: "an open question nobody answered in 3 working days is
 * raised once more"): the function's handler over the real stores on DynamoDB Local (no hash key), the real
 * Slack WebClient and Bot Framework CloudAdapter posting to the fake servers on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReminderStores } from "../../app/network-reminders.ts";
import { createReminderSenders } from "../../app/reminder-senders.ts";
import { loadConfig } from "../../config/config.ts";
import { makeReminderHandler, ReminderDeliveryError } from "../../functions/network-reminders.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import {
  FAKE_OUTBOUND_TOKEN,
  type FakeBotConnector,
  OfflineCredentialsFactory,
  startFakeBotConnector,
} from "../support/fake-bot-connector.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.ts";

const FRIDAY = new Date("2026-12-04T10:00:00Z");
const MONDAY = new Date("2026-12-07T10:00:00Z");
const WEDNESDAY_9AM = new Date("2026-12-09T09:00:00Z"); // 3 working days after Friday; 2 after Monday
const SLACK_PLACE = "C0AMBASSADORS";
const SLACK_THREAD = "1733306400.000100";
const TEAMS_PLACE = "19:ambassadors@thread.tacv2";
const TEAMS_THREAD = "1733306400123";

let slack: FakeSlackApi;
let connector: FakeBotConnector;
let table: TestTable;

beforeAll(async () => {
  [slack, connector] = await Promise.all([startFakeSlackApi(), startFakeBotConnector()]);
});
afterAll(async () => {
  await Promise.all([slack.close(), connector.close()]);
});
beforeEach(async () => {
  table = await createTestTable("reminders");
  slack.reset();
  connector.reset();
});
afterEach(async () => {
  await table.drop();
});

/** The peer services as they were when the questions were asked (the bots' side, with a hash key). */
function peerAt(now: Date): PeerServices {
  return createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "k", now: () => now });
}

function teamsReference(conversationId: string) {
  return {
    channelId: "msteams",
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId, isGroup: true, conversationType: "channel" },
    bot: { id: "28:test-app-id", name: "Pathfinder" },
  };
}

async function subscribe(places: ("slack" | "teams")[]) {
  const peer = peerAt(FRIDAY);
  if (places.includes("slack")) {
    await peer.subscriptions.subscribe({
      kind: "ambassadors",
      platform: "slack",
      conversationId: SLACK_PLACE,
      by: { platform: "slack", userId: "U0COORD" },
    });
  }
  if (places.includes("teams")) {
    await peer.subscriptions.subscribe({
      kind: "ambassadors",
      platform: "teams",
      conversationId: TEAMS_PLACE,
      reference: teamsReference(TEAMS_PLACE),
      by: { platform: "teams", userId: "29:coord" },
    });
  }
}

/** Asks a question at `at`, as "Ask the ambassadors" does, and records where it was posted. */
async function ask(
  at: Date,
  text: string,
  posted: { platform: "slack" | "teams"; conversationId: string; threadId: string }[],
) {
  const peer = peerAt(at);
  const { question } = await peer.network.ask({
    asker: { platform: "slack", userId: "U0ASKER" },
    text,
    named: false,
    idempotencyKey: text,
  });
  for (const place of posted) await peer.network.recordPost(question.id, place);
  return question;
}

const inSlack = [{ platform: "slack" as const, conversationId: SLACK_PLACE, threadId: SLACK_THREAD }];

/** The scheduled function as the container builds it, on the test table, clock and fakes. */
function makeHandler(now = WEDNESDAY_9AM, env: NodeJS.ProcessEnv = {}) {
  const config = loadConfig({
    ...env,
    PATHFINDER_TABLE: table.tableName,
    SLACK_API_URL: slack.apiUrl,
    MICROSOFT_APP_ID: "test-app-id",
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: "tenant-0001",
  });
  const stores = createReminderStores(config, table.doc, () => now);
  const logs: { level: string; message: string; extra?: unknown }[] = [];
  const record =
    (level: string) =>
    (message: string, ...extra: unknown[]) =>
      void logs.push({ level, message, extra: extra[0] });
  const handler = makeReminderHandler({
    ...stores,
    senders: createReminderSenders(
      config,
      { slackBotToken: "xoxb-test-token", teamsAppPassword: "unused-offline" },
      stores,
      { teamsCredentialsFactory: new OfflineCredentialsFactory("test-app-id") },
    ),
    logger: { info: record("info"), warn: record("warn"), error: record("error") },
    now: () => now,
  });
  return { handler, logs };
}

const EVENT = { source: "pathfinder.network-reminders", scheduledTime: WEDNESDAY_9AM.toISOString() };

describe("network reminders function", () => {
  it("raises each question unanswered for 3 working days once, in its own Slack thread, and no other", async () => {
    // Prepare: an old open question, an old answered one, and a young one, all posted in the Slack place.
    await subscribe(["slack"]);
    const old = await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    const answered = await ask(FRIDAY, "Who signs off the pension admission agreement?", [
      { platform: "slack", conversationId: SLACK_PLACE, threadId: "1733306400.000200" },
    ]);
    await peerAt(MONDAY).network.answer({
      by: { platform: "slack", userId: "U0AMB" },
      place: { platform: "slack", conversationId: SLACK_PLACE, threadId: "1733306400.000200" },
      text: "The council's pension fund, with the employer's actuary.",
      idempotencyKey: "reply-1",
    });
    await ask(MONDAY, "How long does TUPE consultation take?", [
      { platform: "slack", conversationId: SLACK_PLACE, threadId: "1733565600.000300" },
    ]);
    const { handler } = makeHandler();

    // Act
    const result = await handler(EVENT);

    // Assess
    expect(result).toMatchObject({ reminded: [old.id], pending: [], posted: 1, failed: [] });
    const posts = slack.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe("xoxb-test-token");
    expect(posts[0]?.args).toMatchObject({
      channel: SLACK_PLACE,
      thread_ts: SLACK_THREAD,
      // A thread reply nobody follows yet would go unseen: it is also shown in the channel.
      reply_broadcast: "true",
    });
    expect(String(posts[0]?.args.text)).toContain("Still waiting for an answer");
    expect(String(posts[0]?.args.text)).toContain("How do we value the building");
    const peer = peerAt(WEDNESDAY_9AM);
    expect((await peer.network.get(old.id))?.remindedAt).toBe(WEDNESDAY_9AM.toISOString());
    expect((await peer.network.get(answered.id))?.remindedAt).toBeUndefined();
  });

  it("posts nothing again when the run is retried, run again the next day, or run twice at once", async () => {
    // Prepare
    await subscribe(["slack"]);
    await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    await ask(FRIDAY, "How do other mutuals pay for legal advice?", [
      { platform: "slack", conversationId: SLACK_PLACE, threadId: "1733306400.000400" },
    ]);
    const { handler } = makeHandler();
    const other = makeHandler().handler;

    // Act: two overlapping runs (the scheduler's at-least-once), then a retry, then tomorrow's run.
    const [a, b] = await Promise.all([handler(EVENT), other(EVENT)]);
    const retried = await handler(EVENT);
    const tomorrow = await makeHandler(new Date("2026-12-10T09:00:00Z")).handler({});

    // Assess: each question raised exactly once, whichever run posted it.
    expect(
      slack
        .callsOf("chat.postMessage")
        .map((c) => c.args.thread_ts)
        .sort(),
    ).toEqual([SLACK_THREAD, "1733306400.000400"].sort());
    const ran = [a, b].map((r) => ("reminded" in r ? r : undefined));
    expect(ran.flatMap((r) => r?.failed ?? [])).toEqual([]);
    expect((ran[0]?.posted ?? 0) + (ran[1]?.posted ?? 0)).toBe(2);
    expect(retried).toMatchObject({ reminded: [], posted: 0 });
    expect(tomorrow).toMatchObject({ reminded: [], posted: 0 });
  });

  it("retries a reminder whose post failed on the next run, and posts it once", async () => {
    // Prepare: Slack refuses the first post (a 500 before it took effect).
    await subscribe(["slack"]);
    const question = await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    slack.fail("chat.postMessage", "fatal_error", { times: 1 });
    const { handler, logs } = makeHandler();

    // Act
    const first = handler(EVENT);
    await expect(first).rejects.toBeInstanceOf(ReminderDeliveryError);
    const second = await handler(EVENT);

    // Assess: not marked after the failure; posted and marked by the next run; one post in all.
    expect(logs.some((l) => l.level === "error" && l.message === "network reminders incomplete")).toBe(true);
    expect(second).toMatchObject({ reminded: [question.id], posted: 1, failed: [] });
    expect(slack.posted.filter((m) => m.thread_ts === SLACK_THREAD)).toHaveLength(1);
  });

  it("does not post twice when Slack took the post but the answer was lost", async () => {
    // Prepare: the post takes effect, then the response fails (a lost response), so the run fails.
    await subscribe(["slack"]);
    const question = await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    slack.fail("chat.postMessage", 500, { times: 1, afterDelivery: true });
    const { handler } = makeHandler();

    // Act: deliver.ts looks for its stamp in the thread before re-sending.
    const result = await handler(EVENT);

    // Assess
    expect(result).toMatchObject({ reminded: [question.id], failed: [] });
    expect(slack.posted.filter((m) => m.thread_ts === SLACK_THREAD)).toHaveLength(1);
  });

  it("replies in the Teams reply chain, and posts (tracked) where the question never went", async () => {
    // Prepare: posted in Teams only; the Slack place was set up after it went out.
    await subscribe(["slack", "teams"]);
    const question = await ask(FRIDAY, "How do we value the building our team uses?", [
      { platform: "teams", conversationId: TEAMS_PLACE, threadId: TEAMS_THREAD },
    ]);
    const { handler } = makeHandler();

    // Act
    const result = await handler(EVENT);

    // Assess: Teams, as a reply in the question's chain, signed for the bot.
    expect(result).toMatchObject({ reminded: [question.id], posted: 2, failed: [] });
    expect(connector.activities).toHaveLength(1);
    expect(connector.activities[0]?.conversationId).toBe(`${TEAMS_PLACE};messageid=${TEAMS_THREAD}`);
    expect(connector.activities[0]?.authorization).toBe(`Bearer ${FAKE_OUTBOUND_TOKEN}`);
    expect(JSON.stringify(connector.activities[0]?.activity)).toContain("Still waiting for an answer");
    // Slack: a new top-level post, whose thread is now tracked so an answer there reaches the asker.
    const [post] = slack.posted;
    expect(post?.thread_ts).toBeUndefined();
    const peer = peerAt(WEDNESDAY_9AM);
    expect(await peer.network.isTrackedThread("slack", SLACK_PLACE, post?.ts ?? "")).toBe(true);
  });

  it("keeps the question due when Teams refuses, and posts only the Teams reminder next run", async () => {
    // Prepare
    await subscribe(["slack", "teams"]);
    const question = await ask(FRIDAY, "How do we value the building our team uses?", [
      ...inSlack,
      { platform: "teams", conversationId: TEAMS_PLACE, threadId: TEAMS_THREAD },
    ]);
    connector.forbidden.add(`${TEAMS_PLACE};messageid=${TEAMS_THREAD}`);
    const { handler } = makeHandler();

    // Act
    await expect(handler(EVENT)).rejects.toThrow(/teams:19:ambassadors@thread.tacv2/);
    connector.forbidden.clear();
    const next = await handler(EVENT);

    // Assess
    expect(next).toMatchObject({ reminded: [question.id], posted: 1, skipped: 1 });
    expect(slack.callsOf("chat.postMessage")).toHaveLength(1);
    expect(connector.activities).toHaveLength(1);
  });

  it("answers a malformed event without a throw, logs why, and posts nothing", async () => {
    // Prepare
    await subscribe(["slack"]);
    await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    const { handler, logs } = makeHandler();

    // Act
    const bad = await handler({ scheduledTime: "next Wednesday" });
    const notAnObject = await handler("remind");

    // Assess
    expect(bad).toEqual({ rejected: true, error: expect.stringContaining('"scheduledTime"') });
    expect(notAnObject).toEqual({ rejected: true, error: expect.stringContaining("not a JSON object") });
    expect(logs.filter((l) => l.message === "network reminders event rejected")).toHaveLength(2);
    expect(slack.callsOf("chat.postMessage")).toEqual([]);
  });

  it("posts nothing on the configured nation's bank holiday, and raises the question the next working day", async () => {
    // Prepare: asked on Wednesday 26 November 2025; St Andrew's Day (Sunday 30) moves to Monday 1 December in
    // Scotland, so Thursday, Friday and Tuesday are its 3 working days there (Monday in England and Wales).
    await subscribe(["slack"]);
    const question = await ask(new Date("2025-11-26T10:00:00Z"), "Who keeps the fleet's insurance?", inSlack);
    const SCOTLAND = { PATHFINDER_BANK_HOLIDAYS: "scotland" };
    const mondayEvent = { source: EVENT.source, scheduledTime: "2025-12-01T09:00:00Z" };

    // Act: the Monday run in Scotland, then Tuesday's
    const monday = await makeHandler(new Date("2025-12-01T09:00:00Z"), SCOTLAND).handler(mondayEvent);
    const postedMonday = slack.callsOf("chat.postMessage").length;
    const tuesday = await makeHandler(new Date("2025-12-02T09:00:00Z"), SCOTLAND).handler({
      source: EVENT.source,
      scheduledTime: "2025-12-02T09:00:00Z",
    });

    // Assess
    expect(monday).toMatchObject({ reminded: [], pending: [], posted: 0, failed: [] });
    expect(postedMonday).toBe(0);
    expect(tuesday).toMatchObject({ reminded: [question.id], posted: 1 });
    expect(String(slack.callsOf("chat.postMessage")[0]?.args.text)).toContain("fleet's insurance");
  });

  it("claims nothing while no ambassadors' place is set", async () => {
    // Prepare: a question asked when a place existed, then the place removed.
    await subscribe(["slack"]);
    const question = await ask(FRIDAY, "How do we value the building our team uses?", inSlack);
    await peerAt(MONDAY).subscriptions.unsubscribe("slack", SLACK_PLACE, "ambassadors");
    const { handler } = makeHandler();

    // Act
    const result = await handler(EVENT);

    // Assess: still due for when a place is set again.
    expect(result).toMatchObject({ reminded: [], posted: 0 });
    expect((await peerAt(WEDNESDAY_9AM).network.dueReminders()).map((q) => q.id)).toEqual([question.id]);
  });
});
