/**
 * Forms: what a Slack modal, a Teams Adaptive Card form (or task module) and the playground's dialogs show when
 * core needs more than one line of text from someone (saving an ambassador's answer, volunteering as an
 * ambassador). Core describes the form once, platform-neutrally; adapters render it and hand the submitted values
 * back. Opening and submitting go through the registry's FORMS table, like commands and buttons.
 */
import type { Platform, UserRef } from "../../peer/ports.ts";
import type { Conversation, CoreResult } from "./reply.ts";

/**
 * Every form Pathfinder shows, as data so the adapters' boundary schemas (Slack metadata, SQS jobs, Teams card
 * data) list the same ids instead of each keeping its own copy.
 */
export const FORM_IDS = [
  "answer.propose", // save an ambassador's answer as a community card (issue 15)
  "answer.edit", // an editor edits a community card (issue 15); opened with the card id as subject
  "ambassador.volunteer", // volunteer as an ambassador (issue 16)
] as const;

export type FormId = (typeof FORM_IDS)[number];

/** True for a form id of ours. */
export function isFormId(value: string): value is FormId {
  return (FORM_IDS as readonly string[]).includes(value);
}

/** The subject a "form.open" button may name (a card id): what the form is about. */
const FORM_SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * A "form.open" button's value: the form id, or "<form id>|<subject>" for a form about one thing (the card an
 * editor edits). Adapters pass the subject to `Core.openForm` as `prefill.subject`.
 */
export function formOpenValue(formId: FormId, subject?: string): string {
  return subject ? `${formId}|${subject}` : formId;
}

/** Reads a "form.open" button's value; undefined when it is not one of ours (forged, stale). */
export function parseFormOpenValue(value: string): { formId: FormId; subject?: string } | undefined {
  const [formId = "", subject, ...rest] = value.split("|");
  if (rest.length > 0 || !isFormId(formId)) return undefined;
  if (subject === undefined) return { formId };
  return FORM_SUBJECT.test(subject) ? { formId, subject } : undefined;
}

/** The prefill an opened "form.open" button gives core: its subject, when it names one. */
export function formOpenPrefill(subject: string | undefined): { prefill?: Record<string, string> } {
  return subject ? { prefill: { subject } } : {};
}

/** One input. Values travel as strings (multiselect: string[]); core validates them on submit. */
export interface FormField {
  id: string;
  label: string;
  kind: "text" | "textarea" | "select" | "multiselect" | "checkbox" | "number" | "date";
  required?: boolean;
  /** Characters, for text and textarea. */
  maxLength?: number;
  /** For select and multiselect. */
  options?: { value: string; label: string }[];
  /** Prefilled value. */
  value?: string | string[];
  /** Small print under the input. */
  hint?: string;
}

/** A form to show. `state` is opaque to adapters: they carry it back unchanged on submit (bounded, < 2,000 chars). */
export interface Form {
  id: FormId;
  title: string;
  submitLabel: string;
  /** A line above the fields (what happens on submit, who sees it). */
  intro?: string;
  fields: FormField[];
  state?: string;
}

/** Someone asked to open a form (a message shortcut, a Teams message action, a button, a command). */
export interface FormOpenRequest {
  actor: UserRef & { displayName?: string };
  formId: FormId;
  /**
   * What the surface knows already: e.g. the message an ambassador is saving (`answer`, `conversationId`,
   * `threadId`), or the `subject` a "form.open" button named (the card being edited).
   */
  prefill?: Record<string, string>;
  conversation: Conversation;
  eventId: string;
}

/** Opening either shows the form or answers instead (not allowed, nothing to save): a reply to the person. */
export type FormOpenResult = { form: Form } | { result: CoreResult };

/** A submitted form. */
export interface FormSubmitRequest {
  actor: UserRef & { displayName?: string };
  formId: FormId;
  values: Record<string, string | string[] | undefined>;
  state?: string;
  conversation: Conversation;
  eventId: string;
}

/**
 * Submitting either reports field errors (shown next to the fields; Slack's `response_action: "errors"`, the
 * card re-rendered with messages) and stores nothing, or does the work and gives replies and an outbox.
 */
export type FormSubmitResult = { errors: Record<string, string> } | { result: CoreResult };

/** The surfaces that render forms (the CLI takes flags instead). */
export type FormSurface = Exclude<Platform, "cli">;
