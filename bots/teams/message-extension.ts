/**
 * Core's forms in Teams (issue 15): the message action "Save answer to Pathfinder" (a message extension action
 * command with fetchTask: Teams asks for the task module, then posts its submission) and form cards in chats
 * (a "form.open" button replaced in place by the form; the form's Action.Execute submit answered with the form
 * again, carrying core's errors, or with the outcome).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/messaging-extensions/how-to/action-commands/create-task-module
 * The bot's turn logic is a plain function over TurnContext (bot.ts), so these invokes are dispatched by name
 * rather than through TeamsActivityHandler's handleTeamsMessagingExtensionFetchTask/SubmitAction overrides; the
 * request and response shapes are botbuilder's (MessagingExtensionAction, MessagingExtensionActionResponse).
 */
import {
  type Activity,
  ActivityTypes,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TurnContext,
} from "botbuilder";
import { type Form, formOpenPrefill, parseFormOpenValue } from "../core/forms.ts";
import type { Conversation, Core, CoreResult } from "../core/reply.ts";
import { actorOf, conversationOf } from "./activity.ts";
import { FORM_VERB, readFormSubmission, renderFormCard, renderFormCardContent } from "./forms.ts";
import { renderReplyCardContent, truncate } from "./render.ts";

/** The message extension's command id (bots/teams/package/manifest.template.json composeExtensions). */
export const SAVE_ANSWER_COMMAND = "saveAnswer";

export const FETCH_TASK = "composeExtension/fetchTask";
export const SUBMIT_ACTION = "composeExtension/submitAction";
const CARD_ACTION = "adaptiveCard/action";

/** What the person sees when a form cannot be opened or submitted here. */
export const FORM_MESSAGES = {
  unknownCommand:
    "That action isn't one Pathfinder knows. Update the app, or type help in a chat with Pathfinder.",
  notAForm: "That form has expired. Open it again.",
  saved: "Done.",
  failed: "Sorry, something went wrong on my side and nothing was saved. Please try again in a moment.",
} as const;

/** What the form handlers need from the bot: core, and its delivery of replies and the outbox. */
export interface TeamsFormDeps {
  core: Pick<Core, "openForm" | "submitForm">;
  /** bot.ts's delivery: replies (private ones to the personal chat) and the outbox, channel posts included. */
  deliver(context: TurnContext, result: CoreResult, conversation: Conversation): Promise<void>;
  /** Bounds the work by the turn's deadline (Teams gives an invoke about 15 s). */
  guard?: <T>(work: Promise<T>) => Promise<T>;
  /** Logs a failure and gives the sentence to show the person. */
  failed?: (error: unknown) => string;
}

/**
 * A Teams message's HTML body as plain text: paragraphs and line breaks kept as new lines, entities decoded
 * (linkedom parses it, as a browser would), mentions kept as the names they show.
 */
export async function textOfMessageHtml(html: string): Promise<string> {
  const marked = html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|div|li|h\d)>/gi, "\n$&");
  // Loaded on the first message action only: linkedom (and its htmlparser2) stay out of the Teams cold start.
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML(`<!doctype html><html><body>${marked}</body></html>`);
  return (document.body.textContent ?? "")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

async function invokeResponse(context: TurnContext, body: unknown, status = 200): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

function taskForm(form: Form, card: ReturnType<typeof renderFormCard>): MessagingExtensionActionResponse {
  return { task: { type: "continue", value: { title: form.title, card, height: "large", width: "medium" } } };
}

function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: "message", value: truncate(text.replace(/\*([^*\n]+)\*/g, "$1"), 500) } };
}

/** The form handlers the bot dispatches to. */
export function createTeamsForms(deps: TeamsFormDeps) {
  const { core } = deps;

  /** composeExtension/fetchTask: the Save answer form, prefilled from the message the action was used on. */
  async function fetchTask(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const action = (activity.value ?? {}) as MessagingExtensionAction;
    if (action.commandId !== SAVE_ANSWER_COMMAND) {
      await invokeResponse(context, taskMessage(FORM_MESSAGES.unknownCommand));
      return;
    }
    const conversation = conversationOf(activity);
    const message = action.messagePayload;
    const body = message?.body;
    const answer = body?.content
      ? body.contentType === "html"
        ? await textOfMessageHtml(body.content)
        : body.content.trim()
      : "";
    // A reply's replyToId is its thread's root: the open question Pathfinder posted, when it is one.
    const threadId = message?.replyToId || conversation.threadId || message?.id;
    const opened = await core.openForm({
      actor: actorOf(activity),
      formId: "answer.propose",
      prefill: {
        answer,
        conversationId: conversation.id,
        ...(threadId ? { threadId } : {}),
        ...(message?.id ? { messageId: message.id } : {}),
      },
      conversation: { ...conversation, ...(threadId ? { threadId } : {}) },
      eventId: activity.id ?? "",
    });
    if ("form" in opened) {
      await invokeResponse(context, taskForm(opened.form, renderFormCard(opened.form, { mode: "submit" })));
      return;
    }
    await invokeResponse(context, taskMessage(opened.result.replies[0]?.text ?? FORM_MESSAGES.saved));
    await deps.deliver(context, { replies: [], outbox: opened.result.outbox }, conversation);
  }

  /** composeExtension/submitAction (and task/submit): the task module's form, submitted. */
  async function submitAction(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const action = (activity.value ?? {}) as MessagingExtensionAction;
    const submitted = readFormSubmission(action.data);
    if (!submitted) {
      await invokeResponse(context, taskMessage(FORM_MESSAGES.notAForm));
      return;
    }
    const conversation = conversationOf(activity);
    const outcome = await submit(activity, submitted.form, submitted.values, conversation);
    if ("errors" in outcome) {
      const card = renderFormCard(submitted.form, {
        mode: "submit",
        values: submitted.values,
        errors: outcome.errors,
      });
      await invokeResponse(context, taskForm(submitted.form, card));
      return;
    }
    await invokeResponse(context, taskMessage(outcome.result.replies[0]?.text ?? FORM_MESSAGES.saved));
    // The task module closes with the first reply; every reply goes to the person's chat as well, and the outbox.
    await deps.deliver(context, outcome.result, conversation);
  }

  function submit(
    activity: Partial<Activity>,
    form: Form,
    values: Record<string, string | string[] | undefined>,
    conversation: Conversation,
  ) {
    return core.submitForm({
      actor: actorOf(activity),
      formId: form.id,
      values,
      ...(form.state !== undefined ? { state: form.state } : {}),
      conversation,
      eventId: activity.id ?? "",
    });
  }

  /**
   * An adaptiveCard/action for a form: "form.open" (replace the card with the form) or the form's own submit
   * (the form again with core's errors, or the outcome in its place). False when the action is not a form's.
   */
  async function onCardAction(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    const action = (
      activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined
    )?.action;
    if (action?.type !== "Action.Execute") return false;
    const conversation = conversationOf(activity);
    const data = action.data as Record<string, unknown> | undefined;
    if (action.verb === FORM_VERB) {
      const submitted = readFormSubmission(data);
      if (!submitted) {
        await invokeResponse(context, {
          statusCode: 200,
          type: "application/vnd.microsoft.activity.message",
          value: FORM_MESSAGES.notAForm,
        });
        return true;
      }
      const outcome = await submit(activity, submitted.form, submitted.values, conversation);
      if ("errors" in outcome) {
        await cardResponse(
          context,
          renderFormCardContent(submitted.form, {
            mode: "execute",
            values: submitted.values,
            errors: outcome.errors,
          }),
        );
        return true;
      }
      const [first, ...rest] = outcome.result.replies;
      await cardResponse(context, renderReplyCardContent(first ?? textReply(FORM_MESSAGES.saved)));
      await deps.deliver(context, { replies: rest, outbox: outcome.result.outbox }, conversation);
      return true;
    }
    if (data?.actionId !== "form.open") return false;
    const parsed = typeof data.value === "string" ? parseFormOpenValue(data.value) : undefined;
    if (!parsed) return false;
    const opened = await core.openForm({
      actor: actorOf(activity),
      formId: parsed.formId,
      ...formOpenPrefill(parsed.subject),
      conversation,
      eventId: activity.id ?? "",
    });
    if ("form" in opened) {
      await cardResponse(context, renderFormCardContent(opened.form, { mode: "execute" }));
      return true;
    }
    const [first, ...rest] = opened.result.replies;
    await cardResponse(context, renderReplyCardContent(first ?? textReply(FORM_MESSAGES.notAForm)));
    await deps.deliver(context, { replies: rest, outbox: opened.result.outbox }, conversation);
    return true;
  }

  async function dispatch(context: TurnContext): Promise<boolean> {
    switch (context.activity.name) {
      case FETCH_TASK:
        await fetchTask(context);
        return true;
      case SUBMIT_ACTION:
        await submitAction(context);
        return true;
      case CARD_ACTION:
        return onCardAction(context);
      default:
        return false;
    }
  }

  const guard = deps.guard ?? (<T>(work: Promise<T>) => work);
  const failed = deps.failed ?? (() => FORM_MESSAGES.failed);

  return {
    /** Handles the invokes this module owns; false for any other. A failure is answered in the invoke's own shape. */
    async onInvoke(context: TurnContext): Promise<boolean> {
      try {
        return await guard(dispatch(context));
      } catch (error) {
        const message = failed(error);
        const body =
          context.activity.name === CARD_ACTION
            ? {
                statusCode: 500,
                type: "application/vnd.microsoft.error",
                value: { code: "InternalError", message },
              }
            : taskMessage(message);
        await invokeResponse(context, body).catch(() => {});
        return true;
      }
    },
  };
}

function textReply(text: string) {
  return { text, blocks: [{ type: "text" as const, text }], visibility: "public" as const };
}

/**
 * Answers a Universal Action with a card that replaces the one pressed.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
async function cardResponse(context: TurnContext, card: unknown): Promise<void> {
  await invokeResponse(context, {
    statusCode: 200,
    type: "application/vnd.microsoft.card.adaptive",
    value: card,
  });
}
