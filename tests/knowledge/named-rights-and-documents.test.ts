import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { createPhraseIndex } from "../../knowledge/names.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";

const knowsEverything = () => true;
const knowsPhrase = createPhraseIndex([
  "The Localism Bill gives a right to challenge. Under the Right to Request, NHS staff could spin out.",
]);

describe("a right the articles never name is the question's subject (issue 11, round 11)", () => {
  it("reads 'the right to provide' as an unknown name when the texts name only other rights", () => {
    // Act & Assess
    expect(
      outOfFieldSubject("What is the Right to Provide and how does it differ?", {
        knows: knowsEverything,
        knowsPhrase,
      }),
    ).toMatchObject({ kind: "unknown-name", words: "Right to Provide" });
    expect(
      outOfFieldSubject("do staff have a right to refuse the transfer?", {
        knows: knowsEverything,
        knowsPhrase,
      }),
    ).toMatchObject({ kind: "unknown-name", words: "right to refuse" });
    expect(
      outOfFieldSubject("how does the right to challenge work?", { knows: knowsEverything, knowsPhrase }),
    ).toBe(undefined);
    expect(outOfFieldSubject("right to request in the NHS?", { knows: knowsEverything, knowsPhrase })).toBe(
      undefined,
    );
    // A plain right to act ("a right to take over") names no right.
    expect(
      outOfFieldSubject("is there a right to take over our service?", {
        knows: knowsEverything,
        knowsPhrase,
      }),
    ).toBe(undefined);
  });

  it("matches a phrase word for word after normalisation, not its words apart", () => {
    expect(knowsPhrase("Right to Challenge")).toBe(true);
    expect(knowsPhrase("right to request")).toBe(true);
    expect(knowsPhrase("right to spin")).toBe(false);
    expect(knowsPhrase("localism request")).toBe(false);
  });

  it("declines a question about another right, and still answers one about a right the posts discuss", async () => {
    const kb = loadKnowledgeBase();

    // Act
    const provide = await kb.ask(
      "NHS right to provide vs right to request - what's the difference for a nursing team?",
    );
    const challenge = await kb.ask(
      "is the right to challenge strong enough for council staff to take over a service?",
    );

    // Assess
    expect(provide.answered).toBe(false);
    expect(challenge.answered).toBe(true);
    expect(challenge.text).toMatch(/right to challenge/i);
  });
});

describe("the contents of a document the posts name are not in the posts (issue 11, round 11)", () => {
  it.each([
    "What exactly was in the Transition Institute's idiot's guide to mutuals?",
    "what did the Cabinet Office guide for councils actually contain?",
    "what's in the Public Services (Social Enterprise and Social Value) Bill clause by clause",
    "what was in the Trading Standards Policy Forum's response to the paper?",
    // What a law requires, clause by clause.
    "what does the Social Value Act actually require councils to do?",
    "the Localism Bill - what does it require a council to do with an expression of interest?",
    // A named union's official policy.
    "what's Unite's official position on council spin-outs?",
    "GMB's national policy on mutuals - for or against?",
    // Which people: names the posts never list.
    "which people sat on the Mutuals Taskforce?",
    // Round 12: the full text or the specifics of what a paper or person said, or a link to it.
    "what did the NAO conclude about the Right to Request contracts in full?",
    "what did Maude propose for the support unit - specifics please",
    "is there a link to the Consumer Focus paper?",
  ])("reads %s as asking for a document's contents, a law's duties or a list of names", (question) => {
    // Act & Assess
    expect(outOfFieldSubject(question, { knows: knowsEverything })?.kind).toBe("out-of-field");
  });

  it.each([
    "what's in it for staff if we go mutual?",
    "what's in the tender for the schools mutual?",
    "what should be in the business plan for our spin-out?",
    "does the Social Value Bill help mutuals?",
    "UNISON are against us going mutual, how have other councils handled it?",
    "how do staff stakes link to rewards in a mutual?",
  ])("still reads %s as a question the posts may answer", (question) => {
    expect(outOfFieldSubject(question, { knows: knowsEverything })).toBe(undefined);
  });
});
