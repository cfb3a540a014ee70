import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotAllowedError } from "../../../peer/errors.ts";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import type { OpenServices } from "./open.ts";

const now = new Date("2026-04-20T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const person = (id: string): UserRef => ({ platform: "teams", userId: `29:${id}` });

/** The peers feedback signals contract, run over DynamoDB and in memory. */
export function describePeersAndSignals(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: "k" }));
    });
    afterAll(async () => {
      await close();
    });

    describe("peers", () => {
      it("offers recent reporters of the same obstacle who opted in, never the asker, once each, identity hidden", async () => {
        // Prepare
        const log = (who: string, key: string, contactable: boolean, at: Date, serviceArea?: string) =>
          services.obstacles.log({
            user: person(who),
            text: "Procurement rules and the tender timetable",
            categories: ["procurement"],
            contactable,
            serviceArea,
            idempotencyKey: key,
            now: at,
          });
        const recent = await log("opted-in", "p1", true, daysAgo(14), "Leisure");
        await log("opted-in", "p1b", true, daysAgo(3)); // same person again: offered once
        await log("no-consent", "p2", false, daysAgo(2));
        await log("too-old", "p3", true, daysAgo(120));
        await log("asker", "p4", true, daysAgo(1));

        // Act
        const peers = await services.peers.find({
          asker: person("asker"),
          categories: ["procurement"],
          limit: 5,
          now,
        });

        // Assess
        expect(peers).toHaveLength(1);
        expect(peers[0]?.category).toBe("procurement");
        expect(peers[0]?.reason).toBe("also reported procurement and contracts 3 days ago");
        expect(JSON.stringify(peers)).not.toContain("29:");
        expect(recent.report.contactable).toBe(true);
      });

      it("introduces an asker to a peer by report id, delivering to the peer's platform id", async () => {
        // Prepare
        const [peer] = await services.peers.find({
          asker: person("asker"),
          categories: ["procurement"],
          now,
        });

        // Act
        const { introduction } = await services.introductions.propose({
          asker: person("asker"),
          kind: "peer",
          targetId: peer?.reportId ?? "",
          topic: "procurement",
          idempotencyKey: "peer-intro",
          now,
        });

        // Assess
        expect(introduction.target).toEqual(person("opted-in"));
        expect(introduction.targetName).toBeUndefined();
        const own = await services.obstacles.listForUser(person("asker"));
        await expect(
          services.introductions.propose({
            asker: person("asker"),
            kind: "peer",
            targetId: own[0]?.id ?? "",
            topic: "procurement",
            idempotencyKey: "self-intro",
          }),
        ).rejects.toBeInstanceOf(NotAllowedError);
      });
    });

    describe("question signals", () => {
      it("counts questions and unanswered topics once per event, storing no question text", async () => {
        // Prepare
        const at = new Date("2026-04-21T12:00:00Z"); // 2026-W17
        const ask = (key: string, answered: boolean, topics: string[]) =>
          services.signals.record({ user: person("q"), topics, answered, idempotencyKey: key, now: at });

        // Act
        await ask("q1", true, ["funding"]);
        await ask("q2", false, ["procurement", "made-up"]);
        await ask("q2", false, ["procurement", "made-up"]);
        await ask("q3", false, ["procurement", "funding"]);
        const counts = await services.stats.counts("2026-W17");

        // Assess
        expect(counts.questionsAsked).toBe(3);
        expect(counts.questionsUnanswered).toBe(2);
        expect(counts.unansweredTopics).toEqual({ procurement: 2, funding: 1 });
      });

      it("rejects a malformed week", async () => {
        await expect(services.stats.counts("2026-53")).rejects.toThrow(/not an ISO week/);
      });
    });
  });
}
