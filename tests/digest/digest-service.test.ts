import { describe, expect, it } from "vitest";
import { createDigestService, DigestWeekError } from "../../digest/digest-service.ts";
import { fakeStats } from "./fake-stats.ts";

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let at = new Date(start);
  return {
    now: () => at,
    set(iso: string) {
      at = new Date(iso);
    },
  };
}

function headingOf(reply: { blocks: { type: string; text?: string }[]; text: string }): string {
  return reply.blocks.find((b) => b.type === "heading")?.text ?? reply.text;
}

describe("createDigestService", () => {
  const stats = fakeStats({
    "2026-W46": { reports: { funding: 2 } },
    "2026-W47": { reports: { funding: 3 } },
    "2026-W53": { reports: { procurement: 1 } },
    "2027-W01": { reports: { procurement: 4 } },
  });

  it("regression (issue 17.1): previews this week so far, labelled partial, so a blocker just logged counts", async () => {
    // Prepare: Tuesday 17 November 2026, in week 47, which has three funding reports so far
    const service = createDigestService({ stats, now: () => new Date("2026-11-17T10:00:00Z") });

    // Act
    const reply = await service.preview();

    // Assess
    expect(headingOf(reply)).toBe("Pathfinder weekly digest: 16 to 22 November 2026 (so far)");
    expect(reply.text).toContain("Most common blocker: Start-up funding and investment (3 reports)");
    expect(reply.blocks).toContainEqual({
      type: "context",
      text: "This week is not over yet: these are the figures so far.",
    });
  });

  it("moves on to the new week at Monday midnight London time", async () => {
    // Prepare: one minute before midnight on Sunday 22 November (GMT = London in winter).
    const clock = fakeClock("2026-11-22T23:59:00Z");
    const service = createDigestService({ stats, now: clock.now });

    // Act / Assess: still week 47; then week 48, where nothing has happened yet.
    expect(headingOf(await service.preview())).toContain("16 to 22 November 2026 (so far)");
    clock.set("2026-11-23T00:00:30Z");
    expect((await service.preview()).text).toMatch(
      /^Nothing yet this week on Pathfinder \(23 to 29 November 2026, so far\)/,
    );
  });

  it("uses London time in summer: 23:30 UTC on a Sunday is already Monday", async () => {
    const clock = fakeClock("2026-06-28T23:30:00Z");
    const digest = await createDigestService({ stats, now: clock.now }).build("2026-W26");
    expect(digest.partial).toBe(false);
    const preview = await createDigestService({ stats, now: clock.now }).preview();
    expect(preview.text).toContain("29 June to 5 July 2026, so far");
  });

  it("crosses the year end into week 53 and out again", async () => {
    const clock = fakeClock("2027-01-03T09:00:00Z"); // Sunday of 2026-W53
    const service = createDigestService({ stats, now: clock.now });
    expect(headingOf(await service.preview())).toBe(
      "Pathfinder weekly digest: 28 December 2026 to 3 January 2027 (so far)",
    );
    clock.set("2027-01-04T09:00:00Z"); // Monday of 2027-W01
    expect(headingOf(await service.preview())).toBe(
      "Pathfinder weekly digest: 4 to 10 January 2027 (so far)",
    );
    expect(headingOf(await service.preview("2026-W53"))).toBe(
      "Pathfinder weekly digest: 28 December 2026 to 3 January 2027",
    );
  });

  it("previews a named week privately and rejects a malformed one with a clear message", async () => {
    const service = createDigestService({ stats, now: () => new Date("2026-12-01T10:00:00Z") });
    const reply = await service.preview("2026-W47");
    expect(reply.visibility).toBe("private");
    expect(reply.text).toContain("Most common blocker: Start-up funding and investment (3 reports)");
    await expect(service.preview("2026-W99")).rejects.toThrow(DigestWeekError);
    await expect(service.preview("2026-W47; drop table")).rejects.toThrow(/Use the form 2026-W47/);
  });
});
