/** One measured figure, as printed by `npm run bench`. */
export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "< 5 ms"; omitted when there is none. */
  target?: string;
  /** Whether the target is met; omitted when there is no target. */
  ok?: boolean;
}

/** What each bench/<area>.bench.ts module exports. */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchResult[]>;
}
