import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeExtractive, MAX_ANSWER_WORDS, MAX_SOURCES } from "../../knowledge/compose-extractive.ts";
import type { KnowledgeArtifact } from "../../knowledge/index.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";

const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
const retriever = createRetriever(artifact);
const citedPassages = (result: ReturnType<typeof composeExtractive>) =>
  result.citations.flatMap((c) => c.passageIds ?? [c.passageId]);

describe("composeExtractive leads", () => {
  it("draws on every lead passage, not only the first, within the answer's limits (issue 11: the right passage ranked second was never quoted)", () => {
    // Prepare
    const analysis = retriever.analyse(
      "a middle manager keeps sitting on our mutual proposal, what can we do",
    );
    const ranked = retriever.rank(analysis, { limit: 3 });
    // Act
    const firstOnly = composeExtractive(analysis, ranked);
    const allLead = composeExtractive(analysis, ranked, { leads: [0, 1, 2] });
    // Assess
    const added = citedPassages(allLead).filter((id) => !citedPassages(firstOnly).includes(id));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((id) => ranked.slice(1).some((r) => r.passage.id === id))).toBe(true);
    expect(allLead.citations.length).toBeLessThanOrEqual(MAX_SOURCES);
    expect(allLead.text.replace(/\[\d+\]/g, "").split(/\s+/).length).toBeLessThanOrEqual(
      MAX_ANSWER_WORDS + 60,
    );
  });

  it("still leaves out a lead passage whose best sentence meets only one of the question's telling words", () => {
    // Prepare: 'director' alone ties Phillip Blond's passage to this question.
    const analysis = retriever.analyse("my director has never heard of a mutual, how do I explain it");
    const ranked = retriever.rank(analysis, { limit: 5 });
    // Act
    const answer = composeExtractive(analysis, ranked, { leads: ranked.map((_, i) => i) });
    // Assess
    expect(answer.text).not.toContain("Phillip Blond");
  });
});
