import { describe, expect, it } from "vitest";
import { buildDigest, DigestWeekError, describePeriod } from "../../digest/build.ts";
import { fakeStats } from "./fake-stats.ts";

const NOW = new Date("2026-11-23T09:00:00Z"); // Monday 09:00 London: W47 has just ended

describe("buildDigest", () => {
  it("ranks categories, compares with last week and the four-week usual, and flags the spike", async () => {
    // Prepare: staff and unions usually 3 a week, now 9; procurement steady at 4.
    const stats = fakeStats({
      "2026-W47": {
        reports: { "staff-unions": 9, procurement: 4, funding: 1 },
        resolved: { procurement: 2 },
        quotes: { "staff-unions": ["The union is worried this is privatisation by the back door."] },
        resolutions: [{ category: "procurement", note: "A two-stage tender gave us time." }],
        questionsAsked: 12,
        questionsUnanswered: 3,
        unansweredTopics: { "hr-tupe-pensions": 2, funding: 1 },
        introductionsProposed: 5,
        introductionsAccepted: 3,
      },
      "2026-W46": { reports: { "staff-unions": 4, procurement: 4 } },
      "2026-W45": { reports: { "staff-unions": 2, procurement: 5 } },
      "2026-W44": { reports: { "staff-unions": 3, procurement: 3 } },
      "2026-W43": { reports: { "staff-unions": 3, procurement: 4 } },
    });

    // Act
    const digest = await buildDigest(stats, "2026-W47", { now: NOW });

    // Assess
    expect(digest).toMatchObject({
      week: "2026-W47",
      startDate: "2026-11-16",
      endDate: "2026-11-22",
      period: "16 to 22 November 2026",
      partial: false,
      empty: false,
      introductions: { proposed: 5, accepted: 3 },
    });
    expect(digest.blockers.map((b) => [b.category, b.count, b.previous, b.usual, b.top])).toEqual([
      ["staff-unions", 9, 4, 3, true],
      ["procurement", 4, 4, 4, true],
      ["funding", 1, 0, 0, true],
    ]);
    expect(digest.blockers[1]?.resolved).toBe(2);
    expect(digest.resolvedTotal).toBe(2);
    expect(digest.signals.map((s) => s.message)).toEqual(["Staff and unions: 9 reports, 3x the usual"]);
    expect(digest.blockers[0]?.examples).toEqual([
      "The union is worried this is privatisation by the back door.",
    ]);
    expect(digest.helped).toEqual([
      {
        category: "procurement",
        label: "Procurement and contracts",
        note: "A two-stage tender gave us time.",
      },
    ]);
    expect(digest.questions.themes.map((t) => [t.label, t.count])).toEqual([
      ["HR, TUPE and pensions", 2],
      ["Start-up funding and investment", 1],
    ]);
  });

  it("reads counters for five weeks and samples only the top categories, however many there are", async () => {
    const reports = Object.fromEntries(
      [
        "internal-blockers",
        "political-backing",
        "business-case",
        "funding",
        "procurement",
        "staff-unions",
      ].map((id, i) => [id, 100 + i]),
    );
    // Steady volumes (no early warnings), so only the three most reported are sampled.
    const stats = fakeStats(
      Object.fromEntries(
        ["2026-W47", "2026-W46", "2026-W45", "2026-W44", "2026-W43"].map((w) => [w, { reports }]),
      ),
    );

    await buildDigest(stats, "2026-W47", { now: NOW });

    const byMethod = (m: string) => stats.calls.filter((c) => c.method === m);
    expect(byMethod("counts").map((c) => c.week)).toEqual([
      "2026-W47",
      "2026-W46",
      "2026-W45",
      "2026-W44",
      "2026-W43",
    ]);
    expect(byMethod("quotableExamples").map((c) => c.category)).toEqual([
      "staff-unions",
      "procurement",
      "funding",
    ]);
    expect(byMethod("quotableExamples").every((c) => (c.limit ?? 0) <= 4)).toBe(true);
    expect(byMethod("resolutions")).toHaveLength(1);
  });

  it("keeps at most two examples per category, dropping duplicates and ones with nothing left", async () => {
    const stats = fakeStats({
      "2026-W47": {
        reports: { funding: 3 },
        quotes: {
          funding: ["<@U999>", "No capital for the start-up.", "No capital for the start-up.", "B", "C one"],
        },
      },
    });
    const digest = await buildDigest(stats, "2026-W47", { now: NOW });
    expect(digest.blockers[0]?.examples).toEqual(["No capital for the start-up."]);
  });

  it("marks a week with nothing at all as empty", async () => {
    const digest = await buildDigest(fakeStats({ "2026-W46": { reports: { funding: 8 } } }), "2026-W47", {
      now: NOW,
    });
    expect(digest.empty).toBe(true);
    expect(digest.blockers).toEqual([]);
    expect(digest.signals).toEqual([]);
  });

  it("is not empty when only questions were asked", async () => {
    const digest = await buildDigest(fakeStats({ "2026-W47": { questionsAsked: 2 } }), "2026-W47", {
      now: NOW,
    });
    expect(digest.empty).toBe(false);
  });

  it("spans the year end: week 53 of 2026 compares with weeks 49 to 52", async () => {
    const stats = fakeStats({
      "2026-W53": { reports: { "hr-tupe-pensions": 10 } },
      "2026-W52": { reports: { "hr-tupe-pensions": 2 } },
      "2026-W49": { reports: { "hr-tupe-pensions": 2 } },
      "2026-W48": { reports: { "hr-tupe-pensions": 50 } }, // outside the baseline
    });

    const digest = await buildDigest(stats, "2026-W53", { now: new Date("2027-01-04T09:00:00Z") });

    expect(digest.period).toBe("28 December 2026 to 3 January 2027");
    expect(digest.blockers[0]).toMatchObject({ previous: 2, usual: 1 });
    expect(digest.signals[0]?.message).toBe("HR, TUPE and pensions: 10 reports, 10x the usual");
    expect(stats.calls.filter((c) => c.method === "counts").map((c) => c.week)).toEqual([
      "2026-W53",
      "2026-W52",
      "2026-W51",
      "2026-W50",
      "2026-W49",
    ]);
  });

  it("marks the current week as partial and refuses weeks that do not exist or have not started", async () => {
    const stats = fakeStats({});
    const current = await buildDigest(stats, "2026-W48", { now: NOW });
    expect(current.partial).toBe(true);
    await expect(buildDigest(stats, "2026-W49", { now: NOW })).rejects.toThrow(DigestWeekError);
    await expect(buildDigest(stats, "2025-W53", { now: NOW })).rejects.toThrow(/not an ISO week/);
    await expect(buildDigest(stats, "next week", { now: NOW })).rejects.toThrow(DigestWeekError);
    expect(stats.calls.filter((c) => c.week !== "2026-W48" && c.method === "counts").length).toBe(4);
  });
});

describe("describePeriod", () => {
  it("words weeks inside a month, across months and across years", () => {
    expect(describePeriod("2026-11-16", "2026-11-22")).toBe("16 to 22 November 2026");
    expect(describePeriod("2026-11-30", "2026-12-06")).toBe("30 November to 6 December 2026");
    expect(describePeriod("2026-12-28", "2027-01-03")).toBe("28 December 2026 to 3 January 2027");
  });
});
