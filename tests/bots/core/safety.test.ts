/** Trust and safety in the chat core, over in-memory peer services (no Java): issues 13, 16 and 17. */
import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import { textReply } from "../../../bots/core/replies.ts";
import type { MessageRequest } from "../../../bots/core/reply.ts";
import type { UserRef } from "../../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { fakeKnowledge } from "./support/fake-knowledge.ts";
import { allText, button } from "./support/requests.ts";

const now = new Date("2026-02-03T10:00:00Z");
let seq = 0;

function setup() {
  const peer = createInMemoryPeerServices({ hashKey: "k", now: () => now });
  const core = createCore({
    knowledge: fakeKnowledge(),
    peer,
    digest: { preview: async () => textReply("digest") },
    now: () => now,
  });
  return { peer, core };
}

function say(actor: UserRef, text: string): MessageRequest {
  return {
    actor,
    text,
    conversation: { id: "D0", kind: "personal" },
    eventId: `Ev${++seq}`,
    mode: "command",
  };
}

const asha: UserRef = { platform: "slack", userId: "U0ASHA" };
const ben: UserRef = { platform: "slack", userId: "U0BEN" };

describe("blocker replies", () => {
  it("counts other people's reports in \"You're not alone\", not the reporter's own earlier one (issue 17 item 2)", async () => {
    // Prepare: Asha has already reported a union obstacle this week; nobody else has
    const { core } = setup();
    await core.handleMessage(say(asha, "blocker unison is balloting over the transfer"));

    // Act: Asha reports a second one, then Ben reports one
    const second = await core.handleMessage(say(asha, "blocker the union reps refuse to meet us"));
    const bens = await core.handleMessage(say(ben, "blocker the trade union opposes the spin-out"));

    // Assess
    expect(allText(second)).toMatch(/Logged as \*Staff and unions\*/);
    expect(allText(second)).not.toMatch(/not alone/);
    expect(allText(bens)).toMatch(/You're not alone: 2 reports from other people this week\./);
  });

  it("shows the reporter the scrubbed text a digest quote would show before they agree (issue 13 item 6)", async () => {
    // Prepare
    const { core } = setup();

    // Act
    const logged = await core.handleMessage(
      say(asha, "blocker My manager Sarah Jones refuses to release the TUPE list, ring 0044 7700 900123"),
    );

    // Assess
    expect(button(logged, "blocker.consent").value).toMatch(/quote$/);
    const text = allText(logged);
    expect(text).toContain(
      `the digest would show: \\"My manager [name] refuses to release the TUPE list, ring [phone]\\"`,
    );
    expect(text).not.toContain("Sarah");
    expect(text).not.toContain("7700");
  });
});
