import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { createInitialismReader, namesByInitials } from "../../knowledge/initialisms.ts";
import { quotedPassageIds } from "../../knowledge/quotes.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;
const textOf = new Map(artifact.passages.map((p) => [p.id, p.text]));
/** One knowledge base for the file: building one per test repeats the index load. */
const kb = loadKnowledgeBase();

const TEXTS = [
  "The Public Administration Select Committee warned against it. In March the Cabinet Office replied.",
  "The Cabinet Office published a strategy.",
  "Shared Service Centres will compete. John Lewis is cited again; John Lewis is a retailer.",
  "A case from British Columbia. Trading Standards teams and the Trading Standards Institute met.",
  // Two names with the same initials, each written once: neither is read.
  "Mutual Ventures and Municipal Vehicles both wrote.",
  // A name written once with a word the texts also write in lower case ("plus"): its two letters are not read.
  "Lance Gardner of Care Plus spoke, plus two others.",
];

describe("initials and clipped names the articles spell out are read as those names (issue 11, round 17)", () => {
  it("reads each run of capitalised words for the initials of its stretches, skipping a sentence's opening word", () => {
    // Act
    const names = namesByInitials(TEXTS);

    // Assess
    expect(names.get("PASC")).toBe("Public Administration Select Committee");
    expect(names.get("CO")).toBe("Cabinet Office");
    expect(names.get("SSC")).toBe("Shared Service Centres");
    expect(names.get("JL")).toBe("John Lewis");
    expect(names.get("TS")).toBe("Trading Standards");
    expect(names.get("TSI")).toBe("Trading Standards Institute");
    // "In March the Cabinet Office": "In" opens the sentence; "The Public...": "The" is no initial either.
    expect(names.get("IMCO")).toBeUndefined();
    expect(names.get("TPASC")).toBeUndefined();
    // Two letters collide most: a name written once is read by them only when the texts never write its words in
    // lower case ("British Columbia", round 18), not "Care Plus"; two names tied are not read at all.
    expect(names.get("BC")).toBe("British Columbia");
    expect(names.get("CP")).toBeUndefined();
    expect(names.get("MV")).toBeUndefined();
  });

  it("expands initials typed in capitals (plural or possessive too) that the texts do not know as a word", () => {
    // Prepare: the texts know "nhs" as a word, so it stays as typed.
    const reader = createInitialismReader(
      () => [...TEXTS, "The National Health Service. National Health Service staff."],
      (word) => word === "nhs",
    );

    // Act / Assess
    expect(reader.expand("what did PASC say about it?")).toBe(
      "what did Public Administration Select Committee say about it?",
    );
    expect(reader.expand("can we pick our SSCs")).toBe("can we pick our Shared Service Centres");
    expect(reader.expand("the JL model for schools?")).toBe("the John Lewis model for schools?");
    expect(reader.expand("was it in PASC's report")).toBe(
      "was it in Public Administration Select Committee's report",
    );
    expect(reader.expand("what does the NHS do")).toBe("what does the NHS do");
    // Lower case is how a word is typed, not initials ("ts" as in "its"); unknown initials stay as they are.
    expect(reader.expand("jl model?")).toBe("jl model?");
    expect(reader.expand("What's the LGPS rate?")).toBe("What's the LGPS rate?");
  });

  it("reads a name's first word clipped, when one name fits", () => {
    // Prepare
    const reader = createInitialismReader(
      () => [...TEXTS, "The Cabinet Office said so. The Cabinet Office again. The Camden Office too."],
      () => false,
    );

    // Act / Assess
    expect(reader.expand("is the Cab Office serious?")).toBe("is the Cabinet Office serious?");
    // "Ca" is too short to read, and "Office" alone is no clipped name.
    expect(reader.expand("the Ca Office")).toBe("the Ca Office");
    expect(reader.expand("the Office")).toBe("the Office");
  });

  it("reads the texts only when a question may hold initials", () => {
    // Prepare
    let reads = 0;
    const reader = createInitialismReader(
      () => {
        reads++;
        return TEXTS;
      },
      () => false,
    );

    // Act
    reader.expand("what is a mutual?");
    const before = reads;
    reader.expand("what did PASC say?");
    reader.expand("and the JL model?");

    // Assess
    expect(before).toBe(0);
    expect(reads).toBe(1);
  });

  it.each([
    ["Is the JL model any use for a council service?", "John Lewis"],
    ["What did PASC say about shared services?", "Public Administration Select Committee"],
    ["Will departments get to choose their SSC?", "Shared Service Centres"],
    // Round 18: a name written once, every word of it a name.
    ["In the BC case, what went wrong with the elderly patient?", "British Columbia"],
  ])("answers %s from a passage naming %s in full", async (question, name) => {
    // Act
    const answer = await kb.ask(question);
    const spelledOut = await kb.ask(question.replace(/\b(JL|PASC|SSC|BC)\b/, name));

    // Assess: answered, from the passages the spelled-out question is answered from.
    expect(answer.answered).toBe(true);
    const cited = quotedPassageIds(answer.citations);
    expect(cited.some((id) => textOf.get(id)?.includes(name.split(" ")[0] as string))).toBe(true);
    expect(cited[0]).toBe(quotedPassageIds(spelledOut.citations)[0]);
  });

  it("still declines a question about initials the articles never spell out", async () => {
    // Act
    const answer = await kb.ask("What is the LGPS employer contribution rate for a new mutual?");

    // Assess
    expect(answer.answered).toBe(false);
  });
});
