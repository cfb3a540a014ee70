import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { createCorpusReaders } from "../../knowledge/corpus-readers.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";
import { knowledgeBaseByTheRules } from "./support/by-the-rules.ts";

describe("a name asked about is known only in its own form (round 12)", () => {
  // The stem reader knows "local" and so, by stem, "Locality"; the form reader knows only the words themselves.
  const corpusWords = new Set(["local", "council", "smt", "mutual"]);
  const corpus = {
    knows: (word: string) => corpusWords.has(word.replace(/ity$/, "")),
    knowsForm: (word: string) => corpusWords.has(word) || corpusWords.has(word.replace(/s$/, "")),
  };

  it("reads a capitalised name by its form, not by the word it stems to", () => {
    // Act
    const locality = outOfFieldSubject("What does Locality do for staff mutuals?", corpus);
    const smts = outOfFieldSubject("why do the SMTs always say no?", corpus);
    const stemOnly = outOfFieldSubject("What does Locality do for staff mutuals?", { knows: corpus.knows });

    // Assess
    expect(locality).toEqual({ kind: "unknown-name", words: "locality" });
    // A plural of a name the articles use is that name.
    expect(smts).toBeUndefined();
    // Without a form reader, the stem reading stands.
    expect(stemOnly).toBeUndefined();
  });

  it.each([
    // An organisation the articles never name, though a word like it ("local") is everywhere.
    [
      "Has Locality backed staff spinning out of councils?",
      "What do local councillors lose when a service spins out?",
    ],
    // A name the articles use only as a common word ("nationwide threats").
    ["Has Nationwide backed any council staff mutuals?", "Is there nationwide support for staff mutuals?"],
  ])("declines %j, and still answers %j", async (name, word) => {
    const kb = loadKnowledgeBase();

    // Act: the common word is asked of the name rule alone (support/by-the-rules.ts).
    const asked = await kb.ask(name);
    const plain = await knowledgeBaseByTheRules().ask(word);

    // Assess
    expect(asked.answered).toBe(false);
    expect(plain.answered).toBe(true);
  });

  it("builds the form reader from the committed corpus (corpus-readers.ts)", () => {
    // Arrange
    const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;

    // Act
    const { knows, readers } = createCorpusReaders(artifact);

    // Assess: "locality" stems to a known word, but the texts never use it, nor "nationwide" with a capital.
    expect(knows("locality")).toBe(true);
    expect(readers.knowsForm?.("locality")).toBe(false);
    expect(readers.knowsForm?.("nationwide")).toBe(false);
    expect(readers.knowsForm?.("suffolk")).toBe(true);
    expect(readers.knowsForm?.("smts")).toBe(true);
  });
});
