/**
 * Proactive delivery: posting to someone who did not just write to Pathfinder (an ambassador asked
 * for an introduction, an asker told the outcome, a private reply to someone who wrote in a channel).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 */
import type { Activity, CloudAdapter, ConversationReference } from "botbuilder";
import type { ConversationReferences } from "../../peer/ports.ts";

/** Sends activities to a person's personal chat with Pathfinder. */
export interface ProactiveSender {
  /**
   * Posts to the person's personal chat, using the stored conversation reference; with none stored,
   * opens the chat from `origin` (an activity from the same tenant). False when they cannot be reached.
   */
  sendToUser(userId: string, activity: Partial<Activity>, origin?: Partial<Activity>): Promise<boolean>;
  /**
   * Posts a new message to a stored channel or chat reference (the ambassadors' channel) and returns the posted
   * activity's id: in a channel it is the root of the reply chain replies will carry. Undefined when it failed.
   * Optional so senders that only reach people (tests, the local playground) need not implement it.
   */
  postToConversation?(reference: unknown, activity: Partial<Activity>): Promise<string | undefined>;
}

export interface CloudProactiveOptions {
  adapter: CloudAdapter;
  /** The bot's Microsoft App ID ("" when running anonymously for local development). */
  appId: string;
  conversations: ConversationReferences;
  /** The Bot Connector audience; the public cloud's unless configured otherwise. */
  audience?: string;
  onError?: (message: string, error: unknown) => void;
}

/** The public cloud's Bot Connector token audience. */
export const PUBLIC_CLOUD_AUDIENCE = "https://api.botframework.com";

function isReference(value: unknown): value is Partial<ConversationReference> {
  const ref = value as Partial<ConversationReference> | undefined;
  return typeof ref?.serviceUrl === "string" && typeof ref.conversation?.id === "string";
}

/** A ProactiveSender on botbuilder's CloudAdapter. */
export function createCloudProactiveSender(options: CloudProactiveOptions): ProactiveSender {
  const { adapter, appId, conversations } = options;
  const audience = options.audience ?? PUBLIC_CLOUD_AUDIENCE;
  const onError = options.onError ?? (() => {});

  async function openPersonalChat(
    userId: string,
    activity: Partial<Activity>,
    origin: Partial<Activity>,
  ): Promise<boolean> {
    const tenantId = origin.conversation?.tenantId ?? origin.channelData?.tenant?.id;
    const serviceUrl = origin.serviceUrl;
    const bot = origin.recipient;
    if (!serviceUrl || !bot) return false;
    // Teams returns the existing 1:1 chat when there is one, so this is safe to repeat.
    await adapter.createConversationAsync(
      appId,
      origin.channelId ?? "msteams",
      serviceUrl,
      audience,
      {
        isGroup: false,
        bot,
        members: [{ id: userId, name: "" }],
        ...(tenantId ? { tenantId } : {}),
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      },
      async (context) => {
        const conversation = context.activity.conversation;
        const reference: Partial<ConversationReference> = {
          channelId: context.activity.channelId,
          serviceUrl,
          bot,
          user: { id: userId, name: "" },
          conversation: { ...conversation, conversationType: "personal", isGroup: false },
        };
        await conversations.save(userId, reference);
        await context.sendActivity(activity);
      },
    );
    return true;
  }

  return {
    async postToConversation(reference, activity) {
      if (!isReference(reference)) return undefined;
      try {
        let id: string | undefined;
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          id = (await context.sendActivity(activity))?.id;
        });
        return id;
      } catch (error) {
        // Pathfinder was removed from the team, or the channel was deleted: the caller keeps the question open.
        onError("channel post failed", error);
        return undefined;
      }
    },

    async sendToUser(userId, activity, origin) {
      try {
        const stored = await conversations.get(userId);
        if (isReference(stored)) {
          await adapter.continueConversationAsync(appId, stored, async (context) => {
            await context.sendActivity(activity);
          });
          return true;
        }
        return origin ? await openPersonalChat(userId, activity, origin) : false;
      } catch (error) {
        // The person may have blocked or uninstalled the app; the caller tells the requester.
        onError("proactive message failed", error);
        return false;
      }
    },
  };
}
