import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import { hashUser } from "../../../peer/user-hash.ts";
import type { OpenedServices, OpenServices } from "./open.ts";

const jo: UserRef = { platform: "teams", userId: "29:jo" };
const sam: UserRef = { platform: "teams", userId: "29:sam" };
const at = new Date("2026-02-03T10:00:00Z"); // 2026-W06

/** The privacy contract (export and erasure), run over DynamoDB and in memory. */
export function describePrivacy(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    let ownedItems: OpenedServices["ownedItems"];
    beforeAll(async () => {
      ({ services, close, ownedItems } = await open({ hashKey: "k" }));
      // Prepare: Jo reports (quotable, contactable), resolves, rates an answer, subscribes a channel, is an
      // ambassador, has a Teams conversation reference, and is introduced to Sam's ambassador profile.
      const { report } = await services.obstacles.log({
        user: jo,
        text: "Union won't engage on the transfer",
        categories: ["staff-unions"],
        allowQuote: true,
        contactable: true,
        idempotencyKey: "jo-1",
        now: at,
      });
      await services.obstacles.resolve(jo, report.id, "A joint staff forum helped", at);
      await services.feedback.record({ user: jo, answerId: "a1", helpful: true, idempotencyKey: "jo-fb" });
      await services.subscriptions.subscribe({ platform: "teams", conversationId: "19:chan", by: jo });
      await services.ambassadors.put({
        id: "jo-amb",
        displayName: "Jo",
        teamsUserId: jo.userId,
        categories: ["staff-unions"],
        serviceAreas: [],
        monthlyCapacity: 2,
      });
      await services.ambassadors.put({
        id: "sam-amb",
        displayName: "Sam",
        teamsUserId: sam.userId,
        categories: ["staff-unions"],
        serviceAreas: [],
        monthlyCapacity: 2,
      });
      await services.conversations.save(jo.userId, { conversation: { id: "a:jo" } });
      await services.introductions.propose({
        asker: jo,
        kind: "ambassador",
        targetId: "sam-amb",
        topic: "staff-unions",
        idempotencyKey: "jo-intro",
        now: at,
      });
      await services.introductions.propose({
        asker: sam,
        kind: "ambassador",
        targetId: "jo-amb",
        topic: "staff-unions",
        idempotencyKey: "sam-intro",
        now: at,
      });
    });
    afterAll(async () => {
      await close();
    });

    describe("privacy", () => {
      it("exports everything held about a person as JSON", async () => {
        const data = await services.privacy.export(jo);
        expect(data.user).toEqual(jo);
        expect(data.reports).toHaveLength(1);
        expect(data.reports[0]?.resolutionNote).toBe("A joint staff forum helped");
        expect(data.introductions.map((i) => i.targetId).sort()).toEqual(["jo-amb", "sam-amb"]);
        expect(data.feedback).toEqual([expect.objectContaining({ answerId: "a1", helpful: true })]);
        expect(data.ambassadorProfiles.map((a) => a.id)).toEqual(["jo-amb"]);
        expect(data.subscriptionsMade).toEqual([expect.objectContaining({ conversationId: "19:chan" })]);
        expect(JSON.parse(JSON.stringify(data))).toEqual(data);
      });

      it("erases it all, keeps anonymous counters and the channel's subscription, and is idempotent", async () => {
        // Act
        const first = await services.privacy.erase(jo);
        const second = await services.privacy.erase(jo);
        const after = await services.privacy.export(jo);
        const counts = await services.stats.counts("2026-W06");

        // Assess
        expect(first.deleted).toBeGreaterThanOrEqual(9);
        expect(second.deleted).toBe(0);
        expect(after.reports).toEqual([]);
        expect(after.introductions).toEqual([]);
        expect(after.feedback).toEqual([]);
        expect(after.ambassadorProfiles).toEqual([]);
        expect(after.subscriptionsMade).toEqual([]);
        expect(await ownedItems(hashUser("k", jo))).toBe(0);
        expect(await services.conversations.get(jo.userId)).toBeUndefined();
        expect(await services.stats.quotableExamples("2026-W06", "staff-unions", 5)).toEqual([]);
        expect(await services.stats.resolutions("2026-W06", 5)).toEqual([]);
        expect(await services.peers.find({ asker: sam, categories: ["staff-unions"], now: at })).toEqual([]);
        expect(counts.reports["staff-unions"]).toBe(1);
        expect(counts.resolved["staff-unions"]).toBe(1);
        expect(counts.introductionsProposed).toBe(2);
        expect((await services.subscriptions.list()).map((s) => s.conversationId)).toEqual(["19:chan"]);
        expect(await services.ambassadors.get("sam-amb")).toBeDefined();
        expect((await services.privacy.export(sam)).introductions).toEqual([]);
      });
    });
  });
}
