/**
 * Core's platform-neutral forms (bots/core/forms.ts) as Slack modals, and a submitted modal back as form values.
 * Any Form renders generically: each field is an input block whose block_id is the field id. The modal's
 * private_metadata carries the form id, core's opaque state and where the modal was opened (bounded by Slack's
 * 3,000 characters). Limits: https://docs.slack.dev/reference/views/modal-views and
 * https://docs.slack.dev/reference/block-kit/blocks/input-block
 */
import type { types } from "@slack/bolt";
import * as z from "zod";
import { FORM_IDS, type Form, type FormField, type FormId } from "../core/forms.ts";
import type { Reply } from "../core/reply.ts";
import { truncate } from "../core/text-limits.ts";
import { escapeMrkdwn, renderBlocks } from "./render.ts";

type KnownBlock = types.KnownBlock;

/** The callback_id of every Pathfinder form modal: one view_submission listener serves them all. */
export const FORM_CALLBACK_ID = "pathfinder.form";

/** The callback_id of the message shortcut "Save answer to Pathfinder" (bots/slack/manifest.yaml). */
export const SAVE_ANSWER_SHORTCUT = "pathfinder.save_answer";

/** Short modal titles by form, for titles over Slack's 24 characters (the full title then heads the modal). */
export const FORM_TITLES: Record<FormId, string> = {
  "answer.propose": "Save answer",
  "answer.edit": "Edit answer",
  "ambassador.volunteer": "Volunteer",
};

/** Every input's action_id: the block_id (the field id) already names the field. */
const VALUE_ACTION = "value";

/** Modal limits that bite. https://docs.slack.dev/reference/views/modal-views */
export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  privateMetadata: 3000,
  blocks: 100,
  label: 2000,
  hint: 2000,
  /** plain_text_input's max_length and initial_value. */
  inputText: 3000,
  options: 100,
  optionText: 75,
  optionValue: 150,
  blockId: 255,
} as const;

/** Raised when a form cannot be shown as a modal (its state or a field breaks Slack's limits). */
export class FormRenderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FormRenderError";
  }
}

/** What the modal remembers between opening and submitting. */
export interface FormMetadata {
  formId: FormId;
  state?: string;
  /** The channel the form was opened from (private replies go there as ephemeral messages). */
  channel?: string;
}

const metadataSchema = z.object({
  f: z.enum(FORM_IDS),
  s: z.string().optional(),
  c: z.string().optional(),
});

/** Encodes the metadata, refusing (rather than truncating) anything over Slack's limit: state must come back whole. */
export function encodeFormMetadata(meta: FormMetadata): string {
  const text = JSON.stringify({
    f: meta.formId,
    ...(meta.state !== undefined ? { s: meta.state } : {}),
    ...(meta.channel ? { c: meta.channel } : {}),
  });
  if (text.length > MODAL_LIMITS.privateMetadata)
    throw new FormRenderError(`The form's state is too long for a Slack modal (${text.length} characters)`);
  return text;
}

/** Reads the metadata back; undefined for a modal that is not one of Pathfinder's forms. */
export function decodeFormMetadata(text: string | undefined): FormMetadata | undefined {
  if (!text) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = metadataSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { f, s, c } = parsed.data;
  return { formId: f, ...(s !== undefined ? { state: s } : {}), ...(c ? { channel: c } : {}) };
}

function plain(text: string, max: number): types.PlainTextElement {
  return { type: "plain_text", text: truncate(text, max) || " " };
}

function option(o: { value: string; label: string }): types.PlainTextOption {
  if (o.value.length > MODAL_LIMITS.optionValue)
    throw new FormRenderError(`An option value is over Slack's ${MODAL_LIMITS.optionValue} characters`);
  return { text: plain(o.label, MODAL_LIMITS.optionText), value: o.value };
}

function asList(value: FormField["value"]): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function asText(value: FormField["value"]): string | undefined {
  const text = Array.isArray(value) ? value.join(", ") : value;
  return text === undefined || text === "" ? undefined : text;
}

/** The Block Kit element for one field, prefilled with `value` (the field's own unless a resubmission overrides). */
function element(field: FormField, value: FormField["value"]): types.InputBlock["element"] {
  const options = (field.options ?? []).slice(0, MODAL_LIMITS.options).map(option);
  const text = asText(value);
  switch (field.kind) {
    case "text":
    case "textarea": {
      const max = Math.min(field.maxLength ?? MODAL_LIMITS.inputText, MODAL_LIMITS.inputText);
      return {
        type: "plain_text_input",
        action_id: VALUE_ACTION,
        multiline: field.kind === "textarea",
        max_length: max,
        // Slack refuses an initial_value over max_length; the person sees the cut and can fix it.
        ...(text ? { initial_value: text.slice(0, max) } : {}),
      };
    }
    case "number":
      return {
        type: "number_input",
        action_id: VALUE_ACTION,
        is_decimal_allowed: true,
        ...(text && Number.isFinite(Number(text)) ? { initial_value: text } : {}),
      };
    case "date":
      return {
        type: "datepicker",
        action_id: VALUE_ACTION,
        ...(text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? { initial_date: text } : {}),
      };
    case "select": {
      const initial = options.find((o) => o.value === text);
      return {
        type: "static_select",
        action_id: VALUE_ACTION,
        options,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case "multiselect": {
      const chosen = new Set(asList(value));
      const initial = options.filter((o) => chosen.has(o.value ?? ""));
      return {
        type: "multi_static_select",
        action_id: VALUE_ACTION,
        options,
        ...(initial.length ? { initial_options: initial } : {}),
      };
    }
    case "checkbox": {
      const box: types.PlainTextOption = { text: plain(field.label, MODAL_LIMITS.optionText), value: "true" };
      return {
        type: "checkboxes",
        action_id: VALUE_ACTION,
        options: [box],
        ...(text === "true" ? { initial_options: [box] } : {}),
      };
    }
  }
}

function inputBlock(field: FormField): types.InputBlock {
  if (field.id.length > MODAL_LIMITS.blockId || field.id.startsWith(NOTICE_BLOCK))
    throw new FormRenderError(`Field id ${field.id} cannot be a Slack block id`);
  // A checkbox can never be "required" in Slack's sense (an unticked box is an answer), so it stays optional.
  const optional = field.kind === "checkbox" || !field.required;
  const hint = field.hint;
  return {
    type: "input",
    block_id: field.id,
    label: plain(field.label, MODAL_LIMITS.label),
    optional,
    element: element(field, field.value),
    ...(hint ? { hint: plain(hint, MODAL_LIMITS.hint) } : {}),
  };
}

/** The block that carries "Saving…" or core's errors above the inputs; replaced on each update. */
const NOTICE_BLOCK = "pathfinder.notice";

/** A Pathfinder form as a modal for views.open / views.update (`channel`: where it was opened from). */
export function renderFormModal(form: Form, options: { channel?: string } = {}): types.ModalView {
  const long = form.title.length > MODAL_LIMITS.title;
  // A title Slack would cut ("Save answer to Pathfind…") becomes a short one, with the full title in bold above.
  const heading = long ? `*${escapeMrkdwn(form.title)}*` : "";
  const introText = [heading, form.intro ? escapeMrkdwn(form.intro) : ""].filter(Boolean).join("\n");
  const intro: KnownBlock[] = introText
    ? [{ type: "section", text: { type: "mrkdwn", text: introText } }]
    : [];
  const blocks = [...intro, ...form.fields.map(inputBlock)];
  if (blocks.length > MODAL_LIMITS.blocks - 1)
    throw new FormRenderError("The form has too many fields for a modal");
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: plain(long ? FORM_TITLES[form.id] : form.title, MODAL_LIMITS.title),
    submit: plain(form.submitLabel, MODAL_LIMITS.button),
    close: plain("Cancel", MODAL_LIMITS.button),
    private_metadata: encodeFormMetadata({
      formId: form.id,
      ...(form.state !== undefined ? { state: form.state } : {}),
      ...(options.channel ? { channel: options.channel } : {}),
    }),
    blocks,
  };
}

/** The modal fields of a submitted view that views.update needs back (Slack sends the whole view). */
export interface SubmittedModal extends SubmittedView {
  callback_id?: string;
  title?: types.PlainTextElement | null;
  submit?: types.PlainTextElement | null;
  close?: types.PlainTextElement | null;
}

/**
 * The submitted modal again with a notice above its inputs ("Saving…", or core's errors by field label). Its
 * input blocks keep their block_id and action_id, so Slack keeps what the person typed:
 * https://docs.slack.dev/surfaces/modals#preserving_input_state
 */
export function annotateModal(view: SubmittedModal, notice: string[]): types.ModalView {
  const blocks = (view.blocks ?? []).filter(
    (b) => (b as { block_id?: string }).block_id !== NOTICE_BLOCK,
  ) as KnownBlock[];
  const note: KnownBlock[] = notice.length
    ? [
        {
          type: "section",
          block_id: NOTICE_BLOCK,
          text: { type: "mrkdwn", text: truncate(notice.map(escapeMrkdwn).join("\n"), 3000) },
        },
      ]
    : [];
  // The notice goes just above the first input (after the intro), where the person is looking.
  const firstInput = blocks.findIndex((b) => b.type === "input");
  const at = firstInput < 0 ? blocks.length : firstInput;
  return {
    type: "modal",
    callback_id: view.callback_id ?? FORM_CALLBACK_ID,
    title: view.title ?? plain("Pathfinder", MODAL_LIMITS.title),
    ...(view.submit ? { submit: view.submit } : {}),
    close: view.close ?? plain("Cancel", MODAL_LIMITS.button),
    ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}),
    blocks: [...blocks.slice(0, at), ...note, ...blocks.slice(at)],
  };
}

/** Core's field errors as notice lines, each led by its field's label. */
export function errorNotice(view: SubmittedView, errors: Record<string, string>): string[] {
  const labels = new Map<string, string>();
  for (const b of view.blocks ?? []) {
    const block = b as { type?: string; block_id?: string; label?: { text?: string } };
    if (block.type === "input" && block.block_id)
      labels.set(block.block_id, block.label?.text ?? block.block_id);
  }
  return Object.entries(errors).map(([id, message]) => {
    const label = labels.get(id);
    return label ? `⚠️ *${label}*: ${message}` : `⚠️ ${message}`;
  });
}

/**
 * What the events function opens at once with a shortcut's trigger_id (it expires in 3 s, and core's openForm
 * reads DynamoDB in the worker); the worker replaces it with the form through views.update.
 */
export function loadingModal(title: string): types.ModalView {
  return {
    type: "modal",
    title: plain(title, MODAL_LIMITS.title),
    close: plain("Close", MODAL_LIMITS.button),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: ":hourglass_flowing_sand: One moment…" } }],
  };
}

/** A modal that shows core's replies instead of a form (not allowed, saved, nothing to save). */
export function replyModal(title: string, replies: Reply[]): types.ModalView {
  const blocks = renderBlocks(replies.flatMap((r) => r.blocks.filter((b) => b.type !== "actions")));
  return {
    type: "modal",
    title: plain(title, MODAL_LIMITS.title),
    close: plain("Close", MODAL_LIMITS.button),
    blocks: blocks.length
      ? blocks.slice(0, MODAL_LIMITS.blocks)
      : [{ type: "section", text: { type: "mrkdwn", text: "Done." } }],
  };
}

/** Submitted values by field id, as core takes them: strings, string[] for a multiselect. */
export type FormValues = Record<string, string | string[] | undefined>;

/** One input's state in a view_submission (the kinds renderFormModal makes). */
const inputStateSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});

/** The parts of a submitted view Pathfinder reads. */
export interface SubmittedView {
  id?: string;
  private_metadata?: string;
  blocks?: unknown[];
  state?: { values?: Record<string, Record<string, unknown>> };
}

/** The values of a submitted modal, by field id. Inputs Pathfinder did not render are ignored. */
export function readFormValues(view: SubmittedView): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(view.state?.values ?? {})) {
    const parsed = inputStateSchema.safeParse(actions[VALUE_ACTION]);
    if (!parsed.success) continue;
    const s = parsed.data;
    switch (s.type) {
      case "checkboxes":
        values[blockId] = (s.selected_options ?? []).some((o) => o.value === "true") ? "true" : "false";
        break;
      case "multi_static_select":
        values[blockId] = (s.selected_options ?? []).map((o) => o.value);
        break;
      case "static_select":
        values[blockId] = s.selected_option?.value ?? undefined;
        break;
      case "datepicker":
        values[blockId] = s.selected_date ?? undefined;
        break;
      default:
        values[blockId] = s.value ?? undefined;
    }
  }
  return values;
}

/** What a rendered input block tells the shape check: the block's own declared limits. */
const renderedInputSchema = z.looseObject({
  type: z.literal("input"),
  block_id: z.string(),
  optional: z.boolean().optional(),
  element: z.looseObject({ type: z.string(), max_length: z.number().optional() }),
});

/**
 * Field-shape checks the events function can make within Slack's 3 s, from the view's own blocks: required
 * inputs filled, text within max_length, numbers numeric. Core's own rules (rights, duplicates, scrubbing)
 * run in the worker. Slack checks most of these in the client; a crafted or old client may not.
 */
export function checkFormShape(view: SubmittedView, values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const raw of view.blocks ?? []) {
    const block = renderedInputSchema.safeParse(raw);
    if (!block.success) continue;
    const { block_id: id, optional, element: el } = block.data;
    const value = values[id];
    const empty = value === undefined || (Array.isArray(value) ? value.length === 0 : value.trim() === "");
    if (!optional && empty) {
      errors[id] = "Please fill this in.";
      continue;
    }
    if (typeof value !== "string" || empty) continue;
    if (el.max_length !== undefined && value.length > el.max_length)
      errors[id] = `Please keep this under ${el.max_length} characters (it has ${value.length}).`;
    else if (el.type === "number_input" && !Number.isFinite(Number(value)))
      errors[id] = "Please enter a number.";
  }
  return errors;
}
