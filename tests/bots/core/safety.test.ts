/** Trust and safety in the chat core, over in-memory peer services (no Java): issues 13, 16 and 17. */
import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import { EXPIRED_BUTTON } from "../../../bots/core/feature.ts";
import { ACTIONS } from "../../../bots/core/registry.ts";
import { textReply } from "../../../bots/core/replies.ts";
import type { MessageRequest } from "../../../bots/core/reply.ts";
import type { UserRef } from "../../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { fakeKnowledge } from "./support/fake-knowledge.ts";
import { allText, button, press } from "./support/requests.ts";

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

describe("export and erase in chat", () => {
  it("exports a readable summary with dates and right plurals, and attaches the full JSON (issue 16)", async () => {
    // Prepare
    const { core } = setup();
    await core.handleMessage(say(asha, "blocker unison is balloting over the transfer"));

    // Act
    const exported = await core.handleMessage(say(asha, "export"));

    // Assess
    const [reply] = exported.replies;
    const text = allText(exported);
    expect(reply?.text).toBe(
      "Pathfinder holds 1 blocker report, no introductions, no feedback ratings, no ambassador profiles and no digest subscriptions made by slack user U0ASHA (exported 3 February 2026).",
    );
    expect(text).toContain("Blocker reports (1)");
    expect(text).toMatch(
      /- 3 February 2026, Staff and unions[^"]*, open: \\"unison is balloting over the transfer\\"/,
    );
    expect(text).toContain("Expires 5 March 2027.");
    expect(text).not.toContain("(s)");
    expect(reply?.attachment).toMatchObject({
      filename: "pathfinder-export-2026-02-03.json",
      mediaType: "application/json",
    });
    const file = JSON.parse(reply?.attachment?.content ?? "{}") as {
      reports: { text: string; expiresAt: string }[];
    };
    expect(file.reports[0]?.text).toBe("unison is balloting over the transfer");
    expect(file.reports[0]?.expiresAt).toBe("2027-03-05T10:00:00.000Z");
  });

  it("erases again after a new blocker is logged the same day, and says how many records with a right plural", async () => {
    // Prepare
    const { core, peer } = setup();
    await core.handleMessage(say(asha, "blocker unison is balloting over the transfer"));
    const first = await core.handleAction({
      actor: asha,
      actionId: "privacy.erase.confirm",
      value: button(await core.handleMessage(say(asha, "forget-me")), "privacy.erase.confirm").value,
      conversation: { id: "D0", kind: "personal" },
      eventId: `act${++seq}`,
    });
    await core.handleMessage(say(asha, "blocker the finance director will not sign the business case"));

    // Act
    const second = await core.handleAction({
      actor: asha,
      actionId: "privacy.erase.confirm",
      value: "erase",
      conversation: { id: "D0", kind: "personal" },
      eventId: `act${++seq}`,
    });

    // Assess
    expect(first.replies[0]?.text).toBe("Done. I erased 1 record about you. Anonymous weekly counts remain.");
    expect(second.replies[0]?.text).toBe(
      "Done. I erased 1 record about you. Anonymous weekly counts remain.",
    );
    expect(await peer.obstacles.listForUser(asha)).toEqual([]);
  });
});

describe("user ids in idempotency keys (issue 13 item 12)", () => {
  it("regression: keys a feedback press without the raw user id, and still once per person", async () => {
    // Prepare: record the keys the core hands the feedback log.
    const { peer, core } = setup();
    const keys: string[] = [];
    const record = peer.feedback.record;
    peer.feedback.record = (input) => {
      keys.push(input.idempotencyKey);
      return record(input);
    };
    const answer = await core.handleMessage({
      ...say(asha, "how do we win over councillors?"),
      mode: "chat",
    });
    const helpful = button(answer, "feedback.helpful");

    // Act: Asha presses twice (a double click), Ben once.
    await core.handleAction(press(helpful, { actor: asha }));
    await core.handleAction(press(helpful, { actor: asha }));
    await core.handleAction(press(helpful, { actor: ben }));

    // Assess
    expect(keys.length).toBe(3);
    for (const key of keys) {
      expect(key).not.toContain(asha.userId);
      expect(key).not.toContain(ben.userId);
    }
    const rated = async (user: UserRef) =>
      (await peer.privacy.export(user)).feedback.filter((f) => f.answerId === helpful.value).length;
    expect([await rated(asha), await rated(ben)]).toEqual([1, 1]);
  });
});

describe("button values (issue 13 item 13)", () => {
  const ids = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[];
  const forged = [
    ["3,000 characters", "x".repeat(3000)],
    ["control characters and separators", "a|b|c\u0000,\u202e"],
  ] as const;

  it.each(ids)(
    "regression: %s answers a forged value with a sentence, before touching anything",
    async (id) => {
      // Prepare
      const { peer, core } = setup();

      for (const [, value] of forged) {
        // Act
        const reply = await core.handleAction({
          actor: asha,
          actionId: id,
          value,
          conversation: { id: "D0", kind: "personal" },
          eventId: `act${++seq}`,
        });

        // Assess
        expect(reply.replies).toHaveLength(1);
        expect(reply.replies[0]?.text).toBe(EXPIRED_BUTTON.replaceAll("*", ""));
        expect(reply.outbox).toEqual([]);
      }
      expect((await peer.privacy.export(asha)).reports).toEqual([]);
    },
  );

  it("still runs a press whose value has the shape its button makes", async () => {
    // Prepare: a real answer's feedback button.
    const { core } = setup();
    const answer = await core.handleMessage({
      ...say(asha, "how do we win over councillors?"),
      mode: "chat",
    });

    // Act
    const rated = await core.handleAction(press(button(answer, "feedback.helpful"), { actor: asha }));

    // Assess
    expect(rated.replies[0]?.text).toMatch(/Thanks for the feedback/);
  });
});
