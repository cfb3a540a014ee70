/**
 * `npm run eval`: retrieval quality on the practitioner question set, for Pathfinder and for an
 * untuned MiniSearch over the same passages in the same run, plus how often off-topic questions
 * are declined. Labels are quoted snippets, resolved to passage ids here, so rebuilding ids never
 * breaks the set.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import type { KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../../knowledge/index.ts";
import { normaliseText } from "../../../knowledge/text.ts";
import type { Passage } from "../../../knowledge/types.ts";

/** The eval set's file shape. */
export interface EvalSet {
  questions: { q: string; answers: string[] }[];
  offTopic: string[];
}

/** Retrieval metrics for one system. */
export interface RetrievalMetrics {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

/** Everything `npm run eval` reports. */
export interface EvalReport {
  questions: number;
  offTopicQuestions: number;
  pathfinder: RetrievalMetrics;
  baseline: RetrievalMetrics;
  /** Share of off-topic questions Pathfinder declined. */
  offTopicAbstention: number;
  /** Share of on-topic questions Pathfinder answered (rather than abstained). */
  onTopicAnswerRate: number;
  /** Questions whose answer was not in Pathfinder's top 3. */
  misses: { q: string; rank: number | undefined }[];
}

/** Reads the committed eval set. */
export function readEvalSet(): EvalSet {
  return JSON.parse(readFileSync(new URL("./questions.json", import.meta.url), "utf8")) as EvalSet;
}

/** The ids of passages containing a snippet (compared after normalisation, so quotes and case do not matter). */
export function resolveSnippet(passages: readonly Passage[], snippet: string): string[] {
  const needle = normaliseText(snippet);
  return passages.filter((p) => normaliseText(p.text).includes(needle)).map((p) => p.id);
}

function metrics(ranks: (number | undefined)[]): RetrievalMetrics {
  const n = ranks.length || 1;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    hitAt1: round(ranks.filter((r) => r === 1).length / n),
    hitAt3: round(ranks.filter((r) => r !== undefined && r <= 3).length / n),
    mrr: round(ranks.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0) / n),
  };
}

function firstRelevantRank(ids: readonly string[], relevant: ReadonlySet<string>): number | undefined {
  const index = ids.findIndex((id) => relevant.has(id));
  return index === -1 ? undefined : index + 1;
}

/** The untuned baseline: MiniSearch with its defaults over title and text. */
export function makeBaseline(passages: readonly Passage[]): (q: string) => string[] {
  const index = new MiniSearch<Passage>({ fields: ["title", "text"], idField: "id" });
  index.addAll([...passages]);
  return (q) => index.search(q).map((r) => String(r.id));
}

/** Runs the eval against an artifact (the committed one by default). */
export async function runEval(artifact?: KnowledgeArtifact, kb?: KnowledgeBase): Promise<EvalReport> {
  const set = readEvalSet();
  const data =
    artifact ??
    (JSON.parse(
      readFileSync(new URL("../../../knowledge/artifact/index.json", import.meta.url), "utf8"),
    ) as KnowledgeArtifact);
  const knowledge = kb ?? createKnowledgeBase(data);
  const baseline = makeBaseline(data.passages);

  const ours: (number | undefined)[] = [];
  const theirs: (number | undefined)[] = [];
  const misses: EvalReport["misses"] = [];
  let answered = 0;
  for (const { q, answers } of set.questions) {
    const relevant = new Set(answers.flatMap((snippet) => resolveSnippet(data.passages, snippet)));
    const hits = await knowledge.search(q, { limit: 10 });
    const rank = firstRelevantRank(
      hits.map((h) => h.id),
      relevant,
    );
    ours.push(rank);
    if (rank === undefined || rank > 3) misses.push({ q, rank });
    theirs.push(firstRelevantRank(baseline(q).slice(0, 10), relevant));
    if ((await knowledge.ask(q)).answered) answered++;
  }
  let declined = 0;
  for (const q of set.offTopic) if (!(await knowledge.ask(q)).answered) declined++;

  return {
    questions: set.questions.length,
    offTopicQuestions: set.offTopic.length,
    pathfinder: metrics(ours),
    baseline: metrics(theirs),
    offTopicAbstention: Math.round((declined / (set.offTopic.length || 1)) * 1000) / 1000,
    onTopicAnswerRate: Math.round((answered / (set.questions.length || 1)) * 1000) / 1000,
    misses,
  };
}

/** Prints the report as a small table. */
export function formatReport(report: EvalReport): string {
  const row = (name: string, m: RetrievalMetrics) =>
    `${name.padEnd(22)} ${m.hitAt1.toFixed(3).padStart(6)} ${m.hitAt3.toFixed(3).padStart(6)} ${m.mrr.toFixed(3).padStart(6)}`;
  const lines = [
    `Eval: ${report.questions} practitioner questions, ${report.offTopicQuestions} off-topic`,
    `${"system".padEnd(22)} ${"hit@1".padStart(6)} ${"hit@3".padStart(6)} ${"MRR".padStart(6)}`,
    row("Pathfinder", report.pathfinder),
    row("MiniSearch (untuned)", report.baseline),
    `Off-topic abstention: ${(report.offTopicAbstention * 100).toFixed(1)}%`,
    `On-topic answer rate: ${(report.onTopicAnswerRate * 100).toFixed(1)}%`,
  ];
  for (const miss of report.misses) lines.push(`  miss (rank ${miss.rank ?? "-"}): ${miss.q}`);
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatReport(await runEval()));
}
