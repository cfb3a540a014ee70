import { describe, expect, it } from "vitest";
import { classifyText } from "../../knowledge/classify.ts";
import { rankAmbassadors } from "../../peer/match-ambassadors.ts";
import type { Ambassador } from "../../peer/ports.ts";

const now = new Date("2026-03-10T12:00:00Z");

const context = { now, classify: classifyText };

function ambassador(overrides: Partial<Ambassador> & { id: string }): Ambassador {
  return {
    displayName: overrides.id,
    categories: ["hr-tupe-pensions"],
    serviceAreas: [],
    monthlyCapacity: 2,
    ...overrides,
  };
}

describe("rankAmbassadors", () => {
  it("puts topic fit first, then service area, then region, and explains the match", () => {
    const directory = [
      ambassador({
        id: "near-but-off-topic",
        categories: ["funding"],
        serviceAreas: ["adult social care"],
        region: "North West",
      }),
      ambassador({ id: "on-topic", region: "London" }),
      ambassador({ id: "on-topic-same-area", serviceAreas: ["adult social care"], helpedCount: 3 }),
      ambassador({
        id: "on-topic-same-area-region",
        serviceAreas: ["adult social care"],
        region: "North West",
      }),
    ];
    const matches = rankAmbassadors(
      directory,
      {
        text: "How do we move staff pensions across under TUPE?",
        serviceArea: "Adult social care",
        region: "north west",
        now,
      },
      context,
    );
    expect(matches.map((m) => m.ambassador.id)).toEqual([
      "on-topic-same-area-region",
      "on-topic-same-area",
      "on-topic",
    ]);
    expect(matches[0]?.reason).toBe("knows HR, TUPE and pensions; adult social care; North West");
    expect(matches[1]?.reason).toBe("helped 3 others with HR, TUPE and pensions; adult social care");
  });

  it("with no topic, ranks by fairness and says what each covers, not a topic they lack (issue 17 item 9)", () => {
    // Prepare
    const directory = [
      ambassador({ id: "recent", categories: ["funding"], lastIntroducedAt: "2026-03-01T00:00:00Z" }),
      ambassador({ id: "never", categories: ["legal-governance", "funding"] }),
      ambassador({ id: "full", monthlyCapacity: 1, introductionsByMonth: { "2026-03": 1 } }),
    ];

    // Act
    const matches = rankAmbassadors(directory, { now }, context);

    // Assess
    expect(matches.map((m) => m.ambassador.id)).toEqual(["never", "recent"]);
    expect(matches.map((m) => m.reason)).toEqual([
      "available this month; covers Legal form and governance and Start-up funding and investment",
      "available this month; covers Start-up funding and investment",
    ]);
  });

  it("skips snoozed ambassadors, those at capacity this month, and the asker", () => {
    const directory = [
      ambassador({ id: "snoozed", snoozedUntil: "2026-03-10" }),
      ambassador({ id: "woke", snoozedUntil: "2026-03-09" }),
      ambassador({ id: "full", monthlyCapacity: 1, introductionsByMonth: { "2026-03": 1 } }),
      ambassador({ id: "full-last-month", monthlyCapacity: 1, introductionsByMonth: { "2026-02": 1 } }),
      ambassador({ id: "asker", slackUserId: "U0ASKER1" }),
    ];
    const matches = rankAmbassadors(
      directory,
      {
        categories: ["hr-tupe-pensions"],
        asker: { platform: "slack", userId: "U0ASKER1" },
        limit: 10,
        now,
      },
      context,
    );
    expect(matches.map((m) => m.ambassador.id).sort()).toEqual(["full-last-month", "woke"]);
  });

  it("spreads introductions: among equals, the least recently introduced comes first", () => {
    const directory = [
      ambassador({ id: "busy", lastIntroducedAt: "2026-03-09T10:00:00Z" }),
      ambassador({ id: "never" }),
      ambassador({ id: "a-while-ago", lastIntroducedAt: "2026-01-02T10:00:00Z" }),
    ];
    const matches = rankAmbassadors(directory, { categories: ["hr-tupe-pensions"], limit: 3, now }, context);
    expect(matches.map((m) => m.ambassador.id)).toEqual(["never", "a-while-ago", "busy"]);
  });

  it("offers nobody for a known topic no ambassador covers", () => {
    expect(rankAmbassadors([ambassador({ id: "x" })], { categories: ["procurement"], now }, context)).toEqual(
      [],
    );
  });
});
