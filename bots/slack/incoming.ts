/**
 * Pure mapping from Slack payloads to jobs: what the events handler queues. Kept free of Bolt
 * so it is easy to test and cheap to load on a cold start.
 */
import { createHash, hkdfSync } from "node:crypto";
// Types only (erased at build): the payload shapes are Bolt's own, so a Bolt upgrade that changes them
// fails the typecheck here instead of at run time.
import type { BlockAction, ButtonAction as BoltButtonAction, SlashCommand, types } from "@slack/bolt";
import { hashUser } from "../../peer/user-hash.ts";
import type { Conversation } from "../core/reply.ts";
import { type ActionJob, HOME_COMMANDS, type HomeJob, isHomeAction, type MessageJob } from "./jobs.ts";
import { baseActionId } from "./render.ts";

/** Slack's own escaping of &, <, > in message text. */
function unescapeSlack(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/**
 * Turns Slack message markup into plain text for core: drops the bot's own mention, replaces
 * other people's ids (core must not store them), keeps link labels and channel names.
 * Formatting reference: https://docs.slack.dev/messaging/formatting-message-text
 */
export function plainTextFromSlack(text: string, botUserId?: string): string {
  let out = text;
  // Without a configured bot user id, an app_mention's leading mention is the bot's.
  if (!botUserId) out = out.replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, "");
  out = out
    .replace(/<@([UW][A-Z0-9]+)(\|[^>]*)?>/g, (_m, id: string) => (id === botUserId ? "" : "@someone"))
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<#[CG][A-Z0-9]+>/g, "#channel")
    .replace(/<!subteam\^[A-Z0-9]+(\|([^>]*))?>/g, (_m, _g, label?: string) => label ?? "@group")
    .replace(/<!(here|channel|everyone)(\|[^>]*)?>/g, "")
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, "$1")
    .replace(/<(?:mailto:)?([^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<([^>]+)>/g, "$1");
  return unescapeSlack(out)
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** "personal" for DMs (D…), "group" for group DMs, "channel" otherwise. */
export function conversationKind(channel: string, channelType?: string): Conversation["kind"] {
  if (channelType === "im" || channel.startsWith("D")) return "personal";
  if (channelType === "mpim") return "group";
  return "channel";
}

/**
 * The parts of a Slack message event Pathfinder reads, as Bolt types them. Bolt's AppMentionEvent and every
 * MessageEvent variant are assignable to it (the compiler checks this in events-app.ts); `user` and
 * `channel_type` are optional because an app_mention has no channel type and edits or joins may lack a user.
 */
export type SlackMessageEvent = Pick<types.GenericMessageEvent, "channel" | "ts"> &
  Partial<Pick<types.GenericMessageEvent, "thread_ts" | "text" | "bot_id" | "user" | "channel_type">> & {
    type: string;
    subtype?: string;
  };

/** Why a message event was not turned into work (for logs and tests). */
export type IgnoredReason = "bot" | "self" | "subtype" | "no-user";

/** Decides whether a message event is for Pathfinder: never a bot's (no loops), never an edit. */
export function ignoreReason(event: SlackMessageEvent, botUserId?: string): IgnoredReason | undefined {
  if (event.bot_id || event.subtype === "bot_message") return "bot";
  if (botUserId && event.user === botUserId) return "self";
  // Edits, deletions, joins and the like are not new requests; thread broadcasts and files are.
  if (event.subtype && event.subtype !== "thread_broadcast" && event.subtype !== "file_share")
    return "subtype";
  if (!event.user) return "no-user";
  return undefined;
}

/** Idempotency key for a delivery: Slack's event_id. */
export function eventKey(eventId: string): string {
  return `slack:event:${eventId}`;
}

/** Idempotency key for a message: duplicates with new event ids (app_mention + message.im) share it. */
export function messageKey(channel: string, ts: string): string {
  return `slack:message:${channel}:${ts}`;
}

/** A mention or DM as a job. */
export function messageJob(eventId: string, event: SlackMessageEvent, botUserId?: string): MessageJob {
  const user = event.user ?? "";
  const kind = conversationKind(event.channel, event.channel_type);
  // In a channel the answer goes in a thread started by the question; in a DM only if already threaded.
  const threadTs = kind === "personal" ? event.thread_ts : (event.thread_ts ?? event.ts);
  const conversation: Conversation = { id: event.channel, kind, ...(threadTs ? { threadId: threadTs } : {}) };
  return {
    kind: "message",
    keys: [eventKey(eventId), messageKey(event.channel, event.ts)],
    request: {
      actor: { platform: "slack", userId: user },
      text: plainTextFromSlack(event.text ?? "", botUserId),
      conversation,
      // The channel + ts names the message itself, stable across duplicate deliveries.
      eventId: `${event.channel}:${event.ts}`,
      mode: "chat",
    },
    target: {
      userId: user,
      channel: event.channel,
      personal: kind === "personal",
      ...(threadTs ? { threadTs } : {}),
    },
    react: { channel: event.channel, timestamp: event.ts },
  };
}

/** The fields of Bolt's SlashCommand that Pathfinder reads. */
export type SlashCommandPayload = Pick<
  SlashCommand,
  "command" | "user_id" | "channel_id" | "response_url" | "trigger_id"
> &
  Partial<Pick<SlashCommand, "text" | "user_name" | "channel_name">>;

/** `/pathfinder <sub> ...` as a job. */
export function commandJob(command: SlashCommandPayload): MessageJob {
  const kind = conversationKind(
    command.channel_id,
    command.channel_name === "directmessage" ? "im" : undefined,
  );
  return {
    kind: "message",
    keys: [`slack:command:${command.trigger_id}`],
    request: {
      actor: {
        platform: "slack",
        userId: command.user_id,
        ...(command.user_name ? { displayName: command.user_name } : {}),
      },
      text: plainTextFromSlack(command.text ?? ""),
      conversation: { id: command.channel_id, kind },
      eventId: `command:${command.trigger_id}`,
      mode: "command",
    },
    target: {
      userId: command.user_id,
      channel: command.channel_id,
      responseUrl: command.response_url,
      publicViaResponseUrl: true,
      personal: kind === "personal",
    },
  };
}

/**
 * The fields of Bolt's BlockAction that Pathfinder reads. The container is Bolt's untyped record
 * (`StringIndexed`), so its two fields are read through containerField below.
 */
export type BlockActionsPayload = Pick<BlockAction, "type" | "channel"> & {
  user: Pick<BlockAction["user"], "id" | "name"> & Partial<Pick<BlockAction["user"], "username">>;
  // Bolt types the message's other fields as `any` (an index signature): thread_ts is named here.
  message?: Pick<NonNullable<BlockAction["message"]>, "ts"> & { thread_ts?: string };
  view?: Partial<Pick<NonNullable<BlockAction["view"]>, "type">>;
} & Partial<Pick<BlockAction, "trigger_id" | "response_url" | "container">>;

/** The pressed button: the fields of Bolt's ButtonAction that Pathfinder reads. */
export type ButtonAction = Pick<BoltButtonAction, "action_id" | "value" | "action_ts">;

/** A string field of Bolt's untyped action container, or undefined. */
function containerField(body: BlockActionsPayload, field: "type" | "channel_id"): string | undefined {
  const value: unknown = body.container?.[field];
  return typeof value === "string" ? value : undefined;
}

/**
 * Buttons whose effect must happen once however often they are pressed: a double click on
 * "Accept" must not open a second group DM. A press of one of these is also keyed on user + button +
 * value (for a day, the idempotency TTL). Not "Erase": erasure is idempotent and must run every time
 * (a new blocker logged after the first erasure must go too).
 */
const ONE_SHOT_ACTIONS: ReadonlySet<string> = new Set([
  "intro.accept",
  "intro.decline",
  "ambassador.choose",
  "peer.choose",
  "blocker.log",
  "blocker.consent",
  "feedback.helpful",
  "feedback.unhelpful",
]);

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/** Turns a Slack user id into the opaque token idempotency keys carry instead of the raw id. */
export type UserKeyHasher = (userId: string) => string;

/**
 * The keyed user hash (peer/user-hash.ts) for idempotency keys built in the Slack events function (issue 13
 * item 12: raw user ids sat in keys, claims, log lines and the markers derived from them). That function is
 * not given the hash-key secret (least privilege, item 10), so its key is derived from the signing secret it
 * already holds, with HKDF and a purpose label, so the result reveals nothing about the signing secret.
 * A key only has to match its own retries (minutes; one-shot buttons a day): a rotated signing secret merely
 * lets a press made just before the rotation run once more.
 */
export function slackKeyHasher(signingSecret: string): UserKeyHasher {
  if (!signingSecret) throw new TypeError("slackKeyHasher needs the Slack signing secret");
  const key = Buffer.from(
    hkdfSync("sha256", signingSecret, "", "pathfinder slack idempotency keys", 32),
  ).toString("hex");
  // 128 bits: collision-free for any workspace, and keys stay short.
  return (userId) => hashUser(key, { platform: "slack", userId }).slice(0, 32);
}

/**
 * A button press as a job. Home buttons become the slash command of the same name. Its keys name the user
 * by `keyUser`'s hash, never the raw id (which the job still carries, to reply).
 */
export function actionJob(
  body: BlockActionsPayload,
  action: ButtonAction,
  keyUser: UserKeyHasher,
): ActionJob | MessageJob {
  const userId = body.user.id;
  const userKey = keyUser(userId);
  const displayName = body.user.name ?? body.user.username;
  const actor = { platform: "slack" as const, userId, ...(displayName ? { displayName } : {}) };
  const channel = body.channel?.id ?? containerField(body, "channel_id");
  const kind = channel ? conversationKind(channel) : "personal";
  const threadTs = body.message?.thread_ts ?? body.message?.ts;
  const key = `slack:action:${userKey}:${action.action_ts}:${action.action_id}`;
  const fromHome = containerField(body, "type") === "view" || body.view?.type === "home";
  const conversation: Conversation = {
    id: channel ?? `home:${userId}`,
    kind,
    ...(threadTs ? { threadId: threadTs } : {}),
  };
  const target = {
    userId,
    personal: kind === "personal",
    ...(channel && !fromHome ? { channel } : {}),
    ...(threadTs && !fromHome ? { threadTs } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
  };
  if (isHomeAction(action.action_id)) {
    return {
      kind: "message",
      keys: [key],
      request: { actor, text: HOME_COMMANDS[action.action_id], conversation, eventId: key, mode: "command" },
      target,
    };
  }
  const actionId = baseActionId(action.action_id);
  const value = action.value ?? "";
  const keys = ONE_SHOT_ACTIONS.has(actionId)
    ? [key, `slack:once:${userKey}:${actionId}:${digest(value)}`]
    : [key];
  return {
    kind: "action",
    keys,
    request: {
      actor,
      actionId,
      value,
      conversation,
      eventId: key,
    },
    target,
    // After an erasure the Home tab would still list what was erased.
    refreshHome: fromHome || actionId === "privacy.erase.confirm",
  };
}

/** An App Home visit as a job. */
export function homeJob(userId: string): HomeJob {
  return { kind: "home", userId };
}
