/**
 * Delivery: posts core's replies and outbound messages to Slack, and App Home views.
 * Public replies go in the thread; private ones as ephemeral messages (or via the slash
 * command's response_url); messages to other people by DM or group DM.
 */
import type { WebClient } from "@slack/web-api";
import type { Outbound, Reply } from "../core/reply.ts";
import type { ReplyTarget } from "./jobs.ts";
import { renderReply } from "./render.ts";

/** Raised when Slack refuses or cannot be reached; the worker releases its claim and retries. */
export class SlackDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackDeliveryError";
  }
}

/** What the worker needs from Slack. */
export interface SlackDelivery {
  reply(target: ReplyTarget, reply: Reply): Promise<void>;
  outbound(message: Outbound): Promise<void>;
  /** Adds :eyes: to show the message was heard; best effort. */
  acknowledge(channel: string, timestamp: string): Promise<void>;
  publishHome(userId: string, view: Parameters<WebClient["views"]["publish"]>[0]["view"]): Promise<void>;
}

export interface SlackDeliveryOptions {
  client: WebClient;
  /** Origins response_urls may point at (Slack's, plus the fake Slack's in tests). */
  responseOrigins?: string[];
  fetch?: typeof fetch;
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/** Slack's response_url host; anything else in a payload is refused (no request forgery via a payload). */
export const SLACK_RESPONSE_ORIGIN = "https://hooks.slack.com";

/** Delivers to Slack through the Web API and response_urls. */
export function createSlackDelivery(options: SlackDeliveryOptions): SlackDelivery {
  const { client } = options;
  const origins = new Set([SLACK_RESPONSE_ORIGIN, ...(options.responseOrigins ?? [])]);
  const doFetch = options.fetch ?? fetch;
  const log = options.log ?? (() => {});

  async function call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      throw new SlackDeliveryError(`Slack ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }

  async function respond(url: string, reply: Reply): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (cause) {
      throw new SlackDeliveryError("Malformed response_url", { cause });
    }
    if (!origins.has(parsed.origin)) throw new SlackDeliveryError(`response_url host ${parsed.host} refused`);
    const message = renderReply(reply);
    const res = await call("response_url", () =>
      doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({
          response_type: reply.visibility === "public" ? "in_channel" : "ephemeral",
          replace_original: false,
          ...message,
        }),
        signal: AbortSignal.timeout(5000),
      }),
    );
    if (!res.ok) throw new SlackDeliveryError(`response_url answered ${res.status}`);
  }

  async function openDm(userIds: string[]): Promise<string> {
    const out = await call("conversations.open", () =>
      client.conversations.open({ users: userIds.join(",") }),
    );
    const id = out.channel?.id;
    if (!id) throw new SlackDeliveryError("conversations.open returned no channel");
    return id;
  }

  async function post(channel: string, reply: Reply, threadTs?: string): Promise<void> {
    const message = renderReply(reply);
    await call("chat.postMessage", () =>
      client.chat.postMessage({ channel, ...message, ...(threadTs ? { thread_ts: threadTs } : {}) }),
    );
  }

  return {
    async reply(target, reply) {
      const isPrivate = reply.visibility === "private";
      if (target.responseUrl && (isPrivate || target.publicViaResponseUrl || !target.channel))
        return respond(target.responseUrl, reply);
      if (!target.channel) return post(await openDm([target.userId]), reply);
      if (!isPrivate || target.personal) return post(target.channel, reply, target.threadTs);
      const message = renderReply(reply);
      await call("chat.postEphemeral", () =>
        client.chat.postEphemeral({
          channel: target.channel ?? "",
          user: target.userId,
          ...message,
          ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        }),
      );
    },

    async outbound(message) {
      if (message.kind === "direct") {
        if (message.to.platform !== "slack") {
          log("skipping outbound message for another platform", { platform: message.to.platform });
          return;
        }
        return post(await openDm([message.to.userId]), message.reply);
      }
      if (message.platform !== "slack") {
        log("skipping group message for another platform", { platform: message.platform });
        return;
      }
      const users = [...new Set(message.userIds)];
      return post(await openDm(users), message.reply);
    },

    async acknowledge(channel, timestamp) {
      try {
        await client.reactions.add({ channel, timestamp, name: "eyes" });
      } catch (error) {
        // already_reacted on a redelivery, or a missing scope: never worth failing the answer for.
        log("could not add the :eyes: reaction", { error: (error as Error).message });
      }
    },

    async publishHome(userId, view) {
      await call("views.publish", () => client.views.publish({ user_id: userId, view }));
    },
  };
}
