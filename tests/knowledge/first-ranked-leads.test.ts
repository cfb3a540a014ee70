import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";

const kb = loadKnowledgeBase();

describe("the first-ranked passage leads a passage answer (issue 11)", () => {
  // Regression: when the first-ranked passage fell just short of the bar, the passage covering more of
  // the question's words led instead, and it shared the words, not the point (outsourcing to charities).
  it("cites the passage ranking put first, not the one sharing more words", async () => {
    // Prepare
    const question = "mutuals: fluffy charity or proper business?";
    const [first] = await kb.search(question, { limit: 1 });

    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(first?.text).toContain("fluffy");
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.passageId).toBe(first?.id);
  });

  it("still declines when none of the first few passages reaches the bar", async () => {
    const answer = await kb.ask("what colour should the mutual's logo be?");

    expect(answer.answered).toBe(false);
  });
});
