import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import { loadRoles } from "../../../config/roles.ts";
import type { Ambassador } from "../../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { fakeKnowledge } from "./support/fake-knowledge.ts";
import { allText, button, message, press } from "./support/requests.ts";

const now = new Date("2026-12-01T10:00:00Z");
const tom = { platform: "slack" as const, userId: "U0TOM1", displayName: "Tom" };
const coordinator = { platform: "slack" as const, userId: "U0COORD1", displayName: "Chris" };
const tomProfile: Ambassador = {
  id: "tom",
  displayName: "Tom Price",
  slackUserId: "U0TOM1",
  categories: ["procurement"],
  serviceAreas: ["leisure"],
  monthlyCapacity: 2,
};

async function setUp() {
  const peer = createInMemoryPeerServices({ now: () => now });
  await peer.ambassadors.put(tomProfile);
  const core = createCore({
    knowledge: fakeKnowledge([]),
    peer,
    digest: { preview: async () => ({ text: "", blocks: [], visibility: "private" }) },
    now: () => now,
    roles: loadRoles({ PATHFINDER_COORDINATORS: "slack:U0COORD1, teams:29:abc" }),
  });
  return { peer, core };
}

describe("ambassadors managing themselves in chat", () => {
  it("away, back and capacity change what matching offers at once, in the status words used everywhere", async () => {
    const { peer, core } = await setUp();
    const match = async () => (await peer.ambassadors.match({ categories: ["procurement"] })).length;

    const away = await core.handleMessage(message("away until 2027-01-10", { actor: tom }));
    const whileAway = await match();
    const back = await core.handleMessage(message("back", { actor: tom, mode: "command" }));
    const afterBack = await match();
    const capacity = await core.handleMessage(message("capacity 0", { actor: tom }));

    expect(away.replies[0]?.text).toContain("You are now away until 2027-01-10");
    expect(whileAway).toBe(0);
    expect(back.replies[0]?.text).toContain("active (0/2 this month)");
    expect(afterBack).toBe(1);
    expect(capacity.replies[0]?.text).toContain("at capacity (0/0 this month)");
    expect(await match()).toBe(0);
  });

  it("tells someone who is not an ambassador how to become one, and treats other chat text as a question", async () => {
    const { core } = await setUp();
    const notOne = await core.handleMessage(message("back", { actor: coordinator, mode: "command" }));
    const question = await core.handleMessage(
      message("my council wants to spin out leisure", { actor: tom }),
    );
    const badDate = await core.handleMessage(
      message("away until next week", { actor: tom, mode: "command" }),
    );

    expect(notOne.replies[0]?.text).toMatch(/not in the ambassador directory/);
    expect(allText(question)).not.toMatch(/my introductions/);
    expect(badDate.replies[0]?.text).toBe("Write it as /pathfinder away until 2027-01-10.");
  });

  it("my introductions lists requests waiting with Accept/Decline, and accepting works from there", async () => {
    const { peer, core } = await setUp();
    const asker = { platform: "slack" as const, userId: "U0ASKER9" };
    const { introduction } = await peer.introductions.propose({
      asker,
      kind: "ambassador",
      targetId: "tom",
      topic: "procurement",
      note: "Re-tender in 2027",
      idempotencyKey: "ev-intro-1",
    });

    const mine = await core.handleMessage(message("my introductions", { actor: tom }));
    const accepted = await core.handleAction(press(button(mine, "intro.accept"), { actor: tom }));
    const after = await core.handleMessage(message("my introductions", { actor: tom }));

    expect(allText(mine)).toContain("Waiting for you (1)");
    expect(button(mine, "intro.decline").value).toBe(introduction.id);
    expect(accepted.replies.length).toBeGreaterThan(0);
    expect((await peer.introductions.get(introduction.id))?.status).toBe("accepted");
    expect(allText(after)).toContain("Waiting for you (0)");
    expect(allText(after)).toContain("Asked of you: accepted");
  });
});

describe("coordinators in chat", () => {
  it("lists ambassadors with status and this month's load, adds, snoozes and removes", async () => {
    const { peer, core } = await setUp();
    await peer.introductions.propose({
      asker: { platform: "slack", userId: "U0ASKER9" },
      kind: "ambassador",
      targetId: "tom",
      topic: "procurement",
      idempotencyKey: "ev-load-1",
    });
    const intro = (await peer.introductions.listForUser({ platform: "slack", userId: "U0TOM1" }))[0];
    if (!intro) throw new Error("no introduction");
    await peer.introductions.setStatus(intro.id, "accepted", { platform: "slack", userId: "U0TOM1" });
    const as = (text: string) => core.handleMessage(message(text, { actor: coordinator, mode: "command" }));

    const added = await as(
      "ambassadors add Amara Okafor, topics: hr-tupe-pensions;staff-unions, slack: U0AMARA1, capacity: 3, id: amara",
    );
    const snoozed = await as("ambassadors snooze amara until 2027-02-01");
    const list = await as("ambassadors list");
    const removed = await as("ambassadors remove amara");

    expect(added.replies[0]?.text).toBe("Added Amara Okafor (amara).");
    expect(snoozed.replies[0]?.text).toBe("Amara Okafor is now snoozed until 2027-02-01.");
    expect(allText(list)).toContain("Tom Price: active (1/2 this month)");
    expect(allText(list)).toContain("tom · this month 1 request, 1 accepted");
    expect(allText(list)).toContain("Amara Okafor: snoozed until 2027-02-01");
    expect(removed.replies[0]?.text).toBe("Removed amara.");
    expect(await peer.ambassadors.get("amara")).toBeUndefined();
  });

  it("refuses people who are not coordinators, and names bad fields", async () => {
    const { core } = await setUp();
    const refused = await core.handleMessage(message("ambassadors list", { actor: tom, mode: "command" }));
    const bad = await core.handleMessage(
      message("ambassadors add Sam, topics: tupe, colour: blue", { actor: coordinator, mode: "command" }),
    );
    expect(refused.replies[0]?.text).toMatch(/^Only coordinators can manage the ambassador directory/);
    expect(bad.replies[0]?.text).toMatch(/unknown "colour"/);
    const mentor = await core.handleMessage(
      message("ambassadors procurement", { actor: tom, mode: "command" }),
    );
    expect(allText(mentor)).not.toMatch(/Only coordinators/);
  });

  it("parses PATHFINDER_COORDINATORS strictly", () => {
    expect(
      loadRoles({ PATHFINDER_COORDINATORS: "teams:29:abc" }).isCoordinator({
        platform: "teams",
        userId: "29:abc",
      }),
    ).toBe(true);
    expect(loadRoles({}).coordinatorCount).toBe(0);
    expect(() => loadRoles({ PATHFINDER_COORDINATORS: "U0123" })).toThrow(
      /"U0123" must be slack:<user id> or teams:<user id>/,
    );
  });
});
