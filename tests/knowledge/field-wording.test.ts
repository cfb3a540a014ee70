import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { namesIn } from "../../knowledge/names.ts";
import { knowledgeBaseByTheRules } from "./support/by-the-rules.ts";

const kb = loadKnowledgeBase();
// The wording rules alone (support/by-the-rules.ts): the questions asked before decline a few of these.
const byTheRules = knowledgeBaseByTheRules();

describe("the field's own wording is not a decline", () => {
  it.each([
    // A possessive ends its owner's name: the Good Society is the articles' name, not "Glasman Good Society".
    ["Maurice Glasman's Good Society and mutuals"],
    // "Won't" is no "who won", and a consequence that may "end up" is no later outcome.
    ["proposal stuck with one manager who won't sign it off"],
    // A fund *for* mutuals is no mutual fund.
    ["is there a government fund for new mutuals"],
    // Idioms built of everyday words, and people's job titles.
    ["our options appraisal only has in-house or outsource"],
    ["how do we stop the mutual becoming a party political football"],
    ["our AD keeps kicking the mutual proposal into the long grass"],
    [
      "my team are OTs and carers who are in it for the vocation, not money - does that matter for whether a mutual succeeds?",
    ],
    // Staff moving "legally" is the TUPE question.
    ["how do staff move from the council to the spin out legally"],
    // Civil servants' abbreviation for the department the articles name in full.
    ["did DH set objectives for right to request?"],
    // A post's author is a name the articles give, though no passage's text says it.
    ["what did Bicknell say about knowledge networks for mutuals"],
    // A person cited "on" a subject: two names the articles give, not one they never use.
    ["Paul Connolly on the Localism Bill - what did he say?"],
    // Round 18: where ministers speak, in the words practitioners use (the posts write "Budget" and "Osborne").
    ["What should we listen for in the Chancellor's speech that might matter for mutuals?"],
    ["How did the Cabinet Office minister respond when he got accused in the Commons?"],
    // A subject the articles themselves write of is theirs to answer ("rather than just good old GDP").
    ["Is the government trying to measure happiness as well as GDP?"],
  ])("answers %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
  });

  it("answers, by the wording rules, can the council end up paying if the mutual fails", async () => {
    expect((await byTheRules.ask("can the council end up paying if the mutual fails")).answered).toBe(true);
  });

  it.each([
    "I'm bid manager at a facilities firm and 2010 was dire for us. Any sign the market is picking up?",
    "I feel like we're doing everything from scratch with no-one to ask. Our team's been googling governance models for weeks. Is this normal for people trying to spin out?",
  ])(
    "reads a rare word in the scene a message sets as the scene, not its subject (round 18): %s",
    async (question) => {
      // Act: by the wording rules alone ("facilities", "googling" are words the articles never use).
      const answer = await byTheRules.ask(question);

      // Assess
      expect(answer.answered).toBe(true);
    },
  );

  it.each([
    ["what did the Localism Bill's right to challenge end up requiring in the final Act"],
    ["should I put my savings in a mutual fund?"],
    ["who is the UK ambassador to France?"],
    ["can you help me prepare for my appraisal?"],
    ["who won the football last night?"],
    ["what is the UK's GDP growth forecast for next year?"],
    ["which IT systems should our new mutual buy?"],
  ])("still declines %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
  });

  it("reads a possessive as the end of its owner's name", () => {
    // Act & Assess
    expect(namesIn("isn't a staff mutual just Cameron's Big Society again?")).toEqual([["Big", "Society"]]);
    expect(namesIn("what was George Osborne's Budget expected to do?")).toEqual([["George", "Osborne"]]);
  });
});
