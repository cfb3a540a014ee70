import { describe, expect, it } from "vitest";
import { prepareQuestion, withoutSpeakerIntro } from "../../knowledge/question.ts";

describe("a speaker's introduction is who asks, not what they ask (issue 11)", () => {
  it.each([
    ["Staff side rep here: will the spin-out cut our pay?", "will the spin-out cut our pay?"],
    ["s151 here. can a mutual borrow money?", "can a mutual borrow money?"],
    ["Head of adult social care here, where do we start?", "where do we start?"],
    ["cllr here - what do members need to see?", "what do members need to see?"],
  ])("drops the introduction from %s", (question, asked) => {
    // Act / Assess
    expect(withoutSpeakerIntro(question)).toBe(asked);
    expect(prepareQuestion(question).text).toBe(asked);
  });

  it.each([
    "Is there anyone here who has spun out?",
    "union rep here",
    "What happens here if the mutual fails?",
    "How would it work here, in a small district council?",
  ])("keeps %s: no introduction, or nothing after it", (question) => {
    expect(withoutSpeakerIntro(question)).toBe(question);
  });
});
