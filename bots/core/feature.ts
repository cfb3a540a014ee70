/**
 * What every feature module (bots/core/features/*) is made of: a command handler, an action
 * handler, and the context they share. The registry (registry.ts) lists them; create-core.ts routes.
 */
import { createHash } from "node:crypto";
// The namespace import lets esbuild keep only what is used (see config/config.ts).
import * as z from "zod";
import type { Roles } from "../../config/roles.ts";
import type { KnowledgeBase } from "../../knowledge/types.ts";
import type { PeerServices, Platform, UserRef } from "../../peer/ports.ts";
import type { FormOpenRequest, FormOpenResult, FormSubmitRequest, FormSubmitResult } from "./forms.ts";
import { textReply } from "./replies.ts";
import type { ActionRequest, CoreResult, MessageRequest, Outbound, PostedAt, Reply } from "./reply.ts";

/** What core needs from the digest: a preview of a week's digest as a reply. */
export interface DigestPreview {
  preview(week?: string): Promise<Reply>;
}

/** The dependencies createCore is given. */
export interface CoreDeps {
  knowledge: KnowledgeBase;
  peer: PeerServices;
  digest: DigestPreview;
  now?: () => Date;
  /** Who may manage the ambassador directory in chat (default: PATHFINDER_COORDINATORS, config/roles.ts). */
  roles?: Roles;
}

/** What a handler works with: the dependencies, the clock, and the help text (built from the registry). */
export interface FeatureContext {
  knowledge: KnowledgeBase;
  peer: PeerServices;
  digest: DigestPreview;
  now: () => Date;
  roles: Roles;
  /** The help lines, each command written as it is typed on this surface. */
  helpLines(platform: Platform): string[];
}

/** A command's input after parsing: the rest of the text, and the unknown word for `help`. */
export interface CommandInput {
  args: string;
  unknown?: string;
}

/** One command: how it is written, explained and run. */
export interface CommandHandler {
  /**
   * The command's line in the help text, given how commands are written on the surface ("/pathfinder "
   * on Slack, "" elsewhere). Omitted when another command's line covers it (unsubscribe).
   */
  helpLine?: (prefix: string) => string;
  /**
   * The description in Teams' command menu (at most 128 characters). Omitted keeps the command out of
   * the menu: Teams allows at most 10 commands there.
   */
  menu?: string;
  /** Extra words accepted after `/pathfinder`, where nothing else can be meant. */
  aliases?: readonly string[];
  /** Takes no text: in chat, "help me with TUPE" is then a question, not this command. */
  bare?: boolean;
  run(ctx: FeatureContext, req: MessageRequest, input: CommandInput): Promise<CoreResult>;
}

/** One button: decodes the action's value and does the work. */
export type ActionHandler = (ctx: FeatureContext, req: ActionRequest) => Promise<CoreResult>;

/** A button's handler behind the schema of its value: what the registry lists (see `button`). */
export type ButtonHandler = ActionHandler & { readonly value: z.ZodType<string, string> };

/** What a press whose value fails its schema gets: the same words as a press on a button we no longer know. */
export const EXPIRED_BUTTON =
  "That button has expired or isn't one I recognise. Type *help* to see what I can do.";

/**
 * A button whose value is checked against `value` before `handler` runs. Values come back from the client
 * (a Teams card's data can be anything; Slack returns what we set, up to 2,000 characters), so a forged,
 * stale or oversized one gets a sentence, never a 500 from a DynamoDB key limit (issue 13 item 13).
 */
export function button(value: z.ZodType<string, string>, handler: ActionHandler): ButtonHandler {
  const checked: ActionHandler = (ctx, req) =>
    value.safeParse(req.value).success
      ? handler(ctx, req)
      : Promise.resolve(result(textReply(EXPIRED_BUTTON)));
  return Object.assign(checked, { value });
}

/** The shapes of the ids buttons carry, bounded (DynamoDB keys allow 1-2,048 bytes; ours are far shorter). */
export const BUTTON_VALUES = {
  /** An answer id: `shortHash` output. */
  answerId: z.string().regex(/^[A-Za-z0-9_-]{16}$/),
  /** A stored report's or introduction's id (`stableId`: 16 hex characters; fixtures use short slugs). */
  recordId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  /** An ambassador id (peer/ambassador-validation.ts ID_PATTERN). */
  ambassadorId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  /**
   * Text the button carries back (the question to log as a blocker): at most Slack's limit for a value, and
   * no control or bidi-override characters (other than tab and line breaks), which no question we made holds.
   */
  text: z
    .string()
    .max(2_000)
    .refine((value) => !/[^\P{Cc}\t\n\r]|[\u202a-\u202e\u2066-\u2069]/u.test(value)),
  /** A value the handler does not read: the word or nothing we set ("erase", ""). */
  unused: z.string().regex(/^[\w.-]{0,64}$/),
} as const;

/** Unanchored patterns of the parts a packed value (joinValue, replies.ts) is made of. */
export const VALUE_PARTS = {
  recordId: /[A-Za-z0-9][A-Za-z0-9_-]{0,63}/,
  ambassadorId: /[a-z0-9][a-z0-9-]{0,63}/,
  /** A taxonomy category id's shape (old cards may name a retired one: the handlers decide what it means). */
  category: /[a-z0-9-]{1,64}/,
  /** A category or nothing. */
  topic: /(?:[a-z0-9-]{1,64})?/,
} as const;

/** "<part>|<part>" as joinValue (replies.ts) packs it, each part matching its pattern whole. */
export function joinedValue(...parts: RegExp[]): z.ZodType<string, string> {
  return z
    .string()
    .max(200)
    .regex(new RegExp(`^${parts.map((p) => `(?:${p.source})`).join("\\|")}$`));
}

/** One form (forms.ts): what it shows, and what submitting it does. */
export interface FormHandler {
  open(ctx: FeatureContext, req: FormOpenRequest): Promise<FormOpenResult>;
  submit(ctx: FeatureContext, req: FormSubmitRequest): Promise<FormSubmitResult>;
}

/** What a tracked channel post (reply.ts, Outbound `kind: "channel"`) is recorded by, keyed by its track's prefix. */
export type PostedHandler = (ctx: FeatureContext, id: string, at: PostedAt) => Promise<void>;

/** How each surface writes a command in help text. */
const COMMAND_PREFIX: Record<Platform, string> = { slack: "/pathfinder ", teams: "", cli: "", web: "" };

/** How a command is written on this surface: "/pathfinder " on Slack, nothing elsewhere. */
export function commandPrefix(platform: Platform): string {
  return COMMAND_PREFIX[platform];
}

const none: Outbound[] = [];

/** A handler's result: replies to the requester, and messages for other people. */
export function result(replies: Reply | Reply[], outbox: Outbound[] = none): CoreResult {
  return { replies: Array.isArray(replies) ? replies : [replies], outbox };
}

/** A short stable id (answer ids for feedback), derived from the platform's event id so retries agree. */
export function shortHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 16);
}

/** The thread memory key for a request in a thread; undefined outside threads. */
export function threadKey(req: {
  actor: UserRef;
  conversation: MessageRequest["conversation"];
}): string | undefined {
  const { conversation } = req;
  if (!conversation.threadId) return undefined;
  return `${req.actor.platform}:${conversation.id}:${conversation.threadId}`;
}

/** What the thread this request is in was about, when it is in one Pathfinder answered. */
export async function rememberedThread(
  ctx: FeatureContext,
  req: { actor: UserRef; conversation: MessageRequest["conversation"] },
) {
  const key = threadKey(req);
  return key ? await ctx.peer.threads.get(key) : undefined;
}
