/** The dashboard's SVG chart. */
import { describe, expect, it } from "vitest";
import { CHART_COLOURS, niceMax, renderBlockerChart } from "../../local/blocker-chart.ts";

const CATEGORIES = [
  { id: "procurement", label: "Procurement and contracts" },
  { id: "staff-unions", label: "Staff and unions" },
];

function rects(svg: string): { category: string; week: string; count: number; height: number }[] {
  return [
    ...svg.matchAll(
      /<rect [^>]*height="([\d.]+)"[^>]*data-week="([^"]+)" data-category="([^"]+)" data-count="(\d+)"/g,
    ),
  ].map((m) => ({ height: Number(m[1]), week: m[2] ?? "", category: m[3] ?? "", count: Number(m[4]) }));
}

describe("renderBlockerChart", () => {
  it("stacks one segment per category with reports, sized in proportion", () => {
    // Act
    const svg = renderBlockerChart(
      [
        { week: "2026-W47", reports: { procurement: 2, "staff-unions": 4 } },
        { week: "2026-W48", reports: { procurement: 1 } },
      ],
      CATEGORIES,
    );

    // Assess
    const segments = rects(svg);
    expect(segments.map((s) => [s.week, s.category, s.count])).toEqual([
      ["2026-W47", "procurement", 2],
      ["2026-W47", "staff-unions", 4],
      ["2026-W48", "procurement", 1],
    ]);
    const [two, four, one] = segments;
    expect(four?.height).toBeCloseTo((two?.height ?? 0) * 2, 0);
    expect(two?.height).toBeCloseTo((one?.height ?? 0) * 2, 0);
    expect(svg).toContain("<title>Staff and unions, 2026-W47: 4 reports</title>");
    expect(svg).toContain(`fill="${CHART_COLOURS[1]}"`);
  });

  it("describes itself for screen readers and says so plainly when there is nothing to show", () => {
    // Act
    const svg = renderBlockerChart([{ week: "2026-W48", reports: {} }], CATEGORIES);

    // Assess
    expect(svg).toMatch(/role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain("No blockers were reported from 2026-W48 to 2026-W48.");
    expect(svg).toContain("No blockers reported yet");
    expect(rects(svg)).toEqual([]);
  });

  it("escapes labels and ignores negative or non-numeric counts, and refers to nothing outside itself", () => {
    // Act
    const svg = renderBlockerChart(
      [{ week: "2026-W48", reports: { x: 2, y: -3, z: Number.NaN } }],
      [
        { id: "x", label: '<script>alert("x")</script>' },
        { id: "y", label: "y" },
        { id: "z", label: "z" },
      ],
    );

    // Assess
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;");
    expect(rects(svg).map((r) => r.category)).toEqual(["x"]);
    expect(svg).not.toMatch(/href|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe("niceMax", () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [51, 100],
  ])("%i -> %i", (max, expected) => {
    expect(niceMax(max)).toBe(expected);
  });
});
