/**
 * The loaded index remembers its fuzzy lookups (search-index.ts memoiseFuzzyLookups, for the offline ask's
 * p99): a search must return what the same search on an index without the memo returns, whatever was
 * searched before it, and the memo must stay within its bound.
 */
import MiniSearch, { type SearchOptions } from "minisearch";
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import {
  INDEX_OPTIONS,
  type IndexedDocument,
  loadSearchIndex,
  memoiseFuzzyLookups,
} from "../../knowledge/search-index.ts";
import { contentStems } from "../../knowledge/text.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;
const plainIndex = () => MiniSearch.loadJS<IndexedDocument>(artifact.index, INDEX_OPTIONS);

/** Stemmed queries with typos ("procurment", "pensoins") and words the articles use, long and short. */
const QUERIES = [
  "procurment rules for a new mutual biding for the contract",
  "staff pensoins after the TUPE transfer",
  "councillors political backing spinout",
  "employee ownership trust governance",
  "business case savings commissioning",
].map((q) => contentStems(q).join(" "));

/** Fuzzy as retrieval.ts searches (longer words only), and with prefix matching, which edits MiniSearch's match map. */
const OPTIONS: SearchOptions[] = [
  { fuzzy: (term) => (term.length >= 6 ? 0.2 : false), combineWith: "OR" },
  { fuzzy: 0.3, prefix: true, combineWith: "OR" },
];

describe("the loaded index's fuzzy lookups (memoiseFuzzyLookups)", () => {
  it("returns what an index without the memo returns, on first and repeated searches", () => {
    // Prepare
    const memoised = loadSearchIndex(artifact.index);
    const plain = plainIndex();
    for (let round = 0; round < 2; round++) {
      for (const options of OPTIONS) {
        for (const query of QUERIES) {
          // Act
          const results = memoised.search(query, options);
          // Assess
          expect(results.length).toBeGreaterThan(0);
          expect(results).toEqual(plain.search(query, options));
        }
      }
    }
  });

  it("keeps at most `capacity` terms, forgetting the least recently used, with the same results", () => {
    // Prepare
    const index = plainIndex();
    const memo = memoiseFuzzyLookups(index, 3);
    const plain = plainIndex();
    const words = ["procurement", "pensions", "councillors", "governance", "commissioning"].map(
      (w) => contentStems(w)[0] ?? w,
    );
    for (const word of words) {
      // Act
      const results = index.search(word, { fuzzy: 0.2 });
      // Assess
      expect(results).toEqual(plain.search(word, { fuzzy: 0.2 }));
      expect(memo.size).toBeLessThanOrEqual(3);
    }
    expect(memo.size).toBe(3);
    // The first words were forgotten; searching them again still answers as MiniSearch does.
    expect(index.search(words[0] ?? "", { fuzzy: 0.2 })).toEqual(
      plain.search(words[0] ?? "", { fuzzy: 0.2 }),
    );
  });
});
