/**
 * Editors edit community cards where they work (issue 15): the Edit button on `answers` opens the "answer.edit"
 * form prefilled from the card; submitting edits it through the domain (history kept, contact details scrubbed)
 * and says what changed. Non-editors, bad fields and stale forms are refused with nothing stored. In memory.
 */
import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import { parseFormOpenValue } from "../../../bots/core/forms.ts";
import { ACTIONS } from "../../../bots/core/registry.ts";
import type { Conversation } from "../../../bots/core/reply.ts";
import { loadRoles } from "../../../config/roles.ts";
import { withCommunityCards } from "../../../knowledge/community.ts";
import type { KnowledgeBase } from "../../../knowledge/types.ts";
import { cardRevision } from "../../../peer/community-card-rules.ts";
import { NotAllowedError } from "../../../peer/errors.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { allText, button, buttons, message } from "./support/requests.ts";

const editor = { platform: "slack" as const, userId: "U0COORD1", displayName: "Cora" };
const janet = { platform: "slack" as const, userId: "U0JANET", displayName: "Janet Price" };
const dev = { platform: "slack" as const, userId: "U0COORD2", displayName: "Dev Patel" };
const here: Conversation = { id: "D0EDITOR", kind: "personal" };

const declining: KnowledgeBase = {
  search: async () => [],
  ask: async () => ({
    answered: false,
    text: "I couldn't find this.",
    citations: [],
    confidence: 0,
    topics: [],
    composer: "extractive",
  }),
  guide: () => [],
  guideBrief: () => undefined,
};

async function setUp() {
  let now = new Date("2026-12-03T10:00:00Z");
  const peer = createInMemoryPeerServices({ now: () => now });
  await peer.ambassadors.put({
    id: "janet",
    displayName: "Janet Price",
    slackUserId: janet.userId,
    categories: ["hr-tupe-pensions"],
    serviceAreas: ["adult social care"],
    monthlyCapacity: 2,
  });
  const core = createCore({
    knowledge: withCommunityCards(declining, { cards: peer.community }),
    peer,
    digest: { preview: async () => ({ text: "", blocks: [], visibility: "private" }) },
    now: () => now,
    roles: loadRoles({ PATHFINDER_COORDINATORS: "slack:U0COORD1,slack:U0COORD2" }),
  });
  const { card } = await peer.community.propose({
    actor: { user: janet, displayName: janet.displayName, editor: false },
    question: "Who pays the pension deficit when staff transfer?",
    answer: "The council usually keeps the past-service deficit; agree it in the transfer agreement.",
    topic: "hr-tupe-pensions",
    phrasings: ["pension deficit on transfer"],
  });
  return { peer, core, card, setNow: (d: Date) => (now = d) };
}

/** Opens the edit form the way an adapter does when the Edit button is pressed: the value's subject as prefill. */
async function openEdit(t: Awaited<ReturnType<typeof setUp>>, value: string, actor = editor) {
  const parsed = parseFormOpenValue(value);
  if (!parsed) throw new Error(`not a form.open value: ${value}`);
  return t.core.openForm({
    actor,
    formId: parsed.formId,
    ...(parsed.subject ? { prefill: { subject: parsed.subject } } : {}),
    conversation: here,
    eventId: `open:${value}`,
  });
}

async function editButton(t: Awaited<ReturnType<typeof setUp>>) {
  const listed = await t.core.handleMessage(
    message("answers", { actor: editor, conversation: here, mode: "command" }),
  );
  const edit = buttons(listed.replies[0]).find((b) => b.id === "form.open" && b.label === "Edit");
  if (!edit) throw new Error(`no Edit button in ${allText(listed)}`);
  return edit;
}

describe("editing a community card from chat", () => {
  it("shows Edit beside Approve and Reject, opens the form prefilled, and saves the edit with its history", async () => {
    // Prepare
    const t = await setUp();
    const edit = await editButton(t);

    // Act
    const opened = await openEdit(t, edit.value);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    const value = (id: string) => opened.form.fields.find((f) => f.id === id)?.value;
    t.setNow(new Date("2026-12-04T09:30:00Z"));
    const submitted = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: {
        question: "Who pays the pension deficit when staff transfer?",
        answer: "The council usually keeps the past-service deficit. Call 07700 900123 for the template.",
        topic: "business-case",
        phrasings: "pension deficit on transfer\nwho covers the pension gap",
      },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation: here,
      eventId: "submit-1",
    });

    // Assess
    expect(edit.value).toBe(`answer.edit|${t.card.id}`);
    expect(ACTIONS["form.open"].value.safeParse(edit.value).success).toBe(true);
    expect(opened.form.id).toBe("answer.edit");
    expect(value("question")).toBe(t.card.question);
    expect(value("answer")).toBe(t.card.answer);
    expect(value("topic")).toBe("hr-tupe-pensions");
    expect(value("phrasings")).toBe("pension deficit on transfer");
    if (!("result" in submitted)) throw new Error(JSON.stringify(submitted));
    const said = submitted.result.replies[0]?.text ?? "";
    expect(said).toMatch(/you changed the answer, the topic \(.+ → .+\), the other phrasings \(2 now\)/);
    expect(said).toContain("I removed a phone number");
    const stored = await t.peer.community.get(t.card.id);
    expect(stored?.answer).toBe(
      "The council usually keeps the past-service deficit. Call [phone] for the template.",
    );
    expect(stored?.topic).toBe("business-case");
    expect(stored?.phrasings).toEqual(["pension deficit on transfer", "who covers the pension gap"]);
    const added = stored?.history.slice(t.card.history.length) ?? [];
    expect(added.map((h) => h.what)).toEqual([
      `edited answer (was: ${t.card.answer})`,
      "topic hr-tupe-pensions -> business-case",
      "phrasings: pension deficit on transfer | who covers the pension gap",
      "scrubbed: a phone number",
    ]);
    expect(new Set(added.map((h) => h.at))).toEqual(new Set(["2026-12-04T09:30:00.000Z"]));
    // Who: the editor's keyed hash, not the author's.
    expect(added.every((h) => h.byHash !== t.card.authorHash)).toBe(true);
  });

  it("offers Edit on approved cards, and the approved card answers with the new text at once", async () => {
    // Prepare
    const t = await setUp();
    await t.peer.community.approve(t.card.id, { user: editor, editor: true });
    const before = await t.core.handleMessage(message("Who pays the pension deficit when staff transfer?"));
    const listed = await t.core.handleMessage(
      message("answers", { actor: editor, conversation: here, mode: "command" }),
    );

    // Act
    const opened = await openEdit(t, button(listed, "form.open").value);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    const submitted = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: {
        question: t.card.question,
        answer: "Agree the deficit split in the commercial transfer agreement before day one.",
        topic: "hr-tupe-pensions",
        phrasings: "pension deficit on transfer",
      },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation: here,
      eventId: "submit-2",
    });
    const after = await t.core.handleMessage(message("Who pays the pension deficit when staff transfer?"));

    // Assess
    expect(allText(listed)).toContain("Approved community answers (1)");
    expect(buttons(listed.replies[0]).map((b) => b.label)).toEqual(["Edit"]);
    expect("result" in submitted && submitted.result.replies[0]?.text).toBe(
      "Saved: you changed the answer. It answers with the new text from now on.",
    );
    // The form sends the unchanged phrasings back: no history line for them.
    expect((await t.peer.community.get(t.card.id))?.history.map((h) => h.what)).toEqual([
      "proposed",
      "approved",
      `edited answer (was: ${t.card.answer})`,
    ]);
    expect(allText(before)).toContain("past-service deficit");
    expect(allText(after)).toContain("commercial transfer agreement before day one");
    expect(allText(after)).not.toContain("past-service deficit");
  });

  it("names bad fields next to their input and stores nothing", async () => {
    // Prepare
    const t = await setUp();
    const opened = await openEdit(t, `answer.edit|${t.card.id}`);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    const submit = (values: Record<string, string>, eventId: string) =>
      t.core.submitForm({
        actor: editor,
        formId: "answer.edit",
        values: { question: t.card.question, answer: t.card.answer, ...values },
        ...(opened.form.state ? { state: opened.form.state } : {}),
        conversation: here,
        eventId,
      });

    // Act
    const empty = await submit({ answer: "   " }, "bad-1");
    const long = await submit({ answer: "x".repeat(1_501) }, "bad-2");
    const many = await submit(
      { phrasings: Array.from({ length: 11 }, (_, i) => `phrasing number ${i}`).join("\n") },
      "bad-3",
    );
    const topic = await submit({ topic: "not-a-topic" }, "bad-4");
    const noQuestion = await submit({ question: "" }, "bad-5");

    // Assess
    expect(empty).toEqual({ errors: { answer: expect.stringMatching(/answer is empty/i) } });
    expect(long).toEqual({ errors: { answer: expect.stringMatching(/1501 characters.*at most 1500/) } });
    expect(many).toEqual({ errors: { phrasings: expect.stringMatching(/at most 10 extra phrasings/) } });
    expect(topic).toEqual({ errors: { topic: "Choose a topic from the list." } });
    expect(noQuestion).toEqual({ errors: { question: expect.stringMatching(/question is empty/i) } });
    expect(await t.peer.community.get(t.card.id)).toEqual(t.card);
  });

  it("refuses a non-editor a clear sentence on opening and on a forged submit; the domain refuses too", async () => {
    // Prepare
    const t = await setUp();
    const state = JSON.stringify({ cardId: t.card.id });

    // Act
    const opened = await openEdit(t, `answer.edit|${t.card.id}`, janet);
    const forged = await t.core.submitForm({
      actor: janet,
      formId: "answer.edit",
      values: { question: t.card.question, answer: "Mine now." },
      state,
      conversation: here,
      eventId: "forged",
    });
    const direct = t.peer.community.edit(t.card.id, { user: janet, editor: false }, { answer: "Mine now." });

    // Assess
    expect("result" in opened && opened.result.replies[0]?.text).toMatch(/Only editors .* can edit/);
    expect("result" in forged && forged.result.replies[0]?.text).toMatch(/Only editors .* can edit/);
    await expect(direct).rejects.toBeInstanceOf(NotAllowedError);
    expect((await t.peer.community.get(t.card.id))?.answer).toBe(t.card.answer);
  });

  it("says so when the card was rejected or removed after the form opened, and changes nothing", async () => {
    // Prepare
    const t = await setUp();
    const opened = await openEdit(t, `answer.edit|${t.card.id}`);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    await t.peer.community.reject(t.card.id, { user: editor, editor: true });

    // Act
    const submitted = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: { question: t.card.question, answer: "A late edit." },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation: here,
      eventId: "late",
    });
    const reopened = await openEdit(t, `answer.edit|${t.card.id}`);
    const unknown = await openEdit(t, "answer.edit|0123456789abcdef");

    // Assess
    expect("result" in submitted && submitted.result.replies[0]?.text).toMatch(
      /was rejected after you opened the form, so your edit was not saved/,
    );
    expect("result" in reopened && reopened.result.replies[0]?.text).toMatch(
      /was rejected, so it can't be edited/,
    );
    expect("result" in unknown && unknown.result.replies[0]?.text).toMatch(/no longer exists/);
    const stored = await t.peer.community.get(t.card.id);
    expect(stored?.answer).toBe(t.card.answer);
    expect(stored?.history.map((h) => h.what)).toEqual(["proposed", "rejected"]);
  });

  it("refuses an edit from a form opened before a colleague saved, gives the typed answer back and offers Edit again", async () => {
    // Prepare: Cora opens the form; Dev (another editor) saves first
    const t = await setUp();
    const opened = await openEdit(t, `answer.edit|${t.card.id}`);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    await t.peer.community.edit(
      t.card.id,
      { user: dev, displayName: dev.displayName, editor: true },
      { answer: "Dev's answer: the fund decides, after an actuarial valuation." },
    );
    const afterDev = await t.peer.community.get(t.card.id);
    const typed = `Cora's answer: the council keeps it. Ring 07700 900123. ${"More detail. ".repeat(100)}`;

    // Act: Cora submits the form she opened before Dev's save, then presses Edit again and saves
    const stale = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: { question: t.card.question, answer: typed, topic: "hr-tupe-pensions" },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation: here,
      eventId: "stale",
    });
    if (!("result" in stale)) throw new Error(JSON.stringify(stale));
    const again = stale.result.replies[0]?.blocks.flatMap((b) => (b.type === "actions" ? b.actions : []))[0];
    const reopened = again ? await openEdit(t, again.value) : undefined;
    if (!reopened || !("form" in reopened)) throw new Error(JSON.stringify(reopened));
    const saved = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: {
        question: t.card.question,
        answer: "Cora's answer, on top of Dev's.",
        topic: "hr-tupe-pensions",
      },
      ...(reopened.form.state ? { state: reopened.form.state } : {}),
      conversation: here,
      eventId: "resaved",
    });

    // Assess: nothing of Cora's was saved; the reply says so, shows the card now and her text (scrubbed, clipped)
    const said = allText(stale.result);
    expect(said).toContain(
      "Another editor changed this answer after you opened the form, so your edit was not saved.",
    );
    expect(said).toContain("Dev's answer: the fund decides");
    // All of it (a long answer, within the card's limit), with the phone number removed as saving would have.
    expect(said).toContain(typed.trim().replace("07700 900123", "[phone]"));
    expect(said).not.toContain("07700 900123");
    expect(again).toMatchObject({ id: "form.open", label: "Edit", value: `answer.edit|${t.card.id}` });
    expect(reopened.form.fields.find((f) => f.id === "answer")?.value).toBe(afterDev?.answer);
    expect("result" in saved && saved.result.replies[0]?.text).toMatch(/^Saved: you changed the answer/);
    const history = (await t.peer.community.get(t.card.id))?.history.map((h) => h.what) ?? [];
    expect(history.filter((w) => w.startsWith("edited answer"))).toEqual([
      `edited answer (was: ${t.card.answer})`,
      `edited answer (was: ${afterDev?.answer})`,
    ]);
  });

  it("names the colleague who changed the card when the card names them as its author", async () => {
    // Prepare: Dev's own named card; Cora opens it, Dev edits it
    const t = await setUp();
    const { card } = await t.peer.community.propose({
      actor: { user: dev, displayName: dev.displayName, editor: true },
      question: "Can the mutual keep the council's logo?",
      answer: "Only with a licence in the contract.",
      nameMe: true,
    });
    const opened = await openEdit(t, `answer.edit|${card.id}`);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    await t.peer.community.edit(card.id, { user: dev, editor: true }, { answer: "No: design your own." });

    // Act
    const stale = await t.core.submitForm({
      actor: editor,
      formId: "answer.edit",
      values: { question: card.question, answer: "Yes, for a year." },
      ...(opened.form.state ? { state: opened.form.state } : {}),
      conversation: here,
      eventId: "stale-named",
    });

    // Assess
    if (!("result" in stale)) throw new Error(JSON.stringify(stale));
    expect(allText(stale.result)).toContain("Dev Patel changed this answer after you opened the form");
    expect((await t.peer.community.get(card.id))?.answer).toBe("No: design your own.");
  });

  it("still saves a form opened before a colleague approved the card, and a form whose state has no revision", async () => {
    // Prepare: one form opened on the pending card, then approved; one legacy state carrying only the card id
    const t = await setUp();
    const opened = await openEdit(t, `answer.edit|${t.card.id}`);
    if (!("form" in opened)) throw new Error(JSON.stringify(opened));
    await t.peer.community.approve(t.card.id, { user: dev, editor: true });
    const submit = (answer: string, state: string | undefined, eventId: string) =>
      t.core.submitForm({
        actor: editor,
        formId: "answer.edit",
        values: { question: t.card.question, answer, topic: "hr-tupe-pensions" },
        ...(state ? { state } : {}),
        conversation: here,
        eventId,
      });

    // Act
    const afterApproval = await submit("Edited after the approval.", opened.form.state, "after-approval");
    const legacy = await submit("Edited from an old form.", JSON.stringify({ cardId: t.card.id }), "legacy");

    // Assess: the state names the revision; approval did not change it; the legacy form saves as before
    expect(JSON.parse(opened.form.state ?? "{}")).toEqual({
      cardId: t.card.id,
      revision: cardRevision(t.card),
    });
    expect("result" in afterApproval && afterApproval.result.replies[0]?.text).toMatch(/^Saved: you changed/);
    expect("result" in legacy && legacy.result.replies[0]?.text).toMatch(/^Saved: you changed/);
    expect((await t.peer.community.get(t.card.id))?.answer).toBe("Edited from an old form.");
  });

  it("refuses a form.open value that is not one of ours before any handler runs", () => {
    const schema = ACTIONS["form.open"].value;
    expect(schema.safeParse("answer.edit|abc123").success).toBe(true);
    expect(schema.safeParse("ambassador.volunteer").success).toBe(true);
    expect(schema.safeParse("answer.delete|abc123").success).toBe(false);
    expect(schema.safeParse("answer.edit|a|b").success).toBe(false);
    expect(schema.safeParse("answer.edit|<script>").success).toBe(false);
  });
});
