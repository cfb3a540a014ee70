/**
 * The form jobs the events function queues for the worker (issue 15: "Save answer to Pathfinder", the
 * volunteer form, any core form): the events function opens a placeholder modal within the trigger's 3 s and
 * checks a submission's shape; the worker asks core and replaces the modal with the form, the errors or the
 * outcome through views.update.
 */
import * as z from "zod";
import { FORM_IDS, type FormOpenRequest, type FormSubmitRequest } from "../core/forms.ts";
import type { Core, CoreResult } from "../core/reply.ts";
import type { SlackDelivery } from "./deliver.ts";
import {
  annotateModal,
  errorNotice,
  FORM_TITLES,
  renderFormModal,
  replyModal,
  type SubmittedModal,
} from "./forms.ts";
import type { ReplyTarget } from "./jobs.ts";

/** Open a form in the placeholder modal `viewId`. */
export interface FormOpenJob {
  kind: "form-open";
  keys: string[];
  viewId: string;
  request: FormOpenRequest;
  target: ReplyTarget;
}

/** A submitted form: `view` is the modal as submitted (views.update puts it back with core's errors). */
export interface FormSubmitJob {
  kind: "form-submit";
  keys: string[];
  view: SubmittedModal & { id: string };
  request: FormSubmitRequest;
  target: ReplyTarget;
}

export type FormJob = FormOpenJob | FormSubmitJob;

const formIds = z.enum(FORM_IDS);
const actor = z.looseObject({ platform: z.literal("slack"), userId: z.string().min(1) });
const conversation = z.looseObject({
  id: z.string(),
  kind: z.enum(["personal", "channel", "group"]),
  threadId: z.string().optional(),
});
const target = z.looseObject({ userId: z.string().min(1), personal: z.boolean() });
const keys = z.array(z.string().min(1).max(1_000)).min(1);

/** The SQS boundary for form jobs (jobs.ts adds these to slackJobSchema). */
export const formJobSchemas = [
  z.object({
    kind: z.literal("form-open"),
    keys,
    viewId: z.string().min(1),
    request: z.looseObject({
      actor,
      formId: formIds,
      prefill: z.record(z.string(), z.string()).optional(),
      conversation,
      eventId: z.string().min(1),
    }),
    target,
  }),
  z.object({
    kind: z.literal("form-submit"),
    keys,
    view: z.looseObject({ id: z.string().min(1) }),
    request: z.looseObject({
      actor,
      formId: formIds,
      values: z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional()),
      state: z.string().optional(),
      conversation,
      eventId: z.string().min(1),
    }),
    target,
  }),
] as const;

/** What running a form job needs: core, and the modal to update. */
export interface FormJobDeps {
  core: Pick<Core, "openForm" | "submitForm">;
  delivery: Pick<SlackDelivery, "updateView">;
}

/**
 * Asks core and updates the modal: the form (or core's answer instead of it) in the placeholder; a refused
 * submission back with its errors above the inputs (what was typed is kept); a done submission's outcome.
 * Returns what the worker delivers next: the replies to the person and the outbox.
 */
export async function runFormJob(job: FormJob, deps: FormJobDeps): Promise<CoreResult> {
  const { core, delivery } = deps;
  const title = FORM_TITLES[job.request.formId];
  if (job.kind === "form-open") {
    const opened = await core.openForm(job.request);
    if ("form" in opened) {
      const channel = job.target.channel;
      await delivery.updateView(job.viewId, renderFormModal(opened.form, channel ? { channel } : {}));
      return { replies: [], outbox: [] };
    }
    // Core answered instead of showing the form (not allowed, nothing to save): in the modal, where they look.
    await delivery.updateView(job.viewId, replyModal(title, opened.result.replies));
    return { replies: [], outbox: opened.result.outbox };
  }
  const submitted = await core.submitForm(job.request);
  if ("errors" in submitted) {
    await delivery.updateView(job.view.id, annotateModal(job.view, errorNotice(job.view, submitted.errors)));
    return { replies: [], outbox: [] };
  }
  // The outcome shows in the modal, and the replies go to the person too: a modal is gone once closed.
  await delivery.updateView(job.view.id, replyModal(title, submitted.result.replies));
  return submitted.result;
}
