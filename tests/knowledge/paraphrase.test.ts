import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";

const kb = loadKnowledgeBase();

/** The top-ranked passage and the answer's citations for a question. */
async function answerFor(question: string) {
  const [top] = await kb.search(question, { limit: 1 });
  const answer = await kb.ask(question);
  return { top, answer };
}

describe("paraphrases the articles put in other words", () => {
  // Regression: "a big outsourcing firm ... re-tendered" ranked a passage on contesting services
  // first; the articles' words are "capture of its contract by powerful firms" (thesaurus concepts
  // big-providers and contract-loss).
  it.each([
    "we're worried a big outsourcing firm will win the contract when it's re-tendered",
    "what stops a private company taking over our contract later?",
    "could Serco or Capita take the service off us when the contract ends?",
  ])(
    "answers a fear of losing the contract to big firms from the 'capture of its contract' passage: %s",
    async (question) => {
      // Act
      const { top, answer } = await answerFor(question);

      // Assess
      expect(top?.text).toContain("capture of its contract by powerful firms");
      expect(answer.answered).toBe(true);
      expect(answer.citations.map((c) => c.quote).join(" ")).toContain("capture of its contract");
    },
  );

  // Councillors' wish to keep control is the articles' "politicians ... can influence the new body".
  it.each([
    "the councillors want a say in how it's run",
    "our cabinet member is nervous about losing control",
  ])("answers elected members' wish for control from the influence passage: %s", async (question) => {
    // Act
    const { top, answer } = await answerFor(question);

    // Assess
    expect(top?.text).toContain("can influence the new body");
    expect(answer.answered).toBe(true);
  });
});

describe("the million-workers target asked by its nickname (round 13)", () => {
  it.each(["What's the million-in-mutuals target?", "what was the one million target about?"])(
    "answers %s from the million public sector workers passages",
    async (question) => {
      // Act
      const answer = await kb.ask(question);

      // Assess
      expect(answer.answered).toBe(true);
      expect(answer.citations.map((c) => c.quote).join(" ")).toMatch(/million public sector workers/);
    },
  );
});
