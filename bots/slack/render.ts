/**
 * Renders the platform-neutral reply model (bots/core/reply.ts) as Slack Block Kit.
 * Block Kit limits are enforced here so a long answer degrades (truncated, "more not shown")
 * instead of Slack rejecting the whole message with `invalid_blocks`.
 * Limits: https://docs.slack.dev/reference/block-kit/blocks
 */
import type { types } from "@slack/bolt";
import type { Citation } from "../../knowledge/types.ts";
import { citationByline, citationUrl } from "../core/citations.ts";
import type { Reply, ReplyAction, ReplyBlock } from "../core/reply.ts";
import { splitText, truncate } from "../core/text-limits.ts";

type KnownBlock = types.KnownBlock;
type Button = types.Button;
type ContextBlock = types.ContextBlock;

/** Block Kit limits that bite in practice. */
export const SLACK_LIMITS = {
  /** Blocks per message (a Home tab allows 100). */
  messageBlocks: 50,
  homeBlocks: 100,
  /** Characters of a section's text. */
  sectionText: 3000,
  /** Characters of a context element's text. */
  contextText: 3000,
  /** Elements in a context block. */
  contextElements: 10,
  /** Characters of a header's plain text. */
  headerText: 150,
  /** Characters of a button's label. */
  buttonText: 75,
  /** Characters of a button's value. */
  buttonValue: 2000,
  /** Characters of an action_id. */
  actionId: 255,
  /** Elements in an actions block. */
  actionsElements: 25,
  /** Characters of the top-level `text` fallback Slack accepts without truncating (it allows 40,000; 4,000 is advised). */
  fallbackText: 4000,
} as const;

/** The label shown under answers OpenAI composed. */
export const AI_GENERATED_LABEL = "AI-generated from the sources above: check them before acting on it.";

/** What `chat.postMessage` / `chat.postEphemeral` take. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

export { splitText, truncate };

function mrkdwnSections(text: string): KnownBlock[] {
  const escaped = escapeMrkdwn(text.trim());
  if (!escaped) return [];
  return splitText(escaped, SLACK_LIMITS.sectionText).map((piece) => ({
    type: "section",
    text: { type: "mrkdwn", text: piece },
  }));
}

function context(texts: string[]): ContextBlock {
  return {
    type: "context",
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({
      type: "mrkdwn",
      text: truncate(t, SLACK_LIMITS.contextText),
    })),
  };
}

/**
 * A button. Slack requires action_ids to be unique within a block, so a repeated id gets a
 * `#n` suffix; {@link baseActionId} strips it when the press comes back.
 */
function button(action: ReplyAction, actionId: string): Button | undefined {
  // A cut value would decode to the wrong thing; a button that cannot carry its value is left out.
  if (action.value.length > SLACK_LIMITS.buttonValue) return undefined;
  const element: Button = {
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text: truncate(action.label, SLACK_LIMITS.buttonText), emoji: true },
    value: action.value,
  };
  if (action.style) element.style = action.style;
  return element;
}

function buttons(actions: ReplyAction[]): Button[] {
  const seen = new Map<string, number>();
  const out: Button[] = [];
  for (const action of actions) {
    const count = (seen.get(action.id) ?? 0) + 1;
    seen.set(action.id, count);
    const element = button(action, count === 1 ? action.id : `${action.id}#${count}`);
    if (element) out.push(element);
  }
  return out;
}

function actionsBlocks(actions: ReplyAction[]): KnownBlock[] {
  const elements = buttons(actions);
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.actionsElements) {
    blocks.push({ type: "actions", elements: elements.slice(i, i + SLACK_LIMITS.actionsElements) });
  }
  return blocks;
}

/** The action id as core knows it: Slack's action_id without the uniqueness suffix. */
export function baseActionId(actionId: string): string {
  return actionId.replace(/#\d+$/, "");
}

/**
 * "*[1] <url|Title>* — Author, 20 September 2012". Slack links are `<url|label>`; a `|` or `>` in the
 * URL would end it early, so those are percent-encoded.
 * https://docs.slack.dev/messaging/formatting-message-text#linking-urls
 */
function citationLine(c: Citation): string {
  const title = escapeMrkdwn(c.title.trim() || "Untitled source").replaceAll("|", "/");
  const url = citationUrl(c);
  const linked = url ? `<${escapeMrkdwn(url).replaceAll("|", "%7C")}|${title}>` : title;
  const byline = citationByline(c);
  return `*[${c.n}] ${linked}*${byline ? ` — ${escapeMrkdwn(byline)}` : ""}`;
}

function renderBlock(block: ReplyBlock): KnownBlock[] {
  switch (block.type) {
    case "text":
      return mrkdwnSections(block.text);
    case "heading": {
      const text = truncate(block.text.trim(), SLACK_LIMITS.headerText);
      return text ? [{ type: "header", text: { type: "plain_text", text, emoji: true } }] : [];
    }
    case "citations": {
      if (block.citations.length === 0) return [];
      const out: KnownBlock[] = [context(["*Sources*"])];
      for (const c of block.citations) {
        const title = citationLine(c);
        const quote = c.quote.trim() ? `\n> ${escapeMrkdwn(c.quote.trim()).replaceAll("\n", " ")}` : "";
        out.push(context([`${title}${quote}`]));
      }
      return out;
    }
    case "items": {
      const out: KnownBlock[] = [];
      for (const item of block.items) {
        const body = item.detail ? `*${item.title}*\n${item.detail}` : `*${item.title}*`;
        const sections = mrkdwnSections(body);
        out.push(...sections);
        const itemButtons = buttons(item.actions ?? []);
        const last = sections.at(-1);
        if (itemButtons.length === 1 && last?.type === "section") last.accessory = itemButtons[0];
        else if (itemButtons.length > 1) out.push(...actionsBlocks(item.actions ?? []));
      }
      return out;
    }
    case "context": {
      const text = escapeMrkdwn(block.text.trim());
      return text ? [context([text])] : [];
    }
    case "actions":
      return actionsBlocks(block.actions);
  }
}

/** Renders blocks for a message or the Home tab, keeping under `maxBlocks`. */
export function renderBlocks(
  blocks: ReplyBlock[],
  options: { aiGenerated?: boolean; maxBlocks?: number } = {},
): KnownBlock[] {
  const max = options.maxBlocks ?? SLACK_LIMITS.messageBlocks;
  const out = blocks.flatMap(renderBlock);
  // Core may already say so in a context line; one label is enough.
  const labelled = blocks.some((b) => b.type === "context" && /AI-generated/i.test(b.text));
  if (options.aiGenerated && !labelled) out.push(context([`:robot_face: ${AI_GENERATED_LABEL}`]));
  if (out.length <= max) return out;
  // Keep the tail's buttons (feedback, "Talk to an ambassador") in preference to middle content.
  const tail = out.slice(-2).filter((b) => b.type === "actions" || b.type === "context");
  const head = out.slice(0, max - 1 - tail.length);
  return [...head, context(["_Some of this reply was cut to fit in Slack._"]), ...tail];
}

/** Turns a core reply into Slack's `{ text, blocks }`. */
export function renderReply(reply: Reply): SlackMessage {
  const fallback = reply.text.trim() || "Pathfinder";
  return {
    text: truncate(escapeMrkdwn(fallback), SLACK_LIMITS.fallbackText),
    blocks: renderBlocks(reply.blocks, { aiGenerated: reply.aiGenerated }),
  };
}
