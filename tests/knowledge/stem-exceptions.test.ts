import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { stemWord } from "../../knowledge/text.ts";

describe("the stemmer does not join different words (issue 11, sixth pass)", () => {
  it.each([
    ["association", "associated"],
    ["community", "communication"],
    ["general", "generation"],
    ["news", "new"],
  ])("keeps %s apart from %s", (a, b) => {
    expect(stemWord(a)).not.toBe(stemWord(b));
  });

  it.each([
    ["associations", "association"],
    ["communities", "community"],
    ["generated", "generation"],
    ["mutuals", "mutual"],
  ])("still joins %s with %s", (a, b) => {
    expect(stemWord(a)).toBe(stemWord(b));
  });

  it("does not answer a question about a residents association from a passage on risks 'associated with' a programme", async () => {
    // Act
    const answer = await loadKnowledgeBase().ask("how would we set up a residents association?");

    // Assess
    expect(answer.answered).toBe(false);
  });
});

describe("the stemmer joins an irregular past and its agent noun to the verb (issue 11, round 11)", () => {
  it.each([
    ["spoke", "speaking"],
    ["spoken", "speak"],
    ["speakers", "speak"],
    ["speaker", "speaking"],
  ])("joins %s with %s", (a, b) => {
    expect(stemWord(a)).toBe(stemWord(b));
  });

  it("answers 'who spoke at the event?' from the post that heard a trio of speakers", async () => {
    // Act
    const answer = await loadKnowledgeBase().ask(
      "who spoke at that event on where the mutuals agenda is now?",
    );

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/Cattell/);
  });
});
