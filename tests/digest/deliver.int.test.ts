/** deliverDigest's bookkeeping, with DynamoDB Local idempotency and in-test posters. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../bots/core/reply.ts";
import {
  backoffDelay,
  type DigestPoster,
  deliverDigest,
  deliveryKey,
  PermanentDeliveryError,
  TransientDeliveryError,
} from "../../digest/deliver.ts";
import type { Digest } from "../../digest/digest.ts";
import type { Idempotency, Subscription } from "../../peer/ports.ts";
import { createIdempotencyStore } from "../../store/idempotency.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
let idempotency: Idempotency;
let weekNumber = 10;

beforeAll(async () => {
  table = await createTestTable("digest-deliver");
  idempotency = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "k" }).idempotency;
});
afterAll(async () => {
  await table.drop();
});

/** A fresh week per test, so claims from one test never meet another's. */
function digestForNewWeek(): Digest {
  const week = `2026-W${String(weekNumber++).padStart(2, "0")}`;
  return { week } as Digest; // deliverDigest reads only the week; posters here ignore the rest
}

const reply: Reply = { text: "digest", blocks: [], visibility: "public" };

function sub(platform: Subscription["platform"], conversationId: string): Subscription {
  return { platform, conversationId, subscribedAt: "2026-01-01T00:00:00Z" };
}

function recordingPoster(behaviour: (conversationId: string) => Error | undefined = () => undefined) {
  const posted: string[] = [];
  const poster: DigestPoster = {
    async post(subscription) {
      const error = behaviour(subscription.conversationId);
      if (error) throw error;
      posted.push(subscription.conversationId);
    },
  };
  return { poster, posted };
}

describe("deliverDigest", () => {
  it("posts once to a conversation that subscribed twice", async () => {
    const slack = recordingPoster();
    const report = await deliverDigest({
      digest: digestForNewWeek(),
      reply,
      subscriptions: [sub("slack", "C1"), sub("slack", "C1"), sub("teams", "C1")],
      idempotency,
      posters: { slack: slack.poster, teams: recordingPoster().poster },
    });
    expect(slack.posted).toEqual(["C1"]);
    expect(report.delivered).toHaveLength(2);
  });

  it("posts where a run died mid-post once that run's deadline passed (issue 12), and only once", async () => {
    // Prepare: a run claimed C9 in progress and died; its invocation ended a second ago.
    const digest = digestForNewWeek();
    const store = createIdempotencyStore({ doc: table.doc, tableName: table.tableName });
    const died = store.scope({
      deadline: new Date(Date.now() - 1_000),
      now: () => new Date(Date.now() - 60_000),
    });
    expect(await died.claim(deliveryKey(digest.week, { platform: "slack", conversationId: "C9" }))).toBe(
      true,
    );
    const slack = recordingPoster();
    const run = () =>
      deliverDigest({
        digest,
        reply,
        subscriptions: [sub("slack", "C9")],
        idempotency: store,
        posters: { slack: slack.poster },
        options: { deadline: new Date(Date.now() + 60_000) },
      });

    // Act: the scheduler's retry, then a further re-run.
    const retry = await run();
    const rerun = await run();

    // Assess
    expect(retry.delivered).toHaveLength(1);
    expect(rerun.skipped).toHaveLength(1);
    expect(slack.posted).toEqual(["C9"]);
  });

  it("fails a platform with no poster visibly, and gives the claim back", async () => {
    const digest = digestForNewWeek();
    const report = await deliverDigest({
      digest,
      reply,
      subscriptions: [sub("teams", "19:x")],
      idempotency,
      posters: {},
    });
    expect(report.failed).toMatchObject([
      { conversationId: "19:x", permanent: true, error: "teams is not configured" },
    ]);
    expect(
      await idempotency.claim(deliveryKey(digest.week, { platform: "teams", conversationId: "19:x" })),
    ).toBe(true);
  });

  it("posts nothing when the claim cannot be recorded", async () => {
    const slack = recordingPoster();
    const broken: Idempotency = {
      claim: async () => {
        throw new Error("table unavailable");
      },
      release: async () => {},
    };
    const report = await deliverDigest({
      digest: digestForNewWeek(),
      reply,
      subscriptions: [sub("slack", "C1")],
      idempotency: broken,
      posters: { slack: slack.poster },
    });
    expect(slack.posted).toEqual([]);
    expect(report.failed[0]?.error).toContain("could not record the delivery: table unavailable");
  });

  it("does not retry a permanent failure, and retries a transient one up to the bound", async () => {
    const sleeps: number[] = [];
    const slack = recordingPoster((id) =>
      id === "C-GONE" ? new PermanentDeliveryError("channel_not_found") : new TransientDeliveryError("busy"),
    );
    const report = await deliverDigest({
      digest: digestForNewWeek(),
      reply,
      subscriptions: [sub("slack", "C-GONE"), sub("slack", "C-BUSY")],
      idempotency,
      posters: { slack: slack.poster },
      options: {
        retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 1000 },
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 1,
      },
    });
    expect(report.failed.map((f) => [f.conversationId, f.attempts, f.permanent])).toEqual([
      ["C-GONE", 1, true],
      ["C-BUSY", 4, false],
    ]);
    expect(sleeps).toEqual([10, 20, 40]);
  });

  it("posts to many conversations a few at a time", async () => {
    // Prepare: posts hold until the test has seen three in flight at once, then all proceed.
    let inFlight = 0;
    let maxInFlight = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const posted: string[] = [];
    const poster: DigestPoster = {
      async post(subscription) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate;
        inFlight--;
        posted.push(subscription.conversationId);
      },
    };
    const subscriptions = Array.from({ length: 12 }, (_, i) => sub("slack", `C${i}`));

    // Act
    const running = deliverDigest({
      digest: digestForNewWeek(),
      reply,
      subscriptions,
      idempotency,
      posters: { slack: poster },
      options: { concurrency: 3 },
    });
    const deadline = Date.now() + 10_000;
    while (inFlight < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const heldAtOnce = inFlight;
    open();
    const report = await running;

    // Assess
    expect(heldAtOnce).toBe(3);
    expect(maxInFlight).toBe(3);
    expect(report.delivered).toHaveLength(12);
    expect(new Set(posted).size).toBe(12);
  });
});

describe("backoffDelay", () => {
  it("doubles, jitters within the upper half, caps, and honours a larger platform hint up to the cap", () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 500 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 6, () => 1)).toBe(500);
    expect(backoffDelay(policy, 1, () => 1, 300)).toBe(300);
    expect(backoffDelay(policy, 1, () => 1, 30_000)).toBe(500);
  });
});
