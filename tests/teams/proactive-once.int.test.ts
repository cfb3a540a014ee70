/**
 * A Teams post whose response is lost is never posted twice. The fake Bot Connector records the activity and then
 * destroys the socket (Teams took it, the bot never hears so): the real CloudAdapter, the real handlers and the
 * claims on DynamoDB Local must then keep the key, so neither the SDK's own retries nor Pathfinder's (the asker
 * asking again, core's outbox redelivered, the reminders' next invocation) post it again. A 503 is the opposite
 * case: nothing was posted, so the claim is given back and the retry posts it once.
 *
 * Regression: before, a lost response was a failure; the claim was released and a retry posted a second copy,
 * and the connector's own retry policy re-POSTed it up to three more times within the first attempt.
 */
import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { createReminderStores } from "../../app/network-reminders.ts";
import { createPathfinder } from "../../app/pathfinder.ts";
import { createReminderSenders } from "../../app/reminder-senders.ts";
import type { Outbound } from "../../bots/core/reply.ts";
import type { TeamsHandler } from "../../bots/teams/handler.ts";
import { loadConfig } from "../../config/config.ts";
import { makeReminderHandler, ReminderDeliveryError } from "../../functions/network-reminders.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { type FakeBotConnector, OfflineCredentialsFactory } from "../support/fake-bot-connector.ts";
import { execute, reply, ScriptedCore } from "./fakes.ts";
import { sendFixture } from "./http.ts";
import { APP_ID, useOnceRig } from "./once-rig.ts";

const AMBASSADOR = { id: "29:1ambassador-once", name: "Dee Ambassador", aadObjectId: "aad-ambassador-once" };
const AMBASSADOR_CHAT = "a:1personal-ambassador-once";
const CHANNEL = "19:ambassadors-once@thread.tacv2";
const OTHER_CHANNEL = "19:ambassadors-elsewhere@thread.tacv2";

const rig = useOnceRig("teams-once");

/** The Teams Lambda handler on the test table, with `core` (the real one unless a script is given). */
async function teamsHandler(core?: ScriptedCore): Promise<{ handle: TeamsHandler; peer: PeerServices }> {
  const app = await createPathfinder({
    config: rig.config(),
    secrets: { hashKey: "once-key" },
    doc: rig.table.doc,
  });
  return { handle: rig.teamsHandler(core ?? app.core, app.peer), peer: app.peer };
}

/** Sends a signed fixture activity (a fresh id each time, as a new click is) through the handler. */
const send = (handle: TeamsHandler, name: string, overrides: Partial<Activity> = {}) =>
  sendFixture(handle, rig.channel, name, overrides);

/** The `{ actionId, value }` of every Execute button in the posted cards. */
function buttons(posted: FakeBotConnector["activities"]): { actionId: string; value?: string }[] {
  const found: { actionId: string; value?: string }[] = [];
  for (const { activity } of posted)
    JSON.stringify(activity.attachments?.[0]?.content ?? {}, (key, value) => {
      if (key === "data" && value && typeof value.actionId === "string") found.push(value);
      return value;
    });
  return found;
}

/** Message activities the connector recorded in one conversation (Teams took each of them). */
const postedTo = (conversationId: string) =>
  rig.connector.activities.filter(
    (a) => a.conversationId === conversationId && a.activity.type === "message",
  );

const warnings = () => rig.logs.filter((l) => l.level === "warn");

describe("an introduction request (a keyed direct message)", () => {
  /** The asker's "Ask Dee" button, with Dee installed in their personal chat (their reference stored). */
  async function introductionButton(handle: TeamsHandler, peer: PeerServices) {
    await peer.ambassadors.put({
      id: "dee-once",
      displayName: "Dee Ambassador",
      teamsUserId: AMBASSADOR.id,
      categories: ["hr-tupe-pensions"],
      serviceAreas: ["adult social care"],
      monthlyCapacity: 3,
    });
    const chat = {
      id: AMBASSADOR_CHAT,
      conversationType: "personal",
      tenantId: "tenant-0001",
      isGroup: false,
    };
    await send(handle, "installation-update", {
      from: AMBASSADOR,
      conversation: chat as Activity["conversation"],
    });
    const mentor = await send(handle, "personal-message", { text: "mentor TUPE and pensions" });
    const choose = buttons(mentor.posted).find((b) => b.actionId === "ambassador.choose");
    expect(choose?.value).toMatch(/^dee-once\|/);
    return execute("ambassador.choose", choose?.value ?? "");
  }

  it("is posted once when Teams took it but the answer was lost, however often the asker asks", async () => {
    // Prepare
    const { handle, peer } = await teamsHandler();
    const ask = await introductionButton(handle, peer);
    const welcomed = postedTo(AMBASSADOR_CHAT).length;
    rig.connector.lostResponses.add(AMBASSADOR_CHAT);

    // Act: the first request loses its answer; the asker, seeing nothing happen, asks twice more.
    await send(handle, "card-action-invoke", ask);
    rig.connector.lostResponses.clear();
    await send(handle, "card-action-invoke", ask);
    await send(handle, "card-action-invoke", ask);

    // Assess: one request in Dee's chat (no SDK re-POST, no second send), and one warning naming the key.
    expect(postedTo(AMBASSADOR_CHAT).slice(welcomed)).toHaveLength(1);
    expect(warnings()).toEqual([
      {
        level: "warn",
        message: expect.stringMatching(/may have posted a keyed message.*not retried/),
        detail: expect.objectContaining({
          key: expect.stringMatching(/^outbox:intro-request:/),
          kind: "direct",
          reason: expect.stringMatching(/no answer came back: socket hang up/),
        }),
      },
    ]);
  });

  it("is sent by the asker's next ask when Teams answered 503 to the first", async () => {
    // Prepare
    const { handle, peer } = await teamsHandler();
    const ask = await introductionButton(handle, peer);
    const welcomed = postedTo(AMBASSADOR_CHAT).length;
    rig.connector.unavailable.add(AMBASSADOR_CHAT);

    // Act
    await send(handle, "card-action-invoke", ask);
    const refusedFirst = rig.connector.refused.filter((r) => r.conversationId === AMBASSADOR_CHAT);
    const postedFirst = postedTo(AMBASSADOR_CHAT).length - welcomed;
    rig.connector.unavailable.clear();
    await send(handle, "card-action-invoke", ask);

    // Assess: refused (nothing posted) the first time, the claim given back, posted once by the retry.
    expect(refusedFirst.length).toBeGreaterThan(0);
    expect(refusedFirst.every((r) => r.status === 503)).toBe(true);
    expect(postedFirst).toBe(0);
    expect(postedTo(AMBASSADOR_CHAT).slice(welcomed)).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });
});

describe("a keyed channel post (a question to the ambassadors' channel)", () => {
  const channelPost: Extract<Outbound, { kind: "channel" }> = {
    kind: "channel",
    platform: "teams",
    conversationId: CHANNEL,
    reference: {
      channelId: "msteams",
      serviceUrl: "",
      conversation: { id: CHANNEL, isGroup: true, conversationType: "channel" },
      bot: { id: `28:${APP_ID}`, name: "Pathfinder" },
    },
    reply: reply("Can anyone help? How do we value the building our team uses?"),
    key: `network-post:q-once:teams:${CHANNEL}`,
    track: "question:q-once",
  };

  /** A core that asks for the same keyed post on every turn, as a redelivered or re-clicked turn does. */
  function postingCore(): ScriptedCore {
    const core = new ScriptedCore();
    const outbound = {
      ...channelPost,
      reference: { ...(channelPost.reference as object), serviceUrl: rig.connector.serviceUrl },
    };
    core.onMessage = async () => ({ replies: [reply("Sent to the ambassadors.")], outbox: [outbound] });
    return core;
  }

  it("is posted once when Teams took it but the answer was lost", async () => {
    // Prepare
    const { handle } = await teamsHandler(postingCore());
    rig.connector.lostResponses.add(CHANNEL);

    // Act: core asks for the same post on a second turn after the lost answer.
    await send(handle, "personal-message", { text: "send it" });
    rig.connector.lostResponses.clear();
    await send(handle, "personal-message", { text: "send it" });

    // Assess
    expect(postedTo(CHANNEL)).toHaveLength(1);
    expect(warnings()).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({
          key: `outbox:network-post:q-once:teams:${CHANNEL}`,
          kind: "channel",
          replyChainRecorded: false,
        }),
      }),
    ]);
  });

  it("is posted by the next turn when Teams answered 503 to the first", async () => {
    // Prepare
    const { handle } = await teamsHandler(postingCore());
    rig.connector.unavailable.add(CHANNEL);

    // Act
    await send(handle, "personal-message", { text: "send it" });
    const postedFirst = postedTo(CHANNEL).length;
    rig.connector.unavailable.clear();
    await send(handle, "personal-message", { text: "send it" });

    // Assess
    expect(postedFirst).toBe(0);
    expect(rig.connector.refused.some((r) => r.conversationId === CHANNEL && r.status === 503)).toBe(true);
    expect(postedTo(CHANNEL)).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });
});

describe("an accepted introduction (a keyed message to both people)", () => {
  const ASKER = { id: "29:1asker-once", chat: "a:1personal-asker-once" };
  const MENTOR = { id: "29:1mentor-once", chat: "a:1personal-mentor-once" };

  it("reaches each person once when one answer was lost, and nobody is told it failed", async () => {
    // Prepare: both have Pathfinder installed (references stored); core asks for the introduction on every turn.
    const core = new ScriptedCore();
    core.onMessage = async () => ({
      replies: [reply("Introduced.")],
      outbox: [
        {
          kind: "group",
          platform: "teams",
          userIds: [ASKER.id, MENTOR.id],
          reply: reply("A Pathfinder introduction"),
          key: "intro-accepted:intro-once",
        },
      ],
    });
    const { handle, peer } = await teamsHandler(core);
    for (const person of [ASKER, MENTOR]) {
      await peer.conversations.save(person.id, {
        channelId: "msteams",
        serviceUrl: rig.connector.serviceUrl,
        conversation: { id: person.chat, conversationType: "personal", isGroup: false },
        bot: { id: `28:${APP_ID}`, name: "Pathfinder" },
        user: { id: person.id, name: "" },
      });
    }
    rig.connector.lostResponses.add(MENTOR.chat);

    // Act: the turn, then the same introduction asked for again (a redelivery).
    const first = await send(handle, "personal-message", { text: "accept" });
    rig.connector.lostResponses.clear();
    await send(handle, "personal-message", { text: "accept" });

    // Assess
    expect(postedTo(ASKER.chat)).toHaveLength(1);
    expect(postedTo(MENTOR.chat)).toHaveLength(1);
    const told = JSON.stringify(first.posted.map((p) => p.activity));
    expect(told).toContain("Introduced.");
    expect(told).not.toContain("I couldn't reach");
    expect(warnings()).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ key: "outbox:intro-accepted:intro-once", kind: "group" }),
      }),
    ]);
  });
});

describe("the network reminders in Teams", () => {
  const WEDNESDAY_9AM = new Date("2026-12-09T09:00:00Z");
  const FRIDAY = new Date("2026-12-04T10:00:00Z");
  const EVENT = { source: "pathfinder.network-reminders", scheduledTime: WEDNESDAY_9AM.toISOString() };

  /** Two Teams ambassadors' places and one question asked on Friday, never posted there (so due on Wednesday). */
  async function dueQuestion(): Promise<string> {
    const peer = createPeerServices({
      doc: rig.table.doc,
      tableName: rig.table.tableName,
      hashKey: "k",
      now: () => FRIDAY,
    });
    for (const place of [CHANNEL, OTHER_CHANNEL]) {
      await peer.subscriptions.subscribe({
        kind: "ambassadors",
        platform: "teams",
        conversationId: place,
        reference: {
          channelId: "msteams",
          serviceUrl: rig.connector.serviceUrl,
          conversation: { id: place, isGroup: true, conversationType: "channel" },
          bot: { id: "28:test-app-id", name: "Pathfinder" },
        },
        by: { platform: "teams", userId: "29:coord" },
      });
    }
    const { question } = await peer.network.ask({
      asker: { platform: "teams", userId: "29:asker" },
      text: "How do we value the building our team uses?",
      named: false,
      idempotencyKey: "once",
    });
    return question.id;
  }

  /** The scheduled function as its container builds it, on the test table and the fake connector. */
  function reminderHandler() {
    const config = loadConfig({
      PATHFINDER_TABLE: rig.table.tableName,
      MICROSOFT_APP_ID: "test-app-id",
      MICROSOFT_APP_TYPE: "SingleTenant",
      MICROSOFT_APP_TENANT_ID: "tenant-0001",
    });
    const stores = createReminderStores(config, rig.table.doc, () => WEDNESDAY_9AM);
    return makeReminderHandler({
      ...stores,
      senders: createReminderSenders(config, { teamsAppPassword: "unused-offline" }, stores, {
        teamsCredentialsFactory: new OfflineCredentialsFactory("test-app-id"),
      }),
      logger: { info: rig.record("info"), warn: rig.record("warn"), error: rig.record("error") },
      now: () => WEDNESDAY_9AM,
    });
  }

  it("posts a reminder whose answer was lost once, while the Lambda retry posts the one that failed", async () => {
    // Prepare: the first place loses the answer; the second refuses (403), so the run fails and is retried.
    const questionId = await dueQuestion();
    rig.connector.lostResponses.add(CHANNEL);
    rig.connector.forbidden.add(OTHER_CHANNEL);
    const handler = reminderHandler();

    // Act
    const first = await handler(EVENT).catch((error: unknown) => error);
    rig.connector.lostResponses.clear();
    rig.connector.forbidden.clear();
    const retried = await handler(EVENT);

    // Assess: the lost one kept its claim (skipped by the retry), the refused one was posted by it.
    expect(first).toBeInstanceOf(ReminderDeliveryError);
    expect((first as ReminderDeliveryError).result).toMatchObject({
      posted: 0,
      unknown: [
        { questionId, platform: "teams", conversationId: CHANNEL, key: expect.stringContaining(CHANNEL) },
      ],
      failed: [{ questionId, conversationId: OTHER_CHANNEL }],
    });
    expect(retried).toMatchObject({ reminded: [questionId], posted: 1, skipped: 1, unknown: [], failed: [] });
    expect(postedTo(CHANNEL)).toHaveLength(1);
    expect(postedTo(OTHER_CHANNEL)).toHaveLength(1);
    const warned = rig.logs.filter((l) => l.level === "warn" && /may have been posted/.test(l.message));
    expect(warned).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ key: expect.stringContaining(`network-reminder:${questionId}`) }),
      }),
    ]);
  });

  it("counts a reminder whose answer was lost in every place as done: the question is reminded, the run succeeds", async () => {
    // Prepare: both places lose every answer.
    const questionId = await dueQuestion();
    rig.connector.lostResponses.add("*");
    const handler = reminderHandler();

    // Act
    const first = await handler(EVENT);
    rig.connector.lostResponses.clear();
    const next = await handler(EVENT);

    // Assess: kept as done (not failed, not pending), so neither this run's retry nor the next day posts it again.
    expect(first).toMatchObject({
      reminded: [questionId],
      pending: [],
      posted: 0,
      failed: [],
      unknown: expect.arrayContaining([
        expect.objectContaining({ conversationId: CHANNEL }),
        expect.objectContaining({ conversationId: OTHER_CHANNEL }),
      ]),
    });
    expect(warnings().filter((l) => /may have been posted/.test(l.message))).toHaveLength(2);
    expect(next).toMatchObject({ reminded: [], posted: 0, unknown: [], failed: [] });
    expect(postedTo(CHANNEL)).toHaveLength(1);
    expect(postedTo(OTHER_CHANNEL)).toHaveLength(1);
  });

  it("retries a reminder Teams answered 503 to, and posts it once", async () => {
    // Prepare
    const questionId = await dueQuestion();
    rig.connector.unavailable.add(CHANNEL);
    const handler = reminderHandler();

    // Act
    const first = await handler(EVENT).catch((error: unknown) => error);
    const postedFirst = postedTo(CHANNEL).length;
    rig.connector.unavailable.clear();
    const retried = await handler(EVENT);

    // Assess
    expect(first).toBeInstanceOf(ReminderDeliveryError);
    expect(postedFirst).toBe(0);
    expect(retried).toMatchObject({ reminded: [questionId], posted: 1, skipped: 1, failed: [] });
    expect(postedTo(CHANNEL)).toHaveLength(1);
    expect(postedTo(OTHER_CHANNEL)).toHaveLength(1);
  });
});
