import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";

const knowsNothing = () => false;

describe("a person's own services are not what the articles discuss (issue 11, sixth pass)", () => {
  const knowledge = loadKnowledgeBase();

  it.each([
    "my pharmacy keeps getting my prescription wrong, who do I tell?",
    "the landlord wants to evict us, what are my rights?",
    "can I use a voucher at the co-op?",
    "is the farmers market on this Saturday?",
    "are the swimming lessons on tomorrow?",
  ])("declines %s", async (question) => {
    // Act
    const answer = await knowledge.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
  });

  it.each([
    ["my pharmacy keeps getting my prescription wrong", "out-of-field"],
    ["can our tenancy be passed on", "out-of-field"],
    ["is the craft fair on next weekend?", "current-office"],
    ["can you find a care home for my nan?", "out-of-field"],
    ["my kids' school is closing, what can I do?", "out-of-field"],
  ])("reads %s as outside the field (%s)", (question, kind) => {
    expect(outOfFieldSubject(question, { knows: knowsNothing })?.kind).toBe(kind);
  });

  it.each([
    "is the spin-out on track?",
    "can a spun-out health service still be part of the NHS?",
    "what is on the agenda for the board this week?",
    "can a care service for older people go mutual?",
  ])("still reads %s as in the field", (question) => {
    expect(outOfFieldSubject(question, { knows: () => true })).toBeUndefined();
  });
});

describe("a coming date is not in posts from 2011-12 (issue 11, sixth pass)", () => {
  it.each(["when's the next funding round for spin-outs?", "when is the next by-election in our ward?"])(
    "reads %s as a present-day question",
    (question) => {
      expect(outOfFieldSubject(question, { knows: () => true })?.kind).toBe("current-office");
    },
  );

  it("still reads a question about when something happened as in the field", () => {
    expect(outOfFieldSubject("when did the first mutuals spin out?", { knows: () => true })).toBeUndefined();
  });
});
