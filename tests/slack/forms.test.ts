import { describe, expect, it } from "vitest";
import type { Form } from "../../bots/core/forms.ts";
import {
  annotateModal,
  checkFormShape,
  decodeFormMetadata,
  encodeFormMetadata,
  errorNotice,
  FORM_CALLBACK_ID,
  FormRenderError,
  readFormValues,
  renderFormModal,
  replyModal,
} from "../../bots/slack/forms.ts";

/** Every field kind core can ask for, prefilled where a kind allows it. */
const form: Form = {
  id: "answer.propose",
  title: "Save an ambassador's answer as a card",
  submitLabel: "Send to editors",
  intro: "Editors approve it before Pathfinder uses it. <b>Not</b> markup.",
  state: "q-123",
  fields: [
    {
      id: "question",
      label: "Question",
      kind: "text",
      required: true,
      maxLength: 300,
      value: "How do we fund?",
    },
    {
      id: "answer",
      label: "Answer",
      kind: "textarea",
      required: true,
      maxLength: 2000,
      value: "Use a loan.",
    },
    {
      id: "topic",
      label: "Topic",
      kind: "select",
      options: [
        { value: "funding", label: "Start-up funding" },
        { value: "staff", label: "Staff and unions" },
      ],
      value: "funding",
    },
    {
      id: "regions",
      label: "Regions",
      kind: "multiselect",
      options: [
        { value: "nw", label: "North West" },
        { value: "ne", label: "North East" },
      ],
      value: ["ne"],
    },
    { id: "named", label: "Name me as the author", kind: "checkbox", value: "true" },
    { id: "capacity", label: "Introductions a month", kind: "number", value: "3" },
    {
      id: "away",
      label: "Away until",
      kind: "date",
      value: "2027-01-10",
      hint: "Leave empty if you are around.",
    },
  ],
};

describe("renderFormModal", () => {
  it("renders every field kind as an input block named by the field id, prefilled", () => {
    // Act
    const view = renderFormModal(form, { channel: "C0AMBASSADORS" });

    // Assess
    expect(view.callback_id).toBe(FORM_CALLBACK_ID);
    // Over Slack's 24 characters: a short title, the full one in bold above the intro
    expect(view.title.text).toBe("Save answer");
    expect(view.submit?.text).toBe("Send to editors");
    expect(view.blocks[0]).toMatchObject({
      type: "section",
      text: { text: expect.stringContaining("&lt;b&gt;") },
    });
    const inputs = Object.fromEntries(
      view.blocks.filter((b) => b.type === "input").map((b) => [(b as { block_id: string }).block_id, b]),
    );
    expect(Object.keys(inputs)).toEqual([
      "question",
      "answer",
      "topic",
      "regions",
      "named",
      "capacity",
      "away",
    ]);
    expect(inputs.question).toMatchObject({
      optional: false,
      element: {
        type: "plain_text_input",
        multiline: false,
        max_length: 300,
        initial_value: "How do we fund?",
      },
    });
    expect(inputs.answer).toMatchObject({ element: { multiline: true, initial_value: "Use a loan." } });
    expect(inputs.topic).toMatchObject({
      optional: true,
      element: { type: "static_select", initial_option: { value: "funding" } },
    });
    expect(inputs.regions).toMatchObject({
      element: { type: "multi_static_select", initial_options: [{ value: "ne" }] },
    });
    expect(inputs.named).toMatchObject({
      element: { type: "checkboxes", initial_options: [{ value: "true" }] },
    });
    expect(inputs.capacity).toMatchObject({ element: { type: "number_input", initial_value: "3" } });
    expect(inputs.away).toMatchObject({
      element: { type: "datepicker", initial_date: "2027-01-10" },
      hint: { text: "Leave empty if you are around." },
    });
    expect(decodeFormMetadata(view.private_metadata)).toEqual({
      formId: "answer.propose",
      state: "q-123",
      channel: "C0AMBASSADORS",
    });
  });

  it("refuses a form whose state would not fit Slack's private_metadata, rather than cutting it", () => {
    // Act / Assess
    expect(() => renderFormModal({ ...form, state: "x".repeat(3000) })).toThrow(FormRenderError);
  });

  it("cuts a prefilled text to the field's limit (Slack refuses an initial value over max_length)", () => {
    // Act
    const view = renderFormModal({
      ...form,
      fields: [
        { id: "answer", label: "Answer", kind: "textarea", maxLength: 10, value: "A very long answer" },
      ],
    });

    // Assess
    expect(view.blocks.at(-1)).toMatchObject({ element: { max_length: 10, initial_value: "A very lon" } });
  });
});

describe("form metadata", () => {
  it("reads nothing from metadata that is not Pathfinder's", () => {
    // Assess
    expect(decodeFormMetadata(undefined)).toBeUndefined();
    expect(decodeFormMetadata("not json")).toBeUndefined();
    expect(decodeFormMetadata(JSON.stringify({ f: "something.else" }))).toBeUndefined();
    expect(decodeFormMetadata(encodeFormMetadata({ formId: "ambassador.volunteer" }))).toEqual({
      formId: "ambassador.volunteer",
    });
  });
});

/** A view_submission's view, as Slack sends it for the modal above. */
function submitted(values: Record<string, Record<string, unknown>>) {
  const view = renderFormModal(form);
  return { id: "V1", ...view, state: { values } };
}

describe("readFormValues and checkFormShape", () => {
  it("reads each input kind back as core's strings (string[] for a multiselect)", () => {
    // Prepare
    const view = submitted({
      question: { value: { type: "plain_text_input", value: "How do we fund it?" } },
      answer: { value: { type: "plain_text_input", value: "A community share offer." } },
      topic: { value: { type: "static_select", selected_option: { value: "staff" } } },
      regions: {
        value: { type: "multi_static_select", selected_options: [{ value: "nw" }, { value: "ne" }] },
      },
      named: { value: { type: "checkboxes", selected_options: [] } },
      capacity: { value: { type: "number_input", value: "2" } },
      away: { value: { type: "datepicker", selected_date: null } },
    });

    // Act
    const values = readFormValues(view);

    // Assess
    expect(values).toEqual({
      question: "How do we fund it?",
      answer: "A community share offer.",
      topic: "staff",
      regions: ["nw", "ne"],
      named: "false",
      capacity: "2",
      away: undefined,
    });
    expect(checkFormShape(view, values)).toEqual({});
  });

  it("names each required field left empty and each text over its limit", () => {
    // Prepare
    const view = submitted({
      question: { value: { type: "plain_text_input", value: "  " } },
      answer: { value: { type: "plain_text_input", value: "x".repeat(2001) } },
      capacity: { value: { type: "number_input", value: "three" } },
    });

    // Act
    const errors = checkFormShape(view, readFormValues(view));

    // Assess
    expect(errors).toEqual({
      question: "Please fill this in.",
      answer: "Please keep this under 2000 characters (it has 2001).",
      capacity: "Please enter a number.",
    });
  });
});

describe("annotateModal", () => {
  it("puts core's errors above the inputs and keeps every input's ids, so Slack keeps what was typed", () => {
    // Prepare
    const view = submitted({});
    const saving = annotateModal(view, ["Saving…"]);

    // Act
    const refused = annotateModal(
      saving,
      errorNotice(view, { answer: "Too short.", duplicate: "A card exists." }),
    );

    // Assess
    const ids = (v: { blocks: unknown[] }) => v.blocks.map((b) => (b as { block_id?: string }).block_id);
    expect(ids(refused)).toEqual([undefined, "pathfinder.notice", ...form.fields.map((f) => f.id)]);
    expect(JSON.stringify(refused.blocks[1])).toContain("*Answer*: Too short.");
    expect(JSON.stringify(refused.blocks[1])).toContain("A card exists.");
    expect(JSON.stringify(refused.blocks)).not.toContain("Saving");
    expect(refused.private_metadata).toBe(view.private_metadata);
    expect(refused.submit?.text).toBe("Send to editors");
  });
});

describe("replyModal", () => {
  it("shows core's replies without their buttons (a modal is not where they work)", () => {
    // Act
    const view = replyModal("Save answer", [
      {
        text: "Saved",
        visibility: "private",
        blocks: [
          { type: "text", text: "Saved for the editors." },
          { type: "actions", actions: [{ id: "feedback.helpful", label: "Helpful", value: "a" }] },
        ],
      },
    ]);

    // Assess
    expect(view.submit).toBeUndefined();
    expect(JSON.stringify(view.blocks)).toContain("Saved for the editors.");
    expect(view.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});
