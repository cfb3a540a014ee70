import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import { isoWeek } from "../../../peer/week.ts";
import type { OpenServices } from "./open.ts";

const reporter: UserRef = { platform: "slack", userId: "U0REPORTER" };
const asker: UserRef = { platform: "slack", userId: "U0ASKER" };

/** The obstacle consent contract, run over DynamoDB and in memory. */
export function describeObstacleConsent(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: "k" }));
    });
    afterAll(async () => {
      await close();
    });

    describe("consent given after logging", () => {
      it("lets the reporter allow quoting and peer contact later, and take them back", async () => {
        // Prepare: a report logged with no consent
        const now = new Date();
        const week = isoWeek(now);
        const { report } = await services.obstacles.log({
          user: reporter,
          text: "Our UNISON branch says the spin-out is privatisation by the back door",
          categories: ["staff-unions"],
          idempotencyKey: "consent-1",
          now,
        });
        const setConsent = services.obstacles.setConsent;
        if (!setConsent) throw new Error("setConsent is not implemented");
        expect(await services.stats.quotableExamples(week, "staff-unions", 5)).toEqual([]);
        expect(await services.peers.find({ asker, categories: ["staff-unions"], now })).toEqual([]);

        // Act: opt in to both
        const updated = await setConsent(reporter, report.id, { allowQuote: true, contactable: true });

        // Assess
        expect(updated).toMatchObject({ allowQuote: true, contactable: true });
        expect(await services.stats.quotableExamples(week, "staff-unions", 5)).toEqual([
          expect.stringContaining("privatisation by the back door"),
        ]);
        const [peer] = await services.peers.find({ asker, categories: ["staff-unions"], now });
        expect(peer?.reportId).toBe(report.id);
        const { introduction } = await services.introductions.propose({
          asker,
          kind: "peer",
          targetId: report.id,
          topic: "staff-unions",
          idempotencyKey: "consent-intro",
          now,
        });
        expect(introduction.target).toEqual(reporter);

        // Act: take both back
        await setConsent(reporter, report.id, { allowQuote: false, contactable: false });

        // Assess
        expect(await services.stats.quotableExamples(week, "staff-unions", 5)).toEqual([]);
        expect(await services.peers.find({ asker, categories: ["staff-unions"], now })).toEqual([]);
        expect((await services.obstacles.get(report.id))?.contactable).toBe(false);
      });

      it("refuses a consent change by anyone but the reporter", async () => {
        const { report } = await services.obstacles.log({
          user: reporter,
          text: "The procurement team insists on a full open tender",
          categories: ["procurement"],
          idempotencyKey: "consent-2",
        });
        await expect(services.obstacles.setConsent?.(asker, report.id, { allowQuote: true })).rejects.toThrow(
          /Only the person who reported/,
        );
        expect((await services.obstacles.get(report.id))?.allowQuote).toBe(false);
      });
    });
  });
}
