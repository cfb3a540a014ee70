import { beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import type { CoreResult, MessageRequest, Reply } from "../../../bots/core/reply.ts";
import type { GuideTopic } from "../../../knowledge/types.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { fakeKnowledge, PENSIONS_CITATION } from "./support/fake-knowledge.ts";

let t: MemoryPathfinder;
let seq = 0;

const GUIDE: GuideTopic[] = [
  {
    topic: "hr-tupe-pensions",
    label: "HR, TUPE and pensions",
    cards: [
      { id: "card-1", title: "Will staff keep their pensions?" },
      { id: "card-2", title: "What TUPE protects" },
    ],
  },
  {
    topic: "staff-unions",
    label: "Staff and unions",
    cards: [{ id: "card-3", title: "Talking to the unions" }],
  },
];

function message(text: string, extra: Partial<MessageRequest> = {}): MessageRequest {
  return {
    actor: { platform: "slack", userId: "U0GUIDE" },
    text,
    conversation: { id: "C0GUIDE", kind: "channel" },
    eventId: `EvG${++seq}`,
    mode: "command",
    ...extra,
  };
}

function allText(result: CoreResult): string {
  return result.replies
    .map((r: Reply) => [r.text, ...r.blocks.map((b) => JSON.stringify(b))].join("\n"))
    .join("\n");
}

beforeAll(async () => {
  t = createMemoryPathfinder();
});

function coreWith(guide: GuideTopic[]) {
  return createCore({ knowledge: fakeKnowledge(guide), peer: t.app.peer, digest: t.app.digest, now: t.now });
}

describe("guide", () => {
  it("lists the guide's topics and their cards, saying how to ask for a brief", async () => {
    // Act
    const result = await coreWith(GUIDE).handleMessage(message("guide"));

    // Assess
    const text = allText(result);
    expect(text).toMatch(/HR, TUPE and pensions/);
    expect(text).toMatch(/Will staff keep their pensions\?/);
    expect(text).toMatch(/Talking to the unions/);
    expect(text).toMatch(/\/pathfinder guide hr-tupe-pensions/);
    expect(result.replies[0]?.visibility).toBe("private");
  });

  it("gives a topic's brief rendered like an answer: cited, with feedback and a person", async () => {
    // Act
    const result = await coreWith(GUIDE).handleMessage(message("guide pensions"));

    // Assess
    const [reply] = result.replies;
    expect(reply?.text).toBe("Brief for your director on HR, TUPE and pensions [1]");
    expect(reply?.blocks).toContainEqual({ type: "citations", citations: [PENSIONS_CITATION] });
    expect(reply?.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.id) : []))).toEqual([
      "feedback.helpful",
      "feedback.unhelpful",
      "ambassador.request",
    ]);
    expect(reply?.answerId).toBeTruthy();
  });

  it("lists the topics when the topic is unknown", async () => {
    // Act
    const result = await coreWith(GUIDE).handleMessage(message("guide llamas"));

    // Assess
    const text = allText(result);
    expect(text).toMatch(/I don't have a guide brief on "llamas"/);
    expect(text).toMatch(/Staff and unions/);
  });

  it("says plainly when the guide is empty, for a listing and a topic alike", async () => {
    // Act
    const listing = await coreWith([]).handleMessage(
      message("guide", { actor: { platform: "teams", userId: "29:x" } }),
    );
    const topic = await coreWith([]).handleMessage(message("guide pensions"));

    // Assess
    expect(listing.replies[0]?.text).toMatch(/The guide has no topics yet/);
    expect(listing.replies[0]?.text).toMatch(/ask how do we get the unions on board/);
    expect(topic.replies[0]?.text).toMatch(/don.t have a guide brief on "pensions".*no topics yet/);
  });

  it("in chat, reads a sentence that starts with 'guide' as a question when it names no topic", async () => {
    // Prepare
    const knowledge = fakeKnowledge(GUIDE);
    const core = createCore({ knowledge, peer: t.app.peer, digest: t.app.digest, now: t.now });

    // Act
    const result = await core.handleMessage(message("guide me through the TUPE process", { mode: "chat" }));

    // Assess
    expect(knowledge.asked.map((a) => a.question)).toEqual(["guide me through the TUPE process"]);
    expect(result.replies[0]?.text).toMatch(/^Answer to/);
  });
});
