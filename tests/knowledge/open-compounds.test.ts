import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { normaliseText, stemSequence } from "../../knowledge/text.ts";

describe("compounds written open, hyphenated or closed read as one word (round 12)", () => {
  it("closes 'front line', 'front-line', 'work force', 'health care' on the index's side and the question's", () => {
    // Act & Assess
    expect(normaliseText("Front-line staff")).toBe("frontline staff");
    expect(normaliseText("the front line of the work force")).toBe("the frontline of the workforce");
    expect(normaliseText("community health care")).toBe("community healthcare");
    expect(stemSequence("front line staff")).toEqual(stemSequence("frontline staff"));
    // Only the listed compounds: two words that merely sit together are left alone.
    expect(normaliseText("a front door")).toBe("a front door");
  });

  it("answers a question written 'front line' from the passage that says 'frontline'", async () => {
    const kb = loadKnowledgeBase();

    // Act
    const answer = await kb.ask("front line staff know how to fix things but can't in-house, why");

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/bureaucracy/i);
  });
});
