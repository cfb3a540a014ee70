import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";

const kb = loadKnowledgeBase();
const postOf = (passageId: string) => passageId.split("-").slice(0, 2).join("-");

describe("which passage leads an answer (issue 11)", () => {
  it("lets the first-ranked passage lead when it answers on its own, and adds the better-covering runner-up as a second source", async () => {
    // Prepare: ranked first is a passage on private partners in a mutual; ranked second covers
    // more of the question's words but comes from another article.
    const question = "can an outside firm put money in and own part of the mutual alongside the employees?";
    const [first, second] = await kb.search(question, { limit: 2 });

    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(first && second).toBeTruthy();
    expect(postOf(answer.citations[0]?.passageId ?? "")).toBe(postOf(first?.id ?? "?"));
    expect(answer.citations.map((c) => postOf(c.passageId))).toContain(postOf(second?.id ?? "?"));
    expect(answer.citations.length).toBeLessThanOrEqual(3);
  });
});
