/**
 * `rank` leaves unmeasured a passage in the rerank depth whose score could not reach the top `limit`
 * even at full coverage (retrieval.ts, for the offline ask's CPU): what it returns must be what the same
 * ranking returns when nothing is left out. A ranking asked for 50 passages measures the whole rerank
 * depth (30), so its first `limit` passages are the long way round.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { prepareQuestion } from "../../knowledge/question.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { DEFAULT_TUNING } from "../../knowledge/tuning.ts";
import { readEvalSet, readOutOfScopeSet } from "./eval/run-eval.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;

/** The dev questions, answerable and not, as ask reads them. */
function questions(): string[] {
  const { questions: answerable, offTopic } = readEvalSet();
  const outOfScope = readOutOfScopeSet("dev-out-of-scope.json").outOfScope.map((o) => o.q);
  return [...answerable.map((q) => q.q), ...offTopic, ...outOfScope]
    .map((q) => prepareQuestion(q).text)
    .filter(Boolean);
}

describe("rank leaves out passages that cannot reach the top", () => {
  it("returns the same passages, order and figures as when every passage in the depth is measured", () => {
    const retriever = createRetriever(artifact);
    const asked = questions();
    expect(asked.length).toBeGreaterThan(50);
    for (const question of asked) {
      const analysis = retriever.analyse(question);
      const everyPassage = retriever.rank(analysis, { limit: 50 });
      for (const limit of [1, 3, 5])
        expect(retriever.rank(analysis, { limit }), `${question} (limit ${limit})`).toEqual(
          everyPassage.slice(0, limit),
        );
    }
  });

  it("measures every passage when the tuning lets a score fall as coverage grows", () => {
    // A negative coordination factor breaks the bound (a higher coverage would lower the score).
    const tuning = { ...DEFAULT_TUNING, coordination: -0.5 };
    const retriever = createRetriever(artifact, tuning);
    for (const question of questions().slice(0, 40)) {
      const analysis = retriever.analyse(question);
      expect(retriever.rank(analysis, { limit: 3 })).toEqual(
        retriever.rank(analysis, { limit: 50 }).slice(0, 3),
      );
    }
  });
});
