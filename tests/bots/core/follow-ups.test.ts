import { beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import type { Conversation, Core, MessageRequest } from "../../../bots/core/reply.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { type FakeKnowledge, fakeKnowledge } from "./support/fake-knowledge.ts";

let t: MemoryPathfinder;
let knowledge: FakeKnowledge;
let core: Core;
let seq = 0;
const thread: Conversation = { id: "C0THREADS", kind: "channel", threadId: "1700000000.000200" };

function message(text: string, conversation: Conversation = thread): MessageRequest {
  return {
    actor: { platform: "slack", userId: "U0FOLLOW" },
    text,
    conversation,
    eventId: `EvF${++seq}`,
    mode: "chat",
  };
}

beforeAll(async () => {
  t = createMemoryPathfinder();
  knowledge = fakeKnowledge();
  core = createCore({ knowledge, peer: t.app.peer, digest: t.app.digest, now: t.now });
});

describe("thread follow-ups", () => {
  it("hands the knowledge base the thread's earlier question instead of gluing it onto the new one", async () => {
    // Prepare
    await core.handleMessage(message("will staff keep their terms and conditions when they transfer?"));

    // Act
    const followUp = await core.handleMessage(message("and pensions?"));

    // Assess
    expect(knowledge.asked.at(-1)).toEqual({
      question: "and pensions?",
      options: { previousQuestion: "will staff keep their terms and conditions when they transfer?" },
    });
    expect(followUp.replies[0]?.text).toBe('Answer to "and pensions?" [1]');
  });

  it("asks without a previous question outside a thread or at a thread's start", async () => {
    // Act
    await core.handleMessage(message("how do we fund the start-up?", { id: "C0THREADS", kind: "channel" }));
    await core.handleMessage(message("who sits on the board?", { ...thread, threadId: "1700000000.000300" }));

    // Assess
    expect(knowledge.asked.slice(-2).map((a) => a.options)).toEqual([{}, {}]);
  });
});
