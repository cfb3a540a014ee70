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

/** The held-out set's file shape: never used for tuning, only to check that changes generalise. */
export interface HeldOutSet {
  questions: { q: string; answers: string[] }[];
  /** Questions that sound like the field but the articles cannot answer. */
  nearMiss: string[];
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
  /** Share of answered questions whose citations include a passage that answers them. */
  citedRelevant: number;
  /** Questions whose answer was not in Pathfinder's top 3. */
  misses: { q: string; rank: number | undefined }[];
  /** The same figures on the held-out set. */
  heldOut: HeldOutReport;
}

/** Figures for the held-out set. */
export interface HeldOutReport {
  questions: number;
  nearMissQuestions: number;
  pathfinder: RetrievalMetrics;
  baseline: RetrievalMetrics;
  onTopicAnswerRate: number;
  citedRelevant: number;
  /** Share of near-miss questions Pathfinder declined. */
  nearMissAbstention: number;
  misses: { q: string; rank: number | undefined }[];
}

/** Reads the committed eval set. */
export function readEvalSet(): EvalSet {
  return JSON.parse(readFileSync(new URL("./questions.json", import.meta.url), "utf8")) as EvalSet;
}

/** Reads the committed held-out set. */
export function readHeldOutSet(): HeldOutSet {
  return JSON.parse(readFileSync(new URL("./heldout.json", import.meta.url), "utf8")) as HeldOutSet;
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

interface QuestionFigures {
  pathfinder: RetrievalMetrics;
  baseline: RetrievalMetrics;
  onTopicAnswerRate: number;
  citedRelevant: number;
  misses: { q: string; rank: number | undefined }[];
}

const ratio = (count: number, total: number) => Math.round((count / (total || 1)) * 1000) / 1000;

async function measureQuestions(
  questions: readonly { q: string; answers: string[] }[],
  passages: readonly Passage[],
  knowledge: KnowledgeBase,
  baseline: (q: string) => string[],
): Promise<QuestionFigures> {
  const ours: (number | undefined)[] = [];
  const theirs: (number | undefined)[] = [];
  const misses: QuestionFigures["misses"] = [];
  let answered = 0;
  let cited = 0;
  for (const { q, answers } of questions) {
    const relevant = new Set(answers.flatMap((snippet) => resolveSnippet(passages, snippet)));
    const hits = await knowledge.search(q, { limit: 10 });
    const rank = firstRelevantRank(
      hits.map((h) => h.id),
      relevant,
    );
    ours.push(rank);
    if (rank === undefined || rank > 3) misses.push({ q, rank });
    theirs.push(firstRelevantRank(baseline(q).slice(0, 10), relevant));
    const answer = await knowledge.ask(q);
    if (answer.answered) {
      answered++;
      if (answer.citations.some((c) => relevant.has(c.passageId))) cited++;
    }
  }
  return {
    pathfinder: metrics(ours),
    baseline: metrics(theirs),
    onTopicAnswerRate: ratio(answered, questions.length),
    citedRelevant: ratio(cited, answered),
    misses,
  };
}

async function declineRate(questions: readonly string[], knowledge: KnowledgeBase): Promise<number> {
  let declined = 0;
  for (const q of questions) if (!(await knowledge.ask(q)).answered) declined++;
  return ratio(declined, questions.length);
}

/** Runs the eval (main and held-out sets) against an artifact (the committed one by default). */
export async function runEval(artifact?: KnowledgeArtifact, kb?: KnowledgeBase): Promise<EvalReport> {
  const set = readEvalSet();
  const heldOut = readHeldOutSet();
  const data =
    artifact ??
    (JSON.parse(
      readFileSync(new URL("../../../knowledge/artifact/index.json", import.meta.url), "utf8"),
    ) as KnowledgeArtifact);
  const knowledge = kb ?? createKnowledgeBase(data);
  const baseline = makeBaseline(data.passages);

  const main = await measureQuestions(set.questions, data.passages, knowledge, baseline);
  const held = await measureQuestions(heldOut.questions, data.passages, knowledge, baseline);
  return {
    questions: set.questions.length,
    offTopicQuestions: set.offTopic.length,
    ...main,
    offTopicAbstention: await declineRate(set.offTopic, knowledge),
    heldOut: {
      questions: heldOut.questions.length,
      nearMissQuestions: heldOut.nearMiss.length,
      ...held,
      nearMissAbstention: await declineRate(heldOut.nearMiss, knowledge),
    },
  };
}

/** Prints the report as a small table. */
export function formatReport(report: EvalReport): string {
  const row = (name: string, m: RetrievalMetrics) =>
    `${name.padEnd(22)} ${m.hitAt1.toFixed(3).padStart(6)} ${m.hitAt3.toFixed(3).padStart(6)} ${m.mrr.toFixed(3).padStart(6)}`;
  const header = `${"system".padEnd(22)} ${"hit@1".padStart(6)} ${"hit@3".padStart(6)} ${"MRR".padStart(6)}`;
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  const held = report.heldOut;
  const lines = [
    `Eval: ${report.questions} practitioner questions, ${report.offTopicQuestions} off-topic`,
    header,
    row("Pathfinder", report.pathfinder),
    row("MiniSearch (untuned)", report.baseline),
    `Off-topic abstention: ${percent(report.offTopicAbstention)}`,
    `On-topic answer rate: ${percent(report.onTopicAnswerRate)}`,
    `Answers citing a target passage: ${percent(report.citedRelevant)}`,
  ];
  for (const miss of report.misses) lines.push(`  miss (rank ${miss.rank ?? "-"}): ${miss.q}`);
  lines.push(
    "",
    `Held-out: ${held.questions} practitioner questions, ${held.nearMissQuestions} near-miss (never tuned on)`,
    header,
    row("Pathfinder", held.pathfinder),
    row("MiniSearch (untuned)", held.baseline),
    `Near-miss abstention: ${percent(held.nearMissAbstention)}`,
    `On-topic answer rate: ${percent(held.onTopicAnswerRate)}`,
    `Answers citing a target passage: ${percent(held.citedRelevant)}`,
  );
  for (const miss of held.misses) lines.push(`  miss (rank ${miss.rank ?? "-"}): ${miss.q}`);
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatReport(await runEval()));
}
