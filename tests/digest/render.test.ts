import { describe, expect, it } from "vitest";
import type { ReplyBlock } from "../../bots/core/reply.ts";
import { buildDigest } from "../../digest/build.ts";
import { describeChange, describeUsual, renderDigest, textBar } from "../../digest/render.ts";
import { fakeStats } from "./fake-stats.ts";

const NOW = new Date("2026-11-23T09:00:00Z");

function texts(blocks: ReplyBlock[]): string {
  return blocks
    .map((b) => {
      if (b.type === "items") return b.items.map((i) => `${i.title}\n${i.detail ?? ""}`).join("\n");
      if (b.type === "text" || b.type === "heading" || b.type === "context") return b.text;
      return "";
    })
    .join("\n");
}

async function busyWeek() {
  return await buildDigest(
    fakeStats({
      "2026-W47": {
        reports: { "staff-unions": 9, procurement: 4, funding: 2, "legal-governance": 1 },
        resolved: { procurement: 1 },
        quotes: {
          "staff-unions": ["Reps fear privatisation by the back door.", "Staff consultation stalled."],
        },
        resolutions: [{ category: "staff-unions", note: "The union came round after a joint workshop." }],
        questionsAsked: 12,
        questionsUnanswered: 3,
        unansweredTopics: { "hr-tupe-pensions": 2 },
        introductionsProposed: 5,
        introductionsAccepted: 3,
      },
      "2026-W46": { reports: { "staff-unions": 3, procurement: 5 } },
      "2026-W45": { reports: { "staff-unions": 3, procurement: 4 } },
      "2026-W44": { reports: { "staff-unions": 3, procurement: 4 } },
      "2026-W43": { reports: { "staff-unions": 3, procurement: 3 } },
    }),
    "2026-W47",
    { now: NOW },
  );
}

describe("renderDigest", () => {
  it("puts early warnings first, then blockers with bars, changes and examples, then what helped", async () => {
    // Prepare
    const digest = await busyWeek();

    // Act
    const reply = renderDigest(digest);

    // Assess
    const headings = reply.blocks.filter((b) => b.type === "heading").map((b) => b.text);
    expect(headings).toEqual([
      "Pathfinder weekly digest: 16 to 22 November 2026",
      "Early warnings",
      "Most common blockers",
      "What helped",
      "Questions we could not answer yet",
      "Introductions",
    ]);
    const body = texts(reply.blocks);
    expect(body).toContain("*Staff and unions*: 9 reports, 3x the usual.");
    expect(body).toContain("████████████ 9 reports · up 6 on last week · usually 3 a week");
    expect(body).toContain("1 resolved");
    expect(body).toContain("1 blocker marked resolved.");
    expect(body).toContain("“Reps fear privatisation by the back door.”");
    expect(body).toContain("“The union came round after a joint workshop.”");
    expect(body).toContain("12 questions asked; 3 without a good answer in the knowledge base.");
    expect(body).toContain("HR, TUPE and pensions (2)");
    expect(body).toContain("5 introductions to ambassadors and peers made; 3 accepted.");
    expect(reply.visibility).toBe("public");
    expect(reply.text).toContain("Early warning: Staff and unions: 9 reports, 3x the usual");
  });

  it("offers 'Talk to an ambassador' on each top blocker, carrying the category id", async () => {
    const reply = renderDigest(await busyWeek());
    const items = reply.blocks.find((b) => b.type === "items");
    const actions = items?.type === "items" ? items.items.map((i) => i.actions?.[0]) : [];
    expect(actions.map((a) => a?.value)).toEqual(["staff-unions", "procurement", "funding", undefined]);
    expect(actions[0]).toEqual({
      id: "ambassador.request",
      label: "Talk to an ambassador",
      value: "staff-unions",
    });
  });

  it("says an empty week in one friendly line instead of an empty table", async () => {
    const digest = await buildDigest(fakeStats({}), "2026-W47", { now: NOW });
    const reply = renderDigest(digest, "private");
    expect(reply.blocks).toHaveLength(1);
    expect(reply.blocks[0]).toMatchObject({ type: "text" });
    expect(reply.text).toMatch(/^A quiet week on Pathfinder \(16 to 22 November 2026\)/);
    expect(reply.visibility).toBe("private");
  });

  it("says a week in progress is partial, even when nothing has happened yet", async () => {
    const digest = await buildDigest(fakeStats({}), "2026-W47", { now: new Date("2026-11-17T10:00:00Z") });
    const reply = renderDigest(digest, "private");
    expect(reply.text).toMatch(/^Nothing yet this week on Pathfinder \(16 to 22 November 2026, so far\)/);
    expect(reply.text).not.toContain("next Monday");
  });

  it("regression (issue 17.4): words commands in the reply model's *bold*, never raw Markdown backticks", async () => {
    for (const now of [NOW, new Date("2026-11-17T10:00:00Z")]) {
      const reply = renderDigest(await buildDigest(fakeStats({}), "2026-W47", { now }), "private");
      expect(reply.text).toContain("*blocker*");
      expect(JSON.stringify(reply)).not.toContain("`");
    }
  });

  it("counts resolutions in categories with no new reports this week in the summary", async () => {
    const digest = await buildDigest(
      fakeStats({ "2026-W47": { reports: { funding: 1 }, resolved: { procurement: 2 } } }),
      "2026-W47",
      { now: NOW },
    );
    expect(texts(renderDigest(digest).blocks)).toContain("2 blockers marked resolved.");
  });

  it("leaves out sections with nothing to say", async () => {
    const digest = await buildDigest(fakeStats({ "2026-W47": { reports: { funding: 1 } } }), "2026-W47", {
      now: NOW,
    });
    const reply = renderDigest(digest);
    const headings = reply.blocks.filter((b) => b.type === "heading").map((b) => b.text);
    expect(headings).toEqual(["Pathfinder weekly digest: 16 to 22 November 2026", "Most common blockers"]);
  });
});

describe("textBar", () => {
  it("scales to the largest count in eighths and never hides a non-zero count", () => {
    expect(textBar(10, 10, 4)).toBe("████");
    expect(textBar(5, 10, 4)).toBe("██");
    expect(textBar(1, 16, 4)).toBe("▎");
    expect(textBar(1, 1000, 4)).toBe("▏");
    expect(textBar(0, 10, 4)).toBe("");
  });
});

describe("wording", () => {
  it("says changes and the usual in plain words", () => {
    expect(describeChange(5, 2)).toBe("up 3 on last week");
    expect(describeChange(2, 5)).toBe("down 3 on last week");
    expect(describeChange(4, 4)).toBe("same as last week");
    expect(describeUsual(0)).toBe("none in the four weeks before");
    expect(describeUsual(2.5)).toBe("usually 2.5 a week");
  });
});
