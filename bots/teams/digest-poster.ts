/**
 * Posts the digest to a Teams conversation proactively: the stored ConversationReference (saved when the
 * conversation subscribed) is continued through the Bot Framework adapter and the Adaptive Card from
 * bots/teams/render.ts is sent. https://learn.microsoft.com/en-us/azure/bot-service/bot-builder-howto-proactive-message
 *
 * At most once: a post whose answer was lost (Teams may have taken it) is neither re-POSTed by the SDK
 * (postAtMostOnce) nor retried by delivery (DeliveryOutcomeUnknownError keeps the week's claim), since Teams
 * cannot be asked afterwards whether it took it. A post Teams refused is retried as before.
 */
import type { CloudAdapter, ConversationReference } from "botbuilder";
import {
  DeliveryOutcomeUnknownError,
  type DigestPoster,
  PermanentDeliveryError,
  TransientDeliveryError,
} from "../../digest/ports.ts";
import { atMostOnceGuard, outcomeOf } from "./proactive.ts";
import { renderReplyActivity } from "./render.ts";

/** The one adapter method the poster needs (CloudAdapter has it; tests may pass the real one). */
export type ProactiveAdapter = Pick<CloudAdapter, "continueConversationAsync">;

/** Options for the Teams digest poster. */
export interface TeamsPosterOptions {
  /** Told (once) when the SDK's re-POSTs cannot be held back (its connector changed shape); the handler warns. */
  warn?: (message: string, detail?: Record<string, unknown>) => void;
}

function isReference(value: unknown): value is Partial<ConversationReference> {
  const ref = value as Partial<ConversationReference> | undefined;
  return typeof ref?.serviceUrl === "string" && typeof ref.conversation?.id === "string";
}

/** Reads a stored reference (an object, or JSON text from an older record). */
export function readReference(value: unknown): Partial<ConversationReference> | undefined {
  if (typeof value === "string") {
    try {
      return readReference(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return isReference(value) ? value : undefined;
}

/**
 * Turns a Bot Connector failure into one deliver.ts knows how to retry (or not): a post that may have been
 * made (a lost answer, a gateway's 502/504: proactive.ts `mayHavePosted`) must not be retried at all.
 */
export function classifyTeamsError(error: unknown): Error {
  const unknown = outcomeOf(error);
  if (unknown) return new DeliveryOutcomeUnknownError(unknown.reason, { cause: error });
  const e = error as {
    statusCode?: number;
    message?: string;
    response?: { headers?: { get?(n: string): string } };
  };
  const status = e?.statusCode;
  // 401/403: credentials wrong or the bot was removed from the team/chat; 404: the conversation is gone.
  if (status === 400 || status === 401 || status === 403 || status === 404) {
    return new PermanentDeliveryError(`Teams refused the post: HTTP ${status}`, { cause: error });
  }
  const retryAfter = Number(e?.response?.headers?.get?.("retry-after"));
  return new TransientDeliveryError(
    status ? `Teams answered HTTP ${status}` : `Teams could not be reached: ${e?.message ?? String(error)}`,
    {
      cause: error,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    },
  );
}

/** Posts to Teams conversations via their stored references. `appId` is the bot's Microsoft App ID. */
export function createTeamsPoster(
  adapter: ProactiveAdapter,
  appId: string,
  options: TeamsPosterOptions = {},
): DigestPoster {
  const guard = atMostOnceGuard("the digest", (message) => options.warn?.(message));
  return {
    // The connector client (Azure core-client) already retries what certainly did not post (500, 503 and 429
    // honouring Retry-After, a refused connection) three times with exponential backoff; a second layer would
    // multiply the waits.
    attempts: 1,
    async post(subscription, reply) {
      const reference = readReference(subscription.reference);
      if (!reference) {
        throw new PermanentDeliveryError(
          "no stored Teams conversation reference: run `subscribe` in that conversation again",
        );
      }
      const activity = renderReplyActivity(reply);
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          guard(context);
          await context.sendActivity(activity);
        });
      } catch (error) {
        throw error instanceof PermanentDeliveryError ? error : classifyTeamsError(error);
      }
    },
  };
}
