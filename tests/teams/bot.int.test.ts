import { randomUUID } from "node:crypto";
import { type Activity, TestAdapter } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ActionId, CoreResult, Outbound } from "../../bots/core/reply.ts";
import { MAX_MESSAGE_LENGTH } from "../../bots/teams/activity.ts";
import { createTeamsBot, TEAMS_MESSAGES } from "../../bots/teams/bot.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createIdempotencyStore } from "../../store/idempotency.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { cardTexts, fixture, RecordingProactive, reply, ScriptedCore } from "./fakes.ts";

let table: TestTable;
let peer: PeerServices;
let core: ScriptedCore;
let proactive: RecordingProactive;
let adapter: TestAdapter;
let errors: string[];

beforeAll(async () => {
  table = await createTestTable("teams-bot");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-key" });
});

afterAll(async () => {
  await table.drop();
});

beforeEach(() => {
  core = new ScriptedCore();
  proactive = new RecordingProactive();
  errors = [];
  useBotWithDeadline(2_000);
});

/** Replaces the bot under test with one whose turns end after `turnDeadlineMs`. */
function useBotWithDeadline(turnDeadlineMs: number): void {
  const bot = createTeamsBot({
    core,
    conversations: peer.conversations,
    idempotency: peer.idempotency,
    proactive,
    turnDeadlineMs,
    log: { error: (message) => errors.push(message) },
  });
  adapter = new TestAdapter((context) => bot.onTurn(context));
}

/** Sends a fixture with a fresh activity id (unless given) and returns what the bot sent back. */
async function send(name: string, overrides: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
  const activity = fixture(name, { id: `act-${randomUUID()}`, ...overrides });
  adapter.activeQueue.splice(0);
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0);
}

function messages(sent: Partial<Activity>[]) {
  return sent.filter((a) => a.type === "message");
}

function invokeBody(sent: Partial<Activity>[]) {
  const response = sent.find((a) => a.type === "invokeResponse");
  return response?.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
}

function execute(actionId: string, value: string, extra: Record<string, unknown> = {}) {
  return {
    value: { action: { type: "Action.Execute", verb: actionId, data: { actionId, value, ...extra } } },
  } as Partial<Activity>;
}

describe("Teams messages", () => {
  const commands = [
    "ask how do we make the business case?",
    "blocker our finance director wants a 10% saving in year one",
    "mentor TUPE and pensions",
    "digest",
    "subscribe",
    "unsubscribe",
    "resolve the union came round after a joint workshop",
    "export",
    "forget-me",
    "help",
  ];

  it.each(commands)(
    "passes the typed command %j to core in chat mode and answers with a card",
    async (text) => {
      // Act
      const sent = await send("personal-message", { text });

      // Assess
      expect(sent[0]?.type).toBe("typing");
      expect(core.messages).toHaveLength(1);
      const request = core.messages[0];
      expect(request).toMatchObject({
        actor: { platform: "teams", userId: "29:1asker-teams-id", displayName: "Asha Patel" },
        text,
        mode: "chat",
        conversation: { id: "a:1personal-asker", kind: "personal" },
      });
      expect(request?.eventId).toMatch(/^act-/);
      expect(request?.reference).toMatchObject({ conversation: { id: "a:1personal-asker" } });
      const [answer] = messages(sent);
      expect(answer?.attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
      expect(cardTexts(answer)).toEqual([`You said: ${text}`]);
    },
  );

  it("strips the @mention in a channel and keeps the reply chain as the thread", async () => {
    // Act
    const sent = await send("channel-mention");

    // Assess
    expect(core.messages[0]).toMatchObject({
      text: "blocker our union reps are against the spin-out",
      conversation: { id: "19:spinout-programme@thread.tacv2", kind: "channel", threadId: "1700000000200" },
    });
    expect(cardTexts(messages(sent)[0])).toEqual([
      "You said: blocker our union reps are against the spin-out",
    ]);
  });

  it("saves the conversation reference on each message, under the user's ids in a personal chat", async () => {
    // Act
    await send("personal-message");

    // Assess
    for (const key of ["29:1asker-teams-id", "aad-asker-0001"]) {
      const saved = (await peer.conversations.get(key)) as {
        conversation: { id: string };
        activityId?: string;
      };
      expect(saved.conversation.id).toBe("a:1personal-asker");
      expect(saved.activityId).toBeUndefined();
    }
  });

  it("answers a retried activity (same id) only once", async () => {
    // Prepare
    const id = `act-${randomUUID()}`;

    // Act
    const first = await send("personal-message", { id });
    const retry = await send("personal-message", { id });

    // Assess
    expect(messages(first)).toHaveLength(1);
    expect(retry).toEqual([]);
    expect(core.messages).toHaveLength(1);
  });

  it("gives the claim back when core fails, so the retry is answered", async () => {
    // Prepare
    const id = `act-${randomUUID()}`;
    core.onMessage = async () => {
      throw new Error("DynamoDB unavailable");
    };

    // Act
    const failed = await send("personal-message", { id });
    core.onMessage = async () => ({ replies: [reply("Second time lucky")], outbox: [] });
    const retried = await send("personal-message", { id });

    // Assess
    expect(cardTexts(messages(failed)[0])).toEqual([TEAMS_MESSAGES.failed]);
    expect(JSON.stringify(failed)).not.toContain("DynamoDB unavailable");
    expect(errors).toContain("turn failed");
    expect(cardTexts(messages(retried)[0])).toEqual(["Second time lucky"]);
  });

  it("answers the retry of a turn whose Lambda died mid-way (issue 12: the claim outlived the Lambda)", async () => {
    // Prepare: an earlier invocation claimed this activity and died; its claim window has ended.
    const id = `act-${randomUUID()}`;
    const conversationId = String(fixture("personal-message").conversation?.id);
    const store = createIdempotencyStore({ doc: table.doc, tableName: table.tableName });
    const died = store.scope({
      deadline: new Date(Date.now() - 1_000),
      now: () => new Date(Date.now() - 31_000),
    });
    expect(await died.claim(`teams:${conversationId}:${id}`)).toBe(true);
    core.onMessage = async () => ({ replies: [reply("Answered after all")], outbox: [] });

    // Act: the Bot Connector retries the same activity.
    const sent = await send("personal-message", { id });

    // Assess: answered, not dropped as a duplicate; a further retry is one.
    expect(cardTexts(messages(sent)[0])).toEqual(["Answered after all"]);
    expect(messages(await send("personal-message", { id }))).toEqual([]);
  });

  it("bounds a turn by its deadline and says so", async () => {
    // Prepare: core never answers.
    core.onMessage = () => new Promise(() => {});
    useBotWithDeadline(50);

    // Act
    const sent = await send("personal-message");

    // Assess
    expect(cardTexts(messages(sent)[0])).toEqual([TEAMS_MESSAGES.slow]);
    expect(errors).toContain("turn deadline passed");
  });

  it("regression (issue 12): the 'slow' apology says no answer will come, and none comes when core finishes late", async () => {
    // Prepare: core answers only after the turn's deadline has passed.
    let finish: (value: CoreResult) => void = () => {};
    const late = new Promise<CoreResult>((resolve) => {
      finish = resolve;
    });
    core.onMessage = () => late;
    useBotWithDeadline(50);
    const id = `act-${randomUUID()}`;

    // Act: the turn ends with the apology; then core's late answer arrives, and the person sends it again.
    const sent = await send("personal-message", { id });
    finish({ replies: [reply("Late answer")], outbox: [] });
    await late;
    await new Promise<void>((resolve) => setImmediate(resolve)); // let any continuation of the late answer run
    const afterwards = adapter.activeQueue.splice(0);
    core.onMessage = async () => ({ replies: [reply("Answered the second time")], outbox: [] });
    const again = await send("personal-message", { id });

    // Assess: the apology neither claims the work stopped nor promises a reply, and no reply follows it.
    expect(cardTexts(messages(sent)[0])).toEqual([TEAMS_MESSAGES.slow]);
    expect(TEAMS_MESSAGES.slow).not.toMatch(/stopped|I'll reply|when it's done/i);
    expect(messages(afterwards)).toEqual([]);
    expect(JSON.stringify(proactive)).not.toContain("Late answer");
    // "Send it again" holds: the claim was released, so the same activity is answered afresh.
    expect(cardTexts(messages(again)[0])).toEqual(["Answered the second time"]);
  });

  describe("bad input", () => {
    it("passes empty text to core, which answers with help", async () => {
      // Act
      await send("personal-message", { text: "   ", attachments: [] });

      // Assess
      expect(core.messages[0]?.text).toBe("");
    });

    it("treats a message that is only the mention as empty", async () => {
      // Act
      await send("channel-mention", { text: "<at>Pathfinder</at> " });

      // Assess
      expect(core.messages[0]?.text).toBe("");
    });

    it("explains that attachments without text cannot be read, without calling core", async () => {
      // Act
      const sent = await send("personal-message", {
        text: "",
        attachments: [{ contentType: "image/png", contentUrl: "https://example.invalid/a.png" }],
      });

      // Assess
      expect(core.messages).toHaveLength(0);
      expect(cardTexts(messages(sent)[0])).toEqual([
        TEAMS_MESSAGES.attachmentsOnly.replace(/\*(\w+)\*/, "**$1**"),
      ]);
    });

    it("refuses a 10,000-character message clearly and stores nothing", async () => {
      // Act
      const sent = await send("personal-message", { text: "x".repeat(10_000) });

      // Assess
      expect(core.messages).toHaveLength(0);
      expect(cardTexts(messages(sent)[0])?.[0]).toContain("10,000 characters");
      expect(cardTexts(messages(sent)[0])?.[0]).toContain(MAX_MESSAGE_LENGTH.toLocaleString("en-GB"));
    });
  });

  it("sends a private reply asked for in a channel to the person's personal chat, with a notice", async () => {
    // Prepare
    core.onMessage = async () => ({ replies: [reply("Your data", { visibility: "private" })], outbox: [] });

    // Act
    const sent = await send("channel-mention", { text: "<at>Pathfinder</at> export" });

    // Assess
    expect(proactive.sent.map((s) => s.userId)).toEqual(["29:1colleague-teams-id"]);
    expect(cardTexts(proactive.sent[0]?.activity)).toEqual(["Your data"]);
    expect(cardTexts(messages(sent)[0])).toEqual([TEAMS_MESSAGES.privateSent]);
    expect(JSON.stringify(sent)).not.toContain("Your data");
  });

  it("tells the person when a private reply cannot reach them, without posting it in the channel", async () => {
    // Prepare
    proactive.unreachable.add("29:1colleague-teams-id");
    core.onMessage = async () => ({ replies: [reply("Your data", { visibility: "private" })], outbox: [] });

    // Act
    const sent = await send("channel-mention", { text: "<at>Pathfinder</at> export" });

    // Assess
    expect(cardTexts(messages(sent)[0])).toEqual([TEAMS_MESSAGES.privateFailed]);
    expect(JSON.stringify(sent)).not.toContain("Your data");
  });

  it("delivers core's direct outbound message to the ambassador proactively", async () => {
    // Prepare
    const ask: Outbound = {
      kind: "direct",
      to: { platform: "teams", userId: "29:1ambassador" },
      reply: reply("Asha would like to talk to you", {
        blocks: [
          { type: "text", text: "Asha would like to talk to you" },
          { type: "actions", actions: [{ id: "intro.accept", label: "Accept", value: "intro-1" }] },
        ],
      }),
    };
    core.onAction = async () => ({ replies: [reply("I've asked them")], outbox: [ask] });

    // Act
    const sent = await send("card-action-invoke", execute("ambassador.choose", "amb-1|tupe-pensions"));

    // Assess
    expect(core.actions[0]).toMatchObject({ actionId: "ambassador.choose", value: "amb-1|tupe-pensions" });
    expect(proactive.sent.map((s) => s.userId)).toEqual(["29:1ambassador"]);
    const card = JSON.stringify(proactive.sent[0]?.activity.attachments?.[0]?.content);
    expect(card).toContain('"actionId":"intro.accept"');
    expect(invokeBody(sent)).toEqual({
      status: 200,
      body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "I've asked them" },
    });
  });

  it("posts a group introduction to each person's personal chat, mentioning the other", async () => {
    // Prepare
    const intro: Outbound = {
      kind: "group",
      platform: "teams",
      userIds: ["29:1asker-teams-id", "29:1ambassador"],
      reply: reply("A Pathfinder introduction"),
    };
    core.onAction = async () => ({ replies: [reply("Thank you!")], outbox: [intro] });

    // Act
    await send("card-action-invoke", execute("intro.accept", "intro-1"));

    // Assess
    expect(proactive.sent.map((s) => s.userId)).toEqual(["29:1asker-teams-id", "29:1ambassador"]);
    const mentioned = proactive.sent.map(
      (s) => JSON.stringify(s.activity.attachments?.[0]?.content).match(/"mentioned":\{"id":"([^"]+)"/)?.[1],
    );
    expect(mentioned).toEqual(["29:1ambassador", "29:1asker-teams-id"]);
  });

  it("tells the requester when an outbound message could not be delivered", async () => {
    // Prepare
    proactive.unreachable.add("29:1ambassador");
    core.onAction = async () => ({
      replies: [reply("I've asked them")],
      outbox: [{ kind: "direct", to: { platform: "teams", userId: "29:1ambassador" }, reply: reply("Hi") }],
    });

    // Act
    const sent = await send("card-action-invoke", execute("ambassador.choose", "amb-1|x"));

    // Assess
    expect(messages(sent).map((m) => cardTexts(m)[0])).toEqual([
      "I've asked them",
      TEAMS_MESSAGES.unreachable(1),
    ]);
  });
});

describe("Teams card actions", () => {
  const actionIds: ActionId[] = [
    "feedback.helpful",
    "feedback.unhelpful",
    "ambassador.request",
    "ambassador.choose",
    "peer.choose",
    "blocker.log",
    "blocker.correct",
    "blocker.consent",
    "intro.accept",
    "intro.decline",
    "privacy.erase.confirm",
  ];

  it.each(actionIds)(
    "passes an Action.Execute %s to core and returns an invoke response",
    async (actionId) => {
      // Act
      const sent = await send("card-action-invoke", execute(actionId, "v-1"));

      // Assess
      expect(core.actions).toHaveLength(1);
      expect(core.actions[0]).toMatchObject({
        actor: { platform: "teams", userId: "29:1asker-teams-id" },
        actionId,
        value: "v-1",
        conversation: { id: "a:1personal-asker", kind: "personal" },
      });
      expect(invokeBody(sent).status).toBe(200);
      expect(cardTexts(messages(sent)[0])).toEqual([`Pressed ${actionId} with v-1`]);
    },
  );

  it("reads the value of a dropdown choice", async () => {
    // Act
    await send("card-action-invoke", {
      value: {
        action: {
          type: "Action.Execute",
          data: { actionId: "blocker.correct", valueInput: "pf3", pf3: "r1|legal-governance" },
        },
      },
    });

    // Assess
    expect(core.actions[0]).toMatchObject({ actionId: "blocker.correct", value: "r1|legal-governance" });
  });

  it("accepts an Action.Submit from an older card, arriving as a message with a value", async () => {
    // Act
    const sent = await send("personal-message", {
      text: "",
      attachments: [],
      value: { actionId: "feedback.helpful", value: "answer-9" },
    });

    // Assess
    expect(core.actions[0]).toMatchObject({ actionId: "feedback.helpful", value: "answer-9" });
    expect(core.messages).toHaveLength(0);
    expect(cardTexts(messages(sent)[0])).toEqual(["Pressed feedback.helpful with answer-9"]);
  });

  it("answers a card action that is not Pathfinder's with a clear message and changes nothing", async () => {
    // Act
    const sent = await send("card-action-invoke", {
      value: { action: { type: "Action.Execute", data: { somethingElse: true } } },
    });

    // Assess
    expect(core.actions).toHaveLength(0);
    expect(invokeBody(sent).body).toMatchObject({
      statusCode: 200,
      value: expect.stringContaining("expired"),
    });
    expect(messages(sent)).toHaveLength(0);
  });

  it("passes an unknown action id to core, which owns the answer", async () => {
    // Prepare
    core.onAction = async () => ({ replies: [reply("That button has expired")], outbox: [] });

    // Act
    const sent = await send("card-action-invoke", execute("no.such.action", "x"));

    // Assess
    expect(core.actions[0]?.actionId).toBe("no.such.action");
    expect(cardTexts(messages(sent)[0])).toEqual(["That button has expired"]);
  });

  it("does a double-clicked (retried) action once and says it is already done", async () => {
    // Prepare
    const id = `f:${randomUUID()}`;

    // Act
    await send("card-action-invoke", { id, ...execute("feedback.helpful", "a-1") });
    const retry = await send("card-action-invoke", { id, ...execute("feedback.helpful", "a-1") });

    // Assess
    expect(core.actions).toHaveLength(1);
    expect(messages(retry)).toHaveLength(0);
    expect(invokeBody(retry).body.value).toBe(TEAMS_MESSAGES.alreadyDone);
  });

  it("returns an error invoke response when core fails, and releases the claim", async () => {
    // Prepare
    const id = `f:${randomUUID()}`;
    core.onAction = async () => {
      throw new Error("boom");
    };

    // Act
    const failed = await send("card-action-invoke", { id, ...execute("feedback.helpful", "a-1") });
    core.onAction = async () => ({ replies: [reply("Thanks")], outbox: [] });
    const retried = await send("card-action-invoke", { id, ...execute("feedback.helpful", "a-1") });

    // Assess
    expect(invokeBody(failed)).toMatchObject({
      status: 500,
      body: { type: "application/vnd.microsoft.error", value: { message: TEAMS_MESSAGES.failed } },
    });
    expect(invokeBody(retried).status).toBe(200);
  });

  it("acknowledges a private reply to a channel card press in the card, not the channel", async () => {
    // Prepare
    core.onAction = async () => ({ replies: [reply("Thanks", { visibility: "private" })], outbox: [] });

    // Act
    const sent = await send("channel-mention", {
      type: "invoke",
      name: "adaptiveCard/action",
      text: "",
      ...execute("feedback.helpful", "a"),
    });

    // Assess
    expect(proactive.sent.map((s) => s.userId)).toEqual(["29:1colleague-teams-id"]);
    expect(messages(sent)).toHaveLength(0);
    expect(invokeBody(sent).body.value).toBe(TEAMS_MESSAGES.privateSent);
  });
});

describe("Teams installation", () => {
  it("welcomes once on install, explaining the commands, and saves the reference", async () => {
    // Prepare
    const id = `f:${randomUUID()}`;

    // Act
    const first = await send("installation-update", { id });
    const retry = await send("installation-update", { id });

    // Assess
    const texts = cardTexts(messages(first)[0]).join("\n");
    expect(texts).toContain("Welcome to Pathfinder");
    for (const command of [
      "ask",
      "blocker",
      "mentor",
      "digest",
      "subscribe",
      "unsubscribe",
      "export",
      "forget-me",
      "help",
    ]) {
      expect(texts).toContain(`**${command}`);
    }
    expect(messages(retry)).toHaveLength(0);
    expect(await peer.conversations.get("aad-asker-0001")).toBeDefined();
  });

  it("saves a channel's reference when the bot is added to a team, without posting", async () => {
    // Act
    const sent = await send("conversation-update-bot-added");

    // Assess
    expect(sent).toEqual([]);
    const saved = (await peer.conversations.get("19:team-general@thread.tacv2")) as { serviceUrl: string };
    expect(saved.serviceUrl).toBe("https://smba.trafficmanager.net/uk/");
  });
});
