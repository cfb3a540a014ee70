/**
 * The documents shard (issue 14, "Scale"): what goes in comes back out (text across deflated blocks, titles,
 * pages, links, non-ASCII), the stored JSON is ASCII, a very common term's postings are capped without losing
 * its true document frequency or its best passages, and a stored value that is not an index is refused.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import {
  createCompositeKnowledgeBase,
  knowledgeBaseFromIndex,
} from "../../../knowledge/documents/composite.ts";
import type { DocumentPassage } from "../../../knowledge/documents/parse.ts";
import { openDocumentShard } from "../../../knowledge/documents/shard.ts";
import { buildDocumentShard, serialiseShard } from "../../../knowledge/documents/shard-build.ts";
import { isDocumentShard, POSTINGS_CAP } from "../../../knowledge/documents/shard-format.ts";
import { createRetriever } from "../../../knowledge/retrieval.ts";

const base = artifactData as unknown as KnowledgeArtifact;

/** A document passage as parse.ts makes them (`document:<id>` source, `<id>-<n>` ids). */
function passage(
  doc: number,
  n: number,
  text: string,
  extra: Partial<DocumentPassage> = {},
): DocumentPassage {
  const id = `d-${String(doc).padStart(8, "0")}`;
  return {
    id: `${id}-${String(n).padStart(8, "0")}`,
    postId: id,
    title: `Note ${doc}`,
    source: `document:${id}`,
    text,
    ...extra,
  };
}

describe("documents shard", () => {
  it("gives back every passage as built, across text blocks, with pages, links, dates and non-ASCII text", async () => {
    // Prepare: 40 passages (five deflated blocks of 8), one with accents and a dash, one a PDF page.
    const passages = Array.from({ length: 40 }, (_, i) =>
      passage(i % 3, i, `Passage ${i} about the café’s co-operative — ${"word ".repeat(i)}end.`, {
        title: `Note ${i % 3} — Section ${i}`,
        date: "2024-03-15",
        url: `https://example.org/note-${i % 3}`,
        ...(i === 17 ? { page: 4 } : {}),
      }),
    );

    // Act
    const json = serialiseShard(await buildDocumentShard(base, passages));
    const stored: unknown = JSON.parse(json);

    // Assess
    expect(/^[\x20-\x7e\n]*$/.test(json)).toBe(true);
    expect(isDocumentShard(stored)).toBe(true);
    if (!isDocumentShard(stored)) return;
    const opened = openDocumentShard(stored);
    expect(opened.passageCount).toBe(40);
    expect(opened.documentCount).toBe(3);
    expect(opened.passages()).toEqual(passages);
  });

  it("leaves out a document passage that repeats a seed passage word for word (the seeds already answer with it)", async () => {
    const seed = base.passages[0] as KnowledgeArtifact["passages"][number];
    const copy = { ...passage(1, 1, seed.text), id: seed.id };

    const shard = await buildDocumentShard(base, [copy, passage(1, 2, "Heat pumps for village halls.")]);

    expect(
      openDocumentShard(shard)
        .passages()
        .map((p) => p.id),
    ).toEqual(["d-00000001-00000002"]);
  });

  it("caps a very common term's postings but keeps its true document frequency and its strongest passages", async () => {
    // Prepare: more passages than the cap all say "mutual"; one says little else, so it weighs most there.
    const count = POSTINGS_CAP + 200;
    const passages = Array.from({ length: count }, (_, i) =>
      passage(
        i,
        0,
        `The mutual ${i} runs the library service with staff trustees, volunteers and partners ${i}.`,
      ),
    );
    passages.push(passage(count, 0, "Mutual."));
    const opened = openDocumentShard(await buildDocumentShard(base, passages));
    const analysis = createRetriever(base).analyse("mutual");

    // Act
    const ranked = opened.rank(analysis, { limit: 3 });

    // Assess
    expect(opened.df("mutual")).toBe(count + 1);
    expect(ranked[0]?.passage.text).toBe("Mutual.");
  });

  it("answers from a document only when it covers the question better than the seeds, citing it as a document", async () => {
    const shard = await buildDocumentShard(base, [
      passage(1, 1, "The boiler upgrade scheme grant covers part of the cost of an air source heat pump.", {
        title: "Heat pumps",
        url: "https://example.org/heat",
      }),
    ]);
    const kb = createCompositeKnowledgeBase(base, shard);

    const heat = await kb.ask("Which grant pays for an air source heat pump?");
    // A question the seeds answer (the law the schools joint venture's staff would transfer under).
    const tupe = await kb.ask("Under what law would staff transfer into the schools joint venture?");
    const hits = await kb.search("air source heat pump grant", { limit: 3 });

    expect(heat).toMatchObject({
      answered: true,
      citations: [{ kind: "document", url: "https://example.org/heat" }],
    });
    expect(tupe.answered).toBe(true);
    expect(tupe.citations.every((c) => c.kind !== "document")).toBe(true);
    expect(hits[0]?.source).toBe("document:d-00000001");
  });

  it("refuses a stored value that is neither a shard nor an artifact, with a clear message", () => {
    expect(() => knowledgeBaseFromIndex({ label: "v1" })).toThrow(/not a knowledge index/);
    expect(() => knowledgeBaseFromIndex(null)).toThrow(/not a knowledge index/);
  });

  it("refuses a damaged shard at load, naming the problem, rather than answering from garbage", async () => {
    const shard = await buildDocumentShard(base, [passage(1, 1, "Heat pumps for village halls.")]);

    expect(() => knowledgeBaseFromIndex({ ...shard, postings: shard.postings.slice(0, -8) })).toThrow(
      /documents index is damaged: its postings do not add up/,
    );
    expect(() => knowledgeBaseFromIndex({ ...shard, passagePage: [] })).toThrow(/passage tables disagree/);
    expect(() => knowledgeBaseFromIndex({ ...shard, terms: 42 })).toThrow(/damaged: terms/);
  });

  it("still serves an index written before shards (a whole artifact) as it is", async () => {
    const kb = knowledgeBaseFromIndex(base);

    const answer = await kb.ask("Under what law would staff transfer into the schools joint venture?");

    expect(answer.answered).toBe(true);
  });
});
