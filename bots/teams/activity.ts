/**
 * Reads a Teams activity into the platform-neutral pieces core understands: who, where, what.
 * Pure functions over botbuilder's Activity shape, so they are tested without an adapter.
 */
import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import type { Conversation, MessageRequest } from "../core/reply.ts";

/**
 * Longest message Pathfinder reads (characters). Matches what the obstacle log stores
 * (peer/limits.ts MAX_TEXT_LENGTH); longer messages get a clear "please shorten it" reply.
 */
export const MAX_MESSAGE_LENGTH = 2_000;

/** Teams marks a channel reply chain by appending `;messageid=<root message id>` to the channel's id. */
const THREAD_SUFFIX = /;messageid=(\d+)$/;

/** The person who sent the activity, as core knows them. */
export function actorOf(activity: Partial<Activity>): MessageRequest["actor"] {
  const from = activity.from;
  const actor: MessageRequest["actor"] = { platform: "teams", userId: from?.id ?? "" };
  if (from?.name) actor.displayName = from.name;
  return actor;
}

/** The conversation, with a channel's reply chain split out as the thread. */
export function conversationOf(activity: Partial<Activity>): Conversation {
  const rawId = activity.conversation?.id ?? "";
  const match = THREAD_SUFFIX.exec(rawId);
  const id = match ? rawId.slice(0, match.index) : rawId;
  const type = activity.conversation?.conversationType;
  const kind: Conversation["kind"] =
    type === "personal" || (!type && !activity.conversation?.isGroup)
      ? "personal"
      : type === "channel"
        ? "channel"
        : "group";
  const conversation: Conversation = { id, kind };
  if (match?.[1]) conversation.threadId = match[1];
  return conversation;
}

/**
 * The reference Pathfinder stores to post proactively: the conversation root (not a reply chain),
 * and no activity id, so a digest or introduction arrives as a new message rather than a reply.
 */
export function storedReferenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  if (reference.conversation) {
    reference.conversation = { ...reference.conversation, id: conversationOf(activity).id };
  }
  return reference;
}

/** The keys a conversation reference is saved under: the user ids in a personal chat, else the conversation. */
export function referenceKeysOf(activity: Partial<Activity>): string[] {
  const conversation = conversationOf(activity);
  if (conversation.kind !== "personal") return conversation.id ? [conversation.id] : [];
  // Ambassadors may be registered by their Teams user id (29:...) or their Entra object id.
  const keys = [activity.from?.id, activity.from?.aadObjectId].filter((k): k is string => Boolean(k));
  return [...new Set(keys)];
}

/** What a person typed: the bot's @mention removed, Teams' HTML-ish leftovers and whitespace tidied. */
export function messageTextOf(activity: Partial<Activity>): string {
  let text = activity.text ?? "";
  const recipientId = activity.recipient?.id;
  if (recipientId && text) {
    // removeMentionText mutates the activity it is given; work on a copy.
    text = TurnContext.removeMentionText({ ...activity, text } as Activity, recipientId) ?? "";
  }
  const botName = activity.recipient?.name;
  if (botName) text = text.replaceAll(`<at>${botName}</at>`, " "); // a bot mention that carried no entity
  return text
    .replace(/<at>([^<]*)<\/at>/g, "$1") // other people mentioned: keep their names
    .replace(/&nbsp;/g, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Files, images or cards a person sent; Teams' own text/html copy of the message does not count. */
export function hasUserAttachments(activity: Partial<Activity>): boolean {
  return (activity.attachments ?? []).some((a) => a.contentType !== "text/html");
}
