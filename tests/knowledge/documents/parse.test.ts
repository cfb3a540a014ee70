import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DocumentError, type DocumentErrorReason } from "../../../knowledge/documents/errors.ts";
import { mergeShortSections, parseDocument } from "../../../knowledge/documents/parse.ts";
import { buildDocx, buildPdf, prose, wrap } from "./fixtures.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "documents");
const text = (value: string) => new TextEncoder().encode(value);
const words = (value: string) => value.split(/\s+/).filter(Boolean).length;

const GUIDE_MD = `---
title: Spinning out a service
date: 2023-04-01
url: https://example.org/guide
author: Programme team
---

# Spinning out a service

${prose("the business case", 6)}

## Pensions and TUPE

${prose("pensions", 5)} The [Local Government Pension Scheme](https://lgps.org) admits the new body under an **admission agreement**. You will need:

- an admission agreement
- a bond or guarantee

## Funding

${prose("start-up funding", 6)}
`;

describe("parseDocument: Markdown", () => {
  it("takes title, date and link from front matter and splits passages under headings", async () => {
    const bytes = text(GUIDE_MD);
    const doc = await parseDocument({ bytes, fileName: "guide.md" });

    expect(doc.type).toBe("markdown");
    expect(doc.title).toBe("Spinning out a service");
    expect(doc.date).toBe("2023-04-01");
    expect(doc.url).toBe("https://example.org/guide");
    expect(doc.contentHash).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(doc.id).toBe(`d-${doc.contentHash.slice(0, 8)}`);
    expect(doc.passages.map((p) => p.title)).toEqual([
      "Spinning out a service",
      "Spinning out a service — Pensions and TUPE",
      "Spinning out a service — Funding",
    ]);
    for (const passage of doc.passages) {
      expect(passage.id).toMatch(new RegExp(`^${doc.id}-[0-9a-f]{8}$`));
      expect(passage.source).toBe(`document:${doc.id}`);
      expect(passage.postId).toBe(doc.id);
      expect(passage.date).toBe("2023-04-01");
      expect(passage.url).toBe("https://example.org/guide");
      expect(passage.author).toBe("Programme team");
    }
    const pensions = doc.passages[1]?.text ?? "";
    // inline Markdown reduced to its words; the list joined onto the sentence that introduces it
    expect(pensions).toContain(
      "The Local Government Pension Scheme admits the new body under an admission agreement.",
    );
    expect(pensions).toContain("You will need: an admission agreement; a bond or guarantee.");
    expect(pensions).not.toMatch(/\]\(|\*\*|^- /m);
  });

  it("gives the same passage ids for the same bytes, and new ids when the text changes", async () => {
    const first = await parseDocument({ bytes: text(GUIDE_MD), fileName: "guide.md" });
    const again = await parseDocument({ bytes: text(GUIDE_MD), fileName: "guide.md" });
    const edited = await parseDocument({
      bytes: text(GUIDE_MD.replace("Point 3 about pensions", "Point three about pensions")),
      fileName: "guide.md",
    });
    expect(again.passages.map((p) => p.id)).toEqual(first.passages.map((p) => p.id));
    expect(edited.id).not.toBe(first.id);
  });

  it("lets the person adding it override title, date and link", async () => {
    const doc = await parseDocument({
      bytes: text(GUIDE_MD),
      fileName: "guide.md",
      title: "Board toolkit",
      date: "2024-01-31",
      url: "https://example.org/toolkit",
    });
    expect(doc).toMatchObject({
      title: "Board toolkit",
      date: "2024-01-31",
      url: "https://example.org/toolkit",
    });
    expect(doc.passages[0]?.title).toBe("Board toolkit — Spinning out a service");
  });

  it("falls back to the first # heading, then to the file name, for a title", async () => {
    const headed = await parseDocument({
      bytes: text(`# Board papers\n\n${prose("the board", 5)}`),
      fileName: "x.md",
    });
    expect(headed.title).toBe("Board papers");
    expect(headed.passages[0]?.title).toBe("Board papers");
    const bare = await parseDocument({
      bytes: text(prose("the board", 5)),
      fileName: "board-papers_2024.md",
    });
    expect(bare.title).toBe("Board papers 2024");
    expect(bare.date).toBeUndefined();
  });

  it("folds a short section into the next, keeping its heading as a sub-heading line", () => {
    const merged = mergeShortSections([
      { heading: "Pensions", paragraphs: ["Staff keep their pensions."] },
      { heading: "Funding", paragraphs: [prose("funding", 5)] },
    ]);
    expect(merged).toEqual([
      { heading: "Pensions", paragraphs: ["Staff keep their pensions.", "Funding", prose("funding", 5)] },
    ]);
  });
});

describe("parseDocument: passage splitting", () => {
  it("keeps passages to a paragraph or a few, every paragraph in exactly one passage", async () => {
    const paragraphs = Array.from({ length: 14 }, (_, i) => prose(`topic ${i + 1}`, 2 + (i % 5)));
    const doc = await parseDocument({
      bytes: text(`# Long guide\n\n${paragraphs.join("\n\n")}\n`),
      fileName: "long.md",
    });
    expect(doc.passages.length).toBeGreaterThan(3);
    for (const passage of doc.passages) expect(words(passage.text)).toBeLessThanOrEqual(250);
    for (const passage of doc.passages.slice(0, -1)) expect(words(passage.text)).toBeGreaterThanOrEqual(45);
    for (const paragraph of paragraphs) {
      expect(doc.passages.filter((p) => p.text.includes(paragraph))).toHaveLength(1);
    }
  });

  it("breaks an over-long paragraph at sentence boundaries", async () => {
    const long = prose("governance", 30); // ~540 words in one paragraph
    const doc = await parseDocument({ bytes: text(long), fileName: "long.txt" });
    expect(doc.passages.length).toBeGreaterThanOrEqual(3);
    for (const passage of doc.passages) {
      expect(words(passage.text)).toBeLessThanOrEqual(250);
      expect(passage.text).toMatch(/^Point \d+ .*council\.$/s);
    }
  });
});

describe("parseDocument: plain text", () => {
  it("reads paragraphs separated by blank lines and a first short line as the title", async () => {
    const doc = await parseDocument({
      bytes: text(
        `Frequently asked questions\n\n${prose("consultation", 3)}\nstill the same paragraph.\n\n${prose("ballots", 3)}\n`,
      ),
      fileName: "faq.txt",
    });
    expect(doc.type).toBe("text");
    expect(doc.title).toBe("Frequently asked questions");
    // the wrapped line joins its paragraph; the blank line starts the next one
    expect(doc.passages.map((p) => p.text)).toEqual([
      `${prose("consultation", 3)} still the same paragraph.`,
      prose("ballots", 3),
    ]);
  });
});

describe("parseDocument: HTML", () => {
  it("keeps the main content only, with title, date, author and link from the head", async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, "spin-out-guide.html")));
    const doc = await parseDocument({ bytes, fileName: "spin-out-guide.html" });
    const all = doc.passages.map((p) => p.text).join("\n");

    expect(doc.type).toBe("html");
    expect(doc.title).toBe("Spinning out your service");
    expect(doc.date).toBe("2023-05-02");
    expect(doc.url).toBe("https://example.org/guides/spinning-out");
    expect(all).toContain("the Fair Deal protects their pensions");
    expect(all).toContain("Start-up costs include legal advice");
    expect(all).toContain("legal and governance advice; working capital for the first quarter.");
    expect(all).not.toMatch(/cookie|parking permits|Copyright|All rights reserved/i);
    expect(doc.passages.map((p) => p.title)).toContain("Spinning out your service — Funding the start-up");
  });
});

describe("parseDocument: HTML in a legacy charset", () => {
  it("decodes the charset the page declares", async () => {
    const page = `<html><head><meta charset="windows-1252"><title>Costs</title></head><body><article><p>${prose("costs", 3)} The council\u2019s grant was \u00a350,000 for advice.</p></article></body></html>`;
    // windows-1252 encodes ’ as 0x92 and £ as 0xA3; every other character here is ASCII
    const bytes = Uint8Array.from(page, (char) => (char === "\u2019" ? 0x92 : char.charCodeAt(0)));
    const doc = await parseDocument({ bytes, fileName: "costs.htm" });
    expect(doc.passages[0]?.text).toContain("The council\u2019s grant was \u00a350,000 for advice.");
  });
});

describe("parseDocument: PDF", () => {
  const pdf = () =>
    buildPdf({
      info: { Title: "Mutuals toolkit", Author: "Programme team", CreationDate: "D:20240315120000Z" },
      pages: [
        [
          { text: "Getting political backing", size: 18 },
          ...wrap(prose("councillors", 4)),
          { text: "Page 1", gap: 30 },
        ],
        [
          ...wrap(prose("the cabinet report", 3)),
          { text: "Pensions and TUPE", size: 18, gap: 12 },
          ...wrap(`${prose("pensions", 3)} The actuary sets the employer contribu-`),
          { text: "tion rate for the new body." },
          { text: "Page 2", gap: 30 },
        ],
        [{ text: "Funding", size: 18 }, ...wrap(prose("social investment", 4)), { text: "Page 3", gap: 30 }],
      ],
    });

  it("keeps page numbers on passages and in their titles, headings from larger type", async () => {
    const doc = await parseDocument({ bytes: pdf(), fileName: "toolkit.pdf" });
    expect(doc.type).toBe("pdf");
    expect(doc.title).toBe("Mutuals toolkit");
    expect(doc.date).toBe("2024-03-15");
    expect(doc.passages.map((p) => [p.title, p.page])).toEqual([
      ["Mutuals toolkit — Getting political backing (p. 1)", 1],
      ["Mutuals toolkit — Getting political backing (p. 2)", 2],
      ["Mutuals toolkit — Pensions and TUPE (p. 2)", 2],
      ["Mutuals toolkit — Funding (p. 3)", 3],
    ]);
    expect(doc.passages[1]?.text).toMatch(/^Point 1 about the cabinet report/);
    expect(doc.passages[2]?.text).toContain("sets the employer contribution rate for the new body.");
    expect(doc.passages.map((p) => p.text).join(" ")).not.toMatch(/Page \d/);
  });

  it("drops running headers and footers but keeps body text that repeats on every page", async () => {
    // Regression: numbered lines repeated on every page were once taken for running headers wherever they sat.
    const repeated = "Every council that spun out a service agreed the plan with its staff first.";
    const page = (n: number) => [
      { text: "Mutuals toolkit 2024" },
      ...wrap(prose(`page ${n} opening`, 3)),
      { text: repeated },
      ...wrap(prose(`page ${n} closing`, 3)),
      { text: `Page ${n} of 3`, gap: 20 },
    ];
    const bytes = buildPdf({ info: { Title: "Toolkit" }, pages: [page(1), page(2), page(3)] });
    const doc = await parseDocument({ bytes, fileName: "toolkit.pdf" });
    const all = doc.passages.map((p) => p.text).join("\n");
    expect(all).not.toContain("Mutuals toolkit 2024");
    expect(all).not.toMatch(/Page \d of 3/);
    expect(all.split(repeated)).toHaveLength(4);
  });

  it("takes the title from the first heading when the PDF has no title", async () => {
    const bytes = buildPdf({ pages: [[{ text: "Board papers", size: 16 }, ...wrap(prose("the board", 4))]] });
    const doc = await parseDocument({ bytes, fileName: "board.pdf" });
    expect(doc.title).toBe("Board papers");
    expect(doc.passages[0]?.title).toBe("Board papers (p. 1)");
  });

  it('ignores an export\'s placeholder title ("Microsoft Word - plan.docx")', async () => {
    const bytes = buildPdf({
      info: { Title: "Microsoft Word - plan.docx" },
      pages: [[{ text: "Business plan", size: 16 }, ...wrap(prose("the plan", 4))]],
    });
    expect((await parseDocument({ bytes, fileName: "plan.pdf" })).title).toBe("Business plan");
  });

  it("does not consume the caller's bytes (pdf.js detaches what it is given)", async () => {
    const bytes = pdf();
    const before = bytes.byteLength;
    await parseDocument({ bytes, fileName: "toolkit.pdf" });
    expect(bytes.byteLength).toBe(before);
  });
});

describe("parseDocument: Word", () => {
  it("reads headings and paragraphs, title, date and author from core properties", async () => {
    const bytes = buildDocx({
      core: { title: "Staff consultation plan", creator: "HR team", created: "2022-11-08T09:00:00Z" },
      paragraphs: [
        { text: "Why consult early", style: "Heading1" },
        { text: prose("consultation", 4) },
        { text: "Ballots", style: "Heading2" },
        { text: prose("ballots", 4) },
      ],
    });
    const doc = await parseDocument({ bytes, fileName: "consultation.docx" });
    expect(doc.type).toBe("docx");
    expect(doc).toMatchObject({ title: "Staff consultation plan", date: "2022-11-08", author: "HR team" });
    expect(doc.passages.map((p) => p.title)).toEqual([
      "Staff consultation plan — Why consult early",
      "Staff consultation plan — Ballots",
    ]);
    expect(doc.passages[1]?.text).toContain("Point 4 about ballots");
  });

  it("uses the first heading as the title when the core properties have none", async () => {
    const bytes = buildDocx({
      paragraphs: [{ text: "Case study: Leisure trust", style: "Heading1" }, { text: prose("the trust", 4) }],
    });
    const doc = await parseDocument({ bytes, fileName: "case.docx" });
    expect(doc.title).toBe("Case study: Leisure trust");
    expect(doc.passages[0]?.title).toBe("Case study: Leisure trust");
  });
});

describe("parseDocument: bad input is refused with one clear sentence naming the file", () => {
  const cases: [string, () => { bytes: Uint8Array; fileName: string }, DocumentErrorReason, RegExp][] = [
    [
      "a spreadsheet",
      () => ({ bytes: text("a,b"), fileName: "budget.xlsx" }),
      "unsupported-type",
      /not a supported document type \(\.xlsx\)/,
    ],
    [
      "an old Word file",
      () => ({ bytes: text("x"), fileName: "plan.doc" }),
      "unsupported-type",
      /save it as \.docx/,
    ],
    [
      "a file with no extension",
      () => ({ bytes: text("x"), fileName: "README" }),
      "unsupported-type",
      /not a supported/,
    ],
    ["an empty file", () => ({ bytes: new Uint8Array(0), fileName: "notes.md" }), "empty", /is empty/],
    [
      "blank Markdown",
      () => ({ bytes: text("---\ntitle: T\n---\n\n   \n"), fileName: "blank.md" }),
      "empty",
      /is empty/,
    ],
    [
      "a Word file with no text",
      () => ({ bytes: buildDocx({ paragraphs: [] }), fileName: "blank.docx" }),
      "empty",
      /is empty/,
    ],
    [
      "an image-only PDF",
      () => ({ bytes: buildPdf({ pages: [[], []] }), fileName: "scan.pdf" }),
      "no-text",
      /no text to read .*image-only/,
    ],
    [
      "an encrypted PDF",
      () => ({
        bytes: buildPdf({ pages: [wrap(prose("secrets", 3))], encrypt: true }),
        fileName: "locked.pdf",
      }),
      "encrypted",
      /password-protected/,
    ],
    [
      "an encrypted .docx (an OLE container)",
      () => ({
        bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
        fileName: "locked.docx",
      }),
      "encrypted",
      /password-protected/,
    ],
    [
      "a PDF with a broken body",
      () => ({ bytes: text("%PDF-1.4\nthis is not a PDF body\n%%EOF"), fileName: "broken.pdf" }),
      "corrupt",
      /could not be read as a PDF/,
    ],
    [
      "a truncated PDF",
      () => ({ bytes: buildPdf({ pages: [wrap(prose("x", 3))] }).slice(0, 60), fileName: "cut.pdf" }),
      "corrupt",
      /could not be read as a PDF/,
    ],
    [
      "a text file named .pdf",
      () => ({ bytes: text("hello"), fileName: "fake.pdf" }),
      "corrupt",
      /not a PDF/,
    ],
    [
      "a .docx that is not a zip",
      () => ({ bytes: text("hello"), fileName: "fake.docx" }),
      "corrupt",
      /could not be read as a Word document/,
    ],
    [
      "a zip with no Word document in it",
      () => ({ bytes: zipSync({ "a.txt": strToU8("x") }), fileName: "other.docx" }),
      "corrupt",
      /could not be read as a Word document/,
    ],
    [
      "binary data named .txt",
      () => ({ bytes: new Uint8Array([104, 0, 105, 0]), fileName: "data.txt" }),
      "corrupt",
      /not a text file/,
    ],
    [
      "broken front matter",
      () => ({ bytes: text("---\ntitle: [unclosed\n---\nBody text here."), fileName: "fm.md" }),
      "corrupt",
      /front matter .* not valid YAML/,
    ],
    [
      "a file over 20 MB",
      () => ({ bytes: new Uint8Array(20 * 1024 * 1024 + 1), fileName: "huge.pdf" }),
      "too-large",
      /is 20\.0 MB, over the 20 MB limit/,
    ],
  ];

  it.each(cases)("%s", async (_name, input, reason, message) => {
    const { bytes, fileName } = input();
    const error = await parseDocument({ bytes, fileName }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentError);
    const documentError = error as DocumentError;
    expect(documentError.reason).toBe(reason);
    expect(documentError.fileName).toBe(fileName);
    expect(documentError.message).toContain(`"${fileName}"`);
    expect(documentError.message).toMatch(message);
    expect(documentError.message).not.toContain("\n");
  });
});
