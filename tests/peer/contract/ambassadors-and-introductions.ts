import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AmbassadorValidationError,
  InvalidTransitionError,
  NotAllowedError,
  NotFoundError,
} from "../../../peer/errors.ts";
import type { Ambassador, PeerServices, UserRef } from "../../../peer/ports.ts";
import { loadSampleAmbassadorsIfEmpty, SAMPLE_AMBASSADORS } from "../../../peer/sample-ambassadors.ts";
import type { OpenServices } from "./open.ts";

const asker: UserRef = { platform: "slack", userId: "U0ASKER1" };
const march = new Date("2026-03-10T12:00:00Z");

const amara: Ambassador = {
  id: "amara",
  displayName: "Amara Okafor",
  slackUserId: "U0AMARA1",
  categories: ["hr-tupe-pensions", "staff-unions"],
  serviceAreas: ["adult social care"],
  region: "North West",
  monthlyCapacity: 1,
  bio: "Led a TUPE transfer",
};

/** The ambassadors and introductions contract, run over DynamoDB and in memory. */
export function describeAmbassadorsAndIntroductions(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: "k" }));
    });
    afterAll(async () => {
      await close();
    });

    describe("ambassador directory", () => {
      it("loads the labelled sample set into an empty directory only", async () => {
        const first = await loadSampleAmbassadorsIfEmpty(services);
        const second = await loadSampleAmbassadorsIfEmpty(services);
        const listed = await services.ambassadors.list();
        expect(first.loaded).toBe(SAMPLE_AMBASSADORS.length);
        expect(second.loaded).toBe(0);
        expect(listed).toHaveLength(SAMPLE_AMBASSADORS.length);
        expect(listed.every((a) => a.sample === true && a.displayName.includes("(sample)"))).toBe(true);
        for (const a of listed) await services.ambassadors.remove(a.id);
      });

      it("validates on put with every problem named", async () => {
        const bad = { ...amara, id: "Bad Id!", categories: ["tupe"], monthlyCapacity: 1.5, region: "Mars" };
        const error = await services.ambassadors.put(bad).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AmbassadorValidationError);
        expect((error as AmbassadorValidationError).issues).toHaveLength(4);
      });

      it("puts, updates without losing statistics, snoozes and removes", async () => {
        // Prepare
        await services.ambassadors.put(amara);
        await services.introductions.propose({
          asker,
          kind: "ambassador",
          targetId: "amara",
          topic: "hr-tupe-pensions",
          idempotencyKey: "stats-1",
          now: march,
        });

        // Act
        const updated = await services.ambassadors.put({ ...amara, bio: undefined, monthlyCapacity: 4 });
        const snoozed = await services.ambassadors.snooze("amara", "2026-04-01");
        const woken = await services.ambassadors.snooze("amara", undefined);

        // Assess
        expect(updated.bio).toBeUndefined();
        expect(updated.monthlyCapacity).toBe(4);
        expect(updated.introductionsByMonth).toEqual({ "2026-03": 1 });
        expect(updated.lastIntroducedAt).toBe(march.toISOString());
        expect(snoozed.snoozedUntil).toBe("2026-04-01");
        expect(woken.snoozedUntil).toBeUndefined();
        await expect(services.ambassadors.snooze("nobody", "2026-04-01")).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(services.ambassadors.snooze("amara", "1 April")).rejects.toBeInstanceOf(
          AmbassadorValidationError,
        );
        expect(await services.ambassadors.remove("amara")).toBe(true);
        expect(await services.ambassadors.remove("amara")).toBe(false);
      });

      it("sets and clears an ambassador's own away date, kept when the profile is saved again", async () => {
        await services.ambassadors.put({ ...amara, id: "away-test", slackUserId: "U0AWAY01" });
        const away = await services.ambassadors.setAway("away-test", "2027-01-10");
        const resaved = await services.ambassadors.put({
          ...amara,
          id: "away-test",
          slackUserId: "U0AWAY01",
          email: "amara@example.org",
        });
        const back = await services.ambassadors.setAway("away-test", undefined);
        expect(away.awayUntil).toBe("2027-01-10");
        expect(resaved).toMatchObject({ awayUntil: "2027-01-10", email: "amara@example.org" });
        expect(back.awayUntil).toBeUndefined();
        await expect(services.ambassadors.setAway("nobody", "2027-01-10")).rejects.toBeInstanceOf(
          NotFoundError,
        );
        await expect(services.ambassadors.setAway("away-test", "10 Jan")).rejects.toBeInstanceOf(
          AmbassadorValidationError,
        );
        await services.ambassadors.remove("away-test");
      });

      it("keeps a volunteer pending until the profile is saved without it, and never matches them meanwhile", async () => {
        const volunteer = { ...amara, id: "pending-test", slackUserId: "U0PEND01" };
        const pending = await services.ambassadors.put({ ...volunteer, pendingSince: march.toISOString() });
        expect((await services.ambassadors.get("pending-test"))?.pendingSince).toBe(march.toISOString());
        expect(pending.pendingSince).toBe(march.toISOString());
        const offered = await services.ambassadors.match({ categories: ["hr-tupe-pensions"] });
        expect(offered.map((m) => m.ambassador.id)).not.toContain("pending-test");
        const confirmed = await services.ambassadors.put(volunteer);
        expect(confirmed.pendingSince).toBeUndefined();
        expect((await services.ambassadors.get("pending-test"))?.pendingSince).toBeUndefined();
        await services.ambassadors.remove("pending-test");
      });

      it("imports all or nothing", async () => {
        const good = { ...amara, id: "imp-good" };
        const bad = { ...amara, id: "imp-bad", categories: [] };
        await expect(services.ambassadors.importMany([good, bad])).rejects.toThrow(/entry 2: categories/);
        expect(await services.ambassadors.get("imp-good")).toBeUndefined();
        expect(await services.ambassadors.importMany([good])).toEqual({ imported: 1 });
        await services.ambassadors.remove("imp-good");
      });

      it("matches on topic, honours capacity after an introduction, and never offers the asker", async () => {
        // Prepare
        await services.ambassadors.importMany([
          { ...amara, id: "m-amara", monthlyCapacity: 1 },
          { ...amara, id: "m-self", displayName: "Asker", slackUserId: asker.userId },
          {
            ...amara,
            id: "m-other",
            displayName: "Other",
            slackUserId: "U0OTHER1",
            region: "London",
            serviceAreas: [],
          },
        ]);
        const request = {
          asker,
          text: "TUPE and pension transfer worries",
          serviceArea: "adult social care",
          region: "North West",
          now: march,
        };

        // Act
        const before = await services.ambassadors.match(request);
        await services.introductions.propose({
          asker,
          kind: "ambassador",
          targetId: "m-amara",
          topic: "hr-tupe-pensions",
          idempotencyKey: "cap-1",
          now: march,
        });
        const after = await services.ambassadors.match(request);

        // Assess
        expect(before.map((m) => m.ambassador.id)).toEqual(["m-amara", "m-other"]);
        expect(before[0]?.reason).toBe("knows HR, TUPE and pensions; adult social care; North West");
        expect(after.map((m) => m.ambassador.id)).toEqual(["m-other"]);
      });
    });

    describe("introductions", () => {
      it("is created once per event, counts once, and records raw ids to deliver plus the topic", async () => {
        // Prepare
        await services.ambassadors.put({ ...amara, id: "i-amara", monthlyCapacity: 10 });
        const input = {
          asker,
          kind: "ambassador" as const,
          targetId: "i-amara",
          topic: "hr-tupe-pensions",
          note: "Pensions question, ring 07700 900123",
          idempotencyKey: "Ev-intro-1",
          now: new Date("2026-06-02T09:00:00Z"),
        };

        // Act
        const [first, second] = await Promise.all([
          services.introductions.propose(input),
          services.introductions.propose(input),
        ]);
        const third = await services.introductions.propose(input);
        const counts = await services.stats.counts("2026-W23");

        // Assess
        expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
        expect(third.created).toBe(false);
        expect(third.introduction.id).toBe(first.introduction.id);
        expect(first.introduction).toMatchObject({
          status: "proposed",
          asker,
          target: { platform: "slack", userId: "U0AMARA1" },
          targetName: "Amara Okafor",
          note: "Pensions question, ring [phone]",
        });
        expect(counts.introductionsProposed).toBe(1);
        expect((await services.ambassadors.get("i-amara"))?.introductionsByMonth).toEqual({ "2026-06": 1 });
      });

      it("lets only the target accept, treats a repeat as a no-op, and counts acceptance once", async () => {
        // Prepare
        const target: UserRef = { platform: "slack", userId: "U0AMARA1" };
        const at = new Date("2026-06-09T09:00:00Z"); // 2026-W24
        const { introduction } = await services.introductions.propose({
          asker,
          kind: "ambassador",
          targetId: "i-amara",
          topic: "staff-unions",
          idempotencyKey: "Ev-intro-2",
          now: at,
        });

        // Act
        await expect(
          services.introductions.setStatus(introduction.id, "accepted", asker, at),
        ).rejects.toBeInstanceOf(NotAllowedError);
        const accepted = await Promise.all([
          services.introductions.setStatus(introduction.id, "accepted", target, at),
          services.introductions.setStatus(introduction.id, "accepted", target, at),
        ]);
        const repeat = await services.introductions.setStatus(introduction.id, "accepted", target, at);
        const done = await services.introductions.setStatus(introduction.id, "done", asker, at);
        const counts = await services.stats.counts("2026-W24");

        // Assess
        expect(accepted.map((i) => i.status)).toEqual(["accepted", "accepted"]);
        expect(repeat.status).toBe("accepted");
        expect(done.status).toBe("done");
        expect(counts.introductionsAccepted).toBe(1);
        expect((await services.ambassadors.get("i-amara"))?.helpedCount).toBe(1);
        await expect(
          services.introductions.setStatus(introduction.id, "declined", target),
        ).rejects.toBeInstanceOf(InvalidTransitionError);
        const forTarget = await services.introductions.listForUser(target);
        const forAsker = await services.introductions.listForUser(asker);
        expect(forTarget.map((i) => i.id)).toContain(introduction.id);
        expect(forAsker.map((i) => i.id)).toContain(introduction.id);
      });

      it("refuses unknown ambassadors and unknown topics", async () => {
        await expect(
          services.introductions.propose({
            asker,
            kind: "ambassador",
            targetId: "ghost",
            topic: "funding",
            idempotencyKey: "x1",
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          services.introductions.propose({
            asker,
            kind: "ambassador",
            targetId: "i-amara",
            topic: "tupe",
            idempotencyKey: "x2",
          }),
        ).rejects.toThrow(/Unknown category "tupe"/);
      });
    });
  });
}
