/**
 * The local reminders' schedule (local/reminder-timer.ts) matches the deployed one: 09:00 UK time, Monday to
 * Friday, through both clock changes.
 */
import { describe, expect, it } from "vitest";
import { nextReminderRun } from "../../local/reminder-timer.ts";

describe("nextReminderRun", () => {
  it.each([
    // [now, next run] (December: UK time is UTC)
    ["2026-12-01T08:59:59Z", "2026-12-01T09:00:00.000Z"], // Tuesday before 09:00: today
    ["2026-12-01T09:00:00Z", "2026-12-02T09:00:00.000Z"], // at 09:00: that run has started, so tomorrow
    ["2026-12-04T10:00:00Z", "2026-12-07T09:00:00.000Z"], // Friday after 09:00: Monday
    ["2026-12-05T12:00:00Z", "2026-12-07T09:00:00.000Z"], // Saturday: Monday
    // Summer time (BST, UTC+1): 09:00 in the UK is 08:00 UTC.
    ["2026-07-01T07:00:00Z", "2026-07-01T08:00:00.000Z"],
    ["2026-07-01T08:30:00Z", "2026-07-02T08:00:00.000Z"],
    // Across the changes: clocks go forward Sunday 29 March 2026, back Sunday 25 October 2026.
    ["2026-03-27T12:00:00Z", "2026-03-30T08:00:00.000Z"],
    ["2026-10-23T12:00:00Z", "2026-10-26T09:00:00.000Z"],
    // Late evening UTC that is already the next day in the UK (BST).
    ["2026-06-30T23:30:00Z", "2026-07-01T08:00:00.000Z"],
  ])("after %s runs at %s", (now, expected) => {
    expect(nextReminderRun(new Date(now)).toISOString()).toBe(expected);
  });
});
