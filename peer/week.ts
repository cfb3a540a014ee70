/**
 * ISO-8601 weeks in Europe/London, the calendar the digest and the weekly counters use.
 * A week is written "2026-W47"; weeks start on Monday 00:00 London time.
 */

const LONDON = "Europe/London";

/** The London calendar date (year, month 1-12, day) of an instant. */
export function londonDate(at: Date): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: LONDON,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day") };
}

/** The ISO week ("2026-W47") that an instant falls in, on the London calendar. */
export function isoWeek(at: Date): string {
  const { year, month, day } = londonDate(at);
  // Work on a UTC date that carries the London calendar date; the ISO week is a pure calendar function.
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7; // Monday = 1 ... Sunday = 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const yearStart = new Date(Date.UTC(weekYear, 0, 1));
  const week = Math.ceil(((date.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** True for a well-formed ISO week string that exists ("2026-W53" does not; "2026-W01" does). */
export function isValidWeek(week: string): boolean {
  const match = WEEK_PATTERN.exec(week);
  if (!match) return false;
  const n = Number(match[2]);
  return n >= 1 && n <= weeksInYear(Number(match[1]));
}

/** 52 or 53: the number of ISO weeks in an ISO week-numbering year. */
export function weeksInYear(year: number): number {
  // A year has 53 weeks when 28 December falls in week 53.
  const dec28 = new Date(Date.UTC(year, 11, 28));
  return isoWeek(new Date(dec28.getTime() + 12 * 3_600_000)) === `${year}-W53` ? 53 : 52;
}

/** The Monday (as a UTC calendar date, "YYYY-MM-DD") that starts an ISO week. */
export function weekStart(week: string): string {
  const match = WEEK_PATTERN.exec(week);
  if (!match) throw new RangeError(`Not an ISO week: ${week}`);
  const year = Number(match[1]);
  const n = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000);
  monday.setUTCDate(monday.getUTCDate() + (n - 1) * 7);
  return monday.toISOString().slice(0, 10);
}

/** The week `offset` weeks from `week` (negative for earlier weeks), across year ends. */
export function addWeeks(week: string, offset: number): string {
  const monday = new Date(`${weekStart(week)}T12:00:00Z`);
  monday.setUTCDate(monday.getUTCDate() + offset * 7);
  return isoWeek(monday);
}

/** The ISO week that ended most recently before `now` (what a Monday digest reports on). */
export function previousWeek(now: Date): string {
  return addWeeks(isoWeek(now), -1);
}
