/**
 * Deployment performance and the per-function budgets of issue 12: the stack's synth time (bundling the four
 * functions, cdk-nag and CDK's template validation, as `cdk synth` does), and for each function its bundle
 * exactly as the stack builds it (cdk/bundling.ts): the code loaded at cold start (the entry and every chunk it
 * imports statically, < 2 MB minified: the budget), all code shipped (reported beside it: lazy chunks such as
 * the OpenAI SDK, the PDF parser or the digest's Teams poster load only when a request needs them), the zip
 * Lambda receives, and the cold init: importing the bundle in a fresh Node process, over an empty Node
 * (< 300 ms). Cold init measures the same cold path, so the size budget and the time budget agree. Where a
 * function defers work every request needs to its first request (Teams: botbuilder), the bench reports that
 * too, so moving code off the cold path cannot hide what the first request then pays.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync } from "node:zlib";
import { App } from "aws-cdk-lib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { buildApp } from "../cdk/app.ts";
import { bundleFunctionAsync, coldPathBytes, ENTRY_NAME, REPO_ROOT } from "../cdk/bundling.ts";
import { FUNCTION_KEYS, FUNCTION_SPECS, type FunctionKey } from "../cdk/function-specs.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const KB = 1024;
/** Issue 12's budgets; the size budget applies to what a cold start loads (see the file comment). */
const COLD_PATH_BUDGET_KB = 2 * 1024;
const COLD_INIT_BUDGET_MS = 300;
/** Fresh processes per figure; the median is reported (the machine is shared, so single runs are noisy). */
const COLD_RUNS = 7;
/**
 * Lazy chunks every request loads, by the source module behind their dynamic `import()`: the first request after
 * a cold start pays for them (others, like the OpenAI SDK, load only for some requests and are left out).
 */
const FIRST_REQUEST_IMPORTS: Partial<Record<FunctionKey, string>> = {
  teamsMessages: "bots/teams/turn-handler.ts",
};

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Wall and CPU time of a fresh Node process that imports `modules` in turn (or nothing), measured from outside
 * (wall) and by the process itself (CPU: steadier than wall on a shared machine, and what Lambda bills at init).
 */
function freshProcess(dir: string, ...modules: string[]): { wall: number; cpu: number } {
  const probe = join(dir, "probe.mjs");
  writeFileSync(
    probe,
    `${modules.map((module) => `await import(${JSON.stringify(pathToFileURL(module).href)});`).join("\n")}
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ cpu: (cpu.user + cpu.system) / 1000 }));`,
  );
  const started = performance.now();
  // No AWS or app settings: importing must not need them (the entries read configuration on first request).
  const out = execFileSync(process.execPath, [probe], {
    env: { PATH: process.env.PATH ?? "" },
    encoding: "utf8",
  });
  return { wall: performance.now() - started, cpu: (JSON.parse(out) as { cpu: number }).cpu };
}

/** Size, cold-start share and cold init of each function's bundle. */
async function bundleResults(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "pathfinder-bench-bundles-"));
  try {
    const empty = Array.from({ length: COLD_RUNS }, () => freshProcess(dir));
    const emptyWall = median(empty.map((r) => r.wall));
    const emptyCpu = median(empty.map((r) => r.cpu));
    results.push({
      metric: `empty Node ${process.version} (wall)`,
      value: Math.round(emptyWall),
      unit: "ms",
    });
    for (const key of FUNCTION_KEYS) {
      const outdir = join(dir, key);
      const metafile = await bundleFunctionAsync(join(REPO_ROOT, FUNCTION_SPECS[key].entry), outdir);
      const code = filesUnder(outdir).filter((f) => f.endsWith(".mjs"));
      const total = code.reduce((sum, f) => sum + statSync(f).size, 0);
      const runs = Array.from({ length: COLD_RUNS }, () =>
        freshProcess(dir, join(outdir, `${ENTRY_NAME}.mjs`)),
      );
      const cpu = median(runs.map((r) => r.cpu)) - emptyCpu;
      const wall = median(runs.map((r) => r.wall)) - emptyWall;
      const coldPath = coldPathBytes(metafile);
      results.push(
        {
          metric: `${key} cold path: entry + static imports`,
          value: Math.round(coldPath / KB),
          unit: "KB",
          target: `< ${COLD_PATH_BUDGET_KB} KB`,
          ok: coldPath < COLD_PATH_BUDGET_KB * KB,
        },
        {
          metric: `${key} all code incl. lazy chunks (${code.length} files)`,
          value: Math.round(total / KB),
          unit: "KB",
        },
        {
          metric: `${key} cold init over empty Node (CPU, median of ${COLD_RUNS})`,
          value: Math.round(cpu),
          unit: "ms",
          target: `< ${COLD_INIT_BUDGET_MS} ms`,
          ok: cpu < COLD_INIT_BUDGET_MS,
        },
        { metric: `${key} cold init over empty Node (wall)`, value: Math.round(wall), unit: "ms" },
      );
      const deferred = FIRST_REQUEST_IMPORTS[key];
      const chunk =
        deferred &&
        Object.keys(metafile.outputs).find(
          (path) => path.endsWith(".mjs") && metafile.outputs[path]?.entryPoint === deferred,
        );
      if (deferred && !chunk) throw new Error(`${key}: no lazy chunk for ${deferred} in the bundle`);
      if (chunk) {
        const first = Array.from({ length: COLD_RUNS }, () =>
          freshProcess(dir, join(outdir, `${ENTRY_NAME}.mjs`), join(REPO_ROOT, chunk)),
        );
        results.push({
          metric: `${key} cold init + first request's lazy import (${deferred}), CPU`,
          value: Math.round(median(first.map((r) => r.cpu)) - emptyCpu),
          unit: "ms",
        });
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The deployment bench. */
export const suite: BenchSuite = {
  name: "cdk",
  async run(): Promise<BenchResult[]> {
    const outdir = mkdtempSync(join(tmpdir(), "pathfinder-bench-cdk-"));
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const app = new App({ outdir });
      const { stack } = buildApp({ app });
      app.synth();
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const results: BenchResult[] = [
        {
          metric: "synth time (wall)",
          value: Math.round(wall),
          unit: "ms",
          target: "< 120000 ms",
          ok: wall < 120_000,
        },
        { metric: "synth CPU in-process", value: Math.round((cpu.user + cpu.system) / 1000), unit: "ms" },
      ];
      for (const key of FUNCTION_KEYS) {
        const code = (stack.functions[key].node.defaultChild as CfnFunction).code as { s3Key?: string };
        const hash = String(code.s3Key ?? "").replace(/\.zip$/, "");
        // Deflate each file as the CDK's zip does: an estimate of the upload within a few per cent.
        const zipped = filesUnder(join(outdir, `asset.${hash}`)).reduce(
          (sum, file) => sum + deflateRawSync(readFileSync(file), { level: 9 }).length,
          0,
        );
        results.push({
          metric: `${key} zipped upload (code + source maps)`,
          value: Math.round(zipped / KB),
          unit: "KB",
          // Lambda's limit is 50 MB zipped; a few MB keeps cold starts short.
          target: "< 5120 KB",
          ok: zipped < 5 * 1024 * KB,
        });
      }
      return [...results, ...(await bundleResults())];
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
