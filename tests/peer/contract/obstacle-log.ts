import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EmptyTextError,
  NotAllowedError,
  NotFoundError,
  TextTooLongError,
  UnknownCategoryError,
} from "../../../peer/errors.ts";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import { hashUser } from "../../../peer/user-hash.ts";
import type { OpenServices } from "./open.ts";

const HASH_KEY = "test-hash-key";
const alice: UserRef = { platform: "slack", userId: "U0ALICE1" };
const bob: UserRef = { platform: "slack", userId: "U0BOB001" };
const carol: UserRef = { platform: "slack", userId: "U0CAROL1" };
const monday = new Date("2026-03-02T10:00:00Z"); // 2026-W10

/** The obstacle log contract, run over DynamoDB and in memory. */
export function describeObstacleLog(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: HASH_KEY }));
    });
    afterAll(async () => {
      await close();
    });

    describe("obstacles.log", () => {
      it("classifies, scrubs and stores a report with a keyed user hash, ISO week and TTL", async () => {
        // Prepare
        const text =
          "Unison are opposing the transfer and staff fear privatisation by the back door. Call me on 07700 900123 or jo@northshire.gov.uk";

        // Act
        const { report, created } = await services.obstacles.log({
          user: alice,
          text,
          serviceArea: "Adult Social Care",
          region: "North West",
          idempotencyKey: "evt-1",
          now: monday,
        });

        // Assess
        expect(created).toBe(true);
        expect(report.categories[0]?.id).toBe("staff-unions");
        expect(report.categories[0]?.confidence).toBeGreaterThan(0);
        expect(report.suggested).toEqual(report.categories);
        expect(report.text).not.toContain("07700");
        expect(report.text).not.toContain("jo@");
        expect(report.text).toContain("[phone]");
        expect(report.text).toContain("[email]");
        expect(report.userHash).toBe(hashUser(HASH_KEY, alice));
        expect(report.userHash).not.toContain(alice.userId);
        expect(report.week).toBe("2026-W10");
        expect(report.serviceArea).toBe("adult social care");
        expect(report.expiresAt).toBe(Math.floor(monday.getTime() / 1000) + 395 * 86_400);
        expect(await services.obstacles.get(report.id)).toEqual(report);
      });

      it("returns the first report when the same event is retried, and counts it once", async () => {
        // Prepare
        const input = {
          user: bob,
          text: "The tender process is killing us",
          idempotencyKey: "evt-retry",
          now: monday,
        };

        // Act
        const first = await services.obstacles.log(input);
        const second = await services.obstacles.log(input);
        const counts = await services.stats.counts("2026-W10");

        // Assess
        expect(second.created).toBe(false);
        expect(second.report.id).toBe(first.report.id);
        expect(first.report.categories.map((c) => c.id)).toContain("procurement");
        expect(counts.reports.procurement).toBe(1);
      });

      it("rejects empty, over-long and unknown-category reports with named errors", async () => {
        await expect(
          services.obstacles.log({ user: alice, text: "   ", idempotencyKey: "e" }),
        ).rejects.toBeInstanceOf(EmptyTextError);
        await expect(
          services.obstacles.log({ user: alice, text: "x".repeat(2_001), idempotencyKey: "l" }),
        ).rejects.toBeInstanceOf(TextTooLongError);
        const unknown = services.obstacles.log({
          user: alice,
          text: "help",
          categories: ["nonsense"],
          idempotencyKey: "u",
        });
        await expect(unknown).rejects.toBeInstanceOf(UnknownCategoryError);
        await expect(unknown).rejects.toThrow(/Valid categories: .*hr-tupe-pensions/);
      });

      it("lets only the reporter correct categories, keeps the suggestion, and moves the counters", async () => {
        // Prepare
        const { report } = await services.obstacles.log({
          user: alice,
          text: "Our councillors will not back the business case",
          idempotencyKey: "evt-correct",
          now: monday,
          allowQuote: true,
        });
        const before = await services.stats.counts("2026-W10");
        const suggested = report.categories.map((c) => c.id);

        // Act
        await expect(services.obstacles.correct(bob, report.id, ["funding"])).rejects.toBeInstanceOf(
          NotAllowedError,
        );
        const corrected = await services.obstacles.correct(alice, report.id, ["funding"]);
        const again = await services.obstacles.correct(alice, report.id, ["funding"]);
        const after = await services.stats.counts("2026-W10");

        // Assess
        expect(corrected.corrected).toBe(true);
        expect(corrected.categories).toEqual([{ id: "funding", confidence: 1 }]);
        expect(corrected.suggested.map((c) => c.id)).toEqual(suggested);
        expect(again).toEqual(corrected);
        expect(after.reports.funding ?? 0).toBe((before.reports.funding ?? 0) + 1);
        for (const id of suggested) expect(after.reports[id] ?? 0).toBe((before.reports[id] ?? 0) - 1);
        expect(await services.stats.quotableExamples("2026-W10", "funding", 5)).toEqual([corrected.text]);
        for (const id of suggested)
          expect(await services.stats.quotableExamples("2026-W10", id, 5)).toEqual([]);
      });

      it("records a resolution with a scrubbed note in the week it was resolved", async () => {
        // Prepare
        const { report } = await services.obstacles.log({
          user: alice,
          text: "TUPE transfer of pensions is stuck",
          idempotencyKey: "evt-resolve",
          now: monday,
        });
        const later = new Date("2026-03-11T09:00:00Z"); // 2026-W11

        // Act
        const resolved = await services.obstacles.resolve(
          alice,
          report.id,
          "Our LGPS actuary sorted it: ring 0161 496 0000",
          later,
        );
        const repeated = await services.obstacles.resolve(alice, report.id, "again", later);
        const counts = await services.stats.counts("2026-W11");
        const notes = await services.stats.resolutions("2026-W11", 10);

        // Assess
        expect(resolved.status).toBe("resolved");
        expect(resolved.resolutionNote).toBe("Our LGPS actuary sorted it: ring [phone]");
        expect(repeated.resolutionNote).toBe(resolved.resolutionNote);
        expect(counts.resolved["hr-tupe-pensions"]).toBe(1);
        expect(notes).toEqual([
          { category: "hr-tupe-pensions", note: "Our LGPS actuary sorted it: ring [phone]" },
        ]);
        await expect(services.obstacles.resolve(bob, report.id, "no")).rejects.toBeInstanceOf(
          NotAllowedError,
        );
        await expect(services.obstacles.resolve(alice, "missing", "no")).rejects.toBeInstanceOf(
          NotFoundError,
        );
      });

      // Regression: correcting a report resolved in the week it was logged moved its "reports" and "resolved"
      // counters, which share one counter item, as two operations on one item in one DynamoDB transaction,
      // which DynamoDB refuses; the deltas are now merged per item.
      it("corrects a report resolved in the week it was logged, moving both counters", async () => {
        // Prepare
        const at = new Date("2026-03-24T09:00:00Z"); // 2026-W13
        const { report } = await services.obstacles.log({
          user: carol,
          text: "The procurement team will not talk to us",
          categories: ["procurement"],
          idempotencyKey: "evt-resolved-then-corrected",
          now: at,
        });
        await services.obstacles.resolve(carol, report.id, "", at);

        // Act
        const corrected = await services.obstacles.correct(carol, report.id, ["funding"]);
        const counts = await services.stats.counts("2026-W13");

        // Assess
        expect(corrected.categories).toEqual([{ id: "funding", confidence: 1 }]);
        expect(corrected.status).toBe("resolved");
        expect(counts.reports).toEqual({ funding: 1 });
        expect(counts.resolved).toEqual({ funding: 1 });
      });

      it("lists a person's own reports, newest first, and nobody else's", async () => {
        const mine = await services.obstacles.listForUser(alice);
        const bobs = await services.obstacles.listForUser(bob);
        expect(mine.length).toBeGreaterThanOrEqual(3);
        expect(mine.every((r) => r.userHash === hashUser(HASH_KEY, alice))).toBe(true);
        expect(mine.map((r) => r.createdAt)).toEqual([...mine.map((r) => r.createdAt)].sort().reverse());
        expect(bobs).toHaveLength(1);
      });
    });

    describe("weekly counters", () => {
      it("stay exact under 100 concurrent reports", async () => {
        // Prepare
        const week = "2026-W20";
        const at = new Date("2026-05-12T12:00:00Z");

        // Act
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            services.obstacles.log({
              user: { platform: "teams", userId: `user-${i}` },
              text: "Staff consultation with the union is going badly",
              categories: i % 2 === 0 ? ["staff-unions"] : ["staff-unions", "hr-tupe-pensions"],
              idempotencyKey: `concurrent-${i}`,
              now: at,
            }),
          ),
        );
        const counts = await services.stats.counts(week);

        // Assess
        expect(results.every((r) => r.created)).toBe(true);
        expect(counts.reports["staff-unions"]).toBe(100);
        expect(counts.reports["hr-tupe-pensions"]).toBe(50);
      });
    });
  });
}
