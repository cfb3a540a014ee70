/**
 * Issue 15's whole loop in Slack with the real core (createPathfinder) on DynamoDB Local, through the real events
 * handler and worker, against the fake Slack API: a declined question is sent to the ambassadors' channel, an
 * ambassador answers in its thread, the asker gets a DM, the ambassador saves the answer with the message
 * shortcut, and an editor approves it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SAVE_ANSWER_SHORTCUT } from "../../bots/slack/forms.ts";
import type { SlackCall } from "../support/fake-slack-api.ts";
import { commandRequest, eventRequest, interactionRequest } from "../support/slack-signing.ts";
import { fixture } from "./harness.ts";
import { type NetworkHarness, startNetworkSlackHarness, unique } from "./network-harness.ts";

let h: NetworkHarness;

const ASKER = "UASKER0001";
const AMBASSADOR = "UJANET0001";
const EDITOR = "UEDITOR001";
const CHANNEL = "C0AMBASSADORS";
const ASKER_DM = "D024BE91L";
const QUESTION = "How do we value the building our team uses?";
const ANSWER = "We had the district valuer do a red book valuation before the transfer; budget six weeks.";

beforeAll(async () => {
  h = await startNetworkSlackHarness({
    editor: EDITOR,
    ambassador: AMBASSADOR,
    categories: ["hr-tupe-pensions", "business-case"],
    region: "North West",
  });
});
afterAll(() => h.close());
beforeEach(() => h.slack.reset());

const send = (event: Parameters<NetworkHarness["send"]>[0]) => h.send(event);

type Button = { action_id: string; value: string };

/** The first button whose action_id starts with `prefix`, in any recorded message's blocks. */
function findButton(calls: SlackCall[], prefix: string): Button {
  for (const call of calls) {
    const blocks = (call.args.blocks ?? []) as { elements?: Button[]; accessory?: Button }[];
    const buttons = blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);
    const found = buttons.find((e) => e.action_id?.startsWith(prefix));
    if (found) return found;
  }
  throw new Error(`no ${prefix} button in ${JSON.stringify(calls.map((c) => c.args.blocks))}`);
}

function press(button: Button, user: string, channel: string) {
  const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>("block_actions");
  payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase() };
  payload.channel = { id: channel, name: "x" };
  payload.container = { type: "message", channel_id: channel, message_ts: "1.2", is_ephemeral: true };
  payload.response_url = h.slack.responseUrl();
  payload.trigger_id = `trigger-${unique()}`;
  payload.actions = [
    { ...payload.actions[0], action_id: button.action_id, value: button.value, action_ts: unique() },
  ];
  return interactionRequest(payload);
}

function command(text: string, user: string, channel: string) {
  return commandRequest({
    ...fixture<Record<string, string>>("slash_command"),
    user_id: user,
    channel_id: channel,
    channel_name: "ambassadors",
    text,
    trigger_id: unique(),
    response_url: h.slack.responseUrl(),
  });
}

function dm(text: string, user: string) {
  const payload = fixture<{ event_id: string; event: Record<string, unknown> }>("message_im");
  const n = unique();
  payload.event_id = `Ev${n}`;
  payload.event = { ...payload.event, text, user, ts: `1700000000.${n.slice(-6)}` };
  return eventRequest(payload);
}

function threadReply(threadTs: string, text: string, ts: string) {
  return eventRequest({
    token: "x",
    team_id: "T061EG9R6",
    api_app_id: "A0MDYCDME",
    type: "event_callback",
    event_id: `Ev${unique()}`,
    event_time: 1700000000,
    event: {
      type: "message",
      channel: CHANNEL,
      channel_type: "channel",
      user: AMBASSADOR,
      text,
      ts,
      thread_ts: threadTs,
    },
  });
}

/** The input states Slack would send for a modal submitted as it was prefilled (plus `overrides`). */
function prefilledState(view: { blocks: Record<string, unknown>[] }, overrides: Record<string, string> = {}) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== "input") continue;
    const id = String(block.block_id);
    const el = block.element as { type: string; initial_value?: string; initial_option?: { value: string } };
    const value = overrides[id] ?? el.initial_value ?? null;
    if (el.type === "plain_text_input") values[id] = { value: { type: el.type, value } };
    else if (el.type === "static_select")
      values[id] = { value: { type: el.type, selected_option: el.initial_option ?? null } };
    else if (el.type === "checkboxes")
      values[id] = {
        value: { type: el.type, selected_options: overrides[id] === "true" ? [{ value: "true" }] : [] },
      };
  }
  return values;
}

describe("the network loop in Slack", () => {
  it("takes a declined question to the ambassadors and an ambassador's saved answer to an editor's approval", async () => {
    // Prepare: an editor makes the channel the ambassadors' place
    await send(command("subscribe ambassadors", EDITOR, CHANNEL));
    expect(JSON.stringify(h.slack.callsOf("response_url"))).toMatch(/ambassador/i);

    // Act 1: the asker's question is declined; they choose Ask the ambassadors, then send it anonymously
    h.slack.reset();
    await send(dm(QUESTION, ASKER));
    await send(press(findButton(h.slack.callsOf("chat.postMessage"), "network.ask"), ASKER, ASKER_DM));
    const choice = [...h.slack.callsOf("chat.postMessage"), ...h.slack.callsOf("response_url")];
    await send(press(findButton(choice, "network.send"), ASKER, ASKER_DM));

    // Assess 1: posted top-level in the ambassadors' channel, without the asker's id
    const post = h.slack.posted.find((m) => m.channel === CHANNEL);
    expect(post?.thread_ts).toBeUndefined();
    expect(post?.text).toContain(QUESTION);
    expect(post?.text).not.toContain(ASKER);

    // Act 2: an ambassador answers in the thread, without mentioning Pathfinder (and chatter elsewhere is ignored)
    h.slack.reset();
    await send(threadReply("1600000000.000001", "Anyone for lunch?", "1700000400.000001"));
    expect(h.slack.calls).toHaveLength(0);
    await send(threadReply(post?.ts ?? "", ANSWER, "1700000500.000001"));

    // Assess 2: the asker gets the answer by DM, without the ambassador's name
    expect(h.slack.callsOf("conversations.open").map((c) => c.args.users)).toContain(ASKER);
    const toAsker = h.slack.callsOf("chat.postMessage").find((c) => c.args.channel === `D${ASKER}`);
    expect(JSON.stringify(toAsker?.args)).toContain("red book valuation");
    expect(JSON.stringify(toAsker?.args)).not.toContain("Janet");

    // Act 3: the ambassador saves their reply with the message shortcut
    h.slack.reset();
    await send(
      interactionRequest({
        type: "message_action",
        callback_id: SAVE_ANSWER_SHORTCUT,
        trigger_id: `trigger-${unique()}`,
        team: { id: "T061EG9R6", domain: "example" },
        user: { id: AMBASSADOR, name: "janet" },
        channel: { id: CHANNEL, name: "ambassadors" },
        message_ts: "1700000500.000001",
        response_url: h.slack.responseUrl(),
        message: {
          type: "message",
          user: AMBASSADOR,
          ts: "1700000500.000001",
          thread_ts: post?.ts,
          text: ANSWER,
        },
      }),
    );
    const formCall = h.slack.callsOf("views.update")[0];
    const form = formCall?.args.view as { blocks: Record<string, unknown>[]; private_metadata: string };
    expect(JSON.stringify(form.blocks)).toContain(QUESTION);
    expect(JSON.stringify(form.blocks)).toContain("red book valuation");
    await send(
      interactionRequest({
        type: "view_submission",
        team: { id: "T061EG9R6", domain: "example" },
        user: { id: AMBASSADOR, name: "janet" },
        view: {
          ...form,
          id: formCall?.args.view_id,
          hash: `hash-${unique()}`,
          state: { values: prefilledState(form, { nameMe: "true" }) },
        },
      }),
    );

    // Assess 3: the modal says it is saved for review; one pending card credits Janet
    const outcome = h.slack.callsOf("views.update").at(-1);
    expect(JSON.stringify(outcome?.args.view)).toContain("Saved for review");
    const pending = await h.peer.community.list("pending");
    expect(pending.map((c) => [c.question, c.authorName])).toEqual([[QUESTION, "Janet Price"]]);

    // Act 4: the editor opens App Home, sees the proposal and the gaps, and approves it there
    h.slack.reset();
    const home = fixture<{ event_id: string; event: Record<string, unknown> }>("app_home_opened");
    home.event_id = `Ev${unique()}`;
    home.event.user = EDITOR;
    await send(eventRequest(home));
    const homeView = h.slack.callsOf("views.publish")[0]?.args.view as { blocks: Button[] };
    expect(JSON.stringify(homeView)).toContain("Answers waiting for review");
    expect(JSON.stringify(homeView)).toMatch(/Gaps.*answered/);
    const approve = findButton(
      [{ method: "views.publish", args: { blocks: homeView.blocks } }],
      "answers.approve",
    );
    const fromHome = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions_home",
    );
    fromHome.user = { id: EDITOR, username: "editor", name: "editor" };
    fromHome.actions = [
      { ...fromHome.actions[0], action_id: approve.action_id, value: approve.value, action_ts: unique() },
    ];
    await send(interactionRequest(fromHome));

    // Assess 4: approved, and the Home tab republished without it
    expect((await h.peer.community.list("approved")).map((c) => c.id)).toEqual([pending[0]?.id]);
    const republished = h.slack.callsOf("views.publish").at(-1)?.args.view;
    expect(JSON.stringify(republished)).not.toContain("answers.approve");

    // And the asker's own Home tab shows nothing of the editors'
    h.slack.reset();
    home.event_id = `Ev${unique()}`;
    home.event.user = ASKER;
    await send(eventRequest(home));
    expect(JSON.stringify(h.slack.callsOf("views.publish")[0]?.args.view)).not.toContain(
      "waiting for review",
    );
  });
});
