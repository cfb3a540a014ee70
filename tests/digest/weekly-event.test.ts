/** The scheduler event's schema: what each accepted shape means, and the message a malformed one gets. */
import { describe, expect, it } from "vitest";
import { DigestEventError, readTrigger } from "../../digest/weekly-run.ts";

const NOW = new Date("2026-11-25T12:00:00Z"); // a Wednesday in 2026-W48

function rejection(event: unknown): string {
  try {
    readTrigger(event, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(DigestEventError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(event)}`);
}

describe("digest scheduler event", () => {
  it("takes the week from Scheduler's scheduledTime, an EventBridge time, a named week, or the clock", () => {
    expect(readTrigger({ scheduledTime: "2026-11-23T09:00:00Z" }, NOW)).toEqual({
      week: "2026-W47",
      at: "2026-11-23T09:00:00.000Z",
      source: "scheduledTime",
    });
    // An EventBridge event carries other fields; only `time` matters.
    const bridged = { source: "aws.events", "detail-type": "Scheduled Event", time: "2026-11-30T09:00:00Z" };
    expect(readTrigger(bridged, NOW)).toMatchObject({ week: "2026-W48", source: "time" });
    expect(readTrigger({ week: "2026-W40" }, NOW)).toEqual({ week: "2026-W40", source: "week" });
    expect(readTrigger(undefined, NOW)).toMatchObject({ week: "2026-W47", source: "now" });
    expect(readTrigger({}, NOW)).toMatchObject({ week: "2026-W47", source: "now" });
  });

  it("refuses malformed events with a message naming the field and the expected form", () => {
    expect(rejection({ scheduledTime: "next monday" })).toBe(
      `The event's "scheduledTime" is not an ISO date-time like 2026-11-23T09:00:00Z`,
    );
    expect(rejection({ week: "2026-W99" })).toBe(`The event's "week" is not an ISO week like 2026-W47`);
    expect(rejection({ week: 47 })).toBe(`The event's "week" is not an ISO week like 2026-W47`);
    expect(rejection({ time: 1764000000 })).toMatch(/"time" is not an ISO date-time/);
    expect(rejection("run it")).toBe(`The event is not a JSON object: "run it"`);
    expect(rejection([{ week: "2026-W47" }])).toBe(`The event is not a JSON object: [{"week":"2026-W47"}]`);
  });
});
