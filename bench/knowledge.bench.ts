/**
 * Knowledge-base performance: index build time, artifact size, cold index load in a fresh process,
 * and query latency (search and offline ask) over the eval questions, without OpenAI.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildArtifact, type KnowledgeArtifact } from "../knowledge/artifact.ts";
import { readSeedFiles } from "../knowledge/corpus.ts";
import { createKnowledgeBase } from "../knowledge/index.ts";
import { readEvalSet } from "../tests/knowledge/eval/run-eval.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const artifactPath = join(root, "knowledge", "artifact", "index.json");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Cold load: a fresh Node process reads the artifact, parses it and loads the index. Reports wall
 * time and CPU time (CPU time is what the load costs; wall time also counts waiting on a busy machine).
 */
function measureColdLoad(): { wall: number; cpu: number } {
  const script = `
    import { readFileSync } from "node:fs";
    const { createKnowledgeBase } = await import(${JSON.stringify(join(root, "knowledge", "index.ts"))});
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const kb = createKnowledgeBase(JSON.parse(readFileSync(${JSON.stringify(artifactPath)}, "utf8")));
    const cpu = process.cpuUsage(c0);
    const t1 = performance.now();
    await kb.search("warm");
    process.stdout.write(JSON.stringify({ wall: t1 - t0, cpu: (cpu.user + cpu.system) / 1000 }));
  `;
  const runs: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: root,
      encoding: "utf8",
    });
    runs.push(JSON.parse(out) as { wall: number; cpu: number });
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[2] ?? 0; // of five fresh processes
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

function timed(metric: string, value: number, limit?: number): BenchResult {
  return limit === undefined
    ? { metric, value, unit: "ms" }
    : { metric, value, unit: "ms", target: `< ${limit} ms`, ok: value < limit };
}

export const suite: BenchSuite = {
  name: "knowledge",
  async run(): Promise<BenchResult[]> {
    const seeds = readSeedFiles(join(root, "seeds"));
    await buildArtifact(seeds); // warm the JIT so the figure is the build, not module loading
    const buildStart = performance.now();
    await buildArtifact(seeds);
    const buildMs = performance.now() - buildStart;

    const artifact = JSON.parse(readFileSync(artifactPath, "utf8")) as KnowledgeArtifact;
    const kb = createKnowledgeBase(artifact);
    const { questions, offTopic } = readEvalSet();
    const queries = [...questions.map((q) => q.q), ...offTopic];
    for (const q of queries) await kb.ask(q); // warm-up

    const searchWall: number[] = [];
    const askWall: number[] = [];
    const askCpu: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const q of queries) {
        const s = performance.now();
        await kb.search(q, { limit: 5 });
        searchWall.push(performance.now() - s);
        const a = performance.now();
        const c = process.cpuUsage();
        await kb.ask(q);
        const used = process.cpuUsage(c);
        askWall.push(performance.now() - a);
        askCpu.push((used.user + used.system) / 1000);
      }
    }
    for (const list of [searchWall, askWall, askCpu]) list.sort((a, b) => a - b);
    const load = measureColdLoad();

    return [
      timed("index build", buildMs),
      { metric: "artifact size", value: statSync(artifactPath).size / 1024, unit: "KB" },
      timed("index load, cold process (wall)", load.wall, 50),
      timed("index load, cold process (CPU)", load.cpu, 50),
      timed("search p50 (wall)", percentile(searchWall, 50)),
      timed("search p99 (wall)", percentile(searchWall, 99), 5),
      timed("ask p50, offline (wall)", percentile(askWall, 50)),
      timed("ask p99, offline (wall)", percentile(askWall, 99), 5),
      timed("ask p99, offline (CPU)", percentile(askCpu, 99), 5),
      { metric: "queries timed", value: askWall.length, unit: "asks" },
    ];
  },
};
