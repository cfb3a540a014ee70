/**
 * Small talk and the bot's own name: a greeting or thanks is answered as such, not declined as off topic,
 * and "Pathfinder" as the bot's name is not the articles' Pathfinder mutuals.
 */
import { describe, expect, it } from "vitest";
import { GREETING_MESSAGE, THANKS_MESSAGE } from "../../knowledge/compose-extractive.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { askedWording, prepareQuestion } from "../../knowledge/question.ts";

const kb = loadKnowledgeBase();

describe("small talk", () => {
  it.each([
    ["hi", "greeting"],
    ["Good morning all!", "greeting"],
    ["hi pathfinder! how r u", "greeting"],
    ["hey Pathfinder, what can you do?", "greeting"],
    ["morning! how's your week going pathfinder", "greeting"],
    ["how is your day going so far?", "greeting"],
    ["thanks!", "thanks"],
    ["brilliant, thank you so much", "thanks"],
    ["cheers pathfinder", "thanks"],
    // Round 12: a pleasantry after the greeting, a remark after the thanks.
    ["good morning pathfinder, hope you're well", "greeting"],
    ["thanks, that was really helpful for my board paper", "thanks"],
    ["thank you for the help with the TUPE stuff", "thanks"],
    // Round 13: a well-wish to the channel.
    ["Good luck with the board meeting today everyone!", "greeting"],
    ["have a great weekend all", "greeting"],
  ])("reads %j as %s", async (message, kind) => {
    // Act
    const answer = await kb.ask(message);

    // Assess
    expect(prepareQuestion(message).smallTalk).toBe(kind);
    expect(answer).toMatchObject({ answered: false, smallTalk: true, citations: [], topics: [] });
    expect(answer.text).toBe(kind === "thanks" ? THANKS_MESSAGE : GREETING_MESSAGE);
  });

  it.each([
    "hi, how do we get the unions on board?",
    "thanks. how do councillors keep influence once we spin out?",
    "thanks for that - how do we win the unions over?",
    "what happened to the Pathfinder mutuals?",
    "good luck everyone - how do we get staff on board with the spin out?",
  ])("leaves a question with a greeting or thanks in it to be answered: %s", async (message) => {
    // Act
    const answer = await kb.ask(message);

    // Assess
    expect(prepareQuestion(message).smallTalk).toBeUndefined();
    expect(answer.smallTalk).toBeUndefined();
    expect(answer.answered).toBe(true);
  });

  it("drops the bot's name where it is addressed, and keeps the articles' Pathfinder mutuals", () => {
    // Assess
    expect(askedWording("Pathfinder: who are the Mutuals Ambassadors?")).toBe(
      "who are the Mutuals Ambassadors?",
    );
    expect(askedWording("what do the unions say, pathfinder?")).toBe("what do the unions say?");
    expect(askedWording("how did the Pathfinder mutuals fare?")).toBe("how did the Pathfinder mutuals fare?");
  });
});
