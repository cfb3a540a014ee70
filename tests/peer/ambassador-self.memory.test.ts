import { describe, expect, it } from "vitest";
import { loadThisMonth, makeAmbassadorSelfService } from "../../peer/ambassador-self.ts";
import { describeStatus } from "../../peer/availability.ts";
import { AmbassadorValidationError, NotAllowedError } from "../../peer/errors.ts";
import type { Introduction } from "../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

const now = new Date("2026-12-01T10:00:00Z");
const tom = { platform: "slack", userId: "U0TOM1" } as const;

async function setUp() {
  const peer = createInMemoryPeerServices({ now: () => now });
  await peer.ambassadors.put({
    id: "tom",
    displayName: "Tom Price",
    slackUserId: "U0TOM1",
    categories: ["procurement"],
    serviceAreas: [],
    monthlyCapacity: 2,
  });
  return { peer, self: makeAmbassadorSelfService({ ambassadors: peer.ambassadors, now: () => now }) };
}

describe("ambassadors managing themselves", () => {
  it("away, back and capacity change the profile and matching at once", async () => {
    const { peer, self } = await setUp();

    const away = await self.away(tom, "2027-01-10");
    const whileAway = await peer.ambassadors.match({ categories: ["procurement"] });
    const back = await self.back(tom);
    const zero = await self.capacity(tom, "0");
    const whileFull = await peer.ambassadors.match({ categories: ["procurement"] });
    const three = await self.capacity(tom, "3");

    expect(describeStatus(away.status)).toBe("away until 2027-01-10");
    expect(whileAway).toEqual([]);
    expect(describeStatus(back.status)).toBe("active (0/2 this month)");
    expect(describeStatus(zero.status)).toBe("at capacity (0/0 this month)");
    expect(whileFull).toEqual([]);
    expect(describeStatus(three.status)).toBe("active (0/3 this month)");
    expect(
      (await peer.ambassadors.match({ categories: ["procurement"] })).map((m) => m.ambassador.id),
    ).toEqual(["tom"]);
  });

  it("keeps the away date when a coordinator re-saves the profile", async () => {
    const { peer, self } = await setUp();
    await self.away(tom, "2027-01-10");
    const profile = await peer.ambassadors.get("tom");
    if (!profile) throw new Error("missing");
    await peer.ambassadors.put({ ...profile, bio: "Led a leisure trust's tender." });
    expect((await peer.ambassadors.get("tom"))?.awayUntil).toBe("2027-01-10");
  });

  it("refuses bad dates, past dates, bad numbers, and people who are not ambassadors, clearly", async () => {
    const { self } = await setUp();
    await expect(self.away(tom, "10/01/2027")).rejects.toThrow(AmbassadorValidationError);
    await expect(self.away(tom, "2026-11-30")).rejects.toThrow(/has passed/);
    await expect(self.capacity(tom, "three")).rejects.toThrow(/whole number from 0 to 100/);
    await expect(self.capacity(tom, "-1")).rejects.toThrow(/whole number/);
    await expect(self.back({ platform: "slack", userId: "U0SOMEONE" })).rejects.toThrow(NotAllowedError);
    await expect(self.back({ platform: "teams", userId: "U0TOM1" })).rejects.toThrow(
      /not in the ambassador directory/,
    );
  });

  it("counts load this month per ambassador: requests and acceptances", () => {
    const intro = (
      id: string,
      targetId: string,
      status: Introduction["status"],
      createdAt: string,
    ): Introduction => ({
      id,
      kind: "ambassador",
      asker: { platform: "slack", userId: "U0ASKER" },
      targetId,
      topic: "procurement",
      status,
      createdAt,
      updatedAt: createdAt,
    });
    const load = loadThisMonth(
      [
        intro("1", "tom", "proposed", "2026-12-01T09:00:00Z"),
        intro("2", "tom", "accepted", "2026-12-01T09:30:00Z"),
        intro("3", "tom", "done", "2026-11-20T09:30:00Z"),
        intro("4", "amara", "declined", "2026-12-01T08:00:00Z"),
        { ...intro("5", "report-1", "accepted", "2026-12-01T08:00:00Z"), kind: "peer" },
      ],
      now,
    );
    expect(Object.fromEntries(load)).toEqual({
      tom: { requested: 2, accepted: 1 },
      amara: { requested: 1, accepted: 0 },
    });
  });
});
