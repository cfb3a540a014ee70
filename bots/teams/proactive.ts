/**
 * Proactive delivery: posting to someone who did not just write to Pathfinder (an ambassador asked
 * for an introduction, an asker told the outcome, a private reply to someone who wrote in a channel).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 *
 * A post either certainly did not happen (Teams answered with an error status, or nothing was sent) or may
 * have happened (the request went out and its answer was lost: a reset connection, a timeout, a gateway's
 * 502/504). Teams has no way to look a message up by a stamp of ours (Slack's side does: bots/slack/deliver.ts),
 * so the second kind is reported as OutcomeUnknown and a keyed caller never sends it again: a missed message
 * beats a duplicate one. The SDK's own retries are held to the same rule (see `postAtMostOnce`).
 */
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import type { ConversationReferences } from "../../peer/ports.ts";

/**
 * A post whose request reached (or may have reached) Teams but whose answer was lost. Truthy on purpose: a
 * caller that only asks "was it sent?" treats it as sent and does not send it again.
 */
export interface OutcomeUnknown {
  outcome: "unknown";
  /** Why it cannot be known, for the log (never message text). */
  reason: string;
}

/** Whether a sender's answer is "it may have been posted". */
export function isOutcomeUnknown(value: unknown): value is OutcomeUnknown {
  return typeof value === "object" && value !== null && (value as OutcomeUnknown).outcome === "unknown";
}

/** Sends activities to a person's personal chat with Pathfinder. */
export interface ProactiveSender {
  /**
   * Posts to the person's personal chat, using the stored conversation reference; with none stored,
   * opens the chat from `origin` (an activity from the same tenant). False when they certainly were not
   * reached (so it may be tried again); OutcomeUnknown when the post may have landed (so it must not be).
   */
  sendToUser(
    userId: string,
    activity: Partial<Activity>,
    origin?: Partial<Activity>,
  ): Promise<boolean | OutcomeUnknown>;
  /**
   * Posts a new message to a stored channel or chat reference (the ambassadors' channel) and returns the posted
   * activity's id: in a channel it is the root of the reply chain replies will carry. Undefined when it certainly
   * failed; OutcomeUnknown when it may have been posted (no id came back).
   * Optional so senders that only reach people (tests, the local playground) need not implement it.
   */
  postToConversation?(
    reference: unknown,
    activity: Partial<Activity>,
  ): Promise<string | undefined | OutcomeUnknown>;
}

/** Raised inside the connector's pipeline when an activity POST may have been taken but no answer came back. */
export class TeamsPostOutcomeUnknownError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TeamsPostOutcomeUnknownError";
  }
}

/**
 * Network errors raised before a byte of the request left (no connection was made): the post certainly did not
 * happen. Every other network error (ECONNRESET "socket hang up", ETIMEDOUT, EPIPE, an abort) may come after
 * Teams read the request. Codes as Node's net/dns modules and @azure/core-rest-pipeline's RestError carry them.
 */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENOENT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Gateway statuses: the front end answered for a service behind it that may have posted the message anyway
 * (a Bot Connector 502 whose message was delivered: https://github.com/microsoft/botframework-sdk/issues/6622).
 */
const GATEWAY_STATUSES = new Set([502, 504]);

/**
 * Whether a failed Bot Connector call may still have posted its activity. botbuilder surfaces the Azure SDK's
 * RestError: with `statusCode` (and `response.status`) when Teams answered, with only a network `code` when no
 * answer came. A 2xx on an error means Teams took it and only its answer could not be read.
 */
export function mayHavePosted(error: unknown): boolean {
  const e = error as { statusCode?: unknown; response?: { status?: unknown }; code?: unknown } | undefined;
  const status = typeof e?.statusCode === "number" ? e.statusCode : e?.response?.status;
  if (typeof status === "number") return (status >= 200 && status < 300) || GATEWAY_STATUSES.has(status);
  return !(typeof e?.code === "string" && NEVER_CONNECTED.has(e.code));
}

/**
 * What became of a failed Bot Connector call, from the error as thrown out of botbuilder: OutcomeUnknown when it
 * may have posted, undefined when it certainly did not (so it may be tried again).
 */
export function outcomeOf(error: unknown): OutcomeUnknown | undefined {
  if (error instanceof TeamsPostOutcomeUnknownError) return { outcome: "unknown", reason: error.message };
  // Only the SDK's RestError comes from the wire; anything else (storage, a bad reference) was raised before a post.
  if ((error as { name?: unknown } | undefined)?.name === "RestError" && mayHavePosted(error)) {
    return { outcome: "unknown", reason: (error as Error).message };
  }
  return undefined;
}

/** The parts of @azure/core-rest-pipeline's Pipeline and PipelinePolicy this module uses (typed here, not imported). */
interface PipelineRequestLike {
  method: string;
}
interface PipelineResponseLike {
  status: number;
}
interface PipelinePolicyLike {
  name: string;
  sendRequest(
    request: PipelineRequestLike,
    next: (request: PipelineRequestLike) => Promise<PipelineResponseLike>,
  ): Promise<PipelineResponseLike>;
}
interface PipelineLike {
  addPolicy(policy: PipelinePolicyLike, options?: { afterPhase?: "Retry" }): void;
  removePolicy(options: { name: string }): unknown;
}

const AT_MOST_ONCE_POLICY = "pathfinderPostAtMostOnce";

/**
 * Holds the connector's own retries to "only what certainly did not post". The ConnectorClient's Azure pipeline
 * (default retry policy: 3 retries of ECONNRESET, ETIMEDOUT and 5xx with exponential backoff) would re-POST an
 * activity whose response was lost, and Teams would show it up to four times (measured against the fake Bot
 * Connector). This policy sits between the retry policy and the wire (so it sees each try) and turns a try that
 * may have posted into TeamsPostOutcomeUnknownError, which is not a RestError, so the retry policy throws it at once. What certainly did not post (429 and 503 with Retry-After,
 * 500, a refused connection) is still retried by the SDK as before.
 *
 * botbuilder keeps its core-client ServiceClient private (botbuilder-stdlib's ServiceClientContext.client) and
 * offers no option for its retry policy, so the client is reached through the turn's ConnectorClient; the
 * pipeline API itself is @azure/core-rest-pipeline's public one. False when the shape is not found (a botbuilder
 * upgrade): tests/teams/proactive-once.int.test.ts fails then, and the caller reports it.
 */
export function postAtMostOnce(context: TurnContext): boolean {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: Partial<PipelineLike> } }
    | undefined;
  const pipeline = connector?.client?.pipeline;
  if (typeof pipeline?.addPolicy !== "function" || typeof pipeline.removePolicy !== "function") return false;
  pipeline.removePolicy({ name: AT_MOST_ONCE_POLICY });
  pipeline.addPolicy(
    {
      name: AT_MOST_ONCE_POLICY,
      async sendRequest(request, next) {
        if (request.method !== "POST") return next(request);
        let response: PipelineResponseLike;
        try {
          response = await next(request);
        } catch (error) {
          if (!mayHavePosted(error)) throw error;
          throw new TeamsPostOutcomeUnknownError(
            `Teams may have taken the post, but no answer came back: ${(error as Error).message}`,
            { cause: error },
          );
        }
        if (GATEWAY_STATUSES.has(response.status)) {
          throw new TeamsPostOutcomeUnknownError(
            `Teams answered HTTP ${response.status} from a gateway; the post may have been taken`,
          );
        }
        return response;
      },
    },
    { afterPhase: "Retry" },
  );
  return true;
}

/**
 * postAtMostOnce for every context it is given, telling `warn` once (per guard) when a connector is there but
 * cannot be held back (a botbuilder upgrade changed its shape). Under TestAdapter there is no connector: nothing
 * is POSTed or retried, so nothing to hold back and nothing to say. `what` names the posts, for the log.
 */
export function atMostOnceGuard(
  what: string,
  warn: (message: string, context: TurnContext) => void,
): (context: TurnContext) => void {
  let warned = false;
  return (context) => {
    if (postAtMostOnce(context) || warned) return;
    if (context.turnState.get(context.adapter.ConnectorClientKey) === undefined) return;
    warned = true;
    warn(
      `cannot stop the Bot Framework SDK re-posting ${what} after a lost response (its connector changed shape)`,
      context,
    );
  };
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
  const guard = atMostOnceGuard("a proactive message", (message) =>
    onError(message, new Error("ConnectorClient pipeline not found")),
  );

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
        guard(context);
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
          guard(context);
          id = (await context.sendActivity(activity))?.id;
        });
        return id;
      } catch (error) {
        const unknown = outcomeOf(error);
        // Pathfinder was removed from the team, or the channel was deleted: the caller keeps the question open.
        onError(
          unknown ? "channel post may have been made (its answer was lost)" : "channel post failed",
          error,
        );
        return unknown;
      }
    },

    async sendToUser(userId, activity, origin) {
      try {
        const stored = await conversations.get(userId);
        if (isReference(stored)) {
          await adapter.continueConversationAsync(appId, stored, async (context) => {
            guard(context);
            await context.sendActivity(activity);
          });
          return true;
        }
        return origin ? await openPersonalChat(userId, activity, origin) : false;
      } catch (error) {
        const unknown = outcomeOf(error);
        // The person may have blocked or uninstalled the app; the caller tells the requester.
        onError(
          unknown ? "proactive message may have been sent (its answer was lost)" : "proactive message failed",
          error,
        );
        return unknown ?? false;
      }
    },
  };
}
