/**
 * Builds the digest for one week from the WeeklyStats port: five weekly counter reads (this week and the
 * four before), a bounded number of quote samples for the top categories, and a bounded list of
 * resolutions. Nothing here reads individual reports in bulk, so the cost stays flat as volume grows.
 */
import { DigestWeekError } from "../peer/errors.ts";
import type { CategoryId, WeeklyCounts, WeeklyStats } from "../peer/ports.ts";
import { categoryLabel } from "../peer/taxonomy.ts";
import { addWeeks, isoWeek, isValidWeek, weekStart } from "../peer/week.ts";
import type { Digest, DigestBlocker, DigestResolution, DigestTheme } from "./digest.ts";
import { type NetworkDigestSource, withNetworkSection } from "./network.ts";
import { toQuote } from "./quote.ts";
import { average, DEFAULT_THRESHOLDS, detectSignals, type SignalThresholds } from "./signals.ts";

// The domain's error (peer/errors.ts); re-exported so existing imports keep working.
export { DigestWeekError } from "../peer/errors.ts";

/** How much the digest shows; every limit bounds a read. */
export interface BuildOptions {
  /** The clock: decides whether the week is still in progress. */
  now?: Date;
  thresholds?: SignalThresholds;
  /** The most-reported categories that get examples and a "Talk to an ambassador" button. */
  topCount?: number;
  examplesPerCategory?: number;
  resolutionsLimit?: number;
  themesLimit?: number;
  /** The network's ports: adds "Answered by the network this week" (digest/network.ts, issue 15). */
  network?: NetworkDigestSource;
}

/** Weeks of history the "usual" is averaged over. */
export const BASELINE_WEEKS = 4;

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "long",
  year: "numeric",
});

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** "16 to 22 November 2026", "30 November to 6 December 2026", "28 December 2026 to 3 January 2027". */
export function describePeriod(startDate: string, endDate: string): string {
  const [start, end] = [startDate, endDate].map((d) => {
    const parts = DATE_FORMAT.formatToParts(new Date(`${d}T12:00:00Z`));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return { day: get("day"), month: get("month"), year: get("year") };
  });
  if (!start || !end) return `${startDate} to ${endDate}`;
  if (start.year !== end.year) {
    return `${start.day} ${start.month} ${start.year} to ${end.day} ${end.month} ${end.year}`;
  }
  if (start.month !== end.month) return `${start.day} ${start.month} to ${end.day} ${end.month} ${end.year}`;
  return `${start.day} to ${end.day} ${end.month} ${end.year}`;
}

/** Throws DigestWeekError unless `week` is a real ISO week that has started by `now`. */
export function assertDigestWeek(week: string, now: Date): void {
  if (!isValidWeek(week)) {
    throw new DigestWeekError(
      `"${week}" is not an ISO week. Use the form 2026-W47 (week 53 only in long years).`,
    );
  }
  if (week > isoWeek(now)) throw new DigestWeekError(`${week} has not started yet.`);
}

function positive(record: Readonly<Record<CategoryId, number>>): [CategoryId, number][] {
  return Object.entries(record).filter(([, n]) => Number.isFinite(n) && n > 0);
}

function byCountThenLabel<T extends { count: number; label: string }>(a: T, b: T): number {
  return b.count - a.count || a.label.localeCompare(b.label);
}

/** Builds the digest for `week` (an ISO week, Europe/London). */
export async function buildDigest(
  stats: WeeklyStats,
  week: string,
  options: BuildOptions = {},
): Promise<Digest> {
  const now = options.now ?? new Date();
  assertDigestWeek(week, now);
  const topCount = options.topCount ?? 3;
  const examplesPerCategory = options.examplesPerCategory ?? 2;

  const baselineWeeks = Array.from({ length: BASELINE_WEEKS }, (_, i) => addWeeks(week, -(i + 1)));
  const [current, ...history] = await Promise.all([week, ...baselineWeeks].map((w) => stats.counts(w)));
  if (!current) throw new Error("WeeklyStats.counts returned nothing"); // unreachable: one promise per week
  const previous: WeeklyCounts | undefined = history[0];

  const signals = detectSignals(
    current.reports,
    history.map((h) => h.reports),
    options.thresholds ?? DEFAULT_THRESHOLDS,
  );
  const signalled = new Set(signals.map((s) => s.category));

  const rows: DigestBlocker[] = positive(current.reports)
    .map(([category, count]) => ({
      category,
      label: categoryLabel(category),
      count,
      previous: previous?.reports[category] ?? 0,
      usual: Math.round(average(history.map((h) => h.reports[category] ?? 0)) * 10) / 10,
      resolved: current.resolved[category] ?? 0,
      top: false,
      examples: [] as string[],
    }))
    .sort(byCountThenLabel);
  // The most reported, plus anything flagged as rising: readers should be able to act on a warning.
  rows.forEach((row, i) => {
    row.top = i < topCount || signalled.has(row.category);
  });

  const [, resolutions] = await Promise.all([
    Promise.all(
      rows
        .filter((row) => row.top)
        .map(async (row) => {
          // Ask for a few extra: a sample that is empty after the quote pass should not leave a gap.
          const texts = await stats.quotableExamples(week, row.category, examplesPerCategory + 2);
          const quotes = [...new Set(texts.map((t) => toQuote(t)).filter(Boolean))];
          row.examples = quotes.slice(0, examplesPerCategory);
        }),
    ),
    stats.resolutions(week, options.resolutionsLimit ?? 5),
  ]);

  const helped: DigestResolution[] = resolutions
    .map((r) => ({ category: r.category, label: categoryLabel(r.category), note: toQuote(r.note, 200) }))
    .filter((r) => r.note);

  const themes: DigestTheme[] = positive(current.unansweredTopics)
    .map(([category, count]) => ({ category, label: categoryLabel(category), count }))
    .sort(byCountThenLabel)
    .slice(0, options.themesLimit ?? 5);

  const startDate = weekStart(week);
  const endDate = addDays(startDate, 6);
  const resolvedTotal = positive(current.resolved).reduce((sum, [, n]) => sum + n, 0);
  const empty =
    rows.length === 0 &&
    resolvedTotal === 0 &&
    helped.length === 0 &&
    current.questionsAsked === 0 &&
    current.introductionsProposed === 0 &&
    current.introductionsAccepted === 0;

  const digest: Digest = {
    week,
    startDate,
    endDate,
    period: describePeriod(startDate, endDate),
    generatedAt: now.toISOString(),
    partial: isoWeek(now) === week,
    empty,
    signals,
    blockers: rows,
    resolvedTotal,
    helped,
    questions: {
      asked: current.questionsAsked,
      unanswered: current.questionsUnanswered,
      themes,
    },
    introductions: {
      proposed: current.introductionsProposed,
      accepted: current.introductionsAccepted,
    },
  };
  return withNetworkSection(digest, options.network);
}
