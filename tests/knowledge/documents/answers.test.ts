/**
 * Documents in answers (issue 14): a question only an added document covers is answered from it, cited with
 * `kind: "document"`, its title, date, link and (for a PDF) page; seeds keep citing as articles.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { createCompositeKnowledgeBase } from "../../../knowledge/documents/composite.ts";
import { parseDocument } from "../../../knowledge/documents/parse.ts";
import { withDocuments } from "../../../knowledge/documents/with-documents.ts";
import { createKnowledgeBase } from "../../../knowledge/index.ts";
import { buildPdf } from "./fixtures.ts";

const base = artifactData as unknown as KnowledgeArtifact;

const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Choosing an air source heat pump

Size the air source heat pump from a room-by-room heat loss survey of the community building, and
insulate the loft and cavity walls first, so a smaller heat pump runs at a lower flow temperature.

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;

describe("documents in answers", () => {
  it("regression: adding a document keeps the guide cards' questions on the seed passages, so seed answers rank as before", async () => {
    // Prepare: every card phrasing, searched over the bundled index and over the index with one document added.
    const doc = await parseDocument({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const bundled = createKnowledgeBase(base);
    const withDoc = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages));
    const phrasings = (base.cards ?? []).flatMap((card) => card.questions).slice(0, 40);

    // Act
    const tops = await Promise.all(
      phrasings.map(async (q) => [
        (await bundled.search(q, { limit: 1 }))[0]?.id,
        (await withDoc.search(q, { limit: 1 }))[0]?.id,
      ]),
    );

    // Assess: before the fix the documents index dropped the cards' questions and many of these moved.
    expect(phrasings.length).toBe(40);
    expect(tops.filter(([a, b]) => a !== b)).toEqual([]);
  });

  it("answers from a Markdown document and cites it as a document with its title, date and link", async () => {
    const doc = await parseDocument({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
      date: "2025-06-01",
      url: "https://example.org/heat-pumps",
    });
    const kb = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages));

    const answer = await kb.ask("Which grant pays for an air source heat pump for a community building?");

    expect(answer.answered).toBe(true);
    expect(answer.citations[0]).toMatchObject({
      kind: "document",
      source: `document:${doc.id}`,
      date: "2025-06-01",
      url: "https://example.org/heat-pumps",
    });
    expect(answer.citations[0]?.title).toMatch(/^Heat pump retrofit guide for community buildings/);
  });

  it("cites a PDF passage with its page", async () => {
    const words = (n: number) =>
      "The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community building"
        .split(" ")
        .slice(0, n)
        .join(" ");
    const pdf = buildPdf({
      info: { Title: "Heat pumps for halls" },
      pages: [
        [
          { text: "Introduction", size: 16 },
          { text: "This guide is about village halls and their heating." },
        ],
        [
          { text: "Grants", size: 16 },
          ...Array.from({ length: 6 }, () => ({ text: `${words(20)}.` })),
          { text: "The installer must be certified under the microgeneration certification scheme." },
        ],
      ],
    });
    const doc = await parseDocument({ bytes: pdf, fileName: "halls.pdf" });
    const kb = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages));

    const answer = await kb.ask("Which grant pays for an air source heat pump for a community building?");

    expect(answer.citations[0]).toMatchObject({ kind: "document", page: 2 });
  });

  it("keeps citing the seeds as articles alongside documents", async () => {
    const doc = await parseDocument({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const kb = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages));

    const answer = await kb.ask("How do staff feel about TUPE transfer to a mutual?");

    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) expect(citation.kind).not.toBe("document");
  });
});
