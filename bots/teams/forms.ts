/**
 * Core's platform-neutral forms (bots/core/forms.ts) as Adaptive Card forms, and a submitted card back as form
 * values. Any Form renders generically: each field is an input whose id is the field id. The submit action's data
 * carries the form itself (id, core's opaque state, the fields without their values), because Teams echoes it
 * unchanged: a refused submission is re-rendered from it with the person's values and core's errors, in a task
 * module (message extension) or in place of the card (Universal Actions).
 * Inputs: https://adaptivecards.io/explorer/Input.Text.html (and Input.ChoiceSet, Input.Toggle, Input.Date,
 * Input.Number); labels and isRequired need card version 1.3+.
 */
import type { Attachment } from "botbuilder";
import * as z from "zod";
import { FORM_IDS, type Form, type FormField } from "../core/forms.ts";
import { type AdaptiveCard, CARD_VERSION, type CardElement } from "./render.ts";

/** The Action.Execute verb of every form's submit button (one handler serves every form). */
export const FORM_VERB = "pathfinder.form";

/** The key under which a submit action's data carries the form. */
export const FORM_DATA_KEY = "pathfinderForm";

/** Submitted values by field id, as core takes them: strings, string[] for a multiselect. */
export type FormValues = Record<string, string | string[] | undefined>;

/**
 * How the card is submitted: "execute" (Action.Execute, Universal Actions: cards in a chat or channel, answered
 * with a refreshed card) or "submit" (Action.Submit: task modules, which do not run Action.Execute).
 */
export type FormSubmitMode = "execute" | "submit";

export interface FormCardOptions {
  mode: FormSubmitMode;
  /** What the person submitted (kept when the card comes back with errors). */
  values?: FormValues;
  /** Core's errors by field id; any other key is shown above the fields. */
  errors?: Record<string, string>;
}

function text(value: string, extra: CardElement = {}): CardElement {
  return { type: "TextBlock", text: value, wrap: true, ...extra };
}

function asText(value: FormField["value"]): string | undefined {
  const joined = Array.isArray(value) ? value.join(",") : value;
  return joined === undefined || joined === "" ? undefined : joined;
}

/** The input for one field; `value` is the submitted or prefilled value. */
function input(field: FormField, value: FormField["value"]): CardElement {
  const base = {
    id: field.id,
    label: field.label,
    ...(field.required && field.kind !== "checkbox"
      ? { isRequired: true, errorMessage: `${field.label} is required.` }
      : {}),
  };
  const current = asText(value);
  switch (field.kind) {
    case "text":
    case "textarea":
      return {
        type: "Input.Text",
        ...base,
        isMultiline: field.kind === "textarea",
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(current !== undefined ? { value: current } : {}),
      };
    case "number":
      return { type: "Input.Number", ...base, ...(current !== undefined ? { value: Number(current) } : {}) };
    case "date":
      return { type: "Input.Date", ...base, ...(current !== undefined ? { value: current } : {}) };
    case "select":
    case "multiselect":
      return {
        type: "Input.ChoiceSet",
        ...base,
        style: "compact",
        isMultiSelect: field.kind === "multiselect",
        choices: (field.options ?? []).map((o) => ({ title: o.label, value: o.value })),
        ...(current !== undefined ? { value: current } : {}),
      };
    case "checkbox":
      return {
        type: "Input.Toggle",
        id: field.id,
        title: field.label,
        valueOn: "true",
        valueOff: "false",
        value: current === "true" ? "true" : "false",
      };
  }
}

/** The form as it travels in the submit data: everything but the values (they come back as inputs). */
function formData(form: Form): Form {
  return { ...form, fields: form.fields.map(({ value: _value, ...field }) => field) };
}

/** The Adaptive Card for a form. */
export function renderFormCardContent(
  form: Form,
  options: FormCardOptions,
): AdaptiveCard & { actions: CardElement[] } {
  const errors = options.errors ?? {};
  const fieldIds = new Set(form.fields.map((f) => f.id));
  const general = Object.entries(errors).filter(([id]) => !fieldIds.has(id));
  const body: CardElement[] = [
    text(form.title, { size: "Medium", weight: "Bolder" }),
    ...(form.intro ? [text(form.intro, { isSubtle: true })] : []),
    ...general.map(([, message]) => text(`⚠️ ${message}`, { color: "Attention" })),
    ...form.fields.flatMap((field) => {
      const error = errors[field.id];
      const shown = input(field, options.values?.[field.id] ?? field.value);
      const hint = field.hint ? [text(field.hint, { size: "Small", isSubtle: true, spacing: "None" })] : [];
      // Core's message right under its input, where Teams shows its own validation messages.
      const problem = error
        ? [text(`⚠️ ${error}`, { size: "Small", color: "Attention", spacing: "None" })]
        : [];
      return [shown, ...hint, ...problem];
    }),
  ];
  const data = { [FORM_DATA_KEY]: formData(form) };
  const submit =
    options.mode === "execute"
      ? { type: "Action.Execute", title: form.submitLabel, verb: FORM_VERB, data, style: "positive" }
      : { type: "Action.Submit", title: form.submitLabel, data, style: "positive" };
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    body,
    actions: [submit],
  };
}

/** The form card as an attachment. */
export function renderFormCard(form: Form, options: FormCardOptions): Attachment {
  return {
    contentType: "application/vnd.microsoft.card.adaptive",
    content: renderFormCardContent(form, options),
  };
}

/** The form as echoed back: checked, since a client could send anything. */
const formSchema = z.object({
  id: z.enum(FORM_IDS),
  title: z.string(),
  submitLabel: z.string(),
  intro: z.string().optional(),
  state: z.string().optional(),
  fields: z.array(
    z.looseObject({
      id: z.string().min(1),
      label: z.string(),
      kind: z.enum(["text", "textarea", "select", "multiselect", "checkbox", "number", "date"]),
    }),
  ),
});

/** A submitted form card: the form it came from and the values of its fields. */
export interface SubmittedForm {
  form: Form;
  values: FormValues;
}

/**
 * Reads a submit action's data (Action.Execute `action.data`, Action.Submit / task module `data`): Teams merges
 * the inputs' values into it. Undefined when it is not a Pathfinder form. Only the form's own fields are read;
 * a multiselect's comma-joined value becomes a list.
 */
export function readFormSubmission(data: unknown): SubmittedForm | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const parsed = formSchema.safeParse(record[FORM_DATA_KEY]);
  if (!parsed.success) return undefined;
  const form = parsed.data as Form;
  const values: FormValues = {};
  for (const field of form.fields) {
    const raw = record[field.id];
    const value = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw : undefined;
    if (field.kind === "multiselect") values[field.id] = value ? value.split(",").filter(Boolean) : [];
    else values[field.id] = value === "" ? undefined : value;
  }
  return { form, values };
}
