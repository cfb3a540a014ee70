import { describe, expect, it } from "vitest";
import { mostSpecificKnownSlot } from "../../knowledge/cards.ts";
import type { QueryAnalysis } from "../../knowledge/retrieval.ts";

/** An analysis of the given stems, each with the inverse document frequency given. */
const analysisOf = (words: [string, number][]): QueryAnalysis => ({
  units: words.map(([term, weight]) => ({ term, kind: "stem", weight })),
  knownUnits: words.length,
  slots: words.map(([key, weight]) => ({ key, weight, alternatives: [{ term: key, credit: 1 }] })),
});

describe("the subject a card must speak of (issue 11)", () => {
  it("breaks a tie of equally rare corpus words by the word rarer in everyday English", () => {
    // Prepare: both words occur in one passage each, so their IDF ties; "leave" is everyday English.
    const analysis = analysisOf([
      ["leav", 6.16],
      ["frontlin", 6.16],
    ]);

    // Act / Assess
    expect(mostSpecificKnownSlot(analysis, { leav: 1, frontlin: 1 })).toBe(1);
  });

  it("still prefers the word rarer in the corpus when there is no tie", () => {
    const analysis = analysisOf([
      ["staff", 3.1],
      ["leav", 6.16],
    ]);

    expect(mostSpecificKnownSlot(analysis, { staff: 11, leav: 1 })).toBe(1);
  });

  it("ignores words the corpus never uses", () => {
    const analysis = analysisOf([
      ["payrol", 7],
      ["mutual", 0.5],
    ]);

    expect(mostSpecificKnownSlot(analysis, { mutual: 66 })).toBe(1);
  });
});
