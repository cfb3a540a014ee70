/**
 * Deployment performance: the stack's synth time (bundling the four functions with esbuild, cdk-nag and
 * CDK's template validation, as `cdk synth` does) and each function's bundle as synthesised: the code, its
 * source map, and the zip Lambda receives (deflate-compressed, as the CDK zips assets).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { App } from "aws-cdk-lib";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { buildApp } from "../cdk/app.ts";
import { FUNCTION_KEYS } from "../cdk/function-specs.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const KB = 1024;

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
        // Most of the wall time is spawning esbuild through npx once per function (about 3 s each here).
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
        const dir = join(outdir, `asset.${hash}`);
        const bundle = readFileSync(join(dir, "index.mjs"));
        const map = readFileSync(join(dir, "index.mjs.map"));
        const zipped = deflateRawSync(bundle, { level: 9 }).length + deflateRawSync(map, { level: 9 }).length;
        results.push(
          {
            metric: `${key} bundle (index.mjs)`,
            value: Math.round(statSync(join(dir, "index.mjs")).size / KB),
            unit: "KB",
          },
          { metric: `${key} source map`, value: Math.round(map.length / KB), unit: "KB" },
          {
            metric: `${key} zipped upload`,
            value: Math.round(zipped / KB),
            unit: "KB",
            // Lambda's limit is 50 MB zipped; a few MB keeps cold starts short.
            target: "< 5120 KB",
            ok: zipped < 5 * 1024 * KB,
          },
        );
      }
      return results;
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
