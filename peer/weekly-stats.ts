/**
 * What the digest reads: a week's counters folded into WeeklyCounts, and bounded samples (quotes whose
 * reporters allowed quoting, resolution notes). Weeks are validated here so a bad one is a clear error.
 */
import { PeerInputError } from "./errors.ts";
import type { CategoryId, WeeklyCounts, WeeklyStats } from "./ports.ts";
import type { CounterRow, StatsRepository } from "./repositories.ts";
import { isValidWeek } from "./week.ts";

const MAX_SAMPLE = 50;

function assertWeek(week: string): void {
  if (!isValidWeek(week)) throw new PeerInputError(`"${week}" is not an ISO week like 2026-W07.`);
}

function clampLimit(limit: number): number {
  return Math.max(0, Math.min(Math.floor(limit), MAX_SAMPLE));
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** Folds the counter rows of one week (every shard) into WeeklyCounts; zero counts are left out. */
export function foldCounts(week: string, rows: CounterRow[]): WeeklyCounts {
  const counts: WeeklyCounts = {
    week,
    reports: {},
    resolved: {},
    questionsAsked: 0,
    questionsUnanswered: 0,
    unansweredTopics: {},
    introductionsProposed: 0,
    introductionsAccepted: 0,
  };
  const add = (into: Record<CategoryId, number>, category: CategoryId, value: unknown) => {
    const sum = (into[category] ?? 0) + num(value);
    if (sum === 0) delete into[category];
    else into[category] = sum;
  };
  for (const { category, values } of rows) {
    if (category === undefined) {
      counts.questionsAsked += num(values.questionsAsked);
      counts.questionsUnanswered += num(values.questionsUnanswered);
      counts.introductionsProposed += num(values.introductionsProposed);
      counts.introductionsAccepted += num(values.introductionsAccepted);
    } else {
      add(counts.reports, category, values.reports);
      add(counts.resolved, category, values.resolved);
      add(counts.unansweredTopics, category, values.unanswered);
    }
  }
  return counts;
}

/** The weekly statistics reader over the stats repository. */
export function makeWeeklyStats(deps: { stats: StatsRepository }): WeeklyStats {
  return {
    async counts(week) {
      assertWeek(week);
      return foldCounts(week, await deps.stats.counters(week));
    },
    async quotableExamples(week, category, limit) {
      assertWeek(week);
      const max = clampLimit(limit);
      if (max === 0) return [];
      return (await deps.stats.quotes(week, category, max)).map((q) => q.text);
    },
    async resolutions(week, limit) {
      assertWeek(week);
      const max = clampLimit(limit);
      if (max === 0) return [];
      return (await deps.stats.resolutions(week, max)).map((r) => ({ category: r.category, note: r.note }));
    },
  };
}
