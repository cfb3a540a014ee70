import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { readEvalSet, readHeldOutSet, resolveSnippet, runEval } from "./eval/run-eval.ts";

const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;

describe("the eval set", () => {
  it("has enough practitioner and off-topic questions, each labelled with passages that exist", () => {
    const set = readEvalSet();
    expect(set.questions.length).toBeGreaterThanOrEqual(40);
    expect(set.offTopic.length).toBeGreaterThanOrEqual(10);
    for (const { q, answers } of set.questions) {
      expect(answers.length, q).toBeGreaterThan(0);
      for (const snippet of answers)
        expect(resolveSnippet(artifact.passages, snippet), snippet).not.toEqual([]);
    }
  });
});

describe("the held-out set", () => {
  it("has enough practitioner and near-miss questions, each labelled with passages that exist", () => {
    const set = readHeldOutSet();
    expect(set.questions.length).toBeGreaterThanOrEqual(30);
    expect(set.nearMiss.length).toBeGreaterThanOrEqual(10);
    for (const { q, answers } of set.questions) {
      expect(answers.length, q).toBeGreaterThan(0);
      for (const snippet of answers)
        expect(resolveSnippet(artifact.passages, snippet), snippet).not.toEqual([]);
    }
  });
});

describe("retrieval quality (holds the line against silent regressions)", () => {
  it("meets its targets and stays clearly ahead of untuned MiniSearch", async () => {
    const report = await runEval(artifact);
    expect(report.pathfinder.hitAt3).toBeGreaterThanOrEqual(0.93);
    expect(report.pathfinder.mrr).toBeGreaterThanOrEqual(0.85);
    expect(report.pathfinder.hitAt3 - report.baseline.hitAt3).toBeGreaterThanOrEqual(0.15);
    expect(report.pathfinder.mrr - report.baseline.mrr).toBeGreaterThanOrEqual(0.15);
    expect(report.offTopicAbstention).toBeGreaterThanOrEqual(0.9);
    expect(report.onTopicAnswerRate).toBeGreaterThanOrEqual(0.9);
  });
});

describe("generalisation (held-out questions, never tuned on)", () => {
  it("stays at its measured level, a small margin below (hit@3 0.775, MRR 0.730, near-miss abstention 0.417)", async () => {
    const { heldOut } = await runEval(artifact);
    expect(heldOut.pathfinder.hitAt3).toBeGreaterThanOrEqual(0.72);
    expect(heldOut.pathfinder.mrr).toBeGreaterThanOrEqual(0.68);
    expect(heldOut.pathfinder.mrr - heldOut.baseline.mrr).toBeGreaterThanOrEqual(0.15);
    expect(heldOut.onTopicAnswerRate).toBeGreaterThanOrEqual(0.85);
    expect(heldOut.nearMissAbstention).toBeGreaterThanOrEqual(0.33);
  });
});
