/**
 * The platform-neutral reply model. bots/core produces it; bots/slack renders it as Block Kit,
 * bots/teams as an Adaptive Card, the playground as HTML and the CLI as text.
 */
import type { Citation } from "../../knowledge/types.ts";
import type { Platform, UserRef } from "../../peer/ports.ts";
import type { FormOpenRequest, FormOpenResult, FormSubmitRequest, FormSubmitResult } from "./forms.ts";

/** Every button Pathfinder shows. The `value` of an action is an opaque string core decodes. */
export type ActionId =
  | "feedback.helpful"
  | "feedback.unhelpful"
  | "ambassador.request" // "Talk to an ambassador" (value: topic category ids, comma separated)
  | "ambassador.choose" // pick one suggested ambassador (value: ambassador id + topic)
  | "peer.choose" // ask to be put in touch with a peer (value: report id + topic)
  | "blocker.log" // "Log this as a blocker" (value: the question text)
  | "blocker.correct" // correct a report's category (value: report id + category id)
  | "blocker.consent" // the reporter opts in (value: report id + "quote" | "contact")
  | "intro.accept" // the ambassador/peer accepts (value: introduction id)
  | "intro.decline"
  | "privacy.erase.confirm"
  | "digest.last-week" // "Last week's digest" under the on-demand digest (value: unused, empty)
  | "volunteer.confirm" // a coordinator confirms a volunteer (value: ambassador id)
  | "volunteer.decline"
  | "form.open" // open a form (value: a FormId, or "<FormId>|<subject>", forms.ts); adapters that render forms open it themselves
  | "network.ask" // "Ask the ambassadors" (value: the question, or "answer:<answer id>" after "Not helpful")
  | "network.send" // send it, named or not (value: "anonymous|<question>" or "named|<question>")
  | "network.name-me" // the answerer agrees to be named to the asker (value: question id + answer id)
  | "answers.approve" // an editor approves a pending community card (value: card id)
  | "answers.reject"; // an editor rejects it (value: card id)

export interface ReplyAction {
  id: ActionId;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

export type ReplyBlock =
  /** A paragraph. Markup: *bold* only; line breaks allowed. Never raw platform markup. */
  | { type: "text"; text: string }
  | { type: "heading"; text: string }
  /** Numbered sources; renderers show title and source, the quote on expand or in a context line. */
  | { type: "citations"; citations: Citation[] }
  /** A list of things (ambassadors, blockers, digest rows), each with optional buttons. */
  | { type: "items"; items: { title: string; detail?: string; actions?: ReplyAction[] }[] }
  /** Small print: privacy notes, "AI-generated", sample-data labels. */
  | { type: "context"; text: string }
  | { type: "actions"; actions: ReplyAction[] };

export interface Reply {
  /** Plain-text fallback for notifications and screen readers; always set, never empty. */
  text: string;
  blocks: ReplyBlock[];
  /** "private": only the person who asked sees it (Slack ephemeral, Teams personal). */
  visibility: "public" | "private";
  /** The answer text was composed by OpenAI (Teams and Slack label it). */
  aiGenerated?: boolean;
  /** A stable id for the answer this reply carries, for feedback. */
  answerId?: string;
  /**
   * A file to attach to the reply (the export's JSON). An adapter that cannot upload files leaves it out; the
   * blocks must make sense without it.
   */
  attachment?: ReplyAttachment;
}

/** A small text file a reply carries. */
export interface ReplyAttachment {
  filename: string;
  /** e.g. "application/json" */
  mediaType: string;
  content: string;
}

/**
 * A message core asks the adapter to deliver to someone other than the requester. With a `key`,
 * adapters deliver it at most once per key (claimed through PeerServices.idempotency), across
 * retries and double clicks, so core can safely send it again when an earlier delivery failed.
 */
export type Outbound =
  /** A direct message to one person (e.g. asking an ambassador to accept an introduction). */
  | { kind: "direct"; to: UserRef; reply: Reply; key?: string }
  /** Open a group conversation with these people and post the reply (an accepted introduction). */
  | { kind: "group"; platform: Platform; userIds: string[]; reply: Reply; key?: string }
  /**
   * A post to a channel Pathfinder was set up in (e.g. the ambassadors' place, `subscribe ambassadors`): the
   * adapter posts to the stored conversation (Teams: its stored reference). With `track`, the adapter reports
   * where the post landed through `Core.handlePosted(track, …)`, so replies in its thread can be routed back.
   * With `threadId` it is a reply in that thread (a reminder under the question it raises again).
   */
  | {
      kind: "channel";
      platform: "slack" | "teams";
      conversationId: string;
      reference?: unknown;
      reply: Reply;
      key?: string;
      track?: string;
      /**
       * Reply in this thread rather than start one (Slack: the parent's ts, also shown in the channel;
       * Teams: the reply chain's root activity id), as PostedAt.threadId reported it.
       */
      threadId?: string;
    };

/** Where a tracked channel post landed: the thread replies will carry. */
export interface PostedAt {
  platform: "slack" | "teams";
  conversationId: string;
  /** Slack: the message ts (replies carry it as thread_ts). Teams: the activity id of the post. */
  threadId: string;
}

export interface Conversation {
  /** Slack channel id / Teams conversation id / "cli" / a web session id. */
  id: string;
  kind: "personal" | "channel" | "group";
  /** Slack thread_ts (or the message ts that starts a thread), Teams reply-chain id. */
  threadId?: string;
}

/** A typed or mentioned message, or a slash command's text. */
export interface MessageRequest {
  actor: UserRef & { displayName?: string };
  text: string;
  conversation: Conversation;
  /** The platform's id for this delivery (Slack event_id, Teams activity id): the idempotency key. */
  eventId: string;
  /**
   * "command": the text came from `/pathfinder ...`: an unknown first word gets the help text.
   * "chat": a mention or DM: text that is not a command is a question.
   */
  mode: "command" | "chat";
  /** Teams: the conversation reference, so `subscribe` can store it for proactive posts. */
  reference?: unknown;
}

/** A button press. */
export interface ActionRequest {
  actor: UserRef & { displayName?: string };
  actionId: string;
  value: string;
  conversation: Conversation;
  /** A unique id for this interaction (Slack: trigger_id or action_ts; Teams: activity id). */
  eventId: string;
}

export interface CoreResult {
  /** Replies to the requester, in order. */
  replies: Reply[];
  /** Messages to deliver to other people. */
  outbox: Outbound[];
}

/** The platform-neutral bot: what Slack, Teams, the CLI and the playground all call. */
export interface Core {
  handleMessage(request: MessageRequest): Promise<CoreResult>;
  handleAction(request: ActionRequest): Promise<CoreResult>;
  /** A form to show (bots/core/forms.ts), or a reply instead of it. */
  openForm(request: FormOpenRequest): Promise<FormOpenResult>;
  /** A submitted form: field errors (nothing stored), or the work done. */
  submitForm(request: FormSubmitRequest): Promise<FormSubmitResult>;
  /** An adapter delivered a tracked channel post (Outbound `kind: "channel"` with `track`). */
  handlePosted(track: string, at: PostedAt): Promise<void>;
}
