import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MessageRequest } from "../../bots/core/reply.ts";
import { LOOKING } from "../../bots/slack/events-app.ts";
import { messageJob, type SlackMessageEvent } from "../../bots/slack/incoming.ts";
import { SLACK_LIMITS } from "../../bots/slack/render.ts";
import { APOLOGY } from "../../bots/slack/worker.ts";
import {
  commandRequest,
  eventRequest,
  interactionRequest,
  slackRequest,
  slackSignature,
} from "../support/slack-signing.ts";
import { answerReply, BOT_USER_ID, type FakeCore, fakeCore, fixture, startSlackHarness } from "./harness.ts";

type Harness = Awaited<ReturnType<typeof startSlackHarness>>;
let h: Harness;
let core: FakeCore;

beforeAll(async () => {
  h = await startSlackHarness(() => {
    core = fakeCore();
    return core;
  });
});
afterAll(() => h.close());
beforeEach(() => {
  h.slack.reset();
  core.messages.length = 0;
  core.actions.length = 0;
  core.respond = fakeCore().respond;
});

/** Sends a request through the real handler and waits for the work it queued. */
async function send(event: Parameters<Harness["slackApp"]["handler"]>[0]) {
  const response = await h.slackApp.handler(event, {});
  await h.slackApp.queue.drain();
  return response;
}

/** A unique copy of a fixture event, so tests do not share idempotency keys. */
function uniqueEvent(name: string, patch: Record<string, unknown> = {}) {
  const payload = fixture<{ event_id: string; event: Record<string, unknown> }>(name);
  const n = Math.floor(Math.random() * 1e9);
  payload.event_id = `Ev${n}`;
  payload.event = { ...payload.event, ts: `1700000000.${n}`, ...patch };
  return payload;
}

describe("security", () => {
  it("answers url_verification with the challenge only when signed", async () => {
    // Prepare
    const payload = fixture<{ challenge: string }>("url_verification");

    // Act
    const signed = await send(eventRequest(payload));
    const unsigned = await send(eventRequest(payload, { signed: false }));

    // Assess
    expect(signed.statusCode).toBe(200);
    expect(JSON.parse(signed.body)).toEqual({ challenge: payload.challenge });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.body).not.toContain(payload.challenge);
  });

  it.each([
    ["a bad signature", { signature: "v0=0000000000000000000000000000000000000000000000000000000000000000" }],
    ["a missing signature", { signed: false }],
    ["a signature by another secret", { secret: "not-the-signing-secret" }],
    ["a timestamp older than five minutes", { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])("refuses %s with 401 and does nothing", async (_label, options) => {
    // Prepare
    const mention = uniqueEvent("app_mention");

    // Act
    const response = await send(eventRequest(mention, options));
    const command = await send(
      commandRequest(
        { ...fixture<Record<string, string>>("slash_command"), response_url: h.slack.responseUrl() },
        options,
      ),
    );

    // Assess
    expect(response.statusCode).toBe(401);
    expect(command.statusCode).toBe(401);
    expect(core.messages).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  });

  it("refuses a body altered after signing", async () => {
    // Prepare
    const body = JSON.stringify(uniqueEvent("app_mention"));
    const ts = Math.floor(Date.now() / 1000);
    const event = slackRequest(body.replace("unions", "bosses"), {
      contentType: "application/json",
      timestamp: ts,
      signature: slackSignature(body, ts),
    });

    // Act
    const response = await send(event);

    // Assess
    expect(response.statusCode).toBe(401);
    expect(core.messages).toHaveLength(0);
  });

  it("answers malformed JSON with 400 when signed and 401 when not, doing nothing", async () => {
    // Prepare
    const junk = '{"type":"event_callback","event":';

    // Act
    const signed = await send(slackRequest(junk, { contentType: "application/json" }));
    const unsigned = await send(slackRequest(junk, { contentType: "application/json", signed: false }));
    const badPayload = await send(
      slackRequest("payload=%7Bnot-json", { contentType: "application/x-www-form-urlencoded" }),
    );

    // Assess
    expect(signed.statusCode).toBe(400);
    expect(unsigned.statusCode).toBe(401);
    expect(badPayload.statusCode).toBe(400);
    expect(core.messages).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  });
});

describe("mentions and DMs", () => {
  it("answers a mention in its thread, without the mention, after an :eyes: reaction", async () => {
    // Prepare
    const mention = uniqueEvent("app_mention");
    const ts = String(mention.event.ts);

    // Act
    const response = await send(eventRequest(mention));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(core.messages).toEqual([
      expect.objectContaining({
        text: "How do we get the unions on board with a spin-out?",
        mode: "chat",
        actor: { platform: "slack", userId: "U061F7AUR" },
        conversation: { id: "C123ABC456", kind: "channel", threadId: ts },
      }),
    ]);
    expect(h.slack.callsOf("reactions.add")[0]?.args).toMatchObject({
      channel: "C123ABC456",
      timestamp: ts,
      name: "eyes",
    });
    const [post] = h.slack.callsOf("chat.postMessage");
    expect(post?.token).toBe("xoxb-test-token");
    expect(post?.args).toMatchObject({ channel: "C123ABC456", thread_ts: ts });
    expect(JSON.stringify(post?.args.blocks)).toContain("[1] Winning over the unions");
    const order = h.slack.calls.map((c) => c.method);
    expect(order.indexOf("reactions.add")).toBeLessThan(order.indexOf("chat.postMessage"));
  });

  it("keeps a follow-up in a thread in that thread's context", async () => {
    // Prepare
    const followUp = uniqueEvent("app_mention", {
      text: "<@U0LAN0Z89> and what about pensions?",
      thread_ts: "1515449522.000016",
    });

    // Act
    await send(eventRequest(followUp));

    // Assess
    expect(core.messages[0]?.conversation.threadId).toBe("1515449522.000016");
    expect(h.slack.callsOf("chat.postMessage")[0]?.args.thread_ts).toBe("1515449522.000016");
  });

  it("answers a DM in the DM, not in a thread", async () => {
    // Prepare
    const dm = uniqueEvent("message_im");

    // Act
    await send(eventRequest(dm));

    // Assess
    expect(core.messages[0]).toMatchObject({
      text: "What does TUPE mean for our pensions?",
      conversation: { id: "D024BE91L", kind: "personal" },
    });
    const [post] = h.slack.callsOf("chat.postMessage");
    expect(post?.args.channel).toBe("D024BE91L");
    expect(post?.args.thread_ts).toBeUndefined();
  });

  it("posts a private reply to a mention as an ephemeral message to the asker", async () => {
    // Prepare
    core.respond = () => ({ replies: [answerReply("Only for you", "private")], outbox: [] });

    // Act
    await send(eventRequest(uniqueEvent("app_mention")));

    // Assess
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(0);
    expect(h.slack.callsOf("chat.postEphemeral")[0]?.args).toMatchObject({
      channel: "C123ABC456",
      user: "U061F7AUR",
    });
  });

  it("ignores messages from other bots and from itself (no loops)", async () => {
    // Prepare
    const otherBot = uniqueEvent("bot_message_im");
    const self = uniqueEvent("message_im", { user: "U0LAN0Z89", bot_id: "B0LAN0Z89" });
    const edited = uniqueEvent("message_im", { subtype: "message_changed" });

    // Act
    const responses = [
      await send(eventRequest(otherBot)),
      await send(eventRequest(self)),
      await send(eventRequest(edited)),
    ];

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(core.messages).toHaveLength(0);
    expect(h.slack.calls).toHaveLength(0);
  });

  it("passes an empty mention to core as empty chat text (core answers with help)", async () => {
    // Act
    await send(eventRequest(uniqueEvent("app_mention", { text: "<@U0LAN0Z89>   " })));

    // Assess
    expect(core.messages[0]).toMatchObject({ text: "", mode: "chat" });
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(1);
  });

  it("takes a 10,000-character message whole and replies within Block Kit limits", async () => {
    // Prepare
    const long = `${"Our council wants savings and the union is worried. ".repeat(200)}`.slice(0, 10_000);
    core.respond = (req) => ({
      replies: [answerReply(`Echo: ${"text" in req ? req.text : ""}`)],
      outbox: [],
    });

    // Act
    const response = await send(eventRequest(uniqueEvent("message_im", { text: long })));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(core.messages[0]?.text).toBe(long.trim());
    const [post] = h.slack.callsOf("chat.postMessage");
    const blocks = post?.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    for (const b of blocks.filter((x) => x.type === "section")) {
      expect(b.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
  });

  it("takes a base64-encoded body with non-ASCII text, signature intact", async () => {
    // Act
    const response = await send(
      eventRequest(uniqueEvent("message_im", { text: "Café co-op — £5k?" }), { base64: true }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(core.messages[0]?.text).toBe("Café co-op — £5k?");
  });
});

describe("retries and duplicates", () => {
  it("replies once to the same event delivered three times (X-Slack-Retry-Num)", async () => {
    // Prepare
    const mention = uniqueEvent("app_mention");

    // Act
    const responses = [
      await send(eventRequest(mention)),
      await send(eventRequest(mention, { retryNum: 1 })),
      await send(eventRequest(mention, { retryNum: 2 })),
    ];

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(core.messages).toHaveLength(1);
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(1);
  });

  it("replies once when the same message arrives with a new event id", async () => {
    // Prepare
    const first = uniqueEvent("message_im");
    const again = { ...first, event_id: `${first.event_id}-new` };

    // Act
    await send(eventRequest(first));
    await send(eventRequest(again));

    // Assess
    expect(core.messages).toHaveLength(1);
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(1);
  });

  it("does the work on a retry when the first attempt failed after claiming", async () => {
    // Prepare
    const mention = uniqueEvent("app_mention");
    let calls = 0;
    core.respond = () => {
      calls += 1;
      if (calls === 1) throw new Error("DynamoDB unavailable");
      return { replies: [answerReply("Second time lucky")], outbox: [] };
    };
    const job = () => ({
      kind: "message" as const,
      keys: [`slack:event:${mention.event_id}`, `slack:message:C123ABC456:${mention.event.ts}`],
      request: {
        actor: { platform: "slack" as const, userId: "U061F7AUR" },
        text: "q",
        conversation: { id: "C123ABC456", kind: "channel" as const },
        eventId: `C123ABC456:${mention.event.ts}`,
        mode: "chat" as const,
      } satisfies MessageRequest,
      target: { userId: "U061F7AUR", channel: "C123ABC456", personal: false },
    });

    // Act
    await expect(h.slackApp.worker.run(job(), { final: false })).rejects.toThrow("DynamoDB unavailable");
    const retried = await h.slackApp.worker.run(job(), { final: false });
    const again = await h.slackApp.worker.run(job(), { final: false });

    // Assess
    expect([retried, again]).toEqual(["done", "duplicate"]);
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(1);
  });

  it("never posts a reply twice when delivery failed part-way and the job is retried", async () => {
    // Prepare: the first reply goes through, Slack refuses the second
    core.respond = () => ({ replies: [answerReply("First"), answerReply("Second")], outbox: [] });
    h.slack.fail("chat.postMessage", "fatal_error", { after: 1 });
    const mention = uniqueEvent("app_mention");
    const job = messageJob(mention.event_id, mention.event as unknown as SlackMessageEvent, BOT_USER_ID);

    // Act: the first run fails part-way, the redelivery finishes, a third delivery is a duplicate
    await expect(h.slackApp.worker.run(job, { final: false })).rejects.toThrow("fatal_error");
    const retried = await h.slackApp.worker.run(job, { final: false });
    const third = await h.slackApp.worker.run(job, { final: false });

    // Assess
    expect([retried, third]).toEqual(["done", "duplicate"]);
    const texts = h.slack.callsOf("chat.postMessage").map((c) => c.args.text);
    expect(texts).toEqual(["First", "Second", "Second"]); // the first "Second" was refused by Slack
    expect(h.slack.callsOf("reactions.add").length).toBeGreaterThanOrEqual(1);
  });

  it("tells the person when the last attempt fails, and releases the claim", async () => {
    // Prepare
    core.respond = () => {
      throw new Error("knowledge base unavailable");
    };
    const mention = uniqueEvent("app_mention");
    const job = messageJob(mention.event_id, mention.event as unknown as SlackMessageEvent, BOT_USER_ID);

    // Act
    const outcome = await h.slackApp.worker.run(job, { final: true });

    // Assess
    expect(outcome).toBe("failed");
    expect(h.slack.callsOf("chat.postEphemeral")[0]?.args.text).toBe(APOLOGY);
    expect(await h.peer.idempotency.claim(job.keys[0] ?? "")).toBe(true);
  });
});

describe("slash command", () => {
  function command(text: string) {
    const fields = fixture<Record<string, string>>("slash_command");
    return {
      ...fields,
      text,
      trigger_id: `${Math.random()}`,
      response_url: h.slack.responseUrl(),
    };
  }

  it("acknowledges with 'Looking…' and answers privately through response_url", async () => {
    // Prepare
    const fields = command("ask how do we write the business case?");

    // Act
    const response = await send(commandRequest(fields));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ response_type: "ephemeral", text: LOOKING });
    expect(core.messages[0]).toMatchObject({
      text: "ask how do we write the business case?",
      mode: "command",
      actor: { userId: "U2147483697", displayName: "asha" },
      conversation: { id: "C2147483705", kind: "channel" },
    });
    const [reply] = h.slack.callsOf("response_url");
    expect(reply?.args).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("posts a public command reply in the channel through response_url", async () => {
    // Prepare
    core.respond = () => ({ replies: [answerReply("Subscribed", "public")], outbox: [] });

    // Act
    await send(commandRequest(command("subscribe")));

    // Assess
    expect(h.slack.callsOf("response_url")[0]?.args.response_type).toBe("in_channel");
  });

  it("passes a command with no text to core as empty command text", async () => {
    // Act
    const response = await send(commandRequest({ ...command(""), text: "" }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(core.messages[0]).toMatchObject({ text: "", mode: "command" });
    expect(h.slack.callsOf("response_url")).toHaveLength(1);
  });

  it("refuses to post to a response_url that is not Slack's", async () => {
    // Prepare
    const fields = { ...command("help"), response_url: "http://169.254.169.254/latest/meta-data" };

    // Act
    const response = await send(commandRequest(fields));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(h.slack.callsOf("response_url")).toHaveLength(0);
  });
});

describe("buttons", () => {
  function press(actionId: string, value: string) {
    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions",
    );
    payload.response_url = h.slack.responseUrl();
    payload.actions = [{ ...payload.actions[0], action_id: actionId, value, action_ts: `${Math.random()}` }];
    return payload;
  }

  it("acknowledges at once and hands the press to core with its thread", async () => {
    // Act
    const response = await send(interactionRequest(press("feedback.helpful", "answer-1")));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(core.actions[0]).toMatchObject({
      actionId: "feedback.helpful",
      value: "answer-1",
      actor: { platform: "slack", userId: "U061F7AUR", displayName: "asha" },
      conversation: { id: "C123ABC456", kind: "channel", threadId: "1515449522.000016" },
    });
    expect(h.slack.callsOf("response_url")[0]?.args.response_type).toBe("ephemeral");
  });

  it("strips the uniqueness suffix from repeated action ids", async () => {
    // Act
    await send(interactionRequest(press("blocker.correct#3", "r1|hr-tupe-pensions")));

    // Assess
    expect(core.actions[0]?.actionId).toBe("blocker.correct");
  });

  it("hands an unknown action id to core, which answers it, and replies once per press", async () => {
    // Prepare
    const payload = press("no.such.button", "x");

    // Act
    const first = await send(interactionRequest(payload));
    const replay = await send(interactionRequest(payload));

    // Assess
    expect([first.statusCode, replay.statusCode]).toEqual([200, 200]);
    expect(core.actions).toHaveLength(1);
    expect(core.actions[0]?.actionId).toBe("no.such.button");
    expect(h.slack.callsOf("response_url")).toHaveLength(1);
  });

  it("delivers core's outbox: a DM to one person and a group DM to several", async () => {
    // Prepare
    core.respond = () => ({
      replies: [answerReply("Thank you", "private")],
      outbox: [
        {
          kind: "direct",
          to: { platform: "slack", userId: "UAMBASSADOR" },
          reply: answerReply("Intro?", "private"),
        },
        {
          kind: "group",
          platform: "slack",
          userIds: ["U061F7AUR", "UAMBASSADOR"],
          reply: answerReply("Hello both"),
        },
        { kind: "direct", to: { platform: "teams", userId: "29:abc" }, reply: answerReply("not for Slack") },
      ],
    });

    // Act
    await send(interactionRequest(press("intro.accept", "intro-1")));

    // Assess
    expect(h.slack.callsOf("conversations.open").map((c) => c.args.users)).toEqual([
      "UAMBASSADOR",
      "U061F7AUR,UAMBASSADOR",
    ]);
    const posts = h.slack.callsOf("chat.postMessage").map((c) => [c.args.channel, c.args.text]);
    expect(posts).toEqual([
      ["DUAMBASSADOR", "Intro?"],
      ["GU061F7AURUAMBASSADOR", "Hello both"],
    ]);
  });
});

describe("App Home", () => {
  it("publishes the Home tab when it is opened", async () => {
    // Act
    const response = await send(eventRequest(fixture("app_home_opened")));

    // Assess
    expect(response.statusCode).toBe(200);
    const [publish] = h.slack.callsOf("views.publish");
    expect(publish?.args.user_id).toBe("U061F7AUR");
    const view = publish?.args.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Your introductions");
    expect(json).toContain("Your blockers");
    expect(json).toContain("home.export");
    expect(json).toContain("home.forget-me");
  });

  it("runs a Home button as the command of the same name, replying by DM and refreshing nothing else", async () => {
    // Prepare
    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions_home",
    );
    payload.actions = [{ ...payload.actions[0], action_ts: `${Math.random()}` }];

    // Act
    await send(interactionRequest(payload));

    // Assess
    expect(core.messages[0]).toMatchObject({ text: "export", mode: "command" });
    expect(h.slack.callsOf("conversations.open")[0]?.args.users).toBe("U061F7AUR");
    expect(h.slack.callsOf("chat.postMessage")[0]?.args.channel).toBe("DU061F7AUR");
  });
});
