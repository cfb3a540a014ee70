/**
 * Pathfinder's Teams turn logic: turns activities into core requests and core results into cards,
 * replies and proactive messages. It depends on botbuilder's TurnContext only, so it runs the same
 * under CloudAdapter (Lambda) and TestAdapter (tests).
 */
import { type Activity, ActivityTypes, type TurnContext } from "botbuilder";
import type { ConversationReferences, Idempotency } from "../../peer/ports.ts";
import {
  ClaimInProgressError,
  type IdempotencyStore,
  type ScopedIdempotency,
} from "../../store/idempotency.ts";
import type { ActionRequest, Core, MessageRequest } from "../core/reply.ts";
import {
  actorOf,
  conversationOf,
  hasUserAttachments,
  MAX_MESSAGE_LENGTH,
  messageTextOf,
  referenceKeysOf,
  storedReferenceOf,
} from "./activity.ts";
import { createTeamsDelivery } from "./delivery.ts";
import { FILE_CONSENT_INVOKE, type FileConsentDeps, handleFileConsent } from "./file-consent.ts";
import { type TeamsLog, teamsLogger } from "./log.ts";
import { createTeamsForms } from "./message-extension.ts";
import { TEAMS_MESSAGES, textReply } from "./messages.ts";
import { channelPoster } from "./network-channel.ts";
import type { ProactiveSender } from "./proactive.ts";
import { readCardActionData, renderReplyActivity, truncate } from "./render.ts";
import { TurnDeadlineError, withDeadline } from "./turn-deadline.ts";
import { turnPostGuard } from "./turn-posts.ts";
import { welcomeReply } from "./welcome.ts";

export { TEAMS_MESSAGES };

export interface TeamsBotDeps {
  core: Core;
  conversations: ConversationReferences;
  /**
   * With the DynamoDB store (store/idempotency.ts), an activity's claim is in progress until
   * `claimWindowMs` has passed and completed only when the turn finished, so a Lambda that dies mid-turn
   * does not turn the Bot Connector's retry into a silent duplicate. A plain port claims completed at once.
   */
  idempotency: Idempotency | IdempotencyStore;
  /** How long an in-progress claim lasts: the Teams function's timeout (30 s; cdk/function-specs.ts). */
  claimWindowMs?: number;
  proactive: ProactiveSender;
  /**
   * How long core may take before the person is told to try again. Teams gives a bot about 15 s to
   * answer an HTTP request; the OpenAI composer has its own shorter deadline and falls back inside.
   */
  turnDeadlineMs?: number;
  log?: TeamsLog;
  /** Where a file a reply carries may be uploaded (bots/teams/file-consent.ts). */
  files?: FileConsentDeps;
}

/** The turn handler CloudAdapter.process and TestAdapter call. */
export interface TeamsBot {
  onTurn(context: TurnContext): Promise<void>;
}

export const DEFAULT_TURN_DEADLINE_MS = 10_000;

const ADAPTIVE_CARD_ACTION = "adaptiveCard/action";

/**
 * The body of an `adaptiveCard/action` invoke response. botbuilder types `value` as an object, but
 * Teams documents a plain string for the "message" type (shown to the person in the card).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
export interface CardInvokeResponse {
  statusCode: number;
  type: "application/vnd.microsoft.activity.message" | "application/vnd.microsoft.error";
  value: string | { code: string; message: string };
}

function errorDetail(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, reason: error.message } : { error: String(error) };
}

/** Builds the Teams bot. */
export function createTeamsBot(deps: TeamsBotDeps): TeamsBot {
  const { core, conversations, idempotency, proactive } = deps;
  const deadlineMs = deps.turnDeadlineMs ?? DEFAULT_TURN_DEADLINE_MS;
  const log = deps.log ?? teamsLogger();

  const claimWindowMs = deps.claimWindowMs ?? 30_000;
  const postToChannel = channelPoster({ core, conversations, proactive, log });
  const guardPosts = turnPostGuard(log);

  /** The claims of one turn: in progress (store) or completed at once (plain port). */
  function turnScope(): Pick<ScopedIdempotency, "claim" | "commit" | "abandon"> {
    if ("scope" in idempotency) return idempotency.scope({ deadline: new Date(Date.now() + claimWindowMs) });
    const held: string[] = [];
    return {
      async claim(key) {
        const won = await idempotency.claim(key);
        if (won) held.push(key);
        return won;
      },
      async commit() {},
      async abandon() {
        const out = await Promise.allSettled(held.map((key) => idempotency.release(key)));
        return held.filter((_, i) => out[i]?.status === "rejected");
      },
    };
  }

  function claimKey(activity: Partial<Activity>): string {
    return `teams:${activity.conversation?.id ?? ""}:${activity.id ?? ""}`;
  }

  async function saveReferences(activity: Partial<Activity>): Promise<void> {
    const reference = storedReferenceOf(activity);
    await Promise.all(referenceKeysOf(activity).map((key) => conversations.save(key, reference)));
  }

  /**
   * Saves the references alongside the turn's work, never failing it: the reference only lets later
   * messages reach this chat, and the next activity saves it again. Found by tests/teams/fault-run.ts
   * (DynamoDB killed mid-burst): a rejected save either ended the process as an unhandled rejection (when
   * core failed first) or turned a stored report into an apology.
   */
  function saveReferencesDuringTurn(activity: Partial<Activity>): Promise<void> {
    return saveReferences(activity).catch((error: unknown) => {
      log.error("could not save the conversation reference", errorDetail(error));
    });
  }

  /** "Allow" or "Decline" on a file consent card: upload the file (once per invoke), then answer the invoke. */
  async function onFileConsent(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const answer = (status: number) =>
      context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status } });
    const first = await once(
      activity,
      async () => {
        const out = await handleFileConsent(activity.value, deps.files);
        if (out.outcome !== "uploaded" && out.outcome !== "declined") {
          log.error("file consent not completed", { outcome: out.outcome });
        }
        if (out.reply) await context.sendActivity(out.reply);
        await answer(out.status);
      },
      async () => {
        await answer(500);
      },
    );
    if (!first) await answer(200);
  }

  const { deliver } = createTeamsDelivery({ proactive, idempotency, postToChannel, log });

  function actionRequest(activity: Partial<Activity>, actionId: string, value: string): ActionRequest {
    return {
      actor: actorOf(activity),
      actionId,
      value,
      conversation: conversationOf(activity),
      eventId: activity.id ?? "",
    };
  }

  /**
   * Runs guarded work once per activity id: a retried delivery does nothing, a failure gives the
   * claim back so the retry can do the work.
   */
  async function once(
    activity: Partial<Activity>,
    work: () => Promise<void>,
    onFailure: (error: unknown) => Promise<void>,
  ): Promise<boolean> {
    const key = claimKey(activity);
    const scope = turnScope();
    // A claim held by a live turn (ClaimInProgressError) propagates: the connector gets a 500 and may retry.
    // Any other failure to claim (storage down) is told to the person now: a 500 would leave them in
    // silence unless the channel retried, and nothing has been done yet, so the apology is true.
    let claimed: boolean;
    try {
      claimed = await scope.claim(key);
    } catch (error) {
      if (error instanceof ClaimInProgressError) throw error;
      log.error("could not claim the activity", { ...errorDetail(error), activityType: activity.type });
      await onFailure(error).catch(() => {});
      return true;
    }
    if (!claimed) return false;
    try {
      await work();
      await scope.commit().catch((commitError: unknown) => {
        // The person was answered; the in-progress claim lapses with the window.
        log.error("could not complete idempotency claim", errorDetail(commitError));
      });
    } catch (error) {
      const unreleased = await scope.abandon();
      if (unreleased.length > 0) {
        // It lapses at the end of the claim window, so the Bot Connector's retry can still do the work.
        log.error("could not release idempotency claim", { unreleased: unreleased.length });
      }
      log.error(error instanceof TurnDeadlineError ? "turn deadline passed" : "turn failed", {
        ...errorDetail(error),
        activityType: activity.type,
      });
      await onFailure(error).catch(() => {});
    }
    return true;
  }

  async function onMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const conversation = conversationOf(activity);
    const text = messageTextOf(activity);
    const apologise = async (error: unknown) => {
      const message = error instanceof TurnDeadlineError ? TEAMS_MESSAGES.slow : TEAMS_MESSAGES.failed;
      await context.sendActivity(renderReplyActivity(textReply(message)));
    };
    // An Action.Submit from a card (older clients, or cards other bots built) arrives as a message with a value.
    const submitted = !text && activity.value ? readCardActionData(activity.value) : undefined;
    await once(
      activity,
      async () => {
        await context.sendActivity({ type: ActivityTypes.Typing });
        const saving = saveReferencesDuringTurn(activity);
        if (submitted) {
          const request = actionRequest(activity, submitted.actionId, submitted.value);
          const result = await withDeadline(core.handleAction(request), deadlineMs);
          await saving;
          await deliver(context, result, conversation, true);
          return;
        }
        if (!text && (hasUserAttachments(activity) || activity.value !== undefined)) {
          await saving;
          await context.sendActivity(renderReplyActivity(textReply(TEAMS_MESSAGES.attachmentsOnly)));
          return;
        }
        if (text.length > MAX_MESSAGE_LENGTH) {
          await saving;
          await context.sendActivity(renderReplyActivity(textReply(TEAMS_MESSAGES.tooLong(text.length))));
          return;
        }
        const request: MessageRequest = {
          actor: actorOf(activity),
          text,
          conversation,
          eventId: activity.id ?? "",
          mode: "chat",
          reference: storedReferenceOf(activity),
        };
        const result = await withDeadline(core.handleMessage(request), deadlineMs);
        await saving;
        await deliver(context, result, conversation, true);
      },
      apologise,
    );
  }

  const forms = createTeamsForms({
    core,
    deliver: async (context, result, conversation) => {
      await deliver(context, result, conversation, false);
    },
    guard: (work) => withDeadline(work, deadlineMs),
    failed: (error) => {
      log.error("form invoke failed", errorDetail(error));
      return error instanceof TurnDeadlineError ? TEAMS_MESSAGES.slow : TEAMS_MESSAGES.failed;
    },
  });

  async function setInvokeResponse(context: TurnContext, response: CardInvokeResponse) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status: response.statusCode, body: response },
    });
  }

  function messageResponse(text: string): CardInvokeResponse {
    return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text };
  }

  async function onCardAction(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const action = (activity.value as { action?: { type?: unknown; data?: unknown } } | undefined)?.action;
    const data = action?.type === "Action.Execute" ? readCardActionData(action.data) : undefined;
    if (!data) {
      // Not one of Pathfinder's buttons: say so in the card, change nothing.
      await setInvokeResponse(context, messageResponse(TEAMS_MESSAGES.unknownButton.replaceAll("*", "")));
      return;
    }
    const conversation = conversationOf(activity);
    const first = await once(
      activity,
      async () => {
        const saving = saveReferencesDuringTurn(activity);
        const result = await withDeadline(
          core.handleAction(actionRequest(activity, data.actionId, data.value)),
          deadlineMs,
        );
        await saving;
        const { sentPrivately, privateFailed } = await deliver(context, result, conversation, false);
        const summary = privateFailed
          ? TEAMS_MESSAGES.privateFailed
          : sentPrivately
            ? TEAMS_MESSAGES.privateSent
            : truncate(result.replies[0]?.text ?? TEAMS_MESSAGES.done, 200);
        await setInvokeResponse(context, messageResponse(summary));
      },
      async (error) => {
        const message = error instanceof TurnDeadlineError ? TEAMS_MESSAGES.slow : TEAMS_MESSAGES.failed;
        await setInvokeResponse(context, {
          statusCode: 500,
          type: "application/vnd.microsoft.error",
          value: { code: error instanceof TurnDeadlineError ? "Timeout" : "InternalError", message },
        });
      },
    );
    if (!first) await setInvokeResponse(context, messageResponse(TEAMS_MESSAGES.alreadyDone));
  }

  async function onInstalled(context: TurnContext): Promise<void> {
    const activity = context.activity;
    await saveReferences(activity);
    if (activity.action !== "add") return; // "add-upgrade" and "remove" get no welcome
    const conversation = conversationOf(activity);
    await once(
      activity,
      async () => {
        await context.sendActivity(renderReplyActivity(welcomeReply(conversation.kind)));
      },
      async () => {},
    );
  }

  return {
    async onTurn(context) {
      // Before anything is sent: a reply whose answer was lost is neither re-POSTed nor fails the turn.
      guardPosts(context);
      const activity = context.activity;
      switch (activity.type) {
        case ActivityTypes.Message:
          return onMessage(context);
        case ActivityTypes.Invoke:
          // Forms first (message action, form cards); other invokes are not offered: the adapter answers 501.
          if (await forms.onInvoke(context)) return;
          if (activity.name === ADAPTIVE_CARD_ACTION) return onCardAction(context);
          if (activity.name === FILE_CONSENT_INVOKE) return onFileConsent(context);
          return;
        case ActivityTypes.InstallationUpdate:
          return onInstalled(context);
        case ActivityTypes.ConversationUpdate:
          // The bot joined a chat or team: keep the reference so the digest and introductions can reach it.
          if (activity.membersAdded?.some((m) => m.id === activity.recipient?.id)) {
            await saveReferences(activity);
          }
          return;
        default:
          return;
      }
    },
  };
}
