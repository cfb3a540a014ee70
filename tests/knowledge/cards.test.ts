/**
 * The card matcher passes by a phrasing whose coverage could not beat the best match so far, reading
 * the bound (coverageCeiling) from the words the phrasing mentions before measuring anything: the bound
 * must never fall below the coverage coverageOf measures, or a better card could be passed by.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { coverageCeiling } from "../../knowledge/cards.ts";
import { coverageOf, literalStems, type QuerySlot } from "../../knowledge/evidence.ts";
import { askedWording, prepareQuestion } from "../../knowledge/question.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { factsOf } from "../../knowledge/text-facts.ts";
import { readEvalSet } from "./eval/run-eval.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;

describe("coverageCeiling", () => {
  it("is never below the coverage measured, for the eval questions against every guide phrasing", () => {
    // Prepare: questions analysed as ask analyses them; phrasings read as the matcher reads them.
    const retriever = createRetriever(artifact);
    const phrasings = (artifact.cards ?? []).flatMap((card) =>
      [card.title, ...card.questions].map((text) => factsOf(askedWording(text))),
    );
    const { questions, offTopic } = readEvalSet();
    let below = 0;
    let pairs = 0;

    // Act / Assess
    for (const q of [...questions.map((x) => x.q), ...offTopic]) {
      const { slots } = retriever.analyse(prepareQuestion(q).text);
      const ceiling = coverageCeiling(slots);
      expect(ceiling, q).toBeDefined();
      const stems = literalStems(slots);
      for (const facts of phrasings) {
        const measured = coverageOf(slots, facts, stems).coverage;
        const bound = ceiling?.(facts) ?? Number.NaN;
        expect(bound, q).toBeGreaterThanOrEqual(measured);
        if (bound < 1) below++;
        pairs++;
      }
    }
    // The bound is worth reading: most phrasings miss some of a question's words.
    expect(pairs).toBeGreaterThan(50_000);
    expect(below / pairs).toBeGreaterThan(0.5);
  });

  it("gives no bound when a slot's weight is negative or not finite", () => {
    const slot = (weight: number): QuerySlot => ({
      key: "pension",
      weight,
      alternatives: [{ term: "pension", credit: 1 }],
    });
    expect(coverageCeiling([slot(2), slot(-1)])).toBeUndefined();
    expect(coverageCeiling([slot(Number.NaN)])).toBeUndefined();
    expect(coverageCeiling([slot(Number.POSITIVE_INFINITY)])).toBeUndefined();
    expect(coverageCeiling([slot(2)])?.(factsOf("Staff keep their pension."))).toBe(1);
    expect(coverageCeiling([slot(2)])?.(factsOf("Staff keep their jobs."))).toBe(0);
  });
});
