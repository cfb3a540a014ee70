/**
 * A card's answer may add another article's voice (withOtherVoices, knowledge/card-answers.ts): the
 * leading passage's best sentence, when that passage answers on its own. The sentence must speak to the
 * question as a supporting sentence of any answer must, on two of its telling words: one shared phrase
 * ("central government") is padding, not another voice (issue 11, section 3).
 */
import { describe, expect, it } from "vitest";
import { createKnowledgeBase } from "../../knowledge/index.ts";
import { unheardArtifact } from "./support/unheard-artifact.ts";

// Composition is pinned on ranking details the practitioners' questions move: see support/unheard-artifact.ts.
const kb = createKnowledgeBase(await unheardArtifact());

describe("another article's voice beside a card's answer", () => {
  it("is left out when its best sentence shares one telling phrase with the question", async () => {
    // Act: the trading standards post's best sentence says its services "would be purchased by local
    // and central Government", which shares "central government" and nothing about support.
    const answer = await kb.ask("what support is there from central government?");

    // Assess
    expect(answer.cardId).toBe("will-central-support-last");
    expect(answer.text).not.toMatch(/purchased by local and central Government/);
    expect(answer.citations.map((c) => c.title)).not.toContain(
      "Could a new mutuals model work for trading standards?",
    );
  });

  it("is still added when it speaks to the question on two of its telling words", async () => {
    // Act
    const answer = await kb.ask(
      "what do we have to offer staff to get them to move across to the new company",
    );

    // Assess: the card's own source, then at least one other article's voice.
    expect(answer.cardId).toBe("tupe-transfer-of-staff");
    expect(answer.citations.some((c) => c.kind === "article")).toBe(true);
  });

  it("joins its own article's citation when the card quotes that article elsewhere", async () => {
    // Act: the card on a national super-mutual or a confederation quotes Connolly's paper for its two
    // options; the passage ranked first, of the same post, is the one naming the paper.
    const answer = await kb.ask("what two options did Connolly set out for a trading standards mutual?");

    // Assess: that passage's sentence is in the answer, under the one citation of its article.
    expect(answer.cardId).toBe("national-super-mutual-or-confederation");
    expect(answer.text).toMatch(/Hard times or our mutual friend/);
    const titles = answer.citations.map((c) => c.title);
    expect(new Set(titles).size).toBe(titles.length);
    const paper = answer.citations.find((c) => /Hard times or our mutual friend/.test(c.quote));
    expect(paper?.passageIds?.length).toBeGreaterThan(1);
  });
});
