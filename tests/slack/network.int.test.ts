/**
 * Issue 15's Slack surface with a scripted core: the Save answer shortcut and form buttons open core's form in a
 * modal, submissions are checked, refused with core's errors or saved, open questions are posted to the
 * ambassadors' channel and reported back to core, and replies in a tracked thread reach core without a mention.
 * The real events handler, in-process queue, worker and delivery, on DynamoDB Local and the fake Slack API.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Form, FormOpenRequest, FormSubmitRequest } from "../../bots/core/forms.ts";
import type { CoreResult, PostedAt } from "../../bots/core/reply.ts";
import { FORM_CALLBACK_ID, SAVE_ANSWER_SHORTCUT } from "../../bots/slack/forms.ts";
import { SAVING_NOTICE } from "../../bots/slack/network-events.ts";
import { loadConfig } from "../../config/config.ts";
import { createInProcessSlack } from "../../local/bridges/slack.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { eventRequest, interactionRequest, TEST_SIGNING_SECRET } from "../support/slack-signing.ts";
import {
  answerReply,
  BOT_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  type FakeCore,
  fakeCore,
  fixture,
  HASH_KEY,
} from "./harness.ts";

const AMBASSADOR = "UAMBASSADOR1";
const CHANNEL = "C0AMBASSADORS";
const QUESTION_TS = "1700000000.000100";

const form: Form = {
  id: "answer.propose",
  title: "Save answer",
  submitLabel: "Send to editors",
  intro: "An editor approves it before Pathfinder uses it.",
  state: "question-42",
  fields: [
    { id: "question", label: "Question", kind: "text", required: true, maxLength: 300 },
    { id: "answer", label: "Answer", kind: "textarea", required: true, maxLength: 2000 },
    { id: "named", label: "Name me as the author", kind: "checkbox" },
  ],
};

let slack: FakeSlackApi;
let table: TestTable;
let core: FakeCore;
let app: ReturnType<typeof createInProcessSlack>;
const opened: FormOpenRequest[] = [];
const submitted: FormSubmitRequest[] = [];
const posted: { track: string; at: PostedAt }[] = [];
const tracked = new Set<string>();
let submitAnswer: (request: FormSubmitRequest) => { errors: Record<string, string> } | { result: CoreResult };

beforeAll(async () => {
  slack = await startFakeSlackApi();
  table = await createTestTable("slack-network");
  const peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: HASH_KEY });
  core = fakeCore();
  core.openForm = async (request) => {
    opened.push(request);
    return { form: { ...form, fields: form.fields.map((f) => ({ ...f, value: request.prefill?.[f.id] })) } };
  };
  core.submitForm = async (request) => {
    submitted.push(request);
    return submitAnswer(request);
  };
  core.handlePosted = async (track, at) => {
    posted.push({ track, at });
    tracked.add(`${at.conversationId}:${at.threadId}`);
  };
  const config = loadConfig({
    SLACK_API_URL: slack.apiUrl,
    SLACK_BOT_USER_ID: BOT_USER_ID,
    SLACK_BOT_ID: BOT_ID,
    PATHFINDER_TABLE: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  app = createInProcessSlack({
    core,
    peer,
    config,
    secrets: { slackSigningSecret: TEST_SIGNING_SECRET, slackBotToken: BOT_TOKEN },
    trackedThreads: {
      isTrackedThread: async (_platform, conversationId, threadId) =>
        tracked.has(`${conversationId}:${threadId}`),
    },
  });
});
afterAll(async () => {
  await slack.close();
  await table.drop();
});
beforeEach(() => {
  slack.reset();
  opened.length = 0;
  submitted.length = 0;
  core.messages.length = 0;
  core.actions.length = 0;
});

async function send(event: Parameters<typeof app.handler>[0]) {
  const response = await app.handler(event, {});
  await app.queue.drain();
  return response;
}

let counter = 0;
function unique() {
  counter += 1;
  return `${Date.now()}${counter}`;
}

/** The message shortcut payload Slack sends for "Save answer to Pathfinder" on a reply in a thread. */
function shortcut(text: string) {
  return {
    type: "message_action",
    callback_id: SAVE_ANSWER_SHORTCUT,
    trigger_id: `trigger-${unique()}`,
    action_ts: "1700000100.000001",
    team: { id: "T061EG9R6", domain: "example" },
    user: { id: AMBASSADOR, name: "janet", username: "janet" },
    channel: { id: CHANNEL, name: "ambassadors" },
    message_ts: "1700000050.000200",
    response_url: slack.responseUrl(),
    message: { type: "message", user: AMBASSADOR, ts: "1700000050.000200", thread_ts: QUESTION_TS, text },
  };
}

/** A view_submission of `view` (as views.update left it) with these input states. */
function submission(view: Record<string, unknown>, values: Record<string, Record<string, unknown>>) {
  return {
    type: "view_submission",
    team: { id: "T061EG9R6", domain: "example" },
    user: { id: AMBASSADOR, name: "janet", username: "janet" },
    api_app_id: "A0MDYCDME",
    token: "x",
    trigger_id: `trigger-${unique()}`,
    view: { ...view, hash: `hash-${unique()}`, state: { values } },
  };
}

function typed(question: string, answer: string, named = false) {
  return {
    question: { value: { type: "plain_text_input", value: question } },
    answer: { value: { type: "plain_text_input", value: answer } },
    named: {
      value: {
        type: "checkboxes",
        selected_options: named ? [{ value: "true", text: { type: "plain_text" } }] : [],
      },
    },
  };
}

/** Opens the form through the shortcut and returns the form modal as the worker left it (with its id). */
async function openSavedAnswerForm(text: string) {
  await send(interactionRequest(shortcut(text)));
  const [open] = slack.callsOf("views.open");
  const [update] = slack.callsOf("views.update");
  return {
    open,
    update,
    view: { id: update?.args.view_id, ...(update?.args.view as Record<string, unknown>) },
  };
}

describe("Save answer to Pathfinder (message shortcut)", () => {
  it("opens a modal at once and swaps in core's form, prefilled from the reply and its thread", async () => {
    // Act
    const { open, update } = await openSavedAnswerForm("Talk to the union rep first &amp; <@U0OTHER> too.");

    // Assess
    expect(open?.args.trigger_id).toMatch(/^trigger-/);
    expect(open?.token).toBe(BOT_TOKEN);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      formId: "answer.propose",
      actor: { platform: "slack", userId: AMBASSADOR },
      prefill: {
        answer: "Talk to the union rep first & @someone too.",
        conversationId: CHANNEL,
        threadId: QUESTION_TS,
      },
      conversation: { id: CHANNEL, kind: "channel", threadId: QUESTION_TS },
    });
    expect(update?.args.view).toMatchObject({
      callback_id: FORM_CALLBACK_ID,
      submit: { text: "Send to editors" },
    });
    const answerInput = (
      update?.args.view as { blocks: { block_id?: string; element?: unknown }[] } | undefined
    )?.blocks.find((b) => b.block_id === "answer");
    expect(answerInput?.element).toMatchObject({
      initial_value: "Talk to the union rep first & @someone too.",
    });
  });

  it("refuses an empty required field at once with Slack's field errors, and asks core nothing", async () => {
    // Prepare
    const { view } = await openSavedAnswerForm("An answer");
    slack.reset();

    // Act
    const response = await send(interactionRequest(submission(view, typed("", "An answer"))));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      response_action: "errors",
      errors: { question: "Please fill this in." },
    });
    expect(submitted).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
  });

  it("shows core's errors in the modal, then saves a corrected submission, tells the person and closes the loop", async () => {
    // Prepare
    const { view } = await openSavedAnswerForm("Use a community share offer.");
    submitAnswer = () => ({ errors: { answer: "That answer is already a card." } });

    // Act: core refuses the first submission
    const first = await send(
      interactionRequest(submission(view, typed("How do we raise capital?", "Short"))),
    );

    // Assess: "Saving…" at once, then core's error above the inputs (what was typed is kept by Slack)
    expect(JSON.parse(first.body)).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(JSON.parse(first.body).view)).toContain(SAVING_NOTICE.slice(-30));
    expect(submitted[0]).toMatchObject({
      formId: "answer.propose",
      state: "question-42",
      values: { question: "How do we raise capital?", answer: "Short", named: "false" },
      conversation: { id: CHANNEL },
    });
    const refused = slack.callsOf("views.update").at(-1);
    expect(refused?.args.view_id).toBe(view.id);
    expect(JSON.stringify(refused?.args.view)).toContain("*Answer*: That answer is already a card.");
    expect(slack.callsOf("chat.postMessage")).toHaveLength(0);

    // Act: submitted again, core saves it
    submitAnswer = () => ({
      result: {
        replies: [answerReply("Saved: an editor will review it.", "private")],
        outbox: [],
      },
    });
    slack.reset();
    await send(
      interactionRequest(
        submission(
          refused?.args.view as Record<string, unknown>,
          typed("How do we raise capital?", "A share offer.", true),
        ),
      ),
    );

    // Assess: the outcome in the modal and, privately, in the channel it came from
    expect(submitted).toHaveLength(2);
    expect(submitted[1]?.values).toMatchObject({ answer: "A share offer.", named: "true" });
    expect(JSON.stringify(slack.callsOf("views.update")[0]?.args.view)).toContain(
      "Saved: an editor will review it.",
    );
    expect(slack.callsOf("chat.postEphemeral")).toEqual([
      expect.objectContaining({ args: expect.objectContaining({ channel: CHANNEL, user: AMBASSADOR }) }),
    ]);
  });
});

describe("form.open buttons", () => {
  it("open the form in a modal with the button's trigger instead of going to core as a press", async () => {
    // Prepare
    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions",
    );
    payload.trigger_id = `trigger-${unique()}`;
    payload.actions = [
      { action_id: "form.open", value: "ambassador.volunteer", type: "button", action_ts: "1700000200.1" },
    ];

    // Act
    await send(interactionRequest(payload));

    // Assess
    expect(core.actions).toHaveLength(0);
    expect(slack.callsOf("views.open")).toHaveLength(1);
    expect(opened[0]).toMatchObject({ formId: "ambassador.volunteer", actor: { userId: "U061F7AUR" } });
  });
});

describe("the ambassadors' channel", () => {
  it("posts an open question top-level and tells core the thread it started; replies there reach core", async () => {
    // Prepare: core answers a question with an open question for the ambassadors' channel
    core.respond = () => ({
      replies: [answerReply("I've asked the ambassadors.", "private")],
      outbox: [
        {
          kind: "channel",
          platform: "slack",
          conversationId: CHANNEL,
          reply: answerReply("Open question: how do we value the assets?"),
          key: "question-7",
          track: "question-7",
        },
      ],
    });
    const mention = fixture<{ event_id: string; event: Record<string, unknown> }>("app_mention");
    mention.event_id = `Ev${unique()}`;

    // Act
    await send(eventRequest(mention));

    // Assess
    const post = slack.posted.find((m) => m.channel === CHANNEL);
    expect(post?.thread_ts).toBeUndefined();
    expect(posted.at(-1)).toEqual({
      track: "question-7",
      at: { platform: "slack", conversationId: CHANNEL, threadId: post?.ts },
    });

    // Act: an ambassador replies in that thread without mentioning Pathfinder
    core.messages.length = 0;
    core.respond = () => ({ replies: [], outbox: [] });
    const reply = threadMessage(post?.ts ?? "", "We used an independent valuer.");
    await send(eventRequest(reply));

    // Assess
    expect(core.messages).toEqual([
      expect.objectContaining({
        actor: { platform: "slack", userId: AMBASSADOR },
        text: "We used an independent valuer.",
        mode: "chat",
        conversation: { id: CHANNEL, kind: "channel", threadId: post?.ts },
      }),
    ]);
  });

  it("ignores ordinary channel chatter and untracked threads: no core, no Slack call, no write", async () => {
    // Prepare
    const before = await itemCount();

    // Act
    await send(eventRequest(threadMessage("1600000000.000001", "Lunch anyone?")));
    await send(eventRequest({ ...threadMessage("", "Top-level chatter") }));

    // Assess
    expect(core.messages).toHaveLength(0);
    expect(slack.calls).toHaveLength(0);
    expect(await itemCount()).toBe(before);
  });
});

/** A message.channels event: a reply in `threadTs` (or a top-level message when empty). */
function threadMessage(threadTs: string, text: string) {
  const n = unique();
  return {
    token: "x",
    team_id: "T061EG9R6",
    api_app_id: "A0MDYCDME",
    type: "event_callback",
    event_id: `Ev${n}`,
    event_time: 1700000000,
    event: {
      type: "message",
      channel: CHANNEL,
      channel_type: "channel",
      user: AMBASSADOR,
      text,
      ts: `1700000300.${n.slice(-6)}`,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
  };
}

async function itemCount(): Promise<number> {
  const out = await table.doc.send(new ScanCommand({ TableName: table.tableName, Select: "COUNT" }));
  return out.Count ?? 0;
}
