/**
 * Delivery: posts core's replies and outbound messages to Slack, and App Home views.
 * Public replies go in the thread; private ones as ephemeral messages (or via the slash
 * command's response_url); messages to other people by DM or group DM.
 */
import { createHash } from "node:crypto";
import { ErrorCode, type WebClient } from "@slack/web-api";
import pRetry from "p-retry";
import * as z from "zod";
import type { Outbound, PostedAt, Reply } from "../core/reply.ts";
import type { ReplyTarget } from "./jobs.ts";
import { renderReply } from "./render.ts";

/** Raised when Slack refuses or cannot be reached; the worker releases its claim and retries. */
export class SlackDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackDeliveryError";
  }
}

/** Slack asked for a pause longer than is worth holding a Lambda for; the job comes back after it. */
export class SlackRateLimitedError extends SlackDeliveryError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(`Slack rate limited the bot for ${retryAfterSeconds} s`, options);
    this.name = "SlackRateLimitedError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** How one delivery is identified, so a retry can find an earlier post that Slack did accept. */
export interface DeliveryRef {
  /** The idempotency key of this delivery (hashed before it goes to Slack). */
  key?: string;
  /** An earlier attempt (another invocation) may have posted it: look before posting. */
  mayHaveBeenSent?: boolean;
}

/** What the worker needs from Slack. */
export interface SlackDelivery {
  reply(target: ReplyTarget, reply: Reply, ref?: DeliveryRef): Promise<void>;
  /** Delivers a message; a channel post says where it landed (its ts is the thread replies will carry). */
  outbound(message: Outbound, ref?: DeliveryRef): Promise<PostedAt | undefined>;
  /** Adds :eyes: to show the message was heard; best effort. */
  acknowledge(channel: string, timestamp: string): Promise<void>;
  publishHome(userId: string, view: Parameters<WebClient["views"]["publish"]>[0]["view"]): Promise<void>;
  /** Replaces an open modal (a form's placeholder, its errors, its outcome). False when it is gone (closed). */
  updateView(viewId: string, view: Parameters<WebClient["views"]["update"]>[0]["view"]): Promise<boolean>;
}

export interface SlackDeliveryOptions {
  /** Make it with `retries: 0` (web-client.ts `createSlackClient(..., { retries: 0 })`): retries are decided here. */
  client: WebClient;
  /** Origins response_urls may point at (Slack's, plus the fake Slack's in tests). */
  responseOrigins?: string[];
  fetch?: typeof fetch;
  log?: (message: string, detail?: Record<string, unknown>) => void;
  /** Rate-limit pauses up to this long are waited out in-process; longer ones go back to the queue (default 10). */
  shortWaitSeconds?: number;
  /** Retries of a failed call after the first attempt (default 2). */
  retries?: number;
  /** Waits (tests may record instead). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the rate-limit window. */
  now?: () => number;
}

/** Slack's response_url host; anything else in a payload is refused (no request forgery via a payload). */
export const SLACK_RESPONSE_ORIGIN = "https://hooks.slack.com";

/** The message metadata type Pathfinder stamps on its posts: https://api.slack.com/metadata */
export const DELIVERY_EVENT_TYPE = "pathfinder_delivery";

/** The key as it goes to Slack: a short hash (keys can carry user ids; Slack needs only equality). */
export function deliveryRef(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

const stampSchema = z.object({ event_type: z.string(), event_payload: z.object({ ref: z.string() }) });

type SlackApiError = { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };

/**
 * An error after which Slack may or may not have acted: a 5xx, a timeout, a dropped connection.
 * A Slack platform error (`ok: false`) is a definite refusal.
 */
function isAmbiguous(error: unknown): boolean {
  const code = (error as SlackApiError)?.code;
  return code === ErrorCode.HTTPError || code === ErrorCode.RequestError;
}

/** chat.postMessage's thread arguments (its types only allow reply_broadcast together with thread_ts). */
function inThread(
  threadTs: string | undefined,
  broadcast: boolean,
): { thread_ts?: string } | { thread_ts: string; reply_broadcast: true } {
  if (!threadTs) return {};
  return broadcast ? { thread_ts: threadTs, reply_broadcast: true } : { thread_ts: threadTs };
}

/** Delivers to Slack through the Web API and response_urls. */
export function createSlackDelivery(options: SlackDeliveryOptions): SlackDelivery {
  const { client } = options;
  const origins = new Set([SLACK_RESPONSE_ORIGIN, ...(options.responseOrigins ?? [])]);
  const doFetch = options.fetch ?? fetch;
  const log = options.log ?? (() => {});
  const shortWaitSeconds = options.shortWaitSeconds ?? 10;
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const clock = options.now ?? Date.now;
  /** While Slack's Retry-After window is open every call from this container waits: one client, one budget. */
  let pausedUntil = 0;

  /**
   * One Web API call with Pathfinder's retry rules (p-retry): a rate limit waits for Slack's Retry-After
   * (in-process when short, otherwise SlackRateLimitedError); an ambiguous failure is retried only when
   * `retryable` allows it (a post first looks for the earlier copy); a platform error is final.
   */
  async function call<T>(
    what: string,
    work: (attempt: number) => Promise<T>,
    retryable: (error: unknown) => boolean = isAmbiguous,
  ): Promise<T> {
    try {
      return await pRetry(
        async (attempt) => {
          const wait = pausedUntil - clock();
          // Inside a long window: back to the queue at once rather than spend an attempt (or the Lambda) on it.
          if (wait > shortWaitSeconds * 1000) throw new SlackRateLimitedError(Math.ceil(wait / 1000));
          if (wait > 0) await sleep(wait);
          return work(attempt);
        },
        {
          retries,
          minTimeout: 200,
          maxTimeout: 1000,
          randomize: true,
          onFailedAttempt: ({ error }) => {
            const e = error as SlackApiError;
            if (e.code === ErrorCode.RateLimitedError) {
              const seconds = e.retryAfter ?? 1;
              pausedUntil = Math.max(pausedUntil, clock() + seconds * 1000);
              if (seconds > shortWaitSeconds) throw new SlackRateLimitedError(seconds, { cause: error });
            }
          },
          shouldRetry: ({ error }) =>
            (error as SlackApiError).code === ErrorCode.RateLimitedError || retryable(error),
        },
      );
    } catch (cause) {
      if (cause instanceof SlackDeliveryError) throw cause;
      throw new SlackDeliveryError(`Slack ${what} failed: ${(cause as Error).message}`, { cause });
    }
  }

  /**
   * Whether a message stamped with `ref` is already in the channel (or thread). Best effort: when the
   * lookup itself fails (no channels:history/groups:history scope yet, Slack down) the post goes ahead,
   * as a person told twice is better than a person not told.
   */
  async function alreadyPosted(channel: string, ref: string, threadTs?: string): Promise<string | undefined> {
    let page: { messages?: { metadata?: unknown; ts?: string }[] };
    try {
      page = await call("looking for an earlier post", () =>
        threadTs
          ? client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 100 })
          : client.conversations.history({ channel, include_all_metadata: true, limit: 50 }),
      );
    } catch (error) {
      log("could not look for an earlier copy of a Slack post", { error: (error as Error).message });
      return undefined;
    }
    // The response types declare event_payload as `{}`: read it through a zod schema instead of a cast.
    const found = (page.messages ?? []).find((m) => {
      const meta = stampSchema.safeParse(m.metadata);
      return (
        meta.success && meta.data.event_type === DELIVERY_EVENT_TYPE && meta.data.event_payload.ref === ref
      );
    });
    // A found copy without a ts still counts as posted ("" is never a thread id).
    return found ? (found.ts ?? "") : undefined;
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

  /**
   * chat.postMessage is not idempotent: a 500 or a timeout may come after Slack accepted the post. So a
   * post carries its delivery's ref in message metadata, and before any re-send (a retry here, or a
   * redelivered job) the conversation is searched for it.
   */
  async function post(
    channel: string,
    reply: Reply,
    threadTs?: string,
    ref: DeliveryRef = {},
    broadcast = false,
  ): Promise<string | undefined> {
    const message = renderReply(reply);
    const stamp = ref.key ? deliveryRef(ref.key) : undefined;
    return call(
      "chat.postMessage",
      async (attempt) => {
        const earlier =
          stamp && (attempt > 1 || ref.mayHaveBeenSent)
            ? await alreadyPosted(channel, stamp, threadTs)
            : undefined;
        if (earlier !== undefined) {
          log("found an earlier copy of a Slack post; not posting again", { ref: stamp });
          return earlier || undefined;
        }
        const out = await client.chat.postMessage({
          channel,
          ...message,
          ...inThread(threadTs, broadcast),
          ...(stamp ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { ref: stamp } } } : {}),
        });
        return out.ts;
      },
      // Without a ref there is no way to tell a lost response from a failure: never re-send blindly.
      (error) => Boolean(stamp) && isAmbiguous(error),
    );
  }

  /**
   * A reply's file (the export's JSON) goes to the person's DM with the bot, never to a channel: a private reply
   * in a channel is ephemeral, and a file there would be public. files.uploadV2 (three Web API calls) is not
   * idempotent and cannot carry our metadata stamp, so it is tried once and never re-sent blindly; when it fails
   * the person is told the file could not be attached (the summary they have stands).
   */
  async function attach(
    target: ReplyTarget,
    file: NonNullable<Reply["attachment"]>,
    delivery: SlackDelivery,
  ): Promise<void> {
    try {
      const channel = target.personal && target.channel ? target.channel : await openDm([target.userId]);
      await call(
        "files.uploadV2",
        () =>
          client.filesUploadV2({
            channel_id: channel,
            content: file.content,
            filename: file.filename,
            title: file.filename,
            initial_comment: "Your data export: every record in full, as JSON.",
          }),
        () => false,
      );
    } catch (error) {
      log("could not attach a file to a Slack reply", { error: (error as Error).message });
      const text =
        "I couldn't attach the JSON file this time; the summary lists everything. Try *export* again later for the file.";
      await delivery
        .reply(target, { text, blocks: [{ type: "context", text }], visibility: "private" })
        .catch((e: Error) => log("could not say the file was not attached", { error: e.message }));
    }
  }

  const delivery: SlackDelivery = {
    async reply(target, reply, ref) {
      const isPrivate = reply.visibility === "private";
      if (target.responseUrl && (isPrivate || target.publicViaResponseUrl || !target.channel))
        return respond(target.responseUrl, reply);
      if (!target.channel) {
        await post(await openDm([target.userId]), reply, undefined, ref);
        return;
      }
      if (!isPrivate || target.personal) {
        await post(target.channel, reply, target.threadTs, ref);
        return;
      }
      const message = renderReply(reply);
      // An ephemeral message cannot be looked up afterwards, so an ambiguous failure is not re-sent here.
      await call(
        "chat.postEphemeral",
        () =>
          client.chat.postEphemeral({
            channel: target.channel ?? "",
            user: target.userId,
            ...message,
            ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
          }),
        () => false,
      );
    },

    async outbound(message, ref) {
      if (message.kind === "direct") {
        if (message.to.platform !== "slack") {
          log("skipping outbound message for another platform", { platform: message.to.platform });
          return undefined;
        }
        await post(await openDm([message.to.userId]), message.reply, undefined, ref);
        return undefined;
      }
      if (message.platform !== "slack") {
        log(`skipping ${message.kind} message for another platform`, { platform: message.platform });
        return undefined;
      }
      if (message.kind === "channel") {
        // A place that is not a Slack conversation id (the local playground's stand-in) is not Slack's to post.
        if (!/^[CGD][A-Z0-9]{2,}$/.test(message.conversationId)) {
          log("skipping a channel post to a place that is not a Slack channel", {
            conversationId: message.conversationId,
          });
          return undefined;
        }
        // A reply in a thread (a reminder under its question) is also shown in the channel, or nobody but
        // the thread's followers would see it: https://docs.slack.dev/reference/methods/chat.postMessage
        if (message.threadId) {
          await post(message.conversationId, message.reply, message.threadId, ref, true);
          return { platform: "slack", conversationId: message.conversationId, threadId: message.threadId };
        }
        // The ambassadors' place (issue 15): a top-level post, so its ts starts the thread replies arrive in.
        const ts = await post(message.conversationId, message.reply, undefined, ref);
        return ts ? { platform: "slack", conversationId: message.conversationId, threadId: ts } : undefined;
      }
      const users = [...new Set(message.userIds)];
      await post(await openDm(users), message.reply, undefined, ref);
      return undefined;
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

    async updateView(viewId, view) {
      try {
        // views.update replaces the whole view, so repeating it is harmless: ambiguous failures may retry.
        await call("views.update", () => client.views.update({ view_id: viewId, view }));
        return true;
      } catch (error) {
        // The person closed the modal before core answered: nothing left to update.
        const code = ((error as SlackDeliveryError).cause as SlackApiError | undefined)?.data?.error;
        if (code === "not_found") return false;
        throw error;
      }
    },
  };
  return {
    ...delivery,
    async reply(target, reply, ref) {
      await delivery.reply(target, reply, ref);
      if (reply.attachment) await attach(target, reply.attachment, delivery);
    },
  };
}
