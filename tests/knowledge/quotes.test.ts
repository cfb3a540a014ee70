/**
 * A citation's paragraph is found by the comparable form of its quoted sentences (letters and digits,
 * lower-cased); those forms are remembered (quotes.ts comparableText, for the offline ask's CPU). The
 * memory must give what the plain function gives, and stay within its bound.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import {
  COMPARABLE_MEMO_SIZE,
  comparable,
  comparableMemoSize,
  comparableText,
} from "../../knowledge/quotes.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;

describe("comparableText", () => {
  it("gives the plain comparable form, on first sight and remembered", () => {
    // Prepare: every sentence of the articles, curly quotes, dashes and accents included.
    const sentences = artifact.passages.flatMap((p) => p.text.split(/(?<=[.?!])\s+/));

    // Act / Assess
    for (const sentence of sentences) {
      expect(comparableText(sentence)).toBe(comparable(sentence));
      expect(comparableText(sentence)).toBe(comparable(sentence));
    }
    expect(comparableText("“Mutuals,” he said — aren’t they café-owned?")).toBe(
      "mutuals he said aren t they café owned",
    );
  });

  it("remembers at most COMPARABLE_MEMO_SIZE texts, and still answers right after starting afresh", () => {
    // Act: more distinct texts than the memory holds.
    for (let i = 0; i < COMPARABLE_MEMO_SIZE + 50; i++) comparableText(`Sentence number ${i}, (quoted).`);

    // Assess
    expect(comparableMemoSize()).toBeLessThanOrEqual(COMPARABLE_MEMO_SIZE);
    expect(comparableMemoSize()).toBeGreaterThan(0);
    expect(comparableText("Sentence number 7, (quoted).")).toBe("sentence number 7 quoted");
  });
});
