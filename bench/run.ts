/**
 * `npm run bench`: runs every bench/<area>.bench.ts suite (or those named on the command line)
 * and prints a table; `npm run bench faults` runs the fault run, which is left out by default. Performance lives here, never in timed tests.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchResult, BenchSuite } from "./types.ts";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = new Set(process.argv.slice(2));
/** Suites that take minutes (the fault run starts and kills DynamoDB Local): run only when named. */
const ON_REQUEST = new Set(["faults"]);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => {
    const name = f.replace(/\.bench\.ts$/, "");
    return wanted.size === 0 ? !ON_REQUEST.has(name) : wanted.has(name);
  })
  .sort();

const rows: (BenchResult & { suite: string })[] = [];
let failed = false;
for (const file of files) {
  const { suite } = (await import(pathToFileURL(join(here, file)).href)) as { suite: BenchSuite };
  process.stderr.write(`running ${suite.name}...\n`);
  try {
    for (const result of await suite.run()) rows.push({ ...result, suite: suite.name });
  } catch (error) {
    failed = true;
    process.stderr.write(`${suite.name} failed: ${(error as Error).stack ?? error}\n`);
  }
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));
const table = rows.map((r) => [
  r.suite,
  r.metric,
  `${fmt(r.value)} ${r.unit}`,
  r.target ?? "",
  r.ok === undefined ? "" : r.ok ? "ok" : "MISSED",
]);
const header = ["suite", "metric", "value", "target", ""];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(line(header));
for (const row of table) console.log(line(row));
if (failed) process.exitCode = 1;
