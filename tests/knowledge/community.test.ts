/**
 * Community cards as a knowledge layer (issue 15): an approved card answers the questions it fits, cited
 * `kind: "community"`; the cards are read at most every 60 s, and at once after a change in this process.
 */
import { describe, expect, it } from "vitest";
import { communityTitle, withCommunityCards } from "../../knowledge/community.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { prepareQuestion } from "../../knowledge/question.ts";
import type { Answer, AskOptions, KnowledgeBase } from "../../knowledge/types.ts";
import type { Actor } from "../../peer/network-ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

const editor: Actor = { user: { platform: "slack", userId: "U0EDITOR" }, editor: true };
const BASE_ANSWER: Answer = {
  answered: false,
  text: "I couldn't find this.",
  citations: [],
  confidence: 0,
  topics: [],
  composer: "extractive",
};

/** A base that declines everything and counts what it was asked, with the options it was given. */
function base(): KnowledgeBase & { asked: string[]; options: (AskOptions | undefined)[] } {
  const asked: string[] = [];
  const options: (AskOptions | undefined)[] = [];
  return {
    asked,
    options,
    search: async () => [],
    ask: async (question, askOptions) => {
      asked.push(question);
      options.push(askOptions);
      return BASE_ANSWER;
    },
    guide: () => [],
    guideBrief: () => undefined,
  };
}

async function setUp() {
  const peer = createInMemoryPeerServices({ now: () => new Date("2026-12-03T10:00:00Z") });
  let clock = 0;
  let reads = 0;
  const cards = {
    list: (status: Parameters<typeof peer.community.list>[0]) => {
      reads++;
      return peer.community.list(status);
    },
    onChange: peer.community.onChange,
  };
  const inner = base();
  const kb = withCommunityCards(inner, { cards, now: () => clock });
  return {
    peer,
    kb,
    inner,
    reads: () => reads,
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

async function approvedCard(t: Awaited<ReturnType<typeof setUp>>, nameMe = false) {
  await t.peer.ambassadors.put({
    id: "janet",
    displayName: "Janet Price",
    slackUserId: "U0JANET",
    categories: ["business-case"],
    serviceAreas: [],
    monthlyCapacity: 2,
  });
  const { card } = await t.peer.community.propose({
    actor: { user: { platform: "slack", userId: "U0JANET" }, editor: false },
    question: "How do we value the building our team uses when we spin out?",
    answer: "Ask the district valuer for a red book valuation.",
    phrasings: ["what is our office worth"],
    topic: "business-case",
    nameMe,
  });
  return t.peer.community.approve(card.id, editor);
}

describe("community cards in the knowledge base", () => {
  it("answers a paraphrase from an approved card, cited as a named ambassador's answer", async () => {
    const t = await setUp();
    const card = await approvedCard(t, true);

    const answer = await t.kb.ask("How should we value our building when we spin out?");

    expect(answer).toMatchObject({ answered: true, cardId: card.id, topics: ["business-case"] });
    expect(answer.text).toBe("Ask the district valuer for a red book valuation. [1]");
    expect(answer.citations).toEqual([
      {
        n: 1,
        passageId: `community:${card.id}`,
        kind: "community",
        title: "Answer from Janet Price, ambassador, 3 December 2026",
        source: `community:${card.id}`,
        quote: "Ask the district valuer for a red book valuation.",
      },
    ]);
    expect(t.inner.asked).toEqual([]);
  });

  it("says 'an ambassador' when the author did not agree to be named, and matches extra phrasings", async () => {
    const t = await setUp();
    const card = await approvedCard(t);
    const answer = await t.kb.ask("What is our office worth?");
    expect(answer.cardId).toBe(card.id);
    expect(communityTitle(card)).toBe("Answer from an ambassador, 3 December 2026");
  });

  it("leaves other questions, and out-of-field ones that share words, to the base", async () => {
    const t = await setUp();
    await approvedCard(t);

    const other = await t.kb.ask("How do we get the unions on board?");
    const outOfField = await t.kb.ask("How do we value the building for council tax?");

    expect(other).toBe(BASE_ANSWER);
    expect(outOfField.citations.some((c) => c.kind === "community")).toBe(false);
    expect(t.inner.asked).toContain("How do we get the unions on board?");
  });

  it("hands the base its reading of the question, so the question is read once per ask (perf)", async () => {
    const t = await setUp();
    await approvedCard(t);

    await t.kb.ask("How do we get the unions on board?", { previousQuestion: "What is TUPE?" });

    expect(t.inner.options).toEqual([
      { previousQuestion: "What is TUPE?", prepared: prepareQuestion("How do we get the unions on board?") },
    ]);
  });

  it("gives the same answer from a reading handed in as from the base's own, and ignores it for a follow-up", async () => {
    const kb = loadKnowledgeBase();
    const questions = [
      "How do we get the unions on board?",
      "what do councillors need before backing a spin out",
      "What is the capital of Australia?",
      "thanks!",
    ];
    for (const q of questions)
      expect(await kb.ask(q, { prepared: prepareQuestion(q) })).toEqual(await kb.ask(q));
    // A follow-up is read joined with the thread's question: a reading of the follow-up alone must not stand in for it.
    const followUp = "what about pensions?";
    const previousQuestion = "What happens to our terms under TUPE?";
    expect(await kb.ask(followUp, { previousQuestion, prepared: prepareQuestion(followUp) })).toEqual(
      await kb.ask(followUp, { previousQuestion }),
    );
  });

  it("answers a near-miss the articles cannot (a pension deficit), but never everyday life sharing a word", async () => {
    const t = await setUp();
    await approvedCard(t);
    const propose = async (question: string, answer: string) => {
      const { card } = await t.peer.community.propose({
        actor: editor,
        question,
        answer,
        topic: "business-case",
      });
      return t.peer.community.approve(card.id, editor);
    };
    const deficit = await propose(
      "Who pays the pension deficit when staff transfer to the mutual?",
      "Agree it in the transfer agreement: in our case the council kept the past-service deficit.",
    );
    await propose("Where can we find capital to start the mutual?", "We borrowed from a social lender.");

    const nearMiss = await t.kb.ask("Who pays the pension deficit when our staff transfer?");
    const everyday = await t.kb.ask("What's the capital of Australia?");

    expect(nearMiss.cardId).toBe(deficit.id);
    expect(everyday).toBe(BASE_ANSWER);
  });

  it("reads the cards at most every 60 seconds, and at once after an approval or removal here", async () => {
    const t = await setUp();
    await t.kb.ask("How should we value our building when we spin out?");
    await t.kb.ask("How should we value our building when we spin out?");
    expect(t.reads()).toBe(1);

    const card = await approvedCard(t); // approving in this process invalidates the cache
    const afterApproval = await t.kb.ask("How should we value our building when we spin out?");
    expect(afterApproval.cardId).toBe(card.id);
    expect(t.reads()).toBe(2);

    t.tick(59_999);
    await t.kb.ask("How should we value our building when we spin out?");
    expect(t.reads()).toBe(2);
    t.tick(1);
    await t.kb.ask("How should we value our building when we spin out?");
    expect(t.reads()).toBe(3);

    await t.peer.community.remove(card.id, editor);
    const afterRemoval = await t.kb.ask("How should we value our building when we spin out?");
    expect(afterRemoval).toBe(BASE_ANSWER);
  });

  it("lets the base answer when the cards cannot be read", async () => {
    const errors: unknown[] = [];
    const inner = base();
    const kb = withCommunityCards(inner, {
      cards: { list: async () => Promise.reject(new Error("table unreachable")), onChange: () => () => {} },
      onError: (error) => errors.push(error),
    });

    expect(await kb.ask("How should we value our building?")).toBe(BASE_ANSWER);
    expect(String(errors[0])).toContain("table unreachable");
  });
});
