/**
 * The network loop in core (issue 15), on in-memory storage: a declined question goes to the ambassadors' place
 * as a tracked post, an answer in its thread reaches the asker once and anonymously, an ambassador saves it as a
 * card, an editor approves it; reminders, gaps and the rules around them.
 */
import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import {
  type ChannelPost,
  type ReminderDelivery,
  remindOpenQuestions,
} from "../../../bots/core/features/network.ts";
import type { Conversation, Outbound } from "../../../bots/core/reply.ts";
import { loadRoles } from "../../../config/roles.ts";
import type { Answer, KnowledgeBase } from "../../../knowledge/types.ts";
import type { UkNation } from "../../../peer/uk-nations.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { citedAnswer } from "./support/fake-knowledge.ts";
import { allText, asker, button, message, press } from "./support/requests.ts";

const coordinator = { platform: "slack" as const, userId: "U0COORD1", displayName: "Cora" };
const janet = { platform: "slack" as const, userId: "U0JANET", displayName: "Janet Price" };
const ambassadorsChannel: Conversation = { id: "C0AMBASSADORS", kind: "channel" };
const DECLINED: Answer = {
  answered: false,
  text: "I couldn't find this in the knowledge base.",
  citations: [],
  confidence: 0,
  topics: ["hr-tupe-pensions"],
  composer: "extractive",
};

/** Answers questions with "pension" in them, declines the rest. */
function knowledge(): KnowledgeBase {
  return {
    search: async () => [],
    ask: async (question) => (/pension/i.test(question) ? citedAnswer("Pensions answer [1]") : DECLINED),
    guide: () => [],
    guideBrief: () => undefined,
  };
}

async function setUp(start = new Date("2026-12-01T10:00:00Z"), bankHolidays?: UkNation) {
  let now = start;
  const peer = createInMemoryPeerServices({ now: () => now, ...(bankHolidays ? { bankHolidays } : {}) });
  await peer.ambassadors.put({
    id: "janet",
    displayName: "Janet Price",
    slackUserId: janet.userId,
    categories: ["hr-tupe-pensions"],
    serviceAreas: ["adult social care"],
    monthlyCapacity: 2,
  });
  const core = createCore({
    knowledge: knowledge(),
    peer,
    digest: { preview: async () => ({ text: "", blocks: [], visibility: "private" }) },
    now: () => now,
    roles: loadRoles({ PATHFINDER_COORDINATORS: "slack:U0COORD1" }),
  });
  return { peer, core, setNow: (d: Date) => (now = d) };
}

function channelPosts(outbox: Outbound[]) {
  return outbox.flatMap((o) => (o.kind === "channel" ? [o] : []));
}

function directs(outbox: Outbound[]) {
  return outbox.flatMap((o) => (o.kind === "direct" ? [o] : []));
}

/** Sets the ambassadors' place, asks a declined question and sends it; returns the post. */
async function sendQuestion(t: Awaited<ReturnType<typeof setUp>>, text: string, how = "Send anonymously") {
  await t.core.handleMessage(
    message("subscribe ambassadors", {
      actor: coordinator,
      conversation: ambassadorsChannel,
      mode: "command",
    }),
  );
  const declined = await t.core.handleMessage(message(text));
  const choose = await t.core.handleAction(press(button(declined, "network.ask")));
  const send = choose.replies
    .flatMap((r) => r.blocks)
    .flatMap((b) => (b.type === "actions" ? b.actions : []));
  const chosen = send.find((a) => a.label === how);
  if (!chosen) throw new Error("no send button");
  const sent = await t.core.handleAction(press(chosen));
  const [post] = channelPosts(sent.outbox);
  if (!post?.track) throw new Error(`no tracked post in ${JSON.stringify(sent)}`);
  return { sent, post, track: post.track };
}

describe("the network loop in core", () => {
  it("sends a declined question to the ambassadors' place, anonymously, as a tracked post", async () => {
    const t = await setUp();
    const { sent, post, track } = await sendQuestion(
      t,
      "How do we value the building our team uses? call 07700 900123",
    );

    expect(sent.replies[0]?.text).toBe(
      "Sent to the ambassadors anonymously; I'll message you when someone answers.",
    );
    expect(post.conversationId).toBe("C0AMBASSADORS");
    expect(track).toMatch(/^question:[0-9a-f]{16}$/);
    expect(post.reply.text).toContain("Someone asked");
    expect(post.reply.text).not.toContain("Sam");
    expect(post.reply.text).not.toContain("07700");
  });

  it("records where the post landed, routes the thread's first reply to the asker once, without the answerer's name", async () => {
    const t = await setUp();
    const { track } = await sendQuestion(t, "How do we value the building our team uses?");
    const thread: Conversation = { id: "C0AMBASSADORS", kind: "channel", threadId: "1733050000.000100" };

    await t.core.handlePosted(track, {
      platform: "slack",
      conversationId: thread.id,
      threadId: "1733050000.000100",
    });
    const tracked = await t.peer.network.isTrackedThread("slack", thread.id, "1733050000.000100");
    const untracked = await t.peer.network.isTrackedThread("slack", thread.id, "1733059999.000100");
    const reply = message("We had it valued by the district valuer; ask for a red book valuation.", {
      actor: janet,
      conversation: thread,
    });
    const answered = await t.core.handleMessage(reply);
    const retried = await t.core.handleMessage(reply);

    expect(tracked).toBe(true);
    expect(untracked).toBe(false);
    const [dm] = directs(answered.outbox);
    expect(dm?.to).toEqual({ platform: "slack", userId: asker.userId });
    expect(dm?.key).toBe(`network-answer:${track.slice("question:".length)}`);
    expect(allText({ replies: dm ? [dm.reply] : [], outbox: [] })).toContain("red book valuation");
    expect(dm?.reply.text).toContain("An ambassador answered");
    expect(JSON.stringify(dm?.reply)).not.toContain("Janet");
    expect(directs(retried.outbox)).toEqual([]);
    const stored = await t.peer.network.get(track.slice("question:".length));
    expect(stored?.status).toBe("answered");
    expect(stored?.answers).toHaveLength(1);

    // "Name me": the asker learns who answered.
    const named = await t.core.handleAction(press(button(answered, "network.name-me"), { actor: janet }));
    expect(directs(named.outbox)[0]?.reply.text).toContain("Janet Price");
  });

  it("lets someone else's press of Name me change nothing", async () => {
    const t = await setUp();
    const { track } = await sendQuestion(t, "How do we value the building our team uses?");
    const thread: Conversation = { id: "C0AMBASSADORS", kind: "channel", threadId: "1.2" };
    await t.core.handlePosted(track, { platform: "slack", conversationId: thread.id, threadId: "1.2" });
    const answered = await t.core.handleMessage(
      message("Ask the district valuer.", { actor: janet, conversation: thread }),
    );

    const result = await t.core.handleAction(
      press(button(answered, "network.name-me"), { actor: coordinator }),
    );

    expect(result.outbox).toEqual([]);
    expect(result.replies[0]?.text).toMatch(/Only the person who answered/);
  });

  it("names the asker in the post only when they choose to be named", async () => {
    const t = await setUp();
    const { post, sent } = await sendQuestion(
      t,
      "How do we value the building our team uses?",
      "Send with my name",
    );
    expect(post.reply.text).toContain("Sam asked");
    expect(sent.replies[0]?.text).toContain("with your name");
  });

  it("says so and offers an ambassador when no ambassadors' place is set, storing nothing", async () => {
    const t = await setUp();
    const declined = await t.core.handleMessage(message("How do we value the building our team uses?"));
    const choose = await t.core.handleAction(press(button(declined, "network.ask")));
    const sent = await t.core.handleAction(press(button(choose, "network.send")));

    expect(sent.outbox).toEqual([]);
    expect(sent.replies[0]?.text).toContain("isn't set up yet");
    expect(button(sent, "ambassador.request").label).toBe("Talk to an ambassador");
    expect(await t.peer.network.gaps()).toEqual([]);
  });

  it("offers Ask the ambassadors after Not helpful, with the question that was answered", async () => {
    const t = await setUp();
    await t.core.handleMessage(
      message("subscribe ambassadors", {
        actor: coordinator,
        conversation: ambassadorsChannel,
        mode: "command",
      }),
    );
    const answered = await t.core.handleMessage(message("What about our pension fund?"));
    const unhelpful = await t.core.handleAction(press(button(answered, "feedback.unhelpful")));
    const choose = await t.core.handleAction(press(button(unhelpful, "network.ask")));
    const sent = await t.core.handleAction(press(button(choose, "network.send")));

    expect(channelPosts(sent.outbox)[0]?.reply.text).toContain("What about our pension fund?");
  });

  it("lets only coordinators set the ambassadors' place, and keeps it apart from the digest", async () => {
    const t = await setUp();
    const refused = await t.core.handleMessage(
      message("subscribe ambassadors", { conversation: ambassadorsChannel, mode: "command" }),
    );
    await t.core.handleMessage(
      message("subscribe ambassadors", {
        actor: coordinator,
        conversation: ambassadorsChannel,
        mode: "command",
      }),
    );
    await t.core.handleMessage(message("subscribe", { mode: "command" }));

    expect(refused.replies[0]?.text).toMatch(/Only coordinators/);
    expect((await t.peer.subscriptions.list()).map((s) => s.conversationId)).toEqual(["C0CHANNEL"]);
    expect((await t.peer.subscriptions.list("ambassadors")).map((s) => s.conversationId)).toEqual([
      "C0AMBASSADORS",
    ]);
    const off = await t.core.handleMessage(
      message("unsubscribe ambassadors", {
        actor: coordinator,
        conversation: ambassadorsChannel,
        mode: "command",
      }),
    );
    expect(off.replies[0]?.text).toContain("no longer the ambassadors' place");
    expect(await t.peer.subscriptions.list("ambassadors")).toEqual([]);
  });

  it("treats a message in an untracked thread as a question", async () => {
    const t = await setUp();
    const result = await t.core.handleMessage(
      message("What about our pension fund?", {
        conversation: { id: "C0X", kind: "channel", threadId: "9.9" },
      }),
    );
    expect(result.replies[0]?.text).toContain("Pensions answer");
  });

  it("raises an open question once more after 3 working days, once", async () => {
    const t = await setUp(new Date("2026-12-04T10:00:00Z")); // a Friday
    const { track } = await sendQuestion(t, "How do we value the building our team uses?");
    const delivered: ChannelPost[] = [];
    const deliver: ReminderDelivery = async (post) => {
      delivered.push(post);
      return "posted";
    };

    t.setNow(new Date("2026-12-08T10:00:00Z")); // Tuesday: 2 working days (Mon, Tue)
    const early = await remindOpenQuestions(t.peer, deliver);
    t.setNow(new Date("2026-12-09T10:00:00Z")); // Wednesday: 3
    const due = await remindOpenQuestions(t.peer, deliver);
    const again = await remindOpenQuestions(t.peer, deliver);

    expect(early.posts).toEqual([]);
    expect(due.reminded.map((q) => `question:${q.id}`)).toEqual([track]);
    // The post was never reported (no adapter here), so the reminder is a new post, tracked like the first.
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.reply.text).toContain("Still waiting");
    expect(delivered[0]?.track).toBe(track);
    expect(delivered[0]?.threadId).toBeUndefined();
    expect(again.posts).toEqual([]);
  });

  it("replies in the question's own thread where it was posted, and retries a failed place next run", async () => {
    // Prepare: the question was posted (and reported) in the Slack place; a Teams place failing at first.
    const t = await setUp(new Date("2026-12-04T10:00:00Z"));
    const { track } = await sendQuestion(t, "How do we value the building our team uses?");
    await t.peer.subscriptions.subscribe({
      kind: "ambassadors",
      platform: "teams",
      conversationId: "19:amb@thread.tacv2",
      by: { platform: "teams", userId: "29:coord" },
    });
    await t.core.handlePosted(track, {
      platform: "slack",
      conversationId: "C0AMBASSADORS",
      threadId: "1733310000.000100",
    });
    t.setNow(new Date("2026-12-09T10:00:00Z"));
    let teamsUp = false;
    const delivered: ChannelPost[] = [];
    const deliver: ReminderDelivery = async (post) => {
      if (post.platform === "teams" && !teamsUp) return "failed";
      delivered.push(post);
      return "posted";
    };

    // Act
    const first = await remindOpenQuestions(t.peer, deliver);
    teamsUp = true;
    const second = await remindOpenQuestions(t.peer, async (post) =>
      post.platform === "slack" ? "already" : deliver(post),
    );
    const third = await remindOpenQuestions(t.peer, deliver);

    // Assess
    expect(first.reminded).toEqual([]);
    expect(first.pending.map((q) => `question:${q.id}`)).toEqual([track]);
    const slack = delivered.find((p) => p.platform === "slack");
    expect(slack).toMatchObject({ conversationId: "C0AMBASSADORS", threadId: "1733310000.000100" });
    expect(slack?.track).toBeUndefined();
    expect(slack?.reply.text).toContain("nobody has answered this question in 3 working days");
    expect(second.reminded.map((q) => `question:${q.id}`)).toEqual([track]);
    expect(delivered.filter((p) => p.platform === "teams")).toHaveLength(1);
    expect(delivered.find((p) => p.platform === "teams")?.track).toBe(track);
    expect(third.posts).toEqual([]);
  });

  it("posts nothing on Good Friday or Easter Monday, and raises what was due on the next working day", async () => {
    // Prepare: one question asked on Monday 30 March 2026 (due Thursday, whose run fails), one on Tuesday
    const t = await setUp(new Date("2026-03-30T09:00:00Z"));
    const { track: monday } = await sendQuestion(t, "How do we value the building our team uses?");
    t.setNow(new Date("2026-03-31T09:00:00Z"));
    const { track: tuesday } = await sendQuestion(t, "Who owns the vans after the transfer?");
    const delivered: string[] = [];
    const runOn = async (iso: string, outcome: "posted" | "failed" = "posted") => {
      t.setNow(new Date(iso));
      return remindOpenQuestions(t.peer, async (post) => {
        delivered.push(`${iso.slice(0, 10)} ${post.track ?? post.reply.text}`);
        return outcome;
      });
    };

    // Act: the weekday runs at 09:00 BST
    const thursday = await runOn("2026-04-02T08:00:00Z", "failed");
    const goodFriday = await runOn("2026-04-03T08:00:00Z");
    const easterMonday = await runOn("2026-04-06T08:00:00Z");
    const nextTuesday = await runOn("2026-04-07T08:00:00Z");

    // Assess: Thursday tried the Monday question (3 working days) and failed; nothing on the bank holidays;
    // Tuesday raised both (the Tuesday question's third working day, Good Friday and Easter Monday not counted).
    expect(thursday.pending.map((q) => `question:${q.id}`)).toEqual([monday]);
    expect(goodFriday.posts).toEqual([]);
    expect(easterMonday.posts).toEqual([]);
    expect(delivered.filter((d) => d.startsWith("2026-04-03") || d.startsWith("2026-04-06"))).toEqual([]);
    expect(nextTuesday.reminded.map((q) => `question:${q.id}`).sort()).toEqual([monday, tuesday].sort());
  });

  it("keeps the configured nation's bank holidays: St Andrew's Day's substitute in Scotland, not in England", async () => {
    // Prepare: the same question asked on Wednesday 26 November 2025 in each nation
    const runs = await Promise.all(
      (["scotland", "england-and-wales"] as const).map(async (nation) => {
        const t = await setUp(new Date("2025-11-26T10:00:00Z"), nation);
        await sendQuestion(t, "How do we value the building our team uses?");
        const run = async (iso: string) => {
          t.setNow(new Date(iso));
          return (await remindOpenQuestions(t.peer, async () => "posted")).reminded.length;
        };
        // Act: Monday 1 December 2025 (St Andrew's Day, Sunday 30, moves to it in Scotland), then Tuesday
        return {
          nation,
          monday: await run("2025-12-01T09:00:00Z"),
          tuesday: await run("2025-12-02T09:00:00Z"),
        };
      }),
    );

    // Assess
    expect(runs).toEqual([
      { nation: "scotland", monday: 0, tuesday: 1 },
      { nation: "england-and-wales", monday: 1, tuesday: 0 },
    ]);
  });

  it("shows editors the gaps by topic with waiting time, and refuses others", async () => {
    const t = await setUp();
    await sendQuestion(t, "How do we value the building our team uses?");
    t.setNow(new Date("2026-12-03T10:00:00Z"));

    const gaps = await t.core.handleMessage(message("gaps", { actor: coordinator, mode: "command" }));
    const refused = await t.core.handleMessage(message("gaps", { mode: "command" }));

    expect(allText(gaps)).toContain("open, waiting 2 days: How do we value the building our team uses?");
    expect(refused.replies[0]?.text).toMatch(/Only editors/);
  });
});

describe("saving answers as community cards in core", () => {
  it("opens the form prefilled from a tracked thread, saves a pending card, and an editor approves it", async () => {
    const t = await setUp();
    const { track } = await sendQuestion(t, "How do we value the building our team uses?");
    await t.core.handlePosted(track, { platform: "slack", conversationId: "C0AMBASSADORS", threadId: "5.5" });
    const conversation: Conversation = { id: "C0AMBASSADORS", kind: "channel", threadId: "5.5" };

    const opened = await t.core.openForm({
      actor: janet,
      formId: "answer.propose",
      prefill: { answer: "Ask the district valuer.", conversationId: "C0AMBASSADORS", threadId: "5.5" },
      conversation,
      eventId: "open1",
    });
    if (!("form" in opened)) throw new Error("no form");
    const field = (id: string) => opened.form.fields.find((f) => f.id === id);
    expect(field("question")?.value).toBe("How do we value the building our team uses?");
    expect(field("answer")?.value).toBe("Ask the district valuer.");

    const submitted = await t.core.submitForm({
      actor: janet,
      formId: "answer.propose",
      values: {
        question: "How do we value the building our team uses?",
        answer: "Ask the district valuer. Email jo@example.org for the template.",
        topic: "business-case",
        phrasings: "valuing our premises\nwhat is our building worth",
        nameMe: "true",
      },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation,
      eventId: "submit1",
    });
    if (!("result" in submitted)) throw new Error(JSON.stringify(submitted));
    expect(submitted.result.replies[0]?.text).toContain("I removed an email address");
    const [card] = await t.peer.community.list("pending");
    expect(card?.answer).toBe("Ask the district valuer. Email [email] for the template.");
    expect(card?.authorName).toBe("Janet Price");
    expect(card?.questionId).toBe(track.slice("question:".length));

    const listed = await t.core.handleMessage(message("answers", { actor: coordinator, mode: "command" }));
    expect(allText(listed)).toContain("removed: an email address");
    const approved = await t.core.handleAction(
      press(button(listed, "answers.approve"), { actor: coordinator }),
    );
    expect(approved.replies[0]?.text).toContain("Approved");
    expect((await t.peer.community.list("approved")).map((c) => c.id)).toEqual([card?.id]);
  });

  it("gives field errors and stores nothing for an empty or over-long answer or a duplicate", async () => {
    const t = await setUp();
    const submit = (values: Record<string, string>, eventId: string) =>
      t.core.submitForm({
        actor: janet,
        formId: "answer.propose",
        values,
        conversation: ambassadorsChannel,
        eventId,
      });

    const empty = await submit({ question: "How do we value the building?", answer: "  " }, "e1");
    const long = await submit({ question: "How do we value the building?", answer: "x".repeat(1_501) }, "e2");
    await submit({ question: "How do we value the building?", answer: "Ask the valuer." }, "e3");
    const duplicate = await submit(
      { question: "how do we value THE building", answer: "Ask someone." },
      "e4",
    );

    expect(empty).toEqual({ errors: { answer: expect.stringMatching(/answer is empty/i) } });
    expect(long).toEqual({ errors: { answer: expect.stringMatching(/1501 characters.*at most 1500/) } });
    expect(duplicate).toEqual({ errors: { question: expect.stringMatching(/already exists/) } });
    expect(await t.peer.community.list("pending")).toHaveLength(1);
  });

  it("refuses the form to someone who is neither an ambassador nor an editor", async () => {
    const t = await setUp();
    const opened = await t.core.openForm({
      actor: asker,
      formId: "answer.propose",
      prefill: { answer: "Something" },
      conversation: ambassadorsChannel,
      eventId: "o1",
    });
    const submitted = await t.core.submitForm({
      actor: asker,
      formId: "answer.propose",
      values: { question: "How do we value the building?", answer: "Ask the valuer." },
      conversation: ambassadorsChannel,
      eventId: "s1",
    });

    expect("result" in opened && opened.result.replies[0]?.text).toMatch(/Only ambassadors and editors/);
    expect("result" in submitted && submitted.result.replies[0]?.text).toMatch(
      /Only ambassadors and editors/,
    );
    expect(await t.peer.community.list("pending")).toEqual([]);
  });

  it("lets only editors review answers", async () => {
    const t = await setUp();
    const result = await t.core.handleMessage(message("answers", { actor: janet, mode: "command" }));
    expect(result.replies[0]?.text).toMatch(/Only editors/);
  });
});
