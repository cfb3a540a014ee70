import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { createAgreeingCard } from "../../knowledge/cards.ts";
import { prepareQuestion, withoutSpeakerIntro } from "../../knowledge/question.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";

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

describe("a card's phrasings are read without their speaker's introduction (issue 11)", () => {
  const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
  const retriever = createRetriever(artifact);

  it("does not let the definition card agree with a question about frontline staff on its 'frontline worker here' phrasing", () => {
    // Prepare: the definition card quotes the NAO passage on staff leaving the NHS; only a phrasing's
    // introduction ("frontline worker here, ...") ever says "frontline" on that card.
    const lead = artifact.passages.find((p) => p.text.includes("take the lead in leaving the NHS"));
    const agreeing = createAgreeingCard(artifact.cards ?? [], artifact.df);

    // Act
    const card = agreeing(
      retriever.analyse("why would frontline staff ever want to leave the council?"),
      lead?.id ?? "",
    );

    // Assess
    expect(lead).toBeDefined();
    expect(card?.id).not.toBe("what-is-a-public-service-mutual");
  });
});
