import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import type { OpenServices } from "./open.ts";

const asha: UserRef = { platform: "teams", userId: "29:asha" };
const ashaInReference = { id: "29:asha", name: "Asha Patel", aadObjectId: "aad-asha-0001" };
const ashaIds = { id: "29:asha", aadObjectId: "aad-asha-0001" };
const bot = { id: "28:pathfinder", name: "Pathfinder" };
const serviceUrl = "https://smba.trafficmanager.net/uk/";
const channelConversation = { id: "19:chan@thread.tacv2", conversationType: "channel" };

/**
 * Issue 13 item 1: "Teams erase and export miss personal data." After "subscribe" in a channel and a personal
 * "blocker", erase left the person's name and ids in the subscription's stored reference, in
 * `CONVREF#<aadObjectId>` and in the channel's reference; export missed the AAD-keyed reference.
 */
export function describeTeamsReferences(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: "k" }));
      // Prepare: what the Teams bot stores today for Asha's personal chat (under both keys), her channel
      // subscription and the channel's own reference, plus a blocker.
      const personal = {
        user: ashaInReference,
        bot,
        serviceUrl,
        conversation: { id: "a:asha-personal", conversationType: "personal" },
      };
      await services.conversations.save(asha.userId, personal);
      await services.conversations.save(ashaInReference.aadObjectId, personal);
      const channel = {
        user: ashaInReference,
        bot,
        serviceUrl,
        conversation: channelConversation,
      };
      await services.conversations.save("19:chan@thread.tacv2", channel);
      await services.subscriptions.subscribe({
        platform: "teams",
        conversationId: "19:chan@thread.tacv2",
        reference: channel,
        by: asha,
      });
      await services.obstacles.log({ user: asha, text: "The union won't engage", idempotencyKey: "t1" });
    });
    afterAll(async () => {
      await close();
    });

    it("stores references without names, and channel and subscription references without any user part", async () => {
      const personal = await services.conversations.get(asha.userId);
      const channel = await services.conversations.get("19:chan@thread.tacv2");
      const [subscription] = await services.subscriptions.list();

      expect(personal).toMatchObject({ user: ashaIds, conversation: { id: "a:asha-personal" } });
      expect(JSON.stringify(personal)).not.toContain("Asha Patel");
      expect(channel).toEqual({ bot, serviceUrl, conversation: channelConversation });
      expect(subscription?.reference).toEqual({ bot, serviceUrl, conversation: channelConversation });
    });

    it("exports the references kept under her Teams user id and her AAD object id", async () => {
      const data = await services.privacy.export(asha);

      expect(data).toMatchObject({
        conversationReferences: [
          { key: "29:asha", reference: { user: ashaIds } },
          { key: "aad-asha-0001", reference: { user: ashaIds } },
        ],
      });
    });

    it("erases both references and takes her out of the channel's references, keeping the subscription", async () => {
      // Act
      const { deleted } = await services.privacy.erase(asha);
      const again = await services.privacy.erase(asha);

      // Assess
      expect(deleted).toBe(4); // the subscription anonymised, the report, the two personal references
      expect(again.deleted).toBe(0);
      expect(await services.conversations.get("29:asha")).toBeUndefined();
      expect(await services.conversations.get("aad-asha-0001")).toBeUndefined();
      const channel = await services.conversations.get("19:chan@thread.tacv2");
      expect(channel).toEqual({ bot, serviceUrl, conversation: channelConversation });
      const [subscription] = await services.subscriptions.list();
      expect(subscription?.conversationId).toBe("19:chan@thread.tacv2");
      expect(subscription?.reference).toEqual({ bot, serviceUrl, conversation: channelConversation });
      expect(JSON.stringify(await services.subscriptions.list())).not.toMatch(/Asha|aad-asha|29:asha/);
      expect(await services.privacy.export(asha)).not.toHaveProperty("conversationReferences");
    });
  });
}
