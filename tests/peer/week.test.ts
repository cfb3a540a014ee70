import { describe, expect, it } from "vitest";
import { addWeeks, isoWeek, isValidWeek, previousWeek, weekStart, weeksInYear } from "../../peer/week.ts";

describe("isoWeek", () => {
  it("uses the London calendar: Sunday 23:30 UTC in summer is already Monday in London", () => {
    // 2026-06-28 is a Sunday; 23:30 UTC is 00:30 BST on Monday 29 June (week 27).
    expect(isoWeek(new Date("2026-06-28T22:59:00Z"))).toBe("2026-W26");
    expect(isoWeek(new Date("2026-06-28T23:30:00Z"))).toBe("2026-W27");
  });

  it("handles year ends, including a 53-week year", () => {
    expect(isoWeek(new Date("2026-12-31T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2027-01-03T12:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(new Date("2027-01-04T12:00:00Z"))).toBe("2027-W01");
    expect(isoWeek(new Date("2024-12-30T12:00:00Z"))).toBe("2025-W01");
  });
});

describe("week arithmetic", () => {
  it("knows which years have 53 weeks", () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(isValidWeek("2026-W53")).toBe(true);
    expect(isValidWeek("2025-W53")).toBe(false);
    expect(isValidWeek("2026-W00")).toBe(false);
    expect(isValidWeek("week 5")).toBe(false);
  });

  it("steps across the year end both ways", () => {
    expect(addWeeks("2026-W53", 1)).toBe("2027-W01");
    expect(addWeeks("2027-W01", -1)).toBe("2026-W53");
    expect(addWeeks("2026-W10", -4)).toBe("2026-W06");
    expect(weekStart("2027-W01")).toBe("2027-01-04");
  });

  it("reports on the week just ended on a Monday morning", () => {
    expect(previousWeek(new Date("2026-11-23T09:00:00Z"))).toBe("2026-W47");
  });
});
