/**
 * The scheduled function end to end: DynamoDB Local behind the peer services, the real Slack WebClient and
 * Bot Framework CloudAdapter posting to fake servers on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDigestPosters } from "../../app/digest-posters.ts";
import { loadConfig } from "../../config/config.ts";
import type { RetryPolicy } from "../../digest/deliver.ts";
import { DigestDeliveryError } from "../../digest/weekly-run.ts";
import { makeDigestHandler, rejectBadEventsWithoutRetry } from "../../functions/weekly-digest.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { startFakeConnector, startFakeSlack } from "./support/fake-platforms.ts";
import { TEST_BEARER, TestCredentialsFactory } from "./support/teams-test-credentials.ts";

const MONDAY = "2026-11-23T09:00:00Z"; // the schedule's time: the digest is for 2026-W47
const IN_W47 = new Date("2026-11-18T10:00:00Z");
const RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 400 };

let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let connector: Awaited<ReturnType<typeof startFakeConnector>>;
let table: TestTable;
let peer: PeerServices;

beforeAll(async () => {
  [slack, connector] = await Promise.all([startFakeSlack(), startFakeConnector()]);
});
afterAll(async () => {
  await Promise.all([slack.close(), connector.close()]);
});

beforeEach(async () => {
  table = await createTestTable("digest-fn");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-hash-key" });
  slack.reset();
  connector.reset();
});
afterEach(async () => {
  await table.drop();
});

function teamsReference(conversationId: string) {
  return {
    channelId: "msteams",
    serviceUrl: connector.serviceUrl,
    conversation: { id: conversationId, isGroup: true, conversationType: "channel" },
    bot: { id: "28:test-app-id", name: "Pathfinder" },
  };
}

async function subscribeAll() {
  const by = { platform: "slack" as const, userId: "U-LEAD" };
  await peer.subscriptions.subscribe({ platform: "slack", conversationId: "C-NORTH", by });
  await peer.subscriptions.subscribe({ platform: "slack", conversationId: "C-SOUTH", by });
  await peer.subscriptions.subscribe({
    platform: "teams",
    conversationId: "19:programme@thread.tacv2",
    reference: teamsReference("19:programme@thread.tacv2"),
    by: { platform: "teams", userId: "29:lead" },
  });
}

async function logReports(count: number, category: string) {
  for (let i = 0; i < count; i++) {
    await peer.obstacles.log({
      user: { platform: "slack", userId: `U-${category}-${i}` },
      text: `Report ${i}: our ${category} problem keeps us stuck`,
      categories: [category],
      allowQuote: i === 0,
      idempotencyKey: `evt-${category}-${i}`,
      now: IN_W47,
    });
  }
}

function makeHandler(now = MONDAY) {
  const config = loadConfig({
    SLACK_API_URL: slack.apiUrl,
    MICROSOFT_APP_ID: "test-app-id",
    MICROSOFT_APP_TYPE: "SingleTenant",
    MICROSOFT_APP_TENANT_ID: "test-tenant",
  });
  const posters = createDigestPosters(
    config,
    { slackBotToken: "xoxb-test-token", teamsAppPassword: "unused-offline" },
    { teamsCredentialsFactory: new TestCredentialsFactory() },
  );
  const sleeps: number[] = [];
  const logs: { level: string; message: string; extra?: unknown }[] = [];
  const logger = {
    info: (message: string, ...extra: unknown[]) =>
      void logs.push({ level: "info", message, extra: extra[0] }),
    warn: (message: string, ...extra: unknown[]) =>
      void logs.push({ level: "warn", message, extra: extra[0] }),
    error: (message: string, ...extra: unknown[]) =>
      void logs.push({ level: "error", message, extra: extra[0] }),
  };
  const handler = makeDigestHandler(
    {
      stats: peer.stats,
      subscriptions: peer.subscriptions,
      idempotency: peer.idempotency,
      network: { network: peer.network, community: peer.community },
      posters,
      logger,
      now: () => new Date(now),
      sleep: async (ms) => void sleeps.push(ms),
    },
    { retry: RETRY },
  );
  return { handler, sleeps, logs };
}

describe("weekly digest function", () => {
  it("posts last week's digest once to every subscribed Slack channel and Teams conversation", async () => {
    // Prepare
    await subscribeAll();
    await logReports(3, "procurement");
    const { handler } = makeHandler();

    // Act
    const result = await handler({ scheduledTime: MONDAY });

    // Assess
    expect(result.week).toBe("2026-W47");
    expect(result.delivered).toHaveLength(3);
    expect(result.failed).toEqual([]);
    expect(slack.posts.map((p) => p.channel).sort()).toEqual(["C-NORTH", "C-SOUTH"]);
    const post = slack.posts[0];
    expect(post?.authorization).toBe("Bearer xoxb-test-token");
    expect(post?.blocks[0]).toMatchObject({
      type: "header",
      text: { text: "Pathfinder weekly digest: 16 to 22 November 2026" },
    });
    expect(JSON.stringify(post?.blocks)).toContain("Procurement and contracts");
    expect(JSON.stringify(post?.blocks)).toContain("ambassador.request");

    expect(connector.posts).toHaveLength(1);
    const teams = connector.posts[0];
    expect(teams?.conversationId).toBe("19:programme@thread.tacv2");
    expect(teams?.authorization).toBe(TEST_BEARER);
    expect(teams?.activity.attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(teams?.activity.attachments?.[0]?.content)).toContain("Procurement and contracts");
  });

  it("adds what the network answered that week (issue 15) to the scheduled post", async () => {
    // Prepare: a question sent to the ambassadors and answered in its thread during 2026-W47.
    await subscribeAll();
    await logReports(1, "procurement");
    const inWeek = createPeerServices({
      doc: table.doc,
      tableName: table.tableName,
      hashKey: "test-hash-key",
      now: () => new Date("2026-11-18T10:00:00Z"),
    });
    const place = { platform: "slack" as const, conversationId: "C-AMB", threadId: "1731924000.000100" };
    const { question } = await inWeek.network.ask({
      asker: { platform: "slack", userId: "U0ASKER" },
      text: "How did other councils win over staff side to TUPE transfer into a mutual?",
      named: false,
      idempotencyKey: "press-1",
    });
    await inWeek.network.recordPost(question.id, place);
    await inWeek.network.answer({
      by: { platform: "slack", userId: "U0AMB" },
      place,
      text: "We ran joint workshops with Unison from the start.",
      idempotencyKey: "reply-1",
    });
    const { handler } = makeHandler();

    // Act
    await handler({ scheduledTime: MONDAY });

    // Assess
    expect(JSON.stringify(slack.posts[0]?.blocks)).toContain("Answered by the network this week");
  });

  it("posts nothing new when the scheduler runs the same week again", async () => {
    await subscribeAll();
    await logReports(2, "funding");
    const { handler } = makeHandler();
    await handler({ scheduledTime: MONDAY });

    // Act: an at-least-once retry an hour later, and an EventBridge-style event for the same schedule.
    const again = await handler({ scheduledTime: "2026-11-23T10:00:00Z" });
    const viaTime = await handler({ time: MONDAY });

    // Assess
    expect(again.delivered).toEqual([]);
    expect(again.skipped).toHaveLength(3);
    expect(viaTime.skipped).toHaveLength(3);
    expect(slack.posts).toHaveLength(2);
    expect(connector.posts).toHaveLength(1);
  });

  it("keeps going past a failing channel, reports it, and delivers only there on the next run", async () => {
    // Prepare: the bot was removed from C-SOUTH; the Teams conversation is also refusing.
    await subscribeAll();
    await logReports(1, "staff-unions");
    slack.fail("C-SOUTH", { kind: "platform", error: "not_in_channel" });
    connector.fail("19:programme@thread.tacv2", { kind: "status", status: 403 });
    const { handler, logs } = makeHandler();

    // Act
    const error = await handler({ scheduledTime: MONDAY }).catch((e: unknown) => e);

    // Assess: the scheduler sees a failure naming both places; the healthy channel got its digest.
    expect(error).toBeInstanceOf(DigestDeliveryError);
    const result = (error as DigestDeliveryError).result;
    expect(result.delivered).toEqual([{ platform: "slack", conversationId: "C-NORTH" }]);
    expect(result.failed.map((f) => [f.conversationId, f.permanent, f.attempts])).toEqual(
      expect.arrayContaining([
        ["C-SOUTH", true, 1],
        ["19:programme@thread.tacv2", true, 1],
      ]),
    );
    expect(result.failed.find((f) => f.conversationId === "C-SOUTH")?.error).toContain("not_in_channel");
    expect((error as Error).message).toContain("2 of 3 conversations failed");
    expect(logs.some((l) => l.level === "error")).toBe(true);

    // Act: someone re-adds the bot; the scheduler's retry runs.
    slack.fail("C-SOUTH", undefined);
    connector.fail("19:programme@thread.tacv2", undefined);
    const retry = await handler({ scheduledTime: MONDAY });

    // Assess: only the places that missed out are posted to.
    expect(retry.delivered.map((d) => d.conversationId).sort()).toEqual([
      "19:programme@thread.tacv2",
      "C-SOUTH",
    ]);
    expect(retry.skipped).toEqual([{ platform: "slack", conversationId: "C-NORTH" }]);
    expect(slack.posts.filter((p) => p.channel === "C-NORTH")).toHaveLength(1);
    expect(slack.posts.filter((p) => p.channel === "C-SOUTH")).toHaveLength(1);
    expect(connector.posts).toHaveLength(1);
  });

  it("retries a transient Slack failure with growing backoff, within the bound", async () => {
    // Prepare: Slack answers 503 twice for C-NORTH, then recovers; C-SOUTH always 500s.
    await subscribeAll();
    slack.fail("C-NORTH", { kind: "status", status: 503, times: 2 });
    slack.fail("C-SOUTH", { kind: "status", status: 500 });
    const { handler, sleeps } = makeHandler();

    // Act
    const error = await handler({ scheduledTime: MONDAY }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(DigestDeliveryError);
    const result = (error as DigestDeliveryError).result;
    expect(result.delivered.map((d) => d.conversationId).sort()).toEqual([
      "19:programme@thread.tacv2",
      "C-NORTH",
    ]);
    expect(slack.attempts.get("C-NORTH")).toBe(3);
    expect(slack.posts.filter((p) => p.channel === "C-NORTH")).toHaveLength(1);
    expect(result.failed).toMatchObject([
      { platform: "slack", conversationId: "C-SOUTH", permanent: false, attempts: RETRY.attempts },
    ]);
    expect(slack.attempts.get("C-SOUTH")).toBe(RETRY.attempts);
    expect(sleeps).toHaveLength(4); // two waits for each Slack channel
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(RETRY.maxDelayMs);
    expect(sleeps.every((ms) => ms >= RETRY.baseDelayMs / 2)).toBe(true);
  });

  it("sends an empty week's one friendly line, and refuses a malformed event without posting", async () => {
    await subscribeAll();
    const { handler } = makeHandler();

    await expect(handler({ scheduledTime: "next monday" })).rejects.toThrow(/not an ISO date-time/);
    expect(slack.posts).toHaveLength(0);

    const result = await handler({ scheduledTime: MONDAY });
    expect(result.empty).toBe(true);
    expect(slack.posts[0]?.text).toMatch(/^A quiet week on Pathfinder/);
    expect(slack.posts[0]?.blocks).toHaveLength(1);
  });

  it("answers a malformed scheduler event with one logged error and no throw, so nothing retries it", async () => {
    // Prepare
    await subscribeAll();
    const { handler, logs } = makeHandler();
    const lambda = rejectBadEventsWithoutRetry(handler);

    // Act
    const rejected = await lambda({ scheduledTime: "next monday", week: "W47" });

    // Assess: one error naming both fields; nothing posted; a good event still runs afterwards.
    expect(rejected).toEqual({ rejected: true, error: expect.stringMatching(/"week".*; .*"scheduledTime"/) });
    expect(logs.filter((l) => l.level === "error")).toEqual([
      { level: "error", message: "weekly digest event rejected", extra: { error: expect.any(String) } },
    ]);
    expect(slack.posts).toHaveLength(0);
    expect(connector.posts).toHaveLength(0);
    await expect(lambda({ scheduledTime: MONDAY })).resolves.toMatchObject({ week: "2026-W47" });
  });

  it("reports on week 53 when the schedule fires on the first Monday of 2027", async () => {
    await subscribeAll();
    const { handler } = makeHandler("2027-01-04T09:00:02Z");
    const result = await handler({ scheduledTime: "2027-01-04T09:00:00Z" });
    expect(result.week).toBe("2026-W53");
    expect(slack.posts[0]?.text).toContain("28 December 2026 to 3 January 2027");
  });
});

describe("weekly digest function without credentials", () => {
  it("reports each unconfigured platform's subscriptions as failed, with the reason, and posts nothing", async () => {
    await subscribeAll();
    const handler = makeDigestHandler({
      stats: peer.stats,
      subscriptions: peer.subscriptions,
      idempotency: peer.idempotency,
      posters: createDigestPosters(loadConfig({}), {}),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      now: () => new Date(MONDAY),
    });

    const error = (await handler({ scheduledTime: MONDAY }).catch((e: unknown) => e)) as DigestDeliveryError;

    expect(error).toBeInstanceOf(DigestDeliveryError);
    expect(error.result.failed).toHaveLength(3);
    expect(error.result.failed.find((f) => f.platform === "slack")?.error).toBe(
      "slack is not configured (no bot token)",
    );
    expect(error.result.failed.find((f) => f.platform === "teams")?.error).toMatch(
      /^teams is not configured: MICROSOFT_APP_ID is not set/,
    );
    expect(slack.posts).toHaveLength(0);
    expect(connector.posts).toHaveLength(0);
  });
});

describe("weekly digest function on Teams", () => {
  it("lets the connector client's own retry absorb a brief outage, without a second layer of retries", async () => {
    await subscribeAll();
    connector.fail("19:programme@thread.tacv2", { kind: "status", status: 503, times: 1 });
    const { handler, sleeps } = makeHandler();

    const result = await handler({ scheduledTime: MONDAY });

    expect(result.failed).toEqual([]);
    expect(connector.attempts.get("19:programme@thread.tacv2")).toBe(2);
    expect(connector.posts).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("reports a Teams subscription without a stored reference as needing a new subscribe", async () => {
    await peer.subscriptions.subscribe({
      platform: "teams",
      conversationId: "19:lost@thread.tacv2",
      by: { platform: "teams", userId: "29:lead" },
    });
    const { handler } = makeHandler();

    const error = (await handler({ scheduledTime: MONDAY }).catch((e: unknown) => e)) as DigestDeliveryError;

    expect(error.result.failed).toMatchObject([
      { conversationId: "19:lost@thread.tacv2", permanent: true, attempts: 1 },
    ]);
    expect(error.result.failed[0]?.error).toMatch(/subscribe/);
    expect(connector.posts).toHaveLength(0);
  });
});
