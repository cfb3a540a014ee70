/**
 * Issue 15's whole loop in Teams with the real core on DynamoDB Local: signed activities through the Lambda
 * handler, cards out to the fake Bot Connector. A declined question is posted to the ambassadors' channel, an
 * ambassador answers in its reply chain (mentioning Pathfinder), the asker is told in their personal chat, the
 * ambassador saves the answer with the "Save answer to Pathfinder" message action, and an editor approves it.
 */
import type { Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_DATA_KEY } from "../../bots/teams/forms.ts";
import { cardTexts } from "./fakes.ts";
import { startTeamsNetworkRig, type TeamsNetworkRig } from "./network-rig.ts";

const EDITOR = { id: "29:1editor", name: "Cora Editor", aadObjectId: "aad-editor" };
const AMBASSADOR = { id: "29:1ambassador", name: "Janet Price", aadObjectId: "aad-ambassador" };
const ASKER_CHAT = "a:1personal-asker";
const CHANNEL = "19:ambassadors@thread.tacv2";
const QUESTION = "How do we value the building our team uses?";
const ANSWER = "We had the district valuer do a red book valuation; budget six weeks.";

let rig: TeamsNetworkRig;

beforeAll(async () => {
  rig = await startTeamsNetworkRig({
    tableName: "teams-network",
    hashKey: "network-key",
    editorId: EDITOR.id,
    ambassadorId: AMBASSADOR.id,
  });
});

afterAll(() => rig.close());

/** Sends a signed activity; returns the invoke body (if any) and what was posted to the connector meanwhile. */
const send = (name: string, overrides: Partial<Activity> = {}) => rig.send(name, overrides);

/** Every Execute button's data in the posted cards. */
function buttons(activities: { activity: Partial<Activity> }[]): { actionId: string; value?: string }[] {
  const found: { actionId: string; value?: string }[] = [];
  for (const { activity } of activities)
    JSON.stringify(activity.attachments?.[0]?.content ?? {}, (key, value) => {
      if (key === "data" && value && typeof value.actionId === "string") found.push(value);
      return value;
    });
  return found;
}

function press(data: { actionId: string; value?: string } | undefined, from?: typeof EDITOR) {
  return {
    ...(from ? { from } : {}),
    value: { action: { type: "Action.Execute", verb: data?.actionId, data } },
  } as Partial<Activity>;
}

function inChannel(threadId?: string): Partial<Activity>["conversation"] {
  return {
    isGroup: true,
    conversationType: "channel",
    tenantId: "tenant-0001",
    id: threadId ? `${CHANNEL};messageid=${threadId}` : CHANNEL,
  } as Partial<Activity>["conversation"];
}

describe("the network loop in Teams", () => {
  it("takes a declined question to the ambassadors' channel and a saved answer to an editor's approval", async () => {
    // Prepare: an editor makes the channel the ambassadors' place (its reference is stored for posting)
    const subscribed = await send("channel-mention", {
      from: EDITOR,
      conversation: inChannel("1700000000100"),
      text: "<at>Pathfinder</at> subscribe ambassadors",
    });
    expect(cardTexts(subscribed.posted.at(-1)?.activity).join(" ")).toMatch(/ambassador/i);

    // Act 1: declined in the asker's personal chat; Ask the ambassadors; send it anonymously
    const declined = await send("personal-message", { text: QUESTION });
    const ask = buttons(declined.posted).find((b) => b.actionId === "network.ask");
    const choose = await send("card-action-invoke", press(ask));
    const sendIt = buttons(choose.posted).find((b) => b.actionId === "network.send");
    const sent = await send("card-action-invoke", press(sendIt));

    // Assess 1: posted to the channel's root conversation (a new post, not into a reply chain), without the asker
    const post = sent.posted.find((a) => a.conversationId.startsWith(CHANNEL));
    expect(post?.conversationId).toBe(CHANNEL);
    expect(cardTexts(post?.activity).join(" ")).toContain(QUESTION);
    expect(JSON.stringify(post?.activity)).not.toContain("Asha");
    const [question] = (await rig.peer.network.gaps()).flatMap((g) => g.questions);
    const stored = await rig.peer.network.get(question?.id ?? "");
    const threadId = stored?.posts.find((p) => p.platform === "teams")?.threadId ?? "";
    expect(threadId).toMatch(/^\d+$/);

    // Act 2: Janet answers in the post's reply chain, mentioning Pathfinder
    const answered = await send("channel-mention", {
      from: AMBASSADOR,
      conversation: inChannel(threadId),
      text: `<at>Pathfinder</at> ${ANSWER}`,
    });

    // Assess 2: the asker hears in their personal chat, without Janet's name
    const toAsker = answered.posted.find((a) => a.conversationId === ASKER_CHAT);
    expect(cardTexts(toAsker?.activity).join(" ")).toContain("red book valuation");
    expect(JSON.stringify(toAsker?.activity)).not.toContain("Janet");

    // Act 3: Janet uses "Save answer to Pathfinder" on her reply: Teams fetches the task module
    const payload = {
      id: "1700000000350",
      replyToId: threadId,
      body: { contentType: "html", content: `<p>${ANSWER.replace("&", "&amp;")}</p>` },
      from: { user: { id: AMBASSADOR.aadObjectId, displayName: AMBASSADOR.name } },
    };
    const fetched = await send("message-action-fetch-task", {
      from: AMBASSADOR,
      conversation: inChannel(threadId),
      value: { commandId: "saveAnswer", commandContext: "message", messagePayload: payload },
    });

    // Assess 3: a task module with the form, prefilled with the question and the answer
    expect(fetched.body?.task?.type).toBe("continue");
    const card = fetched.body.task.value.card.content as { body: { id?: string; value?: unknown }[] };
    const inputs = Object.fromEntries(card.body.filter((e) => e.id).map((e) => [e.id, e.value]));
    expect(inputs).toMatchObject({ question: QUESTION, answer: ANSWER });
    const formData = JSON.stringify(fetched.body.task.value.card.content).includes(FORM_DATA_KEY);
    expect(formData).toBe(true);

    // Act 4: she submits it, named (Teams merges the inputs into the submit action's data)
    const action = (fetched.body.task.value.card.content.actions as { data: Record<string, unknown> }[])[0];
    const submitted = await send("message-action-submit", {
      from: AMBASSADOR,
      conversation: inChannel(threadId),
      value: {
        commandId: "saveAnswer",
        commandContext: "message",
        messagePayload: payload,
        data: { ...action?.data, ...inputs, nameMe: "true" },
      },
    });

    // Assess 4
    expect(submitted.body).toMatchObject({
      task: { type: "message", value: expect.stringContaining("Saved for review") },
    });
    const pending = await rig.peer.community.list("pending");
    expect(pending.map((c) => [c.question, c.authorName])).toEqual([[QUESTION, "Janet Price"]]);

    // Act 5: the editor lists the proposals in their personal chat and approves it from the card
    const listed = await send("personal-message", {
      from: EDITOR,
      conversation: {
        conversationType: "personal",
        tenantId: "tenant-0001",
        id: "a:1personal-editor",
      } as never,
      text: "answers",
    });
    const approve = buttons(listed.posted).find((b) => b.actionId === "answers.approve");
    const approved = await send("card-action-invoke", {
      ...press(approve, EDITOR),
      conversation: {
        conversationType: "personal",
        tenantId: "tenant-0001",
        id: "a:1personal-editor",
      } as never,
    });

    // Assess 5
    expect(approved.body).toMatchObject({ statusCode: 200 });
    expect((await rig.peer.community.list("approved")).map((c) => c.id)).toEqual([pending[0]?.id]);

    // Act 6: the same question in other words, from someone else
    const again = await send("personal-message", {
      from: { id: "29:1someone-else", name: "Sam Lee", aadObjectId: "aad-sam" },
      conversation: { conversationType: "personal", tenantId: "tenant-0001", id: "a:1personal-sam" } as never,
      text: "How should we value the building that our team uses?",
    });

    // Assess 6: answered from the approved card, cited as the community's, crediting Janet
    const texts = cardTexts(again.posted[0]?.activity).join("\n");
    expect(texts).toContain("red book valuation");
    expect(texts).toContain("Answer from Janet Price");
  });

  it("shows core's errors in the task module with what was typed, and stores nothing", async () => {
    // Prepare
    const fetched = await send("message-action-fetch-task", { from: AMBASSADOR });
    const content = fetched.body.task.value.card.content as { actions: { data: Record<string, unknown> }[] };
    const before = (await rig.peer.community.list("pending")).length;

    // Act: an answer too short to be useful, and a topic that is not one of Pathfinder's
    const refused = await send("message-action-submit", {
      from: AMBASSADOR,
      value: {
        commandId: "saveAnswer",
        commandContext: "message",
        data: { ...content.actions[0]?.data, question: "What valuer?", answer: "Yes", topic: "not-a-topic" },
      },
    });

    // Assess
    expect(refused.body?.task?.type).toBe("continue");
    const card = JSON.stringify(refused.body.task.value.card.content);
    expect(card).toContain("⚠️");
    expect(card).toContain("What valuer?");
    expect((await rig.peer.community.list("pending")).length).toBe(before);
  });
});
