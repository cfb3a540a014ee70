/**
 * Writes peer/bank-holidays.json: the UK's bank holidays per nation, from date-holidays (its GB rules: Easter,
 * the early May, spring and late summer holidays, substitute days when a holiday falls on a weekend, one-off
 * holidays such as coronations and funerals). The functions read the table, not the library: date-holidays'
 * parser brings moment-timezone and astronomia (about 1 MB minified on every function that counts working days,
 * measured in docs/network.md), while the table for 51 years is about 20 KB. Run `npm run build:bank-holidays`
 * after upgrading date-holidays; tests/peer/bank-holidays.test.ts fails while the table and the library differ.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Holidays from "date-holidays";

/** The years the table covers; outside them working days are Monday to Friday (peer/bank-holidays.ts). */
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 2070;

/** date-holidays' GB regions for each nation; England and Wales share one list (checked below). */
const REGIONS = {
  "england-and-wales": ["ENG", "WLS"],
  scotland: ["SCT"],
  "northern-ireland": ["NIR"],
} as const;

export type BankHolidayTable = {
  source: string;
  firstYear: number;
  lastYear: number;
  nations: Record<keyof typeof REGIONS, string[]>;
};

/** Every public (bank) holiday of `region` in the table's years, as London calendar dates "YYYY-MM-DD". */
function datesOf(region: string): string[] {
  const holidays = new Holidays("GB", region, { timezone: "Europe/London", types: ["public"] });
  const dates: string[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const h of holidays.getHolidays(year)) if (h.type === "public") dates.push(h.date.slice(0, 10));
  }
  return [...new Set(dates)].sort();
}

/** The table, as date-holidays computes it now. */
export function bankHolidaysFromLibrary(version: string): BankHolidayTable {
  const nations = {} as BankHolidayTable["nations"];
  for (const [nation, regions] of Object.entries(REGIONS) as [keyof typeof REGIONS, readonly string[]][]) {
    const lists = regions.map(datesOf);
    const first = lists[0] ?? [];
    if (lists.some((list) => list.join() !== first.join()))
      throw new Error(
        `date-holidays gives ${regions.join(" and ")} different bank holidays; split ${nation}`,
      );
    nations[nation] = first;
  }
  return {
    source: `date-holidays ${version}, GB public holidays`,
    firstYear: FIRST_YEAR,
    lastYear: LAST_YEAR,
    nations,
  };
}

/** The installed date-holidays version (named in the table, so a stale table says which release it came from). */
export async function libraryVersion(): Promise<string> {
  const { createRequire } = await import("node:module");
  return (createRequire(import.meta.url)("date-holidays/package.json") as { version: string }).version;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL("../peer/bank-holidays.json", import.meta.url));
  // Two-space JSON, one date a line: what Biome formats it to, so regenerating gives a clean diff.
  writeFileSync(out, `${JSON.stringify(bankHolidaysFromLibrary(await libraryVersion()), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}
