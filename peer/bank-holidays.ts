/**
 * Working days in the UK: Monday to Friday on the London calendar, less the bank holidays of the nation
 * Pathfinder's councils are in (PATHFINDER_BANK_HOLIDAYS, config/config.ts). An open question waits 3 working
 * days before it is raised again (peer/network.ts), and nothing is raised on a bank holiday.
 *
 * The dates come from date-holidays (scripts/pick-bank-holidays.ts writes peer/bank-holidays.json from its GB
 * rules; tests/peer/bank-holidays.test.ts checks the two agree). The table rather than the library at run time:
 * its parser would add about 1 MB to every function that counts working days (docs/network.md has the figures),
 * and it works offline with nothing fetched from gov.uk.
 */
import table from "./bank-holidays.json" with { type: "json" };
import { DEFAULT_NATION, UK_NATIONS, type UkNation } from "./uk-nations.ts";
import { londonDate } from "./week.ts";

export { DEFAULT_NATION, UK_NATIONS, type UkNation } from "./uk-nations.ts";

/** The first and last year the table covers: outside them only weekends are not working days. */
export const BANK_HOLIDAY_YEARS = { first: table.firstYear, last: table.lastYear } as const;

const byNation = new Map<UkNation, ReadonlySet<string>>(
  UK_NATIONS.map((nation) => [nation, new Set(table.nations[nation])]),
);

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" of a UTC midnight carrying a calendar date. */
function isoDay(utcMidnight: number): string {
  return new Date(utcMidnight).toISOString().slice(0, 10);
}

/** The London calendar date of an instant, as a UTC midnight (so days can be stepped without DST shifts). */
function londonDay(at: Date): number {
  const { year, month, day } = londonDate(at);
  return Date.UTC(year, month - 1, day);
}

/** True when `nation` has a bank holiday on this calendar date ("YYYY-MM-DD"). */
export function isBankHoliday(date: string, nation: UkNation = DEFAULT_NATION): boolean {
  return byNation.get(nation)?.has(date) ?? false;
}

/** True when the London date of `at` is a Monday to Friday that is not one of `nation`'s bank holidays. */
export function isWorkingDay(at: Date, nation: UkNation = DEFAULT_NATION): boolean {
  return isWorkingDate(londonDay(at), nation);
}

function isWorkingDate(utcMidnight: number, nation: UkNation): boolean {
  const weekday = new Date(utcMidnight).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(isoDay(utcMidnight), nation);
}

/**
 * Working days from `from` to `to`, on the London calendar: the days after the one `from` falls on, up to and
 * including the one `to` falls on, that are working days. A question asked at 00:30 on a Tuesday in summer
 * (23:30 on Monday, UTC) is a Tuesday question.
 */
export function workingDaysBetween(from: Date, to: Date, nation: UkNation = DEFAULT_NATION): number {
  const start = londonDay(from);
  const end = londonDay(to);
  let count = 0;
  // Bounded by the question's TTL (13 months by default): a few hundred steps at most.
  for (let day = start + DAY_MS; day <= end; day += DAY_MS) if (isWorkingDate(day, nation)) count++;
  return count;
}
