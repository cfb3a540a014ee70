/**
 * Early-warning signals: a category rising well above its recent baseline. Pure, so the thresholds
 * are tested directly. A minimum count keeps one or two reports from reading as a trend.
 */
import type { CategoryId } from "../peer/ports.ts";
import { categoryLabel } from "../peer/taxonomy.ts";
import type { DigestSignal } from "./digest.ts";

/** When a category counts as rising. */
export interface SignalThresholds {
  /** Reports this week below this are never a signal ("one report is not a trend"). */
  minCount: number;
  /** This week must be at least this multiple of the usual (the four-week average, floored at 1). */
  minRatio: number;
  /** And at least this many reports above the usual, so 5 against 3.5 is not a warning. */
  minIncrease: number;
}

/** Defaults: at least 5 reports, at least double the usual, at least 3 more than usual. */
export const DEFAULT_THRESHOLDS: SignalThresholds = { minCount: 5, minRatio: 2, minIncrease: 3 };

/** The average of a series of weekly counts (0 for none). */
export function average(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** "3x", "4.5x", "12x": one decimal place below 10 (rounding 4.5 up to 5 would overstate), none above. */
function formatRatio(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${ratio.toFixed(1).replace(/\.0$/, "")}x`;
}

/** Plain-English wording of a signal, without its label ("9 reports, 3x the usual"). */
export function describeSignal(count: number, usual: number, ratio: number): string {
  const reports = `${count} report${count === 1 ? "" : "s"}`;
  // Against a near-empty baseline a multiple overstates things ("9x the usual" of 0.25 a week).
  if (usual < 1) return `${reports}, up from fewer than one a week recently`;
  return `${reports}, ${formatRatio(ratio)} the usual`;
}

/**
 * Categories this week that stand well above their four-week baseline, strongest first.
 * `history` holds each earlier week's counts (any number of weeks; the digest passes four).
 */
export function detectSignals(
  current: Readonly<Record<CategoryId, number>>,
  history: readonly Readonly<Record<CategoryId, number>>[],
  thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
): DigestSignal[] {
  const signals: DigestSignal[] = [];
  for (const [category, count] of Object.entries(current)) {
    if (count < thresholds.minCount) continue;
    const usual = average(history.map((week) => week[category] ?? 0));
    const ratio = count / Math.max(usual, 1);
    if (ratio < thresholds.minRatio || count - usual < thresholds.minIncrease) continue;
    const label = categoryLabel(category);
    const rounded = Math.round(ratio * 10) / 10;
    const detail = describeSignal(count, usual, ratio);
    signals.push({
      category,
      label,
      count,
      usual: Math.round(usual * 10) / 10,
      ratio: rounded,
      detail,
      message: `${label}: ${detail}`,
    });
  }
  return signals.sort((a, b) => b.ratio - a.ratio || b.count - a.count || a.label.localeCompare(b.label));
}
