import { describe, expect, it } from "vitest";
import { buildHomeView } from "../../bots/slack/home.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

const now = new Date("2026-12-01T10:00:00Z");

describe("App Home for an ambassador", () => {
  it("shows their status in the same words as the CLI and the directory, and nothing for others", async () => {
    // Prepare
    const peer = createInMemoryPeerServices({ now: () => now });
    await peer.ambassadors.put({
      id: "amara",
      displayName: "Amara Okafor (sample)",
      slackUserId: "U0AMARA1",
      categories: ["procurement"],
      serviceAreas: [],
      monthlyCapacity: 0,
      sample: true,
    });

    // Act
    const mine = JSON.stringify(await buildHomeView(peer, { platform: "slack", userId: "U0AMARA1" }, now));
    const other = JSON.stringify(await buildHomeView(peer, { platform: "slack", userId: "U0OTHER1" }, now));

    // Assess
    expect(mine).toContain("*Amara Okafor (sample)*: at capacity (0/0 this month)");
    expect(mine).not.toContain("(sample) (sample");
    expect(other).not.toContain("You as an ambassador");
  });
});
