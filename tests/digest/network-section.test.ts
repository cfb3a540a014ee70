/**
 * The digest's "Answered by the network this week" (issue 15): questions answered and cards saved this week by
 * topic, and open questions waiting more than 3 working days; absent when the network had nothing to say.
 */
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../digest/build.ts";
import { renderDigest } from "../../digest/render.ts";
import type { Actor, ThreadPlace } from "../../peer/network-ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

const editor: Actor = { user: { platform: "slack", userId: "U0EDITOR" }, editor: true };
const place: ThreadPlace = { platform: "slack", conversationId: "C0AMB", threadId: "1.1" };
const WEEK = "2026-W49"; // Monday 30 November to Sunday 6 December 2026

function textOf(reply: ReturnType<typeof renderDigest>): string {
  return reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
}

describe("the digest's network section", () => {
  it("counts questions answered and cards saved this week by topic, and lists questions waiting too long", async () => {
    let now = new Date("2026-11-23T10:00:00Z"); // the Monday before
    const peer = createInMemoryPeerServices({ now: () => now });
    const waiting = await peer.network.ask({
      asker: { platform: "slack", userId: "U0A" },
      text: "How do we keep staff pensions on transfer?",
      named: false,
      idempotencyKey: "q1",
    });
    now = new Date("2026-12-01T10:00:00Z");
    const answered = await peer.network.ask({
      asker: { platform: "slack", userId: "U0B" },
      text: "How do we get the unions on board?",
      named: false,
      idempotencyKey: "q2",
    });
    await peer.network.recordPost(answered.question.id, place);
    await peer.network.answer({ by: editor.user, place, text: "Meet them early.", idempotencyKey: "a1" });
    const { card } = await peer.community.propose({
      actor: editor,
      question: "How do we get the unions on board?",
      answer: "Meet them early, and often.",
      topic: "staff-unions",
    });
    await peer.community.approve(card.id, editor);
    now = new Date("2026-12-07T09:00:00Z"); // Monday's run

    const digest = await buildDigest(peer.stats, WEEK, { now, network: peer });
    const text = textOf(renderDigest(digest));

    expect(digest.empty).toBe(false);
    expect(digest.network).toEqual({
      answered: [{ category: "staff-unions", label: "Staff and unions", count: 1 }],
      cardsSaved: [{ category: "staff-unions", label: "Staff and unions", count: 1 }],
      waiting: [{ topic: "HR, TUPE and pensions", text: waiting.question.text, waitingDays: 13 }],
    });
    expect(text).toContain("Answered by the network this week");
    expect(text).toContain("1 question answered by ambassadors: Staff and unions (1).");
    expect(text).toContain("1 answer saved to Pathfinder for the next person: Staff and unions (1).");
    expect(text).toContain("*HR, TUPE and pensions*, 13 days: “How do we keep staff pensions on transfer?”");
  });

  it("adds nothing when the network had nothing this week, or was not given", async () => {
    const now = new Date("2026-12-07T09:00:00Z");
    const peer = createInMemoryPeerServices({ now: () => now });

    const withNetwork = await buildDigest(peer.stats, WEEK, { now, network: peer });
    const without = await buildDigest(peer.stats, WEEK, { now });

    expect(withNetwork.network).toEqual({ answered: [], cardsSaved: [], waiting: [] });
    expect(withNetwork.empty).toBe(true);
    expect(without.network).toBeUndefined();
    expect(textOf(renderDigest(withNetwork))).not.toContain("Answered by the network");
  });
});
