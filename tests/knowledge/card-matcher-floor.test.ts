import { describe, expect, it } from "vitest";
import { createCardMatcher } from "../../knowledge/cards.ts";
import { CARD_FIT, createKnowledgeBase } from "../../knowledge/index.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { unheardArtifact } from "./support/unheard-artifact.ts";

// The agreeing card's example is pinned on a ranking detail the practitioners' questions move: see
// support/unheard-artifact.ts.
const artifact = await unheardArtifact();

describe("the card matcher's floor (round 12, perf only)", () => {
  const questions = [
    "are mutuals mainstream yet?",
    "will government support for mutuals fizzle out?",
    "who is the boss in a mutual if everyone owns it, does everyone get a say in everything",
    "How do I spin wool on a drop spindle?",
    "cllrs want a say in the new body after spin out, normal?",
    "will our recognition agreement with unison and gmb carry over to the mutual?",
    "what is the capital of Australia?",
  ];

  it.each(questions)(
    "finds the same card as an unfloored match when it reaches the floor, else none: %s",
    (question) => {
      // Arrange
      const retriever = createRetriever(artifact);
      const matcher = createCardMatcher(artifact.cards ?? [], retriever, artifact.df);
      const analysis = retriever.analyse(question);

      // Act
      const plain = matcher.best(analysis, question);
      const floored = matcher.best(analysis, question, CARD_FIT.agree);

      // Assess
      if (plain && plain.score >= CARD_FIT.agree) {
        expect(floored?.card.id).toBe(plain.card.id);
        expect(floored?.score).toBe(plain.score);
      } else expect(floored).toBeUndefined();
    },
  );

  it("returns a clearly fitting card with the floor, and nothing under it", () => {
    // Arrange
    const retriever = createRetriever(artifact);
    const matcher = createCardMatcher(artifact.cards ?? [], retriever, artifact.df);
    const fits = "are mutuals mainstream yet?";
    const fitsNothing = "How do I spin wool on a drop spindle?";

    // Act
    const match = matcher.best(retriever.analyse(fits), fits, CARD_FIT.agree);
    const none = matcher.best(retriever.analyse(fitsNothing), fitsNothing, CARD_FIT.agree);

    // Assess
    expect(match?.score).toBeGreaterThanOrEqual(CARD_FIT.agree);
    expect(none).toBeUndefined();
  });
});

describe("a card that fits short of clearly is used when one of the first four passages it quotes agrees (round 13)", () => {
  it("answers a provider's question from the card on providers' help, whose passage ranks fourth", async () => {
    // Arrange
    const kb = createKnowledgeBase(artifact);
    const question =
      "I work for an outsourcing firm and we've been asked to help a council create a mutual. Where do providers like us usually come in?";
    const retriever = createRetriever(artifact);
    const match = createCardMatcher(artifact.cards ?? [], retriever, artifact.df).best(
      retriever.analyse(question),
      question,
    );
    const ranked = (await kb.search(question, { limit: CARD_FIT.agreeDepth })).map((hit) => hit.id);
    const quoted = new Set(match?.card.sentences.map((s) => s.passageId));

    // Act
    const answer = await kb.ask(question);

    // Assess: the match is short of clear, its agreeing passage is not in the first three, and the card answers.
    expect(match?.score).toBeLessThan(CARD_FIT.clear);
    expect(ranked.slice(0, 3).some((id) => quoted.has(id))).toBe(false);
    expect(ranked.some((id) => quoted.has(id))).toBe(true);
    expect(answer.cardId).toBe(match?.card.id);
  });
});
