/**
 * "Can I speak to a human?" in a bot (issue 11, round 13): the reply says Pathfinder is a bot and where the people
 * are, with the decline's way to an ambassador, read by the real knowledge base.
 */
import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import { loadRoles } from "../../../config/roles.ts";
import { PERSON_MESSAGE } from "../../../knowledge/compose-extractive.ts";
import { loadKnowledgeBase } from "../../../knowledge/index.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { allText, button, message } from "./support/requests.ts";

describe("a person asked for in a bot", () => {
  it("gets the way to an ambassador: the reply of its own, the Talk to an ambassador button, and who has time", async () => {
    // Arrange
    const now = () => new Date("2026-12-01T10:00:00Z");
    const peer = createInMemoryPeerServices({ now });
    await peer.ambassadors.put({
      id: "janet",
      displayName: "Janet Price",
      slackUserId: "U0JANET",
      categories: ["staff-unions"],
      serviceAreas: ["adult social care"],
      monthlyCapacity: 2,
    });
    const core = createCore({
      knowledge: loadKnowledgeBase(),
      peer,
      digest: { preview: async () => ({ text: "", blocks: [], visibility: "private" }) },
      now,
      roles: loadRoles({}),
    });

    // Act
    const result = await core.handleMessage(message("can I speak to a real person?"));

    // Assess
    expect(result.replies[0]?.text).toBe(PERSON_MESSAGE);
    expect(button(result, "ambassador.request").label).toBe("Talk to an ambassador");
    expect(allText(result)).toContain("Janet Price");
  });
});
