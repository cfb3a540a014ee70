import { describe, expect, it } from "vitest";
import {
  ambassadorLabel,
  ambassadorStatus,
  availabilityOf,
  describeStatus,
  directoryEntry,
} from "../../peer/availability.ts";
import type { Ambassador } from "../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

// 10 March 2026, midday in London.
const now = new Date("2026-03-10T12:00:00Z");

function ambassador(overrides: Partial<Ambassador> = {}): Ambassador {
  return {
    id: "tom",
    displayName: "Tom Price",
    categories: ["procurement"],
    serviceAreas: [],
    monthlyCapacity: 3,
    ...overrides,
  };
}

describe("one ambassador status", () => {
  it("is active with this month's count, at capacity at the limit, snoozed or away until a date", () => {
    expect(
      availabilityOf(ambassador({ introductionsByMonth: { "2026-03": 1, "2026-02": 9 } }), now).label,
    ).toBe("active (1/3 this month)");
    expect(availabilityOf(ambassador({ introductionsByMonth: { "2026-03": 3 } }), now).label).toBe(
      "at capacity (3/3 this month)",
    );
    expect(availabilityOf(ambassador({ snoozedUntil: "2026-03-10" }), now).label).toBe(
      "snoozed until 2026-03-10",
    );
    expect(availabilityOf(ambassador({ snoozedUntil: "2026-03-09" }), now).kind).toBe("active");
    expect(
      availabilityOf(ambassador({ awayUntil: "2027-01-10", snoozedUntil: "2026-04-01" }), now).label,
    ).toBe("away until 2027-01-10");
  });

  it('regression: capacity 0 is "at capacity (0/0 this month)", never "Available"', () => {
    const status = ambassadorStatus(ambassador({ monthlyCapacity: 0 }), now);
    expect(describeStatus(status)).toBe("at capacity (0/0 this month)");
    expect(directoryEntry(ambassador({ monthlyCapacity: 0 }), now)).toMatchObject({
      status: "at capacity (0/0 this month)",
      statusKind: "at-capacity",
    });
  });

  it('labels a sample ambassador "(sample)" exactly once', () => {
    expect(ambassadorLabel({ displayName: "Amara Okafor (sample)", sample: true })).toBe(
      "Amara Okafor (sample)",
    );
    expect(ambassadorLabel({ displayName: "Amara Okafor (Sample data)", sample: true })).toBe(
      "Amara Okafor (sample)",
    );
    expect(ambassadorLabel({ displayName: "Amara Okafor", sample: true })).toBe("Amara Okafor (sample)");
    expect(ambassadorLabel({ displayName: "Amara Okafor" })).toBe("Amara Okafor");
  });

  it("is what matching honours: an away ambassador is not offered until the day after", async () => {
    const peer = createInMemoryPeerServices({ now: () => now });
    await peer.ambassadors.put(ambassador());
    await peer.ambassadors.setAway("tom", "2026-03-12");
    const away = await peer.ambassadors.match({ categories: ["procurement"] });
    const later = await peer.ambassadors.match({
      categories: ["procurement"],
      now: new Date("2026-03-13T09:00:00Z"),
    });
    expect(away).toEqual([]);
    expect(later.map((m) => m.ambassador.id)).toEqual(["tom"]);
  });
});
