/**
 * The dashboard's chart: reports per obstacle category per week, drawn as stacked bars in a
 * self-contained SVG (no scripts, fonts or external references), with a title and description for
 * screen readers and a <title> on every bar segment for pointer and keyboard-free inspection.
 */
import { escapeHtml } from "./html.ts";

/** One category in the chart (the legend order is the stacking order, bottom first). */
export interface ChartCategory {
  id: string;
  label: string;
}

/** Reports per category for one ISO week. */
export interface ChartWeek {
  week: string;
  reports: Record<string, number>;
}

/**
 * Colours that stay distinguishable with the common colour-vision deficiencies (Okabe-Ito and Tol's
 * palettes), each at least 3:1 against white (WCAG 1.4.11, non-text contrast).
 */
export const CHART_COLOURS = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#B8860B",
  "#332288",
  "#882255",
  "#44AA99",
  "#777711",
  "#555555",
] as const;

/** The colour of the i-th category. */
export function colourOf(index: number): string {
  return CHART_COLOURS[index % CHART_COLOURS.length] ?? "#555555";
}

/** A round axis maximum at or above `max` (1, 2, 5, 10, 20, 50, ...). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

function count(week: ChartWeek, id: string): number {
  const n = week.reports[id] ?? 0;
  return Number.isFinite(n) && n > 0 ? n : 0;
}

const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { top: 16, right: 16, bottom: 40, left: 44 };

/** Draws the stacked bar chart as an SVG document fragment. */
export function renderBlockerChart(
  weeks: readonly ChartWeek[],
  categories: readonly ChartCategory[],
): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = weeks.map((w) => categories.reduce((sum, c) => sum + count(w, c.id), 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  const top = niceMax(Math.max(0, ...totals));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const slot = weeks.length > 0 ? plotWidth / weeks.length : plotWidth;
  const barWidth = Math.max(4, slot * 0.64);
  const first = weeks[0]?.week ?? "";
  const last = weeks.at(-1)?.week ?? "";
  const description =
    grand === 0
      ? `No blockers were reported from ${first} to ${last}.`
      : `${grand} blocker report${grand === 1 ? "" : "s"} from ${first} to ${last}. ` +
        weeks.map((w, i) => `${w.week}: ${totals[i]}`).join("; ");

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" class="blocker-chart">`,
    `<title id="chart-title">Blocker reports per category per week</title>`,
    `<desc id="chart-desc">${escapeHtml(description)}</desc>`,
  ];
  // Gridlines and the y axis: five steps of the round maximum.
  for (let i = 0; i <= 5; i++) {
    const value = (top / 5) * i;
    if (!Number.isInteger(value) && top < 5) continue;
    const lineY = y(value).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${lineY}" y2="${lineY}" stroke="#d0d0d0" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 6}" y="${lineY}" dy="0.32em" text-anchor="end" font-size="12" fill="#333">${value}</text>`,
    );
  }
  weeks.forEach((week, i) => {
    const x = MARGIN.left + slot * i + (slot - barWidth) / 2;
    let stacked = 0;
    const bar: string[] = [];
    categories.forEach((category, c) => {
      const n = count(week, category.id);
      if (n === 0) return;
      const y0 = y(stacked + n);
      const height = y(stacked) - y0;
      stacked += n;
      bar.push(
        `<rect x="${x.toFixed(1)}" y="${y0.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${colourOf(c)}" stroke="#fff" stroke-width="1" data-week="${escapeHtml(week.week)}" data-category="${escapeHtml(category.id)}" data-count="${n}"><title>${escapeHtml(`${category.label}, ${week.week}: ${n} report${n === 1 ? "" : "s"}`)}</title></rect>`,
      );
    });
    parts.push(`<g class="week" data-week="${escapeHtml(week.week)}">${bar.join("")}</g>`);
    const label = week.week.replace(/^\d{4}-/, "");
    parts.push(
      `<text x="${(x + barWidth / 2).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="12" fill="#333">${escapeHtml(label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0)}" y2="${y(0)}" stroke="#333" stroke-width="1"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 6}" text-anchor="middle" font-size="12" fill="#333">ISO week (Europe/London)</text>`,
  );
  if (grand === 0) {
    parts.push(
      `<text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" font-size="16" fill="#333">No blockers reported yet</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("");
}
