/**
 * The slow work the events handler hands to the worker (via SQS on Lambda, in-process locally).
 * A job is plain JSON: everything the worker needs, so it never re-parses the Slack payload.
 */
import * as z from "zod";
import type { ActionRequest, MessageRequest } from "../core/reply.ts";
import { type FormJob, formJobSchemas } from "./network-jobs.ts";

/** Where replies to the requester go. */
export interface ReplyTarget {
  /** The requester's Slack user id. */
  userId: string;
  /** The conversation the request came from; absent for App Home buttons (replies go by DM). */
  channel?: string;
  /** Public replies are posted in this thread. */
  threadTs?: string;
  /** A slash command's or a message button's response_url: private replies go here. */
  responseUrl?: string;
  /**
   * Slash commands: public replies go via response_url too ("in_channel"), which works in
   * channels the bot has not joined, where chat.postMessage would fail with not_in_channel.
   */
  publicViaResponseUrl?: boolean;
  /** A DM with the bot: ephemeral messages would vanish, so every reply is an ordinary message. */
  personal: boolean;
}

/** A mention, a DM or a slash command. */
export interface MessageJob {
  kind: "message";
  /** Idempotency keys claimed before any work: all must be new. The first names the job. */
  keys: string[];
  request: MessageRequest;
  target: ReplyTarget;
  /** Add :eyes: to this message while working (mentions and DMs). */
  react?: { channel: string; timestamp: string };
  /**
   * A reply in a channel thread that did not mention Pathfinder: handled only when the thread is one Pathfinder
   * tracks (an open question in the ambassadors' channel); anything else is dropped before any write.
   */
  onlyIfTracked?: boolean;
}

/** A button press. */
export interface ActionJob {
  kind: "action";
  keys: string[];
  request: ActionRequest;
  target: ReplyTarget;
  /** The button was on the App Home tab: republish it afterwards. */
  refreshHome: boolean;
}

/** Publish a user's App Home tab. Publishing is idempotent, so no keys. */
export interface HomeJob {
  kind: "home";
  userId: string;
}

export type SlackJob = MessageJob | ActionJob | HomeJob | FormJob;

/** Slack-only buttons on the App Home tab; each runs the slash command of the same name. */
export const HOME_COMMANDS = {
  "home.export": "export",
  "home.forget-me": "forget-me",
  "home.blockers": "blockers",
  "home.help": "help",
} as const;

export type HomeActionId = keyof typeof HOME_COMMANDS;

/** True when a button's action id is one of the App Home buttons. */
export function isHomeAction(actionId: string): actionId is HomeActionId {
  return Object.hasOwn(HOME_COMMANDS, actionId);
}

const actor = z.looseObject({
  platform: z.enum(["slack", "teams", "cli", "web"]),
  userId: z.string().min(1),
});
const conversation = z.looseObject({
  id: z.string(),
  kind: z.enum(["personal", "channel", "group"]),
  threadId: z.string().optional(),
});
const replyTarget = z.object({
  userId: z.string().min(1),
  channel: z.string().optional(),
  threadTs: z.string().optional(),
  responseUrl: z.string().optional(),
  publicViaResponseUrl: z.boolean().optional(),
  personal: z.boolean(),
});
const jobKeys = z.array(z.string().min(1).max(1_000)).min(1);

/**
 * The SQS boundary: a job as the events handler wrote it. Requests are checked for the fields the worker
 * and core route on; core validates its own payloads further (loose objects keep what they carry).
 */
export const slackJobSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("message"),
    keys: jobKeys,
    request: z.looseObject({
      actor,
      text: z.string(),
      conversation,
      eventId: z.string().min(1),
      mode: z.enum(["command", "chat"]),
    }),
    target: replyTarget,
    react: z.object({ channel: z.string(), timestamp: z.string() }).optional(),
    onlyIfTracked: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("action"),
    keys: jobKeys,
    request: z.looseObject({
      actor,
      actionId: z.string().min(1),
      value: z.string(),
      conversation,
      eventId: z.string().min(1),
    }),
    target: replyTarget,
    refreshHome: z.boolean(),
  }),
  z.object({ kind: z.literal("home"), userId: z.string().min(1) }),
  ...formJobSchemas,
]);
