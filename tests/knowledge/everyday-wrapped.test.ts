import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { knowledgeBaseByTheRules } from "./support/by-the-rules.ts";

const kb = loadKnowledgeBase();

describe("everyday asks wrapped in work words, and dates the posts never give (issue 11, round 11)", () => {
  it.each([
    // Personal health, household, food and careers: subjects the posts never cover, whatever field words surround them.
    "I'm on the shadow board of our spin-out and my neck pain is getting worse from the laptop. Any stretches that help?",
    "our mutual's staff committee is running a bake off for charity, how do we judge the cakes fairly?",
    "how do I word a resignation letter to my council manager?",
    "Can you help me write a will? I want to leave my council pension to my partner.",
    "quick test message from the comms team, please ignore",
    "can you help me plan my week around the spin-out board meetings?",
    "what rhymes with mutual?",
    "who do you think will win the next general election?",
    // A date the posts never give, asked inside the question.
    "On what date did the Mutuals Taskforce publish its final report?",
  ])("declines %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
  });

  it.each([
    ["when was the Hammersmith & Fulham schools mutual meant to start?", /September/],
    [
      "Staff are worried about putting their jobs on the line for the spin-out. What would reassure them?",
      /.+/,
    ],
    ["what would the council's role be on the board of our mutual?", /.+/],
    // An everyday word in one of the field's idioms is not the subject ("a real headache", "losing sleep").
    [
      "our cllrs are losing sleep over losing control of the service once it spins out, how do others handle that?",
      /.+/,
    ],
  ])("still answers %s", async (question, expected) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(expected);
  });

  it("does not read 'a real headache' as the subject", async () => {
    // Read by the rules alone (support/by-the-rules.ts): since round 17 the questions asked before decline this
    // one, whose nearest are near-misses written about the same subject (TUPE consultation periods, measures
    // letters, who pays the legal costs). A trade the eval measures, not this rule.
    const answer = await knowledgeBaseByTheRules().ask(
      "TUPE is a real headache for us, how have other councils handled the transfer?",
    );

    // Assess
    expect(answer.answered).toBe(true);
  });
});
