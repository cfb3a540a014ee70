/**
 * Bank holidays are not working days (they used to be: a question asked before a bank-holiday weekend was
 * raised a day early, and the weekday run posted on bank holidays). The dates are date-holidays' (the table is
 * checked against the library here), counted on the London calendar, for the configured nation.
 */
import { describe, expect, it } from "vitest";
import table from "../../peer/bank-holidays.json" with { type: "json" };
import {
  BANK_HOLIDAY_YEARS,
  isBankHoliday,
  isWorkingDay,
  type UkNation,
  workingDaysBetween,
} from "../../peer/bank-holidays.ts";
import { bankHolidaysFromLibrary, libraryVersion } from "../../scripts/pick-bank-holidays.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

const holidaysIn = (year: number, nation: UkNation) =>
  table.nations[nation].filter((d) => d.startsWith(`${year}-`));

describe("the bank holiday table", () => {
  it("is exactly what the installed date-holidays computes (run npm run build:bank-holidays after upgrading it)", async () => {
    expect(table).toEqual(bankHolidaysFromLibrary(await libraryVersion()));
    expect(BANK_HOLIDAY_YEARS.first).toBeLessThanOrEqual(2026);
    expect(BANK_HOLIDAY_YEARS.last).toBeGreaterThanOrEqual(2060);
  });

  it.each([
    // [what, nation, date, bank holiday?]
    ["Good Friday 2026", "england-and-wales", "2026-04-03", true],
    ["Easter Monday 2026", "england-and-wales", "2026-04-06", true],
    ["Easter Monday is not a Scottish bank holiday", "scotland", "2026-04-06", false],
    ["Good Friday 2027 (a March Easter)", "england-and-wales", "2027-03-26", true],
    ["Early May bank holiday 2026", "england-and-wales", "2026-05-04", true],
    ["Early May 2020 moved to VE Day, Friday 8 May", "england-and-wales", "2020-05-08", true],
    ["...so Monday 4 May 2020 was a working day", "england-and-wales", "2020-05-04", false],
    ["Late summer (August) bank holiday 2026, last Monday", "england-and-wales", "2026-08-31", true],
    ["Scotland's summer holiday is the first Monday of August", "scotland", "2026-08-03", true],
    ["...and the last Monday is a working day there", "scotland", "2026-08-31", false],
    ["Christmas 2021 on a Saturday: substitute Monday 27", "england-and-wales", "2021-12-27", true],
    ["Boxing Day 2021 on a Sunday: substitute Tuesday 28", "england-and-wales", "2021-12-28", true],
    ["Christmas 2022 on a Sunday: substitute Tuesday 27", "england-and-wales", "2022-12-27", true],
    ["Boxing Day 2026 on a Saturday: substitute Monday 28", "england-and-wales", "2026-12-28", true],
    ["Scotland's 2 January 2026 (a Friday)", "scotland", "2026-01-02", true],
    ["2 January is not a bank holiday in England", "england-and-wales", "2026-01-02", false],
    ["2 January 2021 on a Saturday: Scotland's substitute Monday 4", "scotland", "2021-01-04", true],
    ["St Andrew's Day 2025 on a Sunday: substitute Monday 1 December", "scotland", "2025-12-01", true],
    ["St Andrew's Day is Scotland's only", "england-and-wales", "2025-12-01", false],
    ["St Patrick's Day 2026 in Northern Ireland", "northern-ireland", "2026-03-17", true],
    [
      "Battle of the Boyne 2026 on a Sunday: substitute Monday 13 July",
      "northern-ireland",
      "2026-07-13",
      true,
    ],
  ] as const)("%s", (_what, nation, date, holiday) => {
    expect(isBankHoliday(date, nation)).toBe(holiday);
  });

  it("has England and Wales's eight usual holidays in an ordinary year", () => {
    expect(holidaysIn(2026, "england-and-wales")).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-26",
      "2026-12-28",
    ]);
  });
});

describe("working days", () => {
  it("skips Good Friday and Easter Monday: a Tuesday question before Easter waits until the next Tuesday", () => {
    const asked = new Date("2026-03-31T09:00:00Z"); // Tuesday, 10:00 BST
    expect(workingDaysBetween(asked, new Date("2026-04-02T08:00:00Z"))).toBe(2); // Thursday
    expect(workingDaysBetween(asked, new Date("2026-04-03T08:00:00Z"))).toBe(2); // Good Friday
    expect(workingDaysBetween(asked, new Date("2026-04-06T08:00:00Z"))).toBe(2); // Easter Monday
    expect(workingDaysBetween(asked, new Date("2026-04-07T08:00:00Z"))).toBe(3); // Tuesday
    // Scotland works on Easter Monday.
    expect(workingDaysBetween(asked, new Date("2026-04-06T08:00:00Z"), "scotland")).toBe(3);
  });

  it("skips the Christmas substitute days", () => {
    const asked = new Date("2026-12-23T10:00:00Z"); // Wednesday
    // Thu 24 (1); Fri 25, Sat, Sun, Mon 28 (Boxing Day's substitute) are not working days; Tue 29 (2), Wed 30 (3).
    expect(workingDaysBetween(asked, new Date("2026-12-29T09:00:00Z"))).toBe(2);
    expect(workingDaysBetween(asked, new Date("2026-12-30T09:00:00Z"))).toBe(3);
  });

  it("counts on the London calendar, not UTC: 00:30 on a summer Tuesday is a Tuesday", () => {
    const asked = new Date("2026-06-08T23:30:00Z"); // Monday 23:30 UTC = Tuesday 00:30 BST
    const thursday = new Date("2026-06-11T08:00:00Z"); // Thursday 09:00 BST
    // From Tuesday: Wednesday and Thursday. (Counting UTC dates, from Monday, it would be 3.)
    expect(workingDaysBetween(asked, thursday)).toBe(2);
    expect(workingDaysBetween(asked, new Date("2026-06-12T08:00:00Z"))).toBe(3);
    // 23:30 BST on a Friday is still Friday (22:30 UTC); the weekend then does not count.
    expect(workingDaysBetween(new Date("2026-06-12T22:30:00Z"), new Date("2026-06-15T08:00:00Z"))).toBe(1);
  });

  it("says a bank holiday, a weekend and a Scottish holiday apart from a working day, in London time", () => {
    expect(isWorkingDay(new Date("2026-04-03T08:00:00Z"))).toBe(false); // Good Friday
    expect(isWorkingDay(new Date("2026-04-04T08:00:00Z"))).toBe(false); // Saturday
    expect(isWorkingDay(new Date("2026-04-07T08:00:00Z"))).toBe(true);
    expect(isWorkingDay(new Date("2025-12-01T09:00:00Z"), "scotland")).toBe(false);
    expect(isWorkingDay(new Date("2025-12-01T09:00:00Z"), "england-and-wales")).toBe(true);
    // 00:30 BST on Easter Monday is 23:30 UTC on Sunday: still Easter Monday in London.
    expect(isWorkingDay(new Date("2026-04-05T23:30:00Z"))).toBe(false);
    expect(isWorkingDay(new Date("2026-04-06T23:30:00Z"))).toBe(true); // 00:30 Tuesday
  });
});

describe("the digest's waiting list", () => {
  it("lists a question only once more than 3 working days have passed, Easter's bank holidays not counted", async () => {
    // Prepare: asked on Tuesday 31 March 2026
    let now = new Date("2026-03-31T09:00:00Z");
    const peer = createInMemoryPeerServices({ now: () => now });
    await peer.network.ask({
      asker: { platform: "slack", userId: "U0SAM" },
      text: "Who owns the vans after the transfer?",
      named: false,
      idempotencyKey: "vans",
    });
    const waitingOn = async (iso: string) => {
      now = new Date(iso);
      const week = await peer.network.week(new Date("2026-03-30T00:00:00Z"), now);
      return week.waiting.map((w) => w.text);
    };

    // Act and assess: Tuesday 7 April is the 3rd working day (Wed, Thu, Tue), Wednesday 8 the 4th
    expect(await waitingOn("2026-04-07T08:00:00Z")).toEqual([]);
    expect(await waitingOn("2026-04-08T08:00:00Z")).toEqual(["Who owns the vans after the transfer?"]);
  });
});
