import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerServices } from "../../peer/ports.ts";
import { ClaimInProgressError, createIdempotencyStore } from "../../store/idempotency.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
let services: PeerServices;

beforeAll(async () => {
  table = await createTestTable("delivery");
  services = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "k" });
});
afterAll(async () => {
  await table.drop();
});

describe("idempotency", () => {
  it("claims a key once, refuses retries, and frees it on release", async () => {
    expect(await services.idempotency.claim("slack:Ev001")).toBe(true);
    expect(await services.idempotency.claim("slack:Ev001")).toBe(false);
    await services.idempotency.release("slack:Ev001");
    expect(await services.idempotency.claim("slack:Ev001")).toBe(true);
  });

  it("treats an expired claim as free even before DynamoDB's TTL sweeper removes it", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    expect(await services.idempotency.claim("digest:2026-W01", { ttlSeconds: 60, now: t0 })).toBe(true);
    expect(
      await services.idempotency.claim("digest:2026-W01", { now: new Date(t0.getTime() + 30_000) }),
    ).toBe(false);
    expect(
      await services.idempotency.claim("digest:2026-W01", { now: new Date(t0.getTime() + 61_000) }),
    ).toBe(true);
  });

  it("lets exactly one of many concurrent claims win", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => services.idempotency.claim("teams:act-9")),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("idempotency scopes (claims of one job in one Lambda invocation)", () => {
  it("holds a key in progress until the deadline, then frees it; a committed key stays done", async () => {
    // Prepare
    const store = createIdempotencyStore({ doc: table.doc, tableName: table.tableName });
    const t0 = Date.parse("2026-03-02T10:00:00Z");
    const at = (ms: number) => () => new Date(t0 + ms);
    const first = store.scope({ deadline: new Date(t0 + 10_000), now: at(0) });

    // Act / Assess: a live holder makes another invocation wait, not drop the work.
    expect(await first.claim("job:A")).toBe(true);
    const rival = store.scope({ deadline: new Date(t0 + 20_000), now: at(5_000) });
    await expect(rival.claim("job:A")).rejects.toBeInstanceOf(ClaimInProgressError);
    // The first invocation died without releasing: after its deadline the key is free again.
    const redelivery = store.scope({ deadline: new Date(t0 + 40_000), now: at(11_000) });
    expect(await redelivery.claim("job:A")).toBe(true);
    await redelivery.commit();
    expect(redelivery.held).toEqual([]);
    // Completed: a later copy is a duplicate, long after any invocation deadline.
    const copy = store.scope({ deadline: new Date(t0 + 3_700_000), now: at(3_600_000) });
    expect(await copy.claim("job:A")).toBe(false);
    // A plain claim sees the completed key too.
    expect(await services.idempotency.claim("job:A", { now: new Date(t0 + 3_600_000) })).toBe(false);
  });

  it("gives back what it holds on abandon, so an immediate retry can do the work", async () => {
    const store = createIdempotencyStore({ doc: table.doc, tableName: table.tableName });
    const scope = store.scope({ deadline: new Date(Date.now() + 60_000) });
    expect(await scope.claim("job:B")).toBe(true);
    expect(await scope.abandon()).toEqual([]);
    expect(await store.scope({ deadline: new Date(Date.now() + 60_000) }).claim("job:B")).toBe(true);
  });
});

describe("the store's clock", () => {
  it("decides expiry by the injected clock: claims, scopes and thread memory lapse when it moves on", async () => {
    // Prepare: a fake clock far from the system's, so only the injected one can explain the results.
    let clock = Date.parse("2031-06-02T09:00:00Z");
    const now = () => clock;
    const faked = createPeerServices({
      doc: table.doc,
      tableName: table.tableName,
      hashKey: "k",
      now: () => new Date(clock),
    });
    const store = createIdempotencyStore({ doc: table.doc, tableName: table.tableName, now });

    // Act / Assess: a completed claim holds for its TTL by the fake clock, then frees.
    expect(await store.claim("clock:digest", { ttlSeconds: 60 })).toBe(true);
    clock += 59_000;
    expect(await store.claim("clock:digest")).toBe(false);
    clock += 2_000;
    expect(await store.claim("clock:digest")).toBe(true);

    // An in-progress claim is a live holder until its deadline, then the next scope may take it.
    const first = store.scope({ deadline: new Date(clock + 10_000) });
    expect(await first.claim("clock:job")).toBe(true);
    await expect(store.scope({ deadline: new Date(clock + 20_000) }).claim("clock:job")).rejects.toThrow(
      ClaimInProgressError,
    );
    clock += 11_000;
    expect(await store.scope({ deadline: new Date(clock + 10_000) }).claim("clock:job")).toBe(true);

    // Thread memory is kept for a day by the same clock.
    await faked.threads.put("slack:C9:clock", { question: "TUPE?", topics: [] });
    clock += 86_399_000;
    expect(await faked.threads.get("slack:C9:clock")).toEqual({ question: "TUPE?", topics: [] });
    clock += 2_000;
    expect(await faked.threads.get("slack:C9:clock")).toBeUndefined();
  });
});

describe("subscriptions", () => {
  it("subscribes once, refreshes the reference, lists with a query, and unsubscribes", async () => {
    // Prepare
    const by = { platform: "slack" as const, userId: "U0ADMIN1" };

    // Act
    const first = await services.subscriptions.subscribe({
      platform: "slack",
      conversationId: "C0DIGEST",
      by,
    });
    const again = await services.subscriptions.subscribe({
      platform: "slack",
      conversationId: "C0DIGEST",
      by,
    });
    await services.subscriptions.subscribe({
      platform: "teams",
      conversationId: "19:abc@thread.tacv2",
      reference: { serviceUrl: "https://smba.example/v1", conversation: { id: "19:abc@thread.tacv2" } },
      by: { platform: "teams", userId: "29:user" },
    });
    await services.subscriptions.subscribe({
      platform: "teams",
      conversationId: "19:abc@thread.tacv2",
      reference: { serviceUrl: "https://smba.example/v2", conversation: { id: "19:abc@thread.tacv2" } },
      by: { platform: "teams", userId: "29:user" },
    });
    const listed = await services.subscriptions.list();
    const removed = await services.subscriptions.unsubscribe("slack", "C0DIGEST");
    const removedAgain = await services.subscriptions.unsubscribe("slack", "C0DIGEST");

    // Assess
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(listed.map((s) => `${s.platform}:${s.conversationId}`).sort()).toEqual([
      "slack:C0DIGEST",
      "teams:19:abc@thread.tacv2",
    ]);
    const teams = listed.find((s) => s.platform === "teams");
    expect(teams?.reference).toEqual({
      serviceUrl: "https://smba.example/v2",
      conversation: { id: "19:abc@thread.tacv2" },
    });
    expect(removed.removed).toBe(true);
    expect(removedAgain.removed).toBe(false);
    expect((await services.subscriptions.list()).map((s) => s.platform)).toEqual(["teams"]);
  });
});

describe("conversation references and thread memory", () => {
  it("round-trips a Teams conversation reference, without the person's name (issue 13 item 1)", async () => {
    const reference = {
      activityId: "1",
      user: { id: "29:u", name: "Jo" },
      bot: { id: "28:bot", name: "Pathfinder" },
      conversation: { id: "a:1", conversationType: "personal", tenantId: "t" },
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/uk/",
    };
    await services.conversations.save("29:u", reference);
    expect(await services.conversations.get("29:u")).toEqual({ ...reference, user: { id: "29:u" } });
    expect(await services.conversations.get("29:nobody")).toBeUndefined();
  });

  it("remembers a thread's question (scrubbed) and topics, and forgets it after a day", async () => {
    await services.threads.put("slack:C1:1700000000.0001", {
      question: "How do we handle TUPE? email me at sam@council.gov.uk",
      topics: ["hr-tupe-pensions"],
    });
    await services.threads.put(
      "slack:C1:old",
      { question: "old", topics: [] },
      new Date(Date.now() - 2 * 86_400_000),
    );
    expect(await services.threads.get("slack:C1:1700000000.0001")).toEqual({
      question: "How do we handle TUPE? email me at [email]",
      topics: ["hr-tupe-pensions"],
    });
    expect(await services.threads.get("slack:C1:old")).toBeUndefined();
  });
});
