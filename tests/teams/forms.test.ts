import { describe, expect, it } from "vitest";
import type { Form } from "../../bots/core/forms.ts";
import {
  FORM_DATA_KEY,
  FORM_VERB,
  readFormSubmission,
  renderFormCardContent,
} from "../../bots/teams/forms.ts";
import { textOfMessageHtml } from "../../bots/teams/message-extension.ts";

/** Every field kind core can ask for, prefilled where a kind allows it. */
const form: Form = {
  id: "ambassador.volunteer",
  title: "Volunteer as an ambassador",
  submitLabel: "Volunteer",
  intro: "A coordinator confirms you before anyone is introduced.",
  state: "opaque-state",
  fields: [
    { id: "name", label: "Your name", kind: "text", required: true, maxLength: 100, value: "Janet Price" },
    { id: "bio", label: "What you did", kind: "textarea", maxLength: 500, hint: "Two sentences is plenty." },
    {
      id: "region",
      label: "Region",
      kind: "select",
      options: [
        { value: "nw", label: "North West" },
        { value: "ne", label: "North East" },
      ],
      value: "nw",
    },
    {
      id: "topics",
      label: "Topics",
      kind: "multiselect",
      required: true,
      options: [
        { value: "staff-unions", label: "Staff and unions" },
        { value: "hr-tupe-pensions", label: "HR, TUPE and pensions" },
      ],
      value: ["staff-unions", "hr-tupe-pensions"],
    },
    { id: "named", label: "Name me", kind: "checkbox", value: "true" },
    { id: "capacity", label: "Introductions a month", kind: "number", value: "2" },
    { id: "away", label: "Away until", kind: "date" },
  ],
};

type Element = Record<string, unknown>;

function byId(body: Element[]): Record<string, Element> {
  return Object.fromEntries(body.filter((e) => typeof e.id === "string").map((e) => [String(e.id), e]));
}

describe("renderFormCardContent", () => {
  it("renders every field kind as the matching Adaptive Card input, named by the field id and prefilled", () => {
    // Act
    const card = renderFormCardContent(form, { mode: "submit" });

    // Assess
    const inputs = byId(card.body);
    expect(Object.keys(inputs)).toEqual(["name", "bio", "region", "topics", "named", "capacity", "away"]);
    expect(inputs.name).toMatchObject({
      type: "Input.Text",
      isRequired: true,
      maxLength: 100,
      value: "Janet Price",
    });
    expect(inputs.bio).toMatchObject({ type: "Input.Text", isMultiline: true });
    expect(inputs.region).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: false, value: "nw" });
    expect(inputs.topics).toMatchObject({
      type: "Input.ChoiceSet",
      isMultiSelect: true,
      value: "staff-unions,hr-tupe-pensions",
    });
    expect(inputs.named).toMatchObject({
      type: "Input.Toggle",
      valueOn: "true",
      valueOff: "false",
      value: "true",
    });
    expect(inputs.capacity).toMatchObject({ type: "Input.Number", value: 2 });
    expect(inputs.away).toMatchObject({ type: "Input.Date" });
    expect(JSON.stringify(card.body)).toContain("Two sentences is plenty.");
    expect(card.actions).toEqual([expect.objectContaining({ type: "Action.Submit", title: "Volunteer" })]);
  });

  it("submits with Action.Execute and the form's verb on a card in a conversation (Universal Actions)", () => {
    // Act
    const card = renderFormCardContent(form, { mode: "execute" });

    // Assess
    expect(card.actions[0]).toMatchObject({ type: "Action.Execute", verb: FORM_VERB });
  });

  it("shows core's errors under their fields (and others at the top) with what was submitted", () => {
    // Act
    const card = renderFormCardContent(form, {
      mode: "submit",
      values: { name: "J", topics: ["hr-tupe-pensions"] },
      errors: { name: "Please give your full name.", form: "You have volunteered already." },
    });

    // Assess
    const texts = card.body.filter((e) => e.type === "TextBlock").map((e) => String(e.text));
    expect(texts).toContain("⚠️ You have volunteered already.");
    const nameAt = card.body.findIndex((e) => e.id === "name");
    expect(card.body[nameAt + 1]).toMatchObject({
      text: "⚠️ Please give your full name.",
      color: "Attention",
    });
    expect(byId(card.body).name).toMatchObject({ value: "J" });
    expect(byId(card.body).topics).toMatchObject({ value: "hr-tupe-pensions" });
  });
});

describe("readFormSubmission", () => {
  it("reads the echoed form and the inputs Teams merged into the data, as core's values", () => {
    // Prepare
    const card = renderFormCardContent(form, { mode: "submit" });
    const data = {
      ...(card.actions[0]?.data as Record<string, unknown>),
      name: "Janet Price",
      bio: "",
      region: "ne",
      topics: "staff-unions,hr-tupe-pensions",
      named: "false",
      capacity: 3,
      away: "2027-01-10",
      unrelated: "ignored",
    };

    // Act
    const submitted = readFormSubmission(data);

    // Assess
    expect(submitted?.form.id).toBe("ambassador.volunteer");
    expect(submitted?.form.state).toBe("opaque-state");
    expect(submitted?.form.fields.every((f) => f.value === undefined)).toBe(true);
    expect(submitted?.values).toEqual({
      name: "Janet Price",
      bio: undefined,
      region: "ne",
      topics: ["staff-unions", "hr-tupe-pensions"],
      named: "false",
      capacity: "3",
      away: "2027-01-10",
    });
  });

  it("reads nothing from data that is not a Pathfinder form", () => {
    // Assess
    expect(readFormSubmission(undefined)).toBeUndefined();
    expect(readFormSubmission({ actionId: "feedback.helpful", value: "a" })).toBeUndefined();
    expect(readFormSubmission({ [FORM_DATA_KEY]: { id: "something.else", fields: [] } })).toBeUndefined();
  });
});

describe("textOfMessageHtml", () => {
  it("turns a Teams message's HTML into the text people read, paragraphs and entities included", async () => {
    // Act
    const text = await textOfMessageHtml(
      '<p>Use the <b>district valuer</b> &amp; ask for a <a href="https://x.example">red book</a>.</p><p>Budget&nbsp;six weeks.<br>Janet</p>',
    );

    // Assess
    expect(text).toBe("Use the district valuer & ask for a red book.\nBudget six weeks.\nJanet");
  });
});
