/**
 * The network contract (issue 15): open questions, thread answers, reminders, gaps, community cards, the
 * ambassadors' place and privacy, run over DynamoDB Local (tests/store/network.int.test.ts) and in memory
 * (tests/peer/network.memory.test.ts), so both stores behave alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardChangedError, cardRevision } from "../../../peer/community-card-rules.ts";
import type { Actor, ThreadPlace } from "../../../peer/network-ports.ts";
import type { PeerServices, UserRef } from "../../../peer/ports.ts";
import { hashUser } from "../../../peer/user-hash.ts";
import type { OpenServices } from "./open.ts";

const asker: UserRef = { platform: "slack", userId: "U0ASKER" };
const janet: UserRef = { platform: "slack", userId: "U0JANET" };
const stranger: UserRef = { platform: "teams", userId: "29:stranger" };
const editor: Actor = { user: { platform: "slack", userId: "U0EDITOR" }, editor: true };
const asJanet: Actor = { user: janet, displayName: "Janet P", editor: false };
const dev: Actor = { user: { platform: "teams", userId: "29:dev" }, displayName: "Dev Patel", editor: true };
const place: ThreadPlace = { platform: "slack", conversationId: "C0AMB", threadId: "1733050000.000100" };
const teamsPlace: ThreadPlace = {
  platform: "teams",
  conversationId: "19:amb@thread.tacv2",
  threadId: "1733050000999",
};

/** The network contract. */
export function describeNetwork(label: string, open: OpenServices): void {
  describe(label, () => {
    let services: PeerServices;
    let close: () => Promise<void>;
    let now = new Date("2026-12-01T10:00:00Z"); // a Tuesday
    const setNow = (iso: string) => {
      now = new Date(iso);
    };

    beforeAll(async () => {
      ({ services, close } = await open({ hashKey: "k", now: () => now }));
      await services.ambassadors.put({
        id: "janet",
        displayName: "Janet Price",
        slackUserId: janet.userId,
        categories: ["hr-tupe-pensions"],
        serviceAreas: [],
        monthlyCapacity: 2,
      });
    });
    afterAll(() => close());

    it("records an open question once per key, scrubbed, with a topic and the asker hashed", async () => {
      setNow("2026-12-01T10:00:00Z");
      const first = await services.network.ask({
        asker,
        text: "How do we keep staff pensions on transfer? Ring me on 07700 900123",
        named: false,
        idempotencyKey: "press-1",
      });
      const retried = await services.network.ask({
        asker,
        text: "ignored",
        named: false,
        idempotencyKey: "press-1",
      });

      expect(first.created).toBe(true);
      expect(retried).toEqual({ question: first.question, created: false });
      expect(first.question.text).toBe("How do we keep staff pensions on transfer? Ring me on [phone]");
      expect(first.question.topic).toBe("hr-tupe-pensions");
      expect(first.question.askerHash).toBe(hashUser("k", asker));
      expect(first.question.status).toBe("open");
      await expect(
        services.network.ask({ asker, text: "   ", named: false, idempotencyKey: "press-empty" }),
      ).rejects.toThrow(/question is empty/i);
    });

    it("tracks the threads a question was posted in, on both platforms, and records the first answer once", async () => {
      setNow("2026-12-01T11:00:00Z");
      const { question } = await services.network.ask({
        asker,
        text: "Who approves the business case?",
        named: true,
        askerName: "Sam",
        idempotencyKey: "press-2",
      });
      await services.network.recordPost(question.id, place);
      await services.network.recordPost(question.id, place); // a retried report
      await services.network.recordPost(question.id, teamsPlace);

      expect(await services.network.isTrackedThread("slack", place.conversationId, place.threadId)).toBe(
        true,
      );
      expect(
        await services.network.isTrackedThread("teams", teamsPlace.conversationId, teamsPlace.threadId),
      ).toBe(true);
      expect(await services.network.isTrackedThread("slack", place.conversationId, "other")).toBe(false);
      expect(await services.network.isTrackedThread("cli", place.conversationId, place.threadId)).toBe(false);
      expect((await services.network.get(question.id))?.posts).toEqual([place, teamsPlace]);

      setNow("2026-12-02T09:00:00Z");
      const first = await services.network.answer({
        by: janet,
        place,
        text: "The section 151 officer.",
        idempotencyKey: "ev-1",
      });
      const retried = await services.network.answer({
        by: janet,
        place,
        text: "The section 151 officer.",
        idempotencyKey: "ev-1",
      });
      const second = await services.network.answer({
        by: stranger,
        place: teamsPlace,
        text: "Cabinet, in our case. jo@example.org",
        idempotencyKey: "ev-2",
      });
      const untracked = await services.network.answer({
        by: janet,
        place: { ...place, threadId: "nope" },
        text: "Hello",
        idempotencyKey: "ev-3",
      });

      expect(first).toMatchObject({ first: true, created: true });
      expect(first?.answer).toMatchObject({
        named: false,
        text: "The section 151 officer.",
        byHash: hashUser("k", janet),
      });
      expect(retried).toMatchObject({ first: false, created: false });
      expect(second).toMatchObject({ first: false, created: true });
      expect(second?.answer.text).toBe("Cabinet, in our case. [email]");
      expect(untracked).toBeUndefined();
      const stored = await services.network.get(question.id);
      expect(stored?.status).toBe("answered");
      expect(stored?.answeredAt).toBe("2026-12-02T09:00:00.000Z");
      expect(stored?.answers).toHaveLength(2);

      const named = await services.network.nameAnswerer(
        question.id,
        first?.answer.id ?? "",
        janet,
        "Janet Price",
      );
      expect(named).toMatchObject({ named: true, byName: "Janet Price" });
      await expect(
        services.network.nameAnswerer(question.id, first?.answer.id ?? "", stranger, "Not Janet"),
      ).rejects.toThrow(/Only the person who answered/);
    });

    it("shows gaps by topic, most asked first, and raises a question once after 3 working days", async () => {
      setNow("2026-12-03T10:00:00Z"); // Thursday: the Tuesday question has waited 2 working days
      expect(await services.network.claimReminders()).toEqual([]);
      const gaps = await services.network.gaps();
      expect(gaps.map((g) => [g.topic, g.open, g.answered])).toEqual([
        ["hr-tupe-pensions", 1, 0],
        ["business-case", 0, 1],
      ]);
      expect(gaps[0]?.questions[0]?.waitingDays).toBe(2);
      expect(gaps[1]?.questions[0]).toMatchObject({ status: "answered", waitingDays: 0 });

      setNow("2026-12-04T10:00:00Z"); // Friday: 3 working days
      const due = await services.network.claimReminders();
      const again = await services.network.claimReminders();
      expect(due.map((q) => q.text)).toEqual([
        "How do we keep staff pensions on transfer? Ring me on [phone]",
      ]);
      expect(due[0]?.remindedAt).toBe("2026-12-04T10:00:00.000Z");
      expect(again).toEqual([]);
      // One at a time (the scheduled run marks a question once every place has its reminder): never twice, never
      // an answered question, and a question erased since it was listed is simply not there.
      expect(await services.network.claimReminder(due[0]?.id ?? "")).toBeUndefined();
      expect(await services.network.claimReminder(gaps[1]?.questions[0]?.id ?? "")).toBeUndefined();
      expect(await services.network.claimReminder("0000000000000000")).toBeUndefined();

      setNow("2026-12-07T10:00:00Z"); // Monday: 4 working days, so it waits in the digest
      const week = await services.network.week(
        new Date("2026-11-30T00:00:00Z"),
        new Date("2026-12-07T00:00:00Z"),
      );
      expect(week.answeredByTopic).toEqual({ "business-case": 1 });
      expect(week.waiting.map((w) => [w.topic, w.waitingDays])).toEqual([["hr-tupe-pensions", 6]]);
    });

    it("keeps ambassadors' places apart from digest subscriptions", async () => {
      await services.subscriptions.subscribe({ platform: "slack", conversationId: "C0DIGEST", by: janet });
      const made = await services.subscriptions.subscribe({
        platform: "slack",
        conversationId: "C0AMB",
        by: janet,
        kind: "ambassadors",
      });
      const again = await services.subscriptions.subscribe({
        platform: "slack",
        conversationId: "C0AMB",
        by: janet,
        kind: "ambassadors",
      });

      expect(made.created).toBe(true);
      expect(again.created).toBe(false);
      expect((await services.subscriptions.list()).map((s) => s.conversationId)).toEqual(["C0DIGEST"]);
      expect(
        (await services.subscriptions.list("ambassadors")).map((s) => [s.conversationId, s.kind]),
      ).toEqual([["C0AMB", "ambassadors"]]);
      expect(await services.subscriptions.unsubscribe("slack", "C0AMB")).toEqual({ removed: false });
      expect(await services.subscriptions.unsubscribe("slack", "C0AMB", "ambassadors")).toEqual({
        removed: true,
      });
      expect(await services.subscriptions.list("ambassadors")).toEqual([]);
    });

    it("takes proposals only from ambassadors and editors, refuses bad ones, and scrubs contact details", async () => {
      setNow("2026-12-08T10:00:00Z");
      await expect(
        services.community.propose({
          actor: { user: stranger, editor: false },
          question: "What is TUPE?",
          answer: "Transfer rules.",
        }),
      ).rejects.toThrow(/Only ambassadors and editors/);
      await expect(
        services.community.propose({ actor: asJanet, question: "What is TUPE?", answer: "  " }),
      ).rejects.toThrow(/answer is empty/);
      await expect(
        services.community.propose({ actor: asJanet, question: "What is TUPE?", answer: "y".repeat(1_501) }),
      ).rejects.toThrow(/1501 characters/);

      const { card, removed } = await services.community.propose({
        actor: asJanet,
        question: "How do we keep pensions when staff transfer?",
        answer: "Get admitted body status early. Call 020 7946 0000.",
        phrasings: ["pensions on transfer", "How do we keep pensions when staff transfer?"],
        nameMe: true,
      });
      expect(removed).toEqual(["a phone number"]);
      expect(card).toMatchObject({
        status: "pending",
        answer: "Get admitted body status early. Call [phone].",
        phrasings: ["pensions on transfer"],
        topic: "hr-tupe-pensions",
        authorName: "Janet Price",
        authorHash: hashUser("k", janet),
      });
      expect(card.history.map((h) => h.what)).toEqual(["proposed", "scrubbed: a phone number"]);
      await expect(
        services.community.propose({
          actor: editor,
          question: "how do we keep PENSIONS when staff transfer",
          answer: "Another answer.",
        }),
      ).rejects.toThrow(/already exists/);
      expect((await services.community.list("pending")).map((c) => c.id)).toEqual([card.id]);
    });

    it("lets editors approve, edit and remove with every change kept; a rejected question can be proposed again", async () => {
      setNow("2026-12-09T10:00:00Z");
      const [pending] = await services.community.list("pending");
      if (!pending) throw new Error("no pending card");
      await expect(services.community.approve(pending.id, asJanet)).rejects.toThrow(/Only editors/);

      const approved = await services.community.approve(pending.id, editor);
      const { card: edited } = await services.community.edit(pending.id, editor, {
        answer: "Get admitted body status early, in writing.",
      });
      expect(approved.status).toBe("approved");
      expect(approved.approvedAt).toBe("2026-12-09T10:00:00.000Z");
      expect(edited.answer).toBe("Get admitted body status early, in writing.");
      expect(edited.history.map((h) => h.what).slice(2)).toEqual([
        "approved",
        "edited answer (was: Get admitted body status early. Call [phone].)",
      ]);
      expect(edited.history[2]?.byHash).toBe(hashUser("k", editor.user));
      expect((await services.community.list("approved")).map((c) => c.id)).toEqual([pending.id]);

      const { card: other } = await services.community.propose({
        actor: editor,
        question: "Can we pay a fair return to investors?",
        answer: "Yes, capped.",
      });
      await expect(
        services.community.edit(other.id, editor, {
          question: "How do we keep pensions when staff transfer",
        }),
      ).rejects.toThrow(/already exists/);
      await services.community.reject(other.id, editor);
      const again = await services.community.propose({
        actor: editor,
        question: "Can we pay a fair return to investors?",
        answer: "Yes, within an asset lock.",
      });
      expect(again.card.status).toBe("pending");
      await expect(services.community.approve(other.id, editor)).rejects.toThrow(/rejected/);

      const removed = await services.community.remove(pending.id, editor);
      expect(removed.status).toBe("removed");
      expect(await services.community.list("approved")).toEqual([]);
    });

    it("exports a person's questions and cards, erases their questions and anonymises their cards", async () => {
      setNow("2026-12-10T10:00:00Z");
      const { card } = await services.community.propose({
        actor: asJanet,
        question: "Who should sit on the shadow board?",
        answer: "Staff, a council nominee and an independent chair.",
        nameMe: true,
      });
      await services.community.approve(card.id, editor);
      const { question } = await services.network.ask({
        asker: janet,
        text: "How long did your spin-out take?",
        named: false,
        idempotencyKey: "janet-press",
      });
      await services.network.recordPost(question.id, { ...place, threadId: "janet-thread" });

      const exported = await services.privacy.export(janet);
      expect(exported.openQuestions?.map((q) => q.text)).toEqual(["How long did your spin-out take?"]);
      expect(exported.communityCards?.map((c) => c.question).sort()).toEqual([
        "How do we keep pensions when staff transfer?",
        "Who should sit on the shadow board?",
      ]);
      const askerExport = await services.privacy.export(asker);
      expect(askerExport.openQuestions).toHaveLength(2);

      const answeredBefore = (await services.network.gaps())
        .flatMap((g) => g.questions)
        .find((q) => q.status === "answered");
      await services.privacy.erase(janet);

      expect(await services.network.get(question.id)).toBeUndefined();
      expect(await services.network.isTrackedThread("slack", place.conversationId, "janet-thread")).toBe(
        false,
      );
      const kept = await services.community.get(card.id);
      expect(kept?.status).toBe("approved");
      expect(kept?.authorName).toBeUndefined();
      expect(kept?.authorHash).toBe("erased");
      expect(JSON.stringify(kept)).not.toContain(hashUser("k", janet));
      // Janet's answer in Sam's question stays, anonymised.
      const answered = answeredBefore ? await services.network.get(answeredBefore.id) : undefined;
      expect(answered?.answers.map((a) => [a.byHash, a.named, a.byName])).toEqual([
        ["erased", false, undefined],
        [hashUser("k", stranger), false, undefined],
      ]);
      const after = await services.privacy.export(janet);
      expect(after.openQuestions).toEqual([]);
      expect(after.communityCards).toEqual([]);
    });

    it("of two edits from the same opened revision started together, saves exactly one and refuses the other", async () => {
      // Prepare: Dev's card, named; both editors open the form on the same revision
      setNow("2026-12-11T10:00:00Z");
      const { card } = await services.community.propose({
        actor: dev,
        question: "Do we need our own payroll on day one?",
        answer: "Not on day one: buy it from the council for the first year.",
        topic: "hr-tupe-pensions",
        nameMe: true,
      });
      const opened = cardRevision(card);

      // Act: both submit at once
      const outcomes = await Promise.allSettled([
        services.community.edit(
          card.id,
          editor,
          { answer: "Buy payroll back from the council for a year." },
          {
            expectedRevision: opened,
          },
        ),
        services.community.edit(
          card.id,
          dev,
          { answer: "Run your own payroll from the first month." },
          {
            expectedRevision: opened,
          },
        ),
      ]);

      // Assess: one saved, the other refused with the card as the winner left it; one edit in the history
      const saved = outcomes.filter((o) => o.status === "fulfilled");
      const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
      expect(saved).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(CardChangedError);
      const stored = await services.community.get(card.id);
      const winner = saved[0]?.status === "fulfilled" ? saved[0].value.card.answer : "";
      expect(stored?.answer).toBe(winner);
      expect((refused[0] as CardChangedError).card.answer).toBe(winner);
      expect(stored?.history.filter((h) => h.what.startsWith("edited answer"))).toHaveLength(1);
    });

    it("names who changed the card only when the history shows a name that may be shown", async () => {
      // Prepare: Dev (named author) edits, then Cora's form from before is submitted; then Cora edits
      setNow("2026-12-11T11:00:00Z");
      const { card } = await services.community.propose({
        actor: dev,
        question: "Who holds the pension admission agreement?",
        answer: "The council and the fund, with the mutual joining as an admitted body.",
        nameMe: true,
      });
      const opened = cardRevision(card);
      await services.community.edit(card.id, dev, {
        answer: "The fund, the council and the mutual sign it.",
      });

      // Act
      const byAuthor = await services.community
        .edit(card.id, editor, { answer: "Cora's version." }, { expectedRevision: opened })
        .catch((e: unknown) => e);
      const reopened = cardRevision((await services.community.get(card.id)) ?? card);
      await services.community.edit(card.id, editor, { answer: "The fund signs it with both." });
      const byEditor = await services.community
        .edit(card.id, dev, { answer: "Dev's late version." }, { expectedRevision: reopened })
        .catch((e: unknown) => e);
      const bySelf = await services.community
        .edit(card.id, editor, { answer: "Cora again." }, { expectedRevision: reopened })
        .catch((e: unknown) => e);
      const legacy = await services.community.edit(card.id, dev, { answer: "Saved without a revision." });

      // Assess
      expect(byAuthor).toBeInstanceOf(CardChangedError);
      expect((byAuthor as CardChangedError).changedByName).toBe("Dev Patel");
      expect(byEditor).toBeInstanceOf(CardChangedError);
      expect((byEditor as CardChangedError).changedByName).toBeUndefined();
      expect((byEditor as CardChangedError).changedBySelf).toBe(false);
      expect((bySelf as CardChangedError).changedBySelf).toBe(true);
      expect(legacy.card.answer).toBe("Saved without a revision.");
    });
  });
}
