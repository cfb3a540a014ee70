import { beforeAll, describe, expect, it } from "vitest";
import type { Conversation } from "../../../bots/core/reply.ts";
import { isoWeek } from "../../../peer/week.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { asker, button, buttons, channel, message, press } from "./support/requests.ts";

let t: MemoryPathfinder;

beforeAll(async () => {
  t = createMemoryPathfinder();
});

describe("questions", () => {
  it("answers a practitioner's question with numbered citations and feedback buttons, and counts it", async () => {
    const week = isoWeek(t.now());
    const before = await t.app.peer.stats.counts(week);

    const result = await t.app.core.handleMessage(
      message("our union reps say the spin-out is privatisation"),
    );

    const [reply] = result.replies;
    expect(reply?.visibility).toBe("public");
    expect(reply?.text).toMatch(/\[1\]/);
    const citations = reply?.blocks.find((b) => b.type === "citations");
    expect(citations && citations.type === "citations" && citations.citations.length).toBeGreaterThan(0);
    expect(buttons(reply).map((a) => a.id)).toEqual([
      "feedback.helpful",
      "feedback.unhelpful",
      "ambassador.request",
      "blocker.log",
    ]);
    const after = await t.app.peer.stats.counts(week);
    expect(after.questionsAsked).toBe(before.questionsAsked + 1);
  });

  it("does not count a retried question twice", async () => {
    const week = isoWeek(t.now());
    const request = message("how do we fund the start-up costs of a mutual?");
    await t.app.core.handleMessage(request);
    const once = await t.app.peer.stats.counts(week);

    await t.app.core.handleMessage(request);

    expect((await t.app.peer.stats.counts(week)).questionsAsked).toBe(once.questionsAsked);
  });

  it("says plainly when it cannot answer and offers people straight away", async () => {
    const result = await t.app.core.handleMessage(message("what's the weather in Leeds tomorrow?"));

    expect(result.replies[0]?.text).toMatch(/couldn.t find|outside what I can help/i);
    expect(buttons(result.replies[0]).map((a) => a.id)).toContain("ambassador.request");
    expect(result.replies[0]?.blocks.some((b) => b.type === "citations")).toBe(false);
  });

  it("greets a greeting and thanks thanks, offering nobody and counting no question", async () => {
    const week = isoWeek(t.now());
    const before = await t.app.peer.stats.counts(week);

    const hello = await t.app.core.handleMessage(message("hey Pathfinder, what can you do?"));
    const thanks = await t.app.core.handleMessage(message("thanks, pathfinder!"));

    expect(hello.replies).toHaveLength(1);
    expect(hello.replies[0]?.text).toMatch(/^Hello! I'm Pathfinder/);
    expect(buttons(hello.replies[0])).toEqual([]);
    expect(thanks.replies[0]?.text).toMatch(/^You're welcome/);
    expect(buttons(thanks.replies[0])).toEqual([]);
    expect((await t.app.peer.stats.counts(week)).questionsAsked).toBe(before.questionsAsked);
  });

  it("keeps a thread's context for a short follow-up", async () => {
    const thread: Conversation = { ...channel, threadId: "1700000000.000100" };
    await t.app.core.handleMessage(
      message("will staff keep their terms and conditions when they transfer?", { conversation: thread }),
    );

    // Whether the follow-up is answered is the knowledge base's call (tests/bots/core/follow-ups.test.ts
    // pins what core passes it); core keeps the thread's questions for the buttons under the reply.
    const followUp = await t.app.core.handleMessage(message("and pensions?", { conversation: thread }));

    expect(buttons(followUp.replies[0]).find((a) => a.id === "blocker.log")?.value).toMatch(
      /terms and conditions.*pensions/,
    );
    const memory = await t.app.peer.threads.get(`slack:${channel.id}:${thread.threadId}`);
    expect(memory?.question).toMatch(/terms and conditions.*pensions/);
  });

  it("asks for a question when a slash command has no text", async () => {
    const result = await t.app.core.handleMessage(message("ask", { mode: "command" }));
    expect(result.replies[0]?.text).toMatch(/What would you like to ask/);
  });

  it("records feedback once per person and answer", async () => {
    const answer = await t.app.core.handleMessage(message("how do we win over councillors?"));
    const helpful = button(answer, "feedback.helpful");

    const first = await t.app.core.handleAction(press(helpful));
    await t.app.core.handleAction(press(helpful));

    expect(first.replies[0]?.text).toMatch(/Thanks/);
    const exported = await t.app.peer.privacy.export(asker);
    expect(exported.feedback.filter((f) => f.answerId === helpful.value)).toHaveLength(1);
  });

  it("regression (issue 13.13): refuses a feedback press whose answer id is not one Pathfinder made (3,000 characters gave a 500)", async () => {
    const answer = await t.app.core.handleMessage(message("how do we win over councillors?"));
    const helpful = button(answer, "feedback.helpful");
    const before = (await t.app.peer.privacy.export(asker)).feedback.length;

    const forged = await Promise.all(
      ["x".repeat(3000), "", "../../etc", `${helpful.value}x`].map((value) =>
        t.app.core.handleAction(press({ ...helpful, value })),
      ),
    );

    for (const reply of forged) expect(reply.replies[0]?.text).toMatch(/isn't one I recognise/);
    expect((await t.app.peer.privacy.export(asker)).feedback).toHaveLength(before);
  });

  it("regression (issue 17.5): offers both ratings unstyled, so Helpful does not look pressed before a press", async () => {
    const answer = await t.app.core.handleMessage(message("how do we win over councillors?"));
    expect(button(answer, "feedback.helpful").style).toBeUndefined();
    expect(button(answer, "feedback.unhelpful").style).toBeUndefined();
  });
});
