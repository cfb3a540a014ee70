/**
 * An editor edits a community card from App Home (issue 15) with the real core (createPathfinder) on DynamoDB
 * Local, through the real events handler and worker, against the fake Slack API: the Edit button opens the
 * generic "answer.edit" modal prefilled from the card, a refused submission shows core's error beside its input
 * and stores nothing, a good one saves (history kept, contact details removed and named), and the edited card
 * answers `pathfinder ask --json` at once with the new text. A non-editor's press gets a sentence, not the form.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import type { CommunityCard } from "../../peer/network-ports.ts";
import { eventRequest, interactionRequest } from "../support/slack-signing.ts";
import { fixture, HASH_KEY } from "./harness.ts";
import { type NetworkHarness, startNetworkSlackHarness, unique } from "./network-harness.ts";

let h: NetworkHarness;

const AMBASSADOR = "UJANET0002";
const EDITOR = "UEDITOR002";
const QUESTION = "How long should the first contract with the council be?";
const ANSWER = "We asked for five years with an option of two more; three was too short to invest.";
const NEW_ANSWER =
  "Ask for at least five years plus an option to extend: a shorter term leaves no time to pay back start-up costs. Email jo@example.org for our heads of terms.";

beforeAll(async () => {
  h = await startNetworkSlackHarness({
    editor: EDITOR,
    ambassador: AMBASSADOR,
    categories: ["procurement"],
  });
});
afterAll(() => h.close());
beforeEach(() => h.slack.reset());

const send = (event: Parameters<NetworkHarness["send"]>[0]) => h.send(event);

type Button = { action_id?: string; value?: string; text?: { text?: string } };
type Modal = { blocks: Record<string, unknown>[]; private_metadata: string };

/** Every button in a view's blocks (action rows and section accessories). */
function buttonsOf(view: { blocks: Record<string, unknown>[] }): Button[] {
  return (view.blocks as { elements?: Button[]; accessory?: Button }[]).flatMap((b) => [
    ...(b.elements ?? []),
    ...(b.accessory ? [b.accessory] : []),
  ]);
}

async function openHome(user: string) {
  const home = fixture<{ event_id: string; event: Record<string, unknown> }>("app_home_opened");
  home.event_id = `Ev${unique()}`;
  home.event.user = user;
  await send(eventRequest(home));
  return h.slack.callsOf("views.publish").at(-1)?.args.view as { blocks: Record<string, unknown>[] };
}

/** A press of `button` in App Home by `user`, with a fresh trigger (a modal can open). */
function pressInHome(button: Button, user: string) {
  const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
    "block_actions_home",
  );
  payload.user = { id: user, username: user.toLowerCase(), name: user.toLowerCase() };
  payload.trigger_id = `trigger-${unique()}`;
  payload.actions = [
    { ...payload.actions[0], action_id: button.action_id, value: button.value, action_ts: unique() },
  ];
  return interactionRequest(payload);
}

/** The input states Slack sends for a modal submitted as it was prefilled, with `overrides` typed in. */
function prefilledState(view: Modal, overrides: Record<string, string> = {}) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks) {
    if (block.type !== "input") continue;
    const id = String(block.block_id);
    const el = block.element as { type: string; initial_value?: string; initial_option?: { value: string } };
    if (el.type === "plain_text_input")
      values[id] = { value: { type: el.type, value: overrides[id] ?? el.initial_value ?? null } };
    else if (el.type === "static_select")
      values[id] = {
        value: {
          type: el.type,
          selected_option: overrides[id] ? { value: overrides[id] } : (el.initial_option ?? null),
        },
      };
  }
  return values;
}

function submit(view: Modal, viewId: unknown, overrides: Record<string, string>) {
  return interactionRequest({
    type: "view_submission",
    team: { id: "T061EG9R6", domain: "example" },
    user: { id: EDITOR, name: "editor" },
    view: {
      ...view,
      id: viewId,
      hash: `hash-${unique()}`,
      state: { values: prefilledState(view, overrides) },
    },
  });
}

async function askJson(question: string) {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (c) => {
    out += c;
  });
  const env = {
    DYNAMODB_ENDPOINT: h.table.endpoint,
    PATHFINDER_TABLE: h.table.tableName,
    PATHFINDER_HASH_KEY: HASH_KEY,
  };
  const code = await runCli(["ask", "--json", question], {
    stdout,
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env,
  });
  return { code, answer: JSON.parse(out) as { text: string; citations: { kind: string }[] } };
}

describe("editing a community card from App Home", () => {
  it("opens the edit modal from Edit, shows core's field error, saves the edit and answers with it at once", async () => {
    // Prepare: Janet's answer, approved
    const { card } = await h.peer.community.propose({
      actor: { user: { platform: "slack", userId: AMBASSADOR }, displayName: "Janet Price", editor: false },
      question: QUESTION,
      answer: ANSWER,
      topic: "procurement",
    });
    await h.peer.community.approve(card.id, { user: { platform: "slack", userId: EDITOR }, editor: true });

    // Act 1: the editor opens App Home and presses Edit on the approved card
    const home = await openHome(EDITOR);
    const edit = buttonsOf(home).find((b) => b.action_id?.startsWith("form.open") && b.text?.text === "Edit");
    if (!edit) throw new Error(`no Edit button in ${JSON.stringify(home)}`);
    h.slack.reset();
    await send(pressInHome(edit, EDITOR));

    // Assess 1: a modal opened at once, then core's edit form in it, prefilled from the card
    expect(h.slack.callsOf("views.open")).toHaveLength(1);
    const formCall = h.slack.callsOf("views.update")[0];
    const form = formCall?.args.view as Modal;
    expect(JSON.stringify(form.blocks)).toContain(QUESTION);
    expect(JSON.stringify(form.blocks)).toContain("three was too short");
    expect(JSON.stringify(form.blocks)).toContain("Other ways people ask it");

    // Act 2: eleven phrasings are too many
    h.slack.reset();
    const phrasings = Array.from({ length: 11 }, (_, i) => `contract length question ${i}`).join("\n");
    await send(submit(form, formCall?.args.view_id, { phrasings, answer: NEW_ANSWER }));

    // Assess 2: the error beside "Other ways people ask it", and nothing stored
    const refused = h.slack.callsOf("views.update").at(-1);
    expect(JSON.stringify(refused?.args.view)).toMatch(/Other ways people ask it\*: A card keeps at most 10/);
    expect((await h.peer.community.get(card.id))?.answer).toBe(ANSWER);

    // Act 3: corrected, submitted again
    h.slack.reset();
    await send(
      submit(refused?.args.view as Modal, formCall?.args.view_id, {
        phrasings: "how long a contract to ask for",
        answer: NEW_ANSWER,
      }),
    );

    // Assess 3: what changed and what was removed, in the modal; the card and its history in DynamoDB
    const outcome = JSON.stringify(h.slack.callsOf("views.update").at(-1)?.args.view);
    expect(outcome).toContain("you changed the answer, the other phrasings (1 now)");
    expect(outcome).toContain("I removed an email address");
    const stored = (await h.peer.community.get(card.id)) as CommunityCard;
    expect(stored.answer).toBe(NEW_ANSWER.replace("jo@example.org", "[email]"));
    expect(stored.phrasings).toEqual(["how long a contract to ask for"]);
    expect(stored.history.map((e) => e.what)).toEqual([
      "proposed",
      "approved",
      `edited answer (was: ${ANSWER})`,
      "phrasings: how long a contract to ask for",
      "scrubbed: an email address",
    ]);
    expect(stored.history.at(-1)?.byHash).toBe(stored.history[1]?.byHash); // the editor who approved
    // App Home, where the edit began, is republished with the new text
    const republished = JSON.stringify(h.slack.callsOf("views.publish").at(-1)?.args);
    expect(republished).toContain(EDITOR);
    expect(republished).toContain("pay back start-up costs");

    // And the deployed-style CLI answers from the edited card at once
    const { code, answer } = await askJson(QUESTION);
    expect(code).toBe(0);
    expect(answer.citations[0]?.kind).toBe("community");
    expect(answer.text).toContain("pay back start-up costs");
    expect(answer.text).not.toContain("three was too short");
  });

  it("refuses a modal opened before a colleague saved: says so in the modal, gives the typed answer back, saves nothing", async () => {
    // Prepare: an approved card; the editor opens its Edit modal from App Home
    const { card } = await h.peer.community.propose({
      actor: { user: { platform: "slack", userId: AMBASSADOR }, displayName: "Janet Price", editor: false },
      question: "Can the mutual bid for other councils' contracts?",
      answer: "Yes, once the first contract is stable.",
    });
    await h.peer.community.approve(card.id, { user: { platform: "slack", userId: EDITOR }, editor: true });
    const home = await openHome(EDITOR);
    const edit = buttonsOf(home).find((b) => b.value === `answer.edit|${card.id}`);
    if (!edit) throw new Error(`no Edit button for ${card.id} in ${JSON.stringify(home)}`);
    h.slack.reset();
    await send(pressInHome(edit, EDITOR));
    const formCall = h.slack.callsOf("views.update")[0];
    const form = formCall?.args.view as Modal;
    // A colleague (another editor, through the CLI or another window) saves first
    await h.peer.community.edit(
      card.id,
      { user: { platform: "cli", userId: "colleague" }, editor: true },
      {
        answer: "Yes: several mutuals now hold contracts with neighbouring councils.",
      },
    );

    // Act: the editor submits the modal opened before that save
    h.slack.reset();
    await send(
      submit(form, formCall?.args.view_id, {
        answer: "Yes, but check the contract's exclusivity clause. Email jo@example.org.",
      }),
    );

    // Assess: the modal explains, shows the card now and the typed answer (scrubbed); DynamoDB keeps the colleague's
    const outcome = JSON.stringify(h.slack.callsOf("views.update").at(-1)?.args.view);
    expect(outcome).toContain("Another editor changed this answer after you opened the form");
    expect(outcome).toContain("several mutuals now hold contracts");
    expect(outcome).toContain("check the contract's exclusivity clause. Email [email].");
    expect(outcome).not.toContain("jo@example.org");
    const stored = (await h.peer.community.get(card.id)) as CommunityCard;
    expect(stored.answer).toBe("Yes: several mutuals now hold contracts with neighbouring councils.");
    expect(stored.history.filter((e) => e.what.startsWith("edited answer"))).toHaveLength(1);
  });

  it("answers a non-editor's Edit press with a sentence in the modal, not the form", async () => {
    // Prepare: the editor's Edit button, pressed by the ambassador (a forged or forwarded press)
    const { card } = await h.peer.community.propose({
      actor: { user: { platform: "slack", userId: AMBASSADOR }, displayName: "Janet Price", editor: false },
      question: "Who signs the contract for the mutual?",
      answer: "The board, once it is registered.",
    });

    // Act
    await send(pressInHome({ action_id: "form.open", value: `answer.edit|${card.id}` }, AMBASSADOR));

    // Assess
    const shown = JSON.stringify(h.slack.callsOf("views.update").at(-1)?.args.view);
    expect(shown).toContain("Only editors");
    expect(shown).not.toContain("Other ways people ask it");
    expect((await h.peer.community.get(card.id))?.history.map((e) => e.what)).toEqual(["proposed"]);
  });
});
