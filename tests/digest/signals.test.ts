import { describe, expect, it } from "vitest";
import { average, DEFAULT_THRESHOLDS, detectSignals } from "../../digest/signals.ts";

describe("detectSignals", () => {
  it("calls out a category at three times its four-week average, in plain words", () => {
    // Prepare: staff and unions ran at 3 a week; this week 9.
    const history = [
      { "staff-unions": 3 },
      { "staff-unions": 2 },
      { "staff-unions": 4 },
      { "staff-unions": 3 },
    ];

    // Act
    const signals = detectSignals({ "staff-unions": 9, procurement: 2 }, history);

    // Assess
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ category: "staff-unions", count: 9, usual: 3, ratio: 3 });
    expect(signals[0]?.message).toBe("Staff and unions: 9 reports, 3x the usual");
  });

  it("does not call a rise a trend below the minimum count, however steep", () => {
    const signals = detectSignals({ funding: DEFAULT_THRESHOLDS.minCount - 1 }, [{}, {}, {}, {}]);
    expect(signals).toEqual([]);
  });

  it("does not flag a busy category that is busy every week", () => {
    const history = [{ procurement: 7 }, { procurement: 8 }, { procurement: 6 }, { procurement: 7 }];
    expect(detectSignals({ procurement: 12 }, history)).toEqual([]);
  });

  it("needs a real increase, not just a ratio over a small baseline", () => {
    // 5 against 2.5 is double, but only 2.5 more reports than usual.
    const history = [{ funding: 2 }, { funding: 3 }, { funding: 2 }, { funding: 3 }];
    expect(detectSignals({ funding: 5 }, history)).toEqual([]);
    expect(detectSignals({ funding: 6 }, history)).toHaveLength(1);
  });

  it("words a rise from almost nothing without an inflated multiple", () => {
    const signals = detectSignals({ "legal-governance": 6 }, [{}, { "legal-governance": 1 }, {}, {}]);
    expect(signals[0]?.message).toBe(
      "Legal form and governance: 6 reports, up from fewer than one a week recently",
    );
  });

  it("orders the strongest rise first and honours custom thresholds", () => {
    const history = [{ funding: 2, procurement: 1 }];
    const signals = detectSignals({ funding: 6, procurement: 5 }, history, {
      minCount: 3,
      minRatio: 2,
      minIncrease: 1,
    });
    expect(signals.map((s) => s.category)).toEqual(["procurement", "funding"]);
    expect(signals.map((s) => s.detail)).toEqual(["5 reports, 5x the usual", "6 reports, 3x the usual"]);
  });
});

describe("average", () => {
  it("is zero for no weeks", () => {
    expect(average([])).toBe(0);
    expect(average([1, 2, 3, 4])).toBe(2.5);
  });
});
