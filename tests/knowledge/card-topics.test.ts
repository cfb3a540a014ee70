import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { createAgreeingCard, createCardMatcher } from "../../knowledge/cards.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";

describe("a card must speak of every field topic the question names (issue 11, sixth pass)", () => {
  const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
  const retriever = createRetriever(artifact);
  const cards = artifact.cards ?? [];
  const tupePassage = artifact.passages.find((p) => p.text.includes("under the Acquired Rights Directive"));
  const agreeing = createAgreeingCard(cards, artifact.df);
  const matcher = createCardMatcher(cards, retriever, artifact.df);

  it("does not let the TUPE card answer a question about pensions under a TUPE transfer", () => {
    // Prepare: the TUPE card quotes the tender's transfer clause and never speaks of pensions.
    const question = "does a TUPE transfer into the mutual keep our pension rights?";
    const analysis = retriever.analyse(question);

    // Act
    const agreed = agreeing(analysis, tupePassage?.id ?? "");
    const matched = matcher.best(analysis, question);

    // Assess
    expect(tupePassage).toBeDefined();
    expect(agreed?.id).toBeUndefined();
    expect(matched?.card.id).not.toBe("tupe-transfer-of-staff");
  });

  it("still lets the TUPE card answer a question about the transfer alone", () => {
    const question = "how does a TUPE transfer into the mutual work?";
    const analysis = retriever.analyse(question);

    expect(agreeing(analysis, tupePassage?.id ?? "")?.id).toBe("tupe-transfer-of-staff");
  });
});
