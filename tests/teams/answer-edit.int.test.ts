/**
 * An editor edits a community card from a Teams card (issue 15) with the real core on DynamoDB Local: signed
 * activities through the Lambda handler, cards out to the fake Bot Connector. `answers` lists the card with
 * Edit; pressing it replaces the card with the generic "answer.edit" form; a refused submit comes back with the
 * error and what was typed, a good one is saved (history kept) and says what changed. A non-editor gets a sentence.
 */
import type { Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_VERB } from "../../bots/teams/forms.ts";
import { startTeamsNetworkRig, type TeamsNetworkRig } from "./network-rig.ts";

const EDITOR = { id: "29:1editor-edit", name: "Cora Editor", aadObjectId: "aad-editor-edit" };
const AMBASSADOR = { id: "29:1ambassador-edit", name: "Janet Price", aadObjectId: "aad-ambassador-edit" };
const QUESTION = "Can staff keep their local government pension after the transfer?";
const ANSWER = "Ours did: we became an admitted body of the LGPS.";

let rig: TeamsNetworkRig;

beforeAll(async () => {
  rig = await startTeamsNetworkRig({
    tableName: "teams-edit",
    hashKey: "edit-key",
    editorId: EDITOR.id,
    ambassadorId: AMBASSADOR.id,
  });
});

afterAll(() => rig.close());

const personal = (who: string) =>
  ({ conversationType: "personal", tenantId: "tenant-0001", id: `a:1personal-${who}` }) as never;

/** Sends a signed activity; returns the invoke body (if any) and what was posted to the connector meanwhile. */
const send = (name: string, overrides: Partial<Activity> = {}) => rig.send(name, overrides);

type ButtonData = { actionId: string; value?: string };

/** Every Execute button's data (and its title) in the posted cards. */
function buttons(activities: { activity: Partial<Activity> }[]): (ButtonData & { title?: string })[] {
  const found: (ButtonData & { title?: string })[] = [];
  for (const { activity } of activities)
    JSON.stringify(activity.attachments?.[0]?.content ?? {}, (_key, value) => {
      if (value && typeof value === "object" && typeof value.data?.actionId === "string")
        found.push({ ...value.data, title: value.title });
      return value;
    });
  return found;
}

function execute(verb: string, data: Record<string, unknown>, from: typeof EDITOR) {
  return {
    from,
    conversation: personal(from === EDITOR ? "editor" : "janet"),
    value: { action: { type: "Action.Execute", verb, data } },
  } as Partial<Activity>;
}

type FormCard = { body: { id?: string; value?: unknown }[]; actions: { data: Record<string, unknown> }[] };

describe("editing a community card in Teams", () => {
  it("opens the edit form from the listing's Edit button, refuses a bad field, then saves and says what changed", async () => {
    // Prepare: Janet's pending answer
    const { card } = await rig.peer.community.propose({
      actor: {
        user: { platform: "teams", userId: AMBASSADOR.id },
        displayName: AMBASSADOR.name,
        editor: false,
      },
      question: QUESTION,
      answer: ANSWER,
      topic: "hr-tupe-pensions",
    });

    // Act 1: the editor lists the answers and presses Edit
    const listed = await send("personal-message", {
      from: EDITOR,
      conversation: personal("editor"),
      text: "answers",
    });
    const edit = buttons(listed.posted).find((b) => b.actionId === "form.open" && b.title === "Edit");
    if (!edit) throw new Error(`no Edit button in ${JSON.stringify(listed.posted)}`);
    const opened = await send("card-action-invoke", execute("form.open", { ...edit }, EDITOR));

    // Assess 1: the card is replaced by the form, prefilled from the card
    expect(opened.body?.type).toBe("application/vnd.microsoft.card.adaptive");
    const form = opened.body.value as FormCard;
    const inputs = Object.fromEntries(form.body.filter((e) => e.id).map((e) => [e.id, e.value]));
    expect(inputs).toMatchObject({ question: QUESTION, answer: ANSWER, topic: "hr-tupe-pensions" });
    const data = form.actions[0]?.data ?? {};

    // Act 2: an empty answer
    const refused = await send(
      "card-action-invoke",
      execute(FORM_VERB, { ...data, ...inputs, answer: "" }, EDITOR),
    );

    // Assess 2: the form again with the message; nothing stored
    expect(JSON.stringify(refused.body?.value)).toMatch(/⚠️.*The answer is empty/);
    expect((await rig.peer.community.get(card.id))?.answer).toBe(ANSWER);

    // Act 3: a real edit
    const saved = await send(
      "card-action-invoke",
      execute(
        FORM_VERB,
        { ...data, ...inputs, answer: `${ANSWER} Ask the fund for an admission agreement early.` },
        EDITOR,
      ),
    );

    // Assess 3
    expect(JSON.stringify(saved.body?.value)).toContain("Saved: you changed the answer.");
    const stored = await rig.peer.community.get(card.id);
    expect(stored?.answer).toBe(`${ANSWER} Ask the fund for an admission agreement early.`);
    expect(stored?.status).toBe("pending");
    expect(stored?.history.map((h) => h.what)).toEqual(["proposed", `edited answer (was: ${ANSWER})`]);
  });

  it("tells a non-editor who presses Edit that only editors can, and shows no form", async () => {
    // Prepare
    const { card } = await rig.peer.community.propose({
      actor: {
        user: { platform: "teams", userId: AMBASSADOR.id },
        displayName: AMBASSADOR.name,
        editor: false,
      },
      question: "Do we need a new pension valuation for the admission?",
      answer: "Yes, the fund actuary does one.",
    });

    // Act
    const pressed = await send(
      "card-action-invoke",
      execute("form.open", { actionId: "form.open", value: `answer.edit|${card.id}` }, AMBASSADOR),
    );

    // Assess
    expect(JSON.stringify(pressed.body?.value)).toContain("Only editors");
    expect(JSON.stringify(pressed.body?.value)).not.toContain(FORM_VERB);
  });
});
