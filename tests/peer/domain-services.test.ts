/**
 * The domain services' own rules, over in-memory repositories with a fixed clock and (where it matters) a
 * stub classifier: no Java, no module mocking. The shared contracts (tests/peer/contract) cover the rest.
 */
import { describe, expect, it } from "vitest";
import {
  InvalidTransitionError,
  NotAllowedError,
  NotFoundError,
  TextTooLongError,
} from "../../peer/errors.ts";
import type { CategoryScore, UserRef } from "../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";
import { createMemoryState } from "../../store/memory/repositories.ts";

const jo: UserRef = { platform: "slack", userId: "U0JO0001" };
const sam: UserRef = { platform: "slack", userId: "U0SAM001" };
const DAY = 86_400_000;

/** A clock a test moves by hand. */
function clockAt(iso: string) {
  let now = new Date(iso);
  return {
    now: () => now,
    advance(days: number) {
      now = new Date(now.getTime() + days * DAY);
    },
  };
}

describe("obstacle log rules", () => {
  it("classifies the words as written but stores them scrubbed, dated by the injected clock", async () => {
    // Prepare: a classifier that records what it was given.
    const seen: string[] = [];
    const classify = (text: string): CategoryScore[] => {
      seen.push(text);
      return [{ id: "funding", confidence: 0.8 }];
    };
    const clock = clockAt("2026-03-04T10:00:00Z"); // 2026-W10
    const services = createInMemoryPeerServices({ classify, now: clock.now });

    // Act
    const { report } = await services.obstacles.log({
      user: jo,
      text: "The bank wants a guarantee; email jo@council.gov.uk",
      idempotencyKey: "e1",
    });

    // Assess
    expect(seen).toEqual(["The bank wants a guarantee; email jo@council.gov.uk"]);
    expect(report.text).toBe("The bank wants a guarantee; email [email]");
    expect(report.categories).toEqual([{ id: "funding", confidence: 0.8 }]);
    expect(report.createdAt).toBe("2026-03-04T10:00:00.000Z");
    expect(report.week).toBe("2026-W10");
    expect((await services.stats.counts("2026-W10")).reports).toEqual({ funding: 1 });
  });

  it("expires raw reports after the configured number of days", async () => {
    const clock = clockAt("2026-03-04T10:00:00Z");
    const services = createInMemoryPeerServices({ now: clock.now, reportTtlDays: 30 });
    const { report } = await services.obstacles.log({ user: jo, text: "Tender", idempotencyKey: "t" });
    expect(report.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 30 * 86_400);
    expect(() => createInMemoryPeerServices({ reportTtlDays: 0 })).toThrow(/positive/);
  });

  it("lets a reporter agree to be a peer only while the report is inside the 90-day peer window", async () => {
    // Prepare: two reports, then the clock moves on 100 days.
    const clock = clockAt("2026-01-05T10:00:00Z");
    const services = createInMemoryPeerServices({ now: clock.now });
    const old = await services.obstacles.log({
      user: jo,
      text: "Procurement",
      categories: ["procurement"],
      idempotencyKey: "old",
    });
    clock.advance(100);
    const fresh = await services.obstacles.log({
      user: jo,
      text: "Procurement again",
      categories: ["procurement"],
      idempotencyKey: "fresh",
    });

    // Act
    await services.obstacles.setConsent?.(jo, old.report.id, { contactable: true });
    await services.obstacles.setConsent?.(jo, fresh.report.id, { contactable: true });
    const peers = await services.peers.find({ asker: sam, categories: ["procurement"], limit: 5 });

    // Assess
    expect((await services.obstacles.get(old.report.id))?.contactable).toBe(true);
    expect(peers.map((p) => p.reportId)).toEqual([fresh.report.id]);
  });

  it("lets nobody but the reporter correct, resolve or change consent", async () => {
    const services = createInMemoryPeerServices();
    const { report } = await services.obstacles.log({ user: jo, text: "Union", idempotencyKey: "u" });
    await expect(services.obstacles.correct(sam, report.id, ["funding"])).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    await expect(services.obstacles.resolve(sam, report.id, "done")).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      services.obstacles.setConsent?.(sam, report.id, { allowQuote: true }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(services.obstacles.correct(jo, "nope", ["funding"])).rejects.toBeInstanceOf(NotFoundError);
    expect(await services.obstacles.get(report.id)).toEqual(report);
  });

  it("keeps the raw platform id only while the reporter agrees to be contacted", async () => {
    // Prepare
    const state = createMemoryState();
    const services = createInMemoryPeerServices({ state });
    const { report } = await services.obstacles.log({
      user: jo,
      text: "Pensions",
      contactable: true,
      idempotencyKey: "c",
    });
    const before = state.reports.get(report.id)?.contact;

    // Act
    await services.obstacles.setConsent?.(jo, report.id, { contactable: false });

    // Assess
    expect(before).toEqual(jo);
    expect(state.reports.get(report.id)?.contact).toBeUndefined();
    expect(state.peerOffers.size).toBe(0);
  });
});

describe("introductions state machine", () => {
  async function setUp() {
    const services = createInMemoryPeerServices({ now: () => new Date("2026-06-02T09:00:00Z") });
    await services.ambassadors.put({
      id: "sam",
      displayName: "Sam",
      slackUserId: sam.userId,
      categories: ["funding"],
      serviceAreas: [],
      monthlyCapacity: 5,
    });
    const propose = (key: string) =>
      services.introductions.propose({
        asker: jo,
        kind: "ambassador",
        targetId: "sam",
        topic: "funding",
        idempotencyKey: key,
      });
    return { services, propose };
  }

  it("makes declined final, lets either side mark an introduction done, and nobody else", async () => {
    const { services, propose } = await setUp();
    const declined = (await propose("d")).introduction;
    const finished = (await propose("f")).introduction;
    const outsider: UserRef = { platform: "slack", userId: "U0OTHER1" };

    await services.introductions.setStatus(declined.id, "declined", sam);
    await expect(services.introductions.setStatus(declined.id, "accepted", sam)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(services.introductions.setStatus(finished.id, "done", outsider)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    const done = await services.introductions.setStatus(finished.id, "done", jo);

    expect(done.status).toBe("done");
    expect((await services.introductions.get(declined.id))?.status).toBe("declined");
    expect((await services.stats.counts("2026-W23")).introductionsAccepted).toBe(0);
    expect((await services.ambassadors.get("sam"))?.helpedCount).toBe(0);
  });

  it("refuses to introduce people to themselves, and to a peer who withdrew consent", async () => {
    const services = createInMemoryPeerServices();
    await services.ambassadors.put({
      id: "jo",
      displayName: "Jo",
      slackUserId: jo.userId,
      categories: ["funding"],
      serviceAreas: [],
      monthlyCapacity: 5,
    });
    const { report } = await services.obstacles.log({
      user: sam,
      text: "Funding",
      contactable: true,
      idempotencyKey: "s",
    });
    await services.obstacles.setConsent?.(sam, report.id, { contactable: false });

    await expect(
      services.introductions.propose({
        asker: jo,
        kind: "ambassador",
        targetId: "jo",
        topic: "funding",
        idempotencyKey: "1",
      }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await expect(
      services.introductions.propose({
        asker: jo,
        kind: "peer",
        targetId: report.id,
        topic: "funding",
        idempotencyKey: "2",
      }),
    ).rejects.toThrow(/no longer available/);
  });
});

describe("feedback, thread memory and privacy in memory", () => {
  it("scrubs and bounds a feedback reason, and exports it to its author", async () => {
    const services = createInMemoryPeerServices({ now: () => new Date("2026-02-03T10:00:00Z") });
    const input = {
      user: jo,
      answerId: "a1",
      helpful: false,
      reason: "Call 07700 900123",
      idempotencyKey: "f",
    };
    expect(await services.feedback.record(input)).toEqual({ created: true });
    expect(await services.feedback.record(input)).toEqual({ created: false });
    await expect(
      services.feedback.record({ ...input, reason: "x".repeat(501), idempotencyKey: "g" }),
    ).rejects.toBeInstanceOf(TextTooLongError);
    const data = await services.privacy.export(jo);
    expect(data.feedback).toEqual([
      { answerId: "a1", helpful: false, reason: "Call [phone]", createdAt: "2026-02-03T10:00:00.000Z" },
    ]);
    expect(data.exportedAt).toBe("2026-02-03T10:00:00.000Z");
  });

  it("forgets a thread after a day by the injected clock, and stores its question scrubbed", async () => {
    const clock = clockAt("2026-02-03T10:00:00Z");
    const services = createInMemoryPeerServices({ now: clock.now });
    await services.threads.put("T1", { question: "Mail jo@x.org about TUPE", topics: ["hr-tupe-pensions"] });
    expect(await services.threads.get("T1")).toEqual({
      question: "Mail [email] about TUPE",
      topics: ["hr-tupe-pensions"],
    });
    clock.advance(1);
    expect(await services.threads.get("T1")).toBeUndefined();
  });

  it("claims an event once until its claim expires or is released", async () => {
    const clock = clockAt("2026-02-03T10:00:00Z");
    const { idempotency } = createInMemoryPeerServices({ now: clock.now });
    expect(await idempotency.claim("evt", { ttlSeconds: 60 })).toBe(true);
    expect(await idempotency.claim("evt", { ttlSeconds: 60 })).toBe(false);
    clock.advance(1);
    expect(await idempotency.claim("evt", { ttlSeconds: 60 })).toBe(true);
    await idempotency.release("evt");
    expect(await idempotency.claim("evt")).toBe(true);
  });
});
