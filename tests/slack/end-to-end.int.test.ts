/**
 * The Slack adapter with the real core (createPathfinder) on DynamoDB Local, through the real
 * Lambda handler, posting to the fake Slack Web API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPathfinder } from "../../app/pathfinder.ts";
import { loadConfig } from "../../config/config.ts";
import type { SlackCall } from "../support/fake-slack-api.ts";
import { commandRequest, eventRequest, interactionRequest } from "../support/slack-signing.ts";
import { fixture, HASH_KEY, startSlackHarness } from "./harness.ts";

type Harness = Awaited<ReturnType<typeof startSlackHarness>>;
let h: Harness;

const ASKER = "U061F7AUR";
const AMBASSADOR = "UAMBASSADOR1";

beforeAll(async () => {
  h = await startSlackHarness(async (_peer, table) => {
    const config = loadConfig({ PATHFINDER_TABLE: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
    const app = await createPathfinder({ config, secrets: { hashKey: HASH_KEY }, doc: table.doc });
    return app.core;
  });
  await h.peer.ambassadors.put({
    id: "amb-priya",
    displayName: "Priya Shah",
    slackUserId: AMBASSADOR,
    categories: ["hr-tupe-pensions", "staff-unions"],
    serviceAreas: ["adult social care"],
    region: "North West",
    monthlyCapacity: 4,
    bio: "Led a TUPE transfer of 300 staff into a mutual.",
  });
});
afterAll(() => h.close());
beforeEach(() => h.slack.reset());

async function send(event: Parameters<Harness["slackApp"]["handler"]>[0]) {
  const response = await h.slackApp.handler(event, {});
  await h.slackApp.queue.drain();
  return response;
}

let counter = 0;
function unique() {
  counter += 1;
  return `${Date.now()}${counter}`;
}

function dm(text: string, user = ASKER) {
  const payload = fixture<{ event_id: string; event: Record<string, unknown> }>("message_im");
  const n = unique();
  payload.event_id = `Ev${n}`;
  payload.event = { ...payload.event, text, user, ts: `1700000000.${n}` };
  return payload;
}

function command(text: string, user = ASKER) {
  return {
    ...fixture<Record<string, string>>("slash_command"),
    user_id: user,
    text,
    trigger_id: unique(),
    response_url: h.slack.responseUrl(),
  };
}

/** Presses a button found in a recorded message, as `user`. */
function press(call: SlackCall | undefined, actionIdPrefix: string, user = ASKER, channel = "C123ABC456") {
  const blocks = (call?.args.blocks ?? []) as {
    elements?: { action_id: string; value: string }[];
    accessory?: { action_id: string; value: string };
  }[];
  const buttons = blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);
  const button = buttons.find((e) => e.action_id?.startsWith(actionIdPrefix));
  if (!button) throw new Error(`no ${actionIdPrefix} button in ${JSON.stringify(blocks)}`);
  const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>("block_actions");
  payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase() };
  payload.channel = { id: channel, name: "x" };
  payload.container = { type: "message", channel_id: channel, message_ts: "1.2", is_ephemeral: true };
  payload.response_url = h.slack.responseUrl();
  payload.actions = [
    { ...payload.actions[0], action_id: button.action_id, value: button.value, action_ts: unique() },
  ];
  return interactionRequest(payload);
}

describe("Slack end to end with the real core", () => {
  it("answers a mention in the thread with numbered sources and feedback buttons", async () => {
    // Prepare
    const mention = fixture<{ event_id: string; event: Record<string, unknown> }>("app_mention");
    mention.event_id = `Ev${unique()}`;
    mention.event.ts = `1700000001.${unique()}`;

    // Act
    await send(eventRequest(mention));

    // Assess
    const posts = h.slack.callsOf("chat.postMessage");
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(posts[0]?.args.thread_ts).toBe(mention.event.ts);
    const json = JSON.stringify(posts[0]?.args.blocks);
    expect(json).toMatch(/\[1\] /);
    expect(json).toContain("ambassador.request");
    expect(h.slack.callsOf("reactions.add")).toHaveLength(1);
  });

  it("logs a blocker once when Slack delivers the DM three times, and lets the reporter correct it", async () => {
    // Prepare
    const reporter = `UREP${unique()}`;
    const message = dm("blocker our union reps are against the spin-out", reporter);

    // Act
    await send(eventRequest(message));
    await send(eventRequest(message, { retryNum: 1 }));
    await send(eventRequest(message, { retryNum: 2 }));
    const reply = h.slack.callsOf("chat.postMessage")[0];
    await send(press(reply, "blocker.correct", reporter, "D024BE91L"));

    // Assess
    expect(h.slack.callsOf("chat.postMessage")).toHaveLength(1);
    const reports = await h.peer.obstacles.listForUser({ platform: "slack", userId: reporter });
    expect(reports).toHaveLength(1);
    expect(reports[0]?.corrected).toBe(true);
    expect(JSON.stringify(h.slack.callsOf("response_url").at(-1)?.args)).toContain("filed under");
  });

  it("introduces asker and ambassador in a group DM only after the ambassador accepts, once", async () => {
    // Act: the asker asks for a mentor and chooses the ambassador
    await send(commandRequest(command("mentor TUPE transfer of our care staff and their pensions")));
    const suggestions = h.slack.callsOf("response_url")[0];
    await send(press(suggestions, "ambassador.choose"));

    // Assess: the ambassador is asked by DM; no group DM yet
    const [ambassadorDm] = h.slack.callsOf("conversations.open");
    expect(ambassadorDm?.args.users).toBe(AMBASSADOR);
    const request = h.slack.callsOf("chat.postMessage").find((c) => c.args.channel === `D${AMBASSADOR}`);
    expect(JSON.stringify(request?.args.blocks)).toContain("intro.accept");

    // Act: the ambassador accepts, twice (a double click)
    await send(press(request, "intro.accept", AMBASSADOR, `D${AMBASSADOR}`));
    await send(press(request, "intro.accept", AMBASSADOR, `D${AMBASSADOR}`));

    // Assess
    const groups = h.slack.callsOf("conversations.open").filter((c) => String(c.args.users).includes(","));
    expect(groups.map((c) => c.args.users)).toEqual([`${ASKER},${AMBASSADOR}`]);
    const intros = await h.peer.introductions.listForUser({ platform: "slack", userId: ASKER });
    expect(intros.filter((i) => i.status === "accepted")).toHaveLength(1);
  });

  it("still reaches the ambassador when the first request DM failed, and only once", async () => {
    // Prepare: a new asker; Slack fails the first conversations.open (the ambassador's DM)
    const asker = `UASK${unique()}`;
    await send(
      commandRequest(command("mentor our staff are worried about their pensions on transfer", asker)),
    );
    const suggestions = h.slack.callsOf("response_url")[0];
    h.slack.fail("conversations.open", "internal_error");

    // Act: the delivery fails, then the asker presses again (and once more, impatiently)
    await send(press(suggestions, "ambassador.choose", asker));
    const afterFailure = h.slack
      .callsOf("chat.postMessage")
      .filter((c) => c.args.channel === `D${AMBASSADOR}`);
    await send(press(suggestions, "ambassador.choose", asker));
    await send(press(suggestions, "ambassador.choose", asker));

    // Assess: regression — the retry used to answer "already asked" with nothing sent to the ambassador
    expect(afterFailure).toHaveLength(0);
    const requests = h.slack
      .callsOf("chat.postMessage")
      .filter(
        (c) => c.args.channel === `D${AMBASSADOR}` && JSON.stringify(c.args.blocks).includes("intro.accept"),
      );
    expect(requests).toHaveLength(1);
    const intros = await h.peer.introductions.listForUser({ platform: "slack", userId: asker });
    expect(intros).toHaveLength(1);
  });

  it("shows the person's blockers and introductions on App Home", async () => {
    // Prepare
    await send(commandRequest(command("blocker the council's procurement team wants a full tender")));
    h.slack.reset();

    // Act
    await send(eventRequest(fixture("app_home_opened")));

    // Assess
    const view = h.slack.callsOf("views.publish")[0]?.args.view as { blocks: unknown[] };
    const json = JSON.stringify(view.blocks);
    expect(json).toContain("Priya Shah");
    expect(json).toMatch(/procurement/i);
  });

  it("erases the person's data after forget-me is confirmed", async () => {
    // Prepare
    const user = `UFORGET${unique()}`;
    await send(commandRequest(command("blocker our pension fund will not admit the mutual", user)));
    h.slack.reset();

    // Act
    await send(commandRequest(command("forget-me", user)));
    await send(press(h.slack.callsOf("response_url")[0], "privacy.erase.confirm", user));

    // Assess
    expect(await h.peer.obstacles.listForUser({ platform: "slack", userId: user })).toHaveLength(0);
    expect(JSON.stringify(h.slack.callsOf("response_url").at(-1)?.args)).toMatch(/erased/i);
  });

  it("answers an unknown subcommand and an empty command with the help text", async () => {
    // Act
    await send(commandRequest(command("frobnicate")));
    await send(commandRequest(command("")));

    // Assess
    const replies = h.slack.callsOf("response_url").map((c) => JSON.stringify(c.args));
    expect(replies).toHaveLength(2);
    expect(replies[0]).toContain("frobnicate");
    expect(replies[1]).toContain("/pathfinder ask");
  });

  it("answers an unknown button with a clear sentence", async () => {
    // Prepare
    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions",
    );
    payload.response_url = h.slack.responseUrl();
    payload.actions = [
      { ...payload.actions[0], action_id: "nonsense.button", value: "x", action_ts: unique() },
    ];

    // Act
    await send(interactionRequest(payload));

    // Assess
    expect(JSON.stringify(h.slack.callsOf("response_url")[0]?.args)).toContain("expired");
  });
});
