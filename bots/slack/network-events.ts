/**
 * The events function's part in forms and the ambassadors' channel (issue 15). Slack gives 3 s: a trigger_id
 * expires in 3 s and a view_submission must be answered within 3 s, while core's openForm/submitForm read and
 * write DynamoDB in the worker. So here: a placeholder modal is opened with the trigger at once and a job asks
 * core for the form (the worker swaps it in with views.update); a submission's shape is checked from the view's
 * own blocks (errors go back as `response_action: "errors"`), then the modal shows "Saving…" and the worker
 * submits. https://docs.slack.dev/interactivity/handling-user-interaction#modal_responses
 */
import { createHash } from "node:crypto";
// Types only: the index module also loads Express and Socket Mode (events-app.ts imports App.js at run time).
import type { App as BoltApp, types } from "@slack/bolt";
import { type FormId, formOpenPrefill, parseFormOpenValue } from "../core/forms.ts";
import type { Conversation } from "../core/reply.ts";
import {
  annotateModal,
  checkFormShape,
  decodeFormMetadata,
  FORM_CALLBACK_ID,
  FORM_TITLES,
  loadingModal,
  readFormValues,
  SAVE_ANSWER_SHORTCUT,
} from "./forms.ts";
import {
  type BlockActionsPayload,
  type ButtonAction,
  conversationKind,
  messageJob,
  plainTextFromSlack,
  type SlackMessageEvent,
} from "./incoming.ts";
import type { ReplyTarget } from "./jobs.ts";
import type { FormOpenJob, FormSubmitJob } from "./network-jobs.ts";
import { baseActionId } from "./render.ts";
import type { WorkQueue } from "./work-queue.ts";
import type { WorkerLog } from "./worker.ts";

/** views.open with the bot token; returns the new view's id. */
export interface ModalOpener {
  open(triggerId: string, view: types.ModalView): Promise<string>;
}

/** A ModalOpener on a WebClient (make it with few retries: the trigger lasts 3 s). */
export function webClientModalOpener(client: {
  views: { open(args: { trigger_id: string; view: types.ModalView }): Promise<{ view?: { id?: string } }> };
}): ModalOpener {
  return {
    async open(triggerId, view) {
      const out = await client.views.open({ trigger_id: triggerId, view });
      if (!out.view?.id) throw new Error("views.open returned no view id");
      return out.view.id;
    },
  };
}

/** The message shown in a modal while the worker submits: the person's input stays as typed. */
export const SAVING_NOTICE = ":hourglass_flowing_sand: Saving… this window will show the outcome.";

/** Shown when the submission could not be queued: nothing was saved and the form is still there. */
export const NOT_QUEUED_NOTICE =
  "⚠️ Sorry, Pathfinder couldn't take that just now. Please submit again in a minute.";

function displayNameOf(user: { name?: string; username?: string }): { displayName?: string } {
  const name = user.name ?? user.username;
  return name ? { displayName: name } : {};
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

export interface FormListenerDeps {
  queue: WorkQueue;
  log: WorkerLog;
  views?: ModalOpener;
  botUserId?: string;
}

/** Registers the shortcut and the form modal's submission on `app`; returns what the other listeners call. */
export function registerFormListeners(app: BoltApp, deps: FormListenerDeps) {
  const { queue, log, views, botUserId } = deps;

  /** Opens the placeholder and queues the real form; false when no modal could be opened. */
  async function open(
    triggerId: string,
    formId: FormId,
    base: Omit<FormOpenJob["request"], "formId" | "eventId">,
    target: ReplyTarget,
  ): Promise<boolean> {
    if (!views) return false;
    let viewId: string;
    try {
      viewId = await views.open(triggerId, loadingModal(FORM_TITLES[formId]));
    } catch (error) {
      log.error("could not open a Slack modal", { formId, error: String(error) });
      return false;
    }
    const job: FormOpenJob = {
      kind: "form-open",
      keys: [`slack:form-open:${triggerId}`],
      viewId,
      request: { ...base, formId, eventId: `form-open:${triggerId}` },
      target,
    };
    await queue.send(job);
    return true;
  }

  app.shortcut(SAVE_ANSWER_SHORTCUT, async ({ shortcut, ack }) => {
    await ack();
    // Narrowed by Bolt's discriminant: a message shortcut, not a global one.
    if (shortcut.type !== "message_action") return;
    const body = shortcut;
    const channel = body.channel?.id;
    const message = body.message;
    // The reply being saved sits in the open question's thread: its thread_ts names the question.
    const threadId = message?.thread_ts ?? message?.ts;
    const prefill: Record<string, string> = {
      answer: plainTextFromSlack(message?.text ?? "", botUserId),
      ...(channel ? { conversationId: channel } : {}),
      ...(threadId ? { threadId } : {}),
      ...(message?.ts ? { messageId: message.ts } : {}),
    };
    const conversation: Conversation = {
      id: channel ?? `home:${body.user.id}`,
      kind: channel ? conversationKind(channel) : "personal",
      ...(threadId ? { threadId } : {}),
    };
    const target: ReplyTarget = {
      userId: body.user.id,
      personal: conversation.kind === "personal",
      ...(channel ? { channel } : {}),
    };
    const opened = await open(
      body.trigger_id,
      "answer.propose",
      {
        actor: { platform: "slack", userId: body.user.id, ...displayNameOf(body.user) },
        prefill,
        conversation,
      },
      target,
    );
    if (!opened)
      log.warn("the Save answer shortcut could not open its form", { viewsConfigured: Boolean(views) });
  });

  app.view(FORM_CALLBACK_ID, async ({ body, ack }) => {
    if (body.type !== "view_submission") {
      await ack();
      return;
    }
    const payload = body;
    const view = payload.view;
    const meta = decodeFormMetadata(view.private_metadata);
    if (!meta) {
      // Not a modal Pathfinder rendered (or its metadata was tampered with): close it, store nothing.
      log.warn("a Slack form submission without Pathfinder's metadata was closed", {});
      await ack();
      return;
    }
    const values = readFormValues(view);
    const errors = checkFormShape(view, values);
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: "errors", errors });
      return;
    }
    const userId = payload.user.id;
    const channel = meta.channel;
    const kind = channel ? conversationKind(channel) : "personal";
    // Each views.update gives the view a new hash, so a resubmission after core's errors is a new job.
    const eventId = `form:${view.id}:${view.hash ?? digest(JSON.stringify(values))}`;
    const job: FormSubmitJob = {
      kind: "form-submit",
      keys: [`slack:${eventId}`],
      view,
      request: {
        actor: { platform: "slack", userId, ...displayNameOf(payload.user) },
        formId: meta.formId,
        values,
        ...(meta.state !== undefined ? { state: meta.state } : {}),
        conversation: { id: channel ?? `home:${userId}`, kind },
        eventId,
      },
      target: { userId, personal: kind === "personal", ...(channel ? { channel } : {}) },
    };
    try {
      await queue.send(job);
    } catch (error) {
      log.error("form submission could not be queued", { formId: meta.formId, error: String(error) });
      await ack({ response_action: "update", view: annotateModal(view, [NOT_QUEUED_NOTICE]) });
      return;
    }
    await ack({ response_action: "update", view: annotateModal(view, [SAVING_NOTICE]) });
  });

  return {
    /** A "form.open" button: opens its form in a modal; false (core's fallback runs) when it cannot. */
    async openFromButton(body: BlockActionsPayload, action: ButtonAction): Promise<boolean> {
      if (baseActionId(action.action_id) !== "form.open" || !body.trigger_id) return false;
      const parsed = parseFormOpenValue(action.value ?? "");
      if (!parsed) return false;
      const { formId, subject } = parsed;
      const channel = body.channel?.id ?? body.container?.channel_id;
      const kind = channel ? conversationKind(channel) : "personal";
      return open(
        body.trigger_id,
        formId,
        {
          actor: { platform: "slack", userId: body.user.id, ...displayNameOf(body.user) },
          ...formOpenPrefill(subject),
          conversation: { id: channel ?? `home:${body.user.id}`, kind },
        },
        { userId: body.user.id, personal: kind === "personal", ...(channel ? { channel } : {}) },
      );
    },

    /**
     * A channel message that did not come as a mention: only a reply inside a thread can matter (an answer to
     * an open question). It is queued for the worker's tracked-thread check; everything else is dropped here.
     */
    async onThreadReply(eventId: string, message: SlackMessageEvent): Promise<void> {
      if (!message.thread_ts || message.thread_ts === message.ts) return;
      // A mention arrives as app_mention too, which handles it.
      if (botUserId && message.text?.includes(`<@${botUserId}>`)) return;
      const { react: _react, ...job } = messageJob(eventId, message, botUserId);
      await queue.send({ ...job, onlyIfTracked: true });
    },
  };
}
