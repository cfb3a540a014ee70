/**
 * Channel posts in Teams (issue 15's ambassadors' place): an Outbound `kind: "channel"` is posted through the
 * channel's stored conversation reference (saved by `subscribe ambassadors`, or carried on the outbound), and a
 * tracked post tells core the id of the posted activity, which roots the reply chain ambassadors answer in
 * (replies arrive with `;messageid=<that id>` on the conversation id; activity.ts reads it as the thread).
 */
import type { ConversationReferences } from "../../peer/ports.ts";
import type { Core, Outbound } from "../core/reply.ts";
import type { TeamsLog } from "./log.ts";
import { isOutcomeUnknown, type OutcomeUnknown, type ProactiveSender } from "./proactive.ts";
import { renderReplyActivity } from "./render.ts";

export interface ChannelPosterDeps {
  core: Pick<Core, "handlePosted">;
  conversations: ConversationReferences;
  proactive: ProactiveSender;
  log: TeamsLog;
}

/**
 * Returns a function that posts one channel outbound; it resolves false when it certainly was not posted (so it
 * may be tried again), and OutcomeUnknown when Teams may have taken it without an answer (so it must not be).
 */
export function channelPoster(deps: ChannelPosterDeps) {
  const { core, conversations, proactive, log } = deps;
  return async (outbound: Extract<Outbound, { kind: "channel" }>): Promise<boolean | OutcomeUnknown> => {
    const stored = outbound.reference ?? (await conversations.get(outbound.conversationId));
    const reference = outbound.threadId ? inReplyChain(stored, outbound.threadId) : stored;
    const id = await proactive.postToConversation?.(reference, renderReplyActivity(outbound.reply));
    // No id came back, so a tracked post's reply chain cannot be recorded; the caller, who holds the key, warns.
    if (isOutcomeUnknown(id)) return id;
    if (!id) {
      log.error("could not post to a Teams channel", { conversationId: outbound.conversationId });
      return false;
    }
    if (outbound.track)
      await core.handlePosted(outbound.track, {
        platform: "teams",
        conversationId: outbound.conversationId,
        // A reply stays in the chain it was posted to; a new post roots a chain of its own.
        threadId: outbound.threadId ?? id,
      });
    return true;
  };
}

/**
 * The channel's reference aimed at one reply chain: Teams addresses a thread as `<channel id>;messageid=<root
 * activity id>` (the form activity.ts reads replies by), so a post there lands as a reply under the root.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
export function inReplyChain(reference: unknown, threadId: string): unknown {
  const ref = reference as { conversation?: { id?: unknown } } | undefined;
  const id = ref?.conversation?.id;
  if (typeof id !== "string" || !ref?.conversation) return reference;
  const channel = id.replace(/;messageid=\d+$/, "");
  return { ...ref, conversation: { ...ref.conversation, id: `${channel};messageid=${threadId}` } };
}
