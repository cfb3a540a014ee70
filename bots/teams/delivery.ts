/**
 * Delivering a turn's result in Teams: replies (private ones asked for in a channel go to the person's personal
 * chat), a reply's file (a file consent card), and core's outbox (direct messages, introductions, channel posts),
 * each keyed message at most once: its claim is given back only when it certainly was not posted, never when
 * Teams may have taken it and the answer was lost (proactive.ts), since a retry would then post it twice.
 */
import { type Activity, ActivityTypes, type TurnContext } from "botbuilder";
import type { Idempotency } from "../../peer/ports.ts";
import type { IdempotencyStore } from "../../store/idempotency.ts";
import type { Conversation, CoreResult, Outbound, Reply } from "../core/reply.ts";
import { fileConsentAttachment } from "./file-consent.ts";
import { type TeamsLog, warnOf } from "./log.ts";
import { TEAMS_MESSAGES, textReply } from "./messages.ts";
import { isOutcomeUnknown, type OutcomeUnknown, type ProactiveSender } from "./proactive.ts";
import { renderReplyActivity, withContactMention } from "./render.ts";

export interface TeamsDeliveryDeps {
  proactive: ProactiveSender;
  idempotency: Pick<Idempotency | IdempotencyStore, "claim" | "release">;
  /**
   * Posts a channel outbound (network-channel.ts); false when it certainly was not posted, OutcomeUnknown when
   * it may have been.
   */
  postToChannel(outbound: Extract<Outbound, { kind: "channel" }>): Promise<boolean | OutcomeUnknown>;
  /** Where a keyed message that may have landed, and so is not retried, is reported (bot.ts's log). */
  log?: TeamsLog;
}

export function createTeamsDelivery(deps: TeamsDeliveryDeps) {
  const { proactive, idempotency, postToChannel } = deps;
  const warn = deps.log ? warnOf(deps.log) : () => {};

  /** A keyed message Teams may have taken keeps its claim: said once, with the key, so an operator can look. */
  function keptUnknown(key: string | undefined, outbound: Outbound, unknown: OutcomeUnknown): void {
    const detail = {
      key: key ?? "(none)",
      kind: outbound.kind,
      reason: unknown.reason,
      // Without an id the post's reply chain is not recorded, so replies under it are not followed.
      ...(outbound.kind === "channel" && outbound.track ? { replyChainRecorded: false } : {}),
    };
    warn(
      "Teams may have posted a keyed message (its answer was lost); it is not retried, so it is never posted twice",
      detail,
    );
  }

  /** Posts replies; private ones asked for in a channel or group chat go to the person's personal chat. */
  async function deliverReplies(
    context: TurnContext,
    replies: Reply[],
    conversation: Conversation,
    options: { announcePrivate: boolean },
  ): Promise<{ sentPrivately: boolean; privateFailed: boolean }> {
    let sentPrivately = false;
    let privateFailed = false;
    for (const reply of replies) {
      const activity = renderReplyActivity(reply);
      if (reply.visibility === "private" && conversation.kind !== "personal") {
        const userId = context.activity.from?.id ?? "";
        // A private reply that may have landed counts as sent: telling the person it failed could be untrue.
        const ok = (await proactive.sendToUser(userId, activity, context.activity)) !== false;
        sentPrivately ||= ok;
        privateFailed ||= !ok;
      } else {
        await context.sendActivity(activity);
      }
      if (reply.attachment) await offerFile(context, reply.attachment, conversation);
    }
    if (options.announcePrivate && (sentPrivately || privateFailed)) {
      const notice = privateFailed ? TEAMS_MESSAGES.privateFailed : TEAMS_MESSAGES.privateSent;
      await context.sendActivity(renderReplyActivity(textReply(notice)));
    }
    return { sentPrivately, privateFailed };
  }

  /**
   * A reply's file (the export's JSON) is offered with a file consent card in the person's personal chat, the
   * only place Teams lets a bot send files; too big for a card, they are told where to get it instead.
   */
  async function offerFile(
    context: TurnContext,
    file: NonNullable<Reply["attachment"]>,
    conversation: Conversation,
  ): Promise<void> {
    const card = fileConsentAttachment(file);
    const activity: Partial<Activity> = card
      ? { type: ActivityTypes.Message, attachments: [card] }
      : renderReplyActivity(textReply(TEAMS_MESSAGES.fileTooBig));
    if (conversation.kind === "personal") await context.sendActivity(activity);
    else await proactive.sendToUser(context.activity.from?.id ?? "", activity, context.activity);
  }

  /** Delivers core's outbox. Teams bots cannot start group chats, so a "group" goes to each person's chat. */
  async function deliverOutbox(context: TurnContext, result: CoreResult): Promise<number> {
    let unreachable = 0;
    for (const outbound of result.outbox) {
      if ((outbound.kind === "direct" ? outbound.to.platform : outbound.platform) !== "teams") continue;
      // A keyed message goes out at most once, however often core asks (retries, double clicks).
      const key = outbound.key ? `outbox:${outbound.key}` : undefined;
      if (key && !(await idempotency.claim(key))) continue;
      if (outbound.kind === "channel") {
        const posted = await postToChannel(outbound);
        if (isOutcomeUnknown(posted)) keptUnknown(key, outbound, posted);
        else if (!posted && key) await idempotency.release(key);
        continue;
      }
      let missed = 0;
      try {
        const activity = renderReplyActivity(outbound.reply);
        const recipients =
          outbound.kind === "direct"
            ? [{ userId: outbound.to.userId, activity }]
            : outbound.userIds.map((userId) => {
                const other = outbound.userIds.find((id) => id !== userId);
                return { userId, activity: other ? withContactMention(activity, other) : activity };
              });
        for (const recipient of recipients) {
          const sent = await proactive.sendToUser(recipient.userId, recipient.activity, context.activity);
          if (isOutcomeUnknown(sent)) keptUnknown(key, outbound, sent);
          else if (!sent) missed++;
        }
      } catch (error) {
        if (key) await idempotency.release(key);
        throw error;
      }
      // Nobody reached: give the key back so a later attempt can still deliver it.
      if (key && missed > 0 && outbound.kind === "direct") await idempotency.release(key);
      unreachable += missed;
    }
    return unreachable;
  }

  async function deliver(
    context: TurnContext,
    result: CoreResult,
    conversation: Conversation,
    announcePrivate: boolean,
  ) {
    const replies = await deliverReplies(context, result.replies, conversation, { announcePrivate });
    const unreachable = await deliverOutbox(context, result);
    if (unreachable > 0) {
      await deliverReplies(context, [textReply(TEAMS_MESSAGES.unreachable(unreachable))], conversation, {
        announcePrivate: false,
      });
    }
    return replies;
  }

  return { deliver, deliverReplies };
}
