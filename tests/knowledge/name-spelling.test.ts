import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { createNameSpeller, namesWritten } from "../../knowledge/name-spelling.ts";

/** One knowledge base for the file: building one per test repeats the index load. */
const kb = loadKnowledgeBase();

const TEXTS = [
  "This week the Labour MP for Rochdale, Simon Danczuk, launched a full-frontal on Francis Maude.",
  "Maurice Glasman argued for a board of thirds. The Cabinet Office replied, and the office was busy.",
  "Craig Dearden-Philips wrote in the Guardian. Departments could buy into it.",
];
const WORDS = new Set([
  "week",
  "labour",
  "office",
  "board",
  "thirds",
  "wrote",
  "could",
  "buy",
  "departmental",
]);
const speller = () =>
  createNameSpeller(
    () => TEXTS,
    (word) => WORDS.has(word),
  );

describe("names typed with a letter wrong are read as the articles write them (issue 11, round 18)", () => {
  it("reads as names the words written with a capital inside a sentence and never in lower case", () => {
    // Act
    const names = namesWritten(TEXTS);

    // Assess
    expect(names.get("danczuk")).toBe("Danczuk");
    expect(names.get("glasman")).toBe("Glasman");
    expect(names.get("dearden-philips")).toBe("Dearden-Philips");
    // "office" is written in lower case too; a sentence's first word is not read as a name.
    expect(names.has("office")).toBe(false);
    expect(names.has("this")).toBe(false);
  });

  it("repairs a name one edit away (two from eight letters), keeping a possessive, and nothing else", () => {
    // Prepare
    const names = speller();

    // Act / Assess
    expect(names.repair("what did Simon Danzuk say?")).toBe("what did Simon Danczuk say?");
    expect(names.repair("Maurice Glassman's board of thirds")).toBe("Maurice Glasman's board of thirds");
    expect(names.repair("gist of the dearden-phillips article")).toBe("gist of the Dearden-Philips article");
    // A word the texts know, an everyday word typed in lower case, a short word and a capitalised everyday word the
    // posts use as a name ("Departments") stay as typed.
    expect(names.repair("our departmental team")).toBe("our departmental team");
    expect(names.repair("a good blonde ale")).toBe("a good blonde ale");
    expect(names.repair("Amyas Moss said")).toBe("Amyas Moss said");
    expect(names.repair("the Departmentz")).toBe("the Departmentz");
  });

  it("answers a question naming a misspelt person the articles quote", async () => {
    // Act
    const answer = await kb.ask("What did Simon Danzuk actually say to Francis Maude about mutuals?");

    // Assess: the passage reporting Danczuk's attack is cited.
    expect(answer.answered).toBe(true);
    expect(answer.citations.some((c) => c.quote.includes("Danczuk") || c.title?.includes("playing"))).toBe(
      true,
    );
  });
});
