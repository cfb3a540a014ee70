/**
 * Renders the platform-neutral reply model (bots/core/reply.ts) as an Adaptive Card 1.5 for Teams.
 *
 * Buttons are `Action.Execute` (Universal Actions): Teams sends an `adaptiveCard/action` invoke that
 * the bot answers with an invoke response, so a press gets an immediate acknowledgement (or a clear
 * error) in the card instead of a silent message round-trip, and the same card works in Outlook.
 * Every button carries `{ actionId, value }` in `data`; `verb` repeats the action id.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/overview
 *
 * Only `import type` from botbuilder here: the digest imports this module and must stay light.
 */
import type { Activity, Attachment } from "botbuilder";
import type { Citation } from "../../knowledge/types.ts";
import { citationByline, citationUrl } from "../core/citations.ts";
import type { Reply, ReplyAction, ReplyBlock } from "../core/reply.ts";
import { splitText, truncate } from "../core/text-limits.ts";

/** Teams and Adaptive Card limits that bite in practice. */
export const TEAMS_LIMITS = {
  /** Characters per TextBlock we emit; longer paragraphs are split (keeps cards readable and under size). */
  textBlock: 3000,
  /**
   * Bytes of card JSON we allow. Teams rejects messages over about 28 KB including the envelope;
   * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/format-your-bot-messages
   */
  cardBytes: 24_000,
  /** Buttons per ActionSet: Teams shows at most 6 before overflowing; 5 keeps them on one or two rows. */
  actionsPerSet: 5,
  /** Button titles Teams shows in full. */
  actionTitle: 60,
  /** Bytes of a button's value we carry in `data`; a cut value would decode to the wrong thing. */
  actionValue: 2000,
} as const;

/** The Adaptive Card version: 1.5 is the highest Teams renders on desktop, web and mobile. */
export const CARD_VERSION = "1.5";

/** The label shown on answers OpenAI composed. */
export const AI_GENERATED_LABEL = "AI-generated: check the sources before acting on it.";

/** What every Pathfinder button sends back in `Action.Execute` data. */
export interface CardActionData {
  actionId: string;
  /** The ReplyAction's value; absent when the value comes from a choice input (see valueInput). */
  value?: string;
  /** The id of the Input.ChoiceSet whose selected value is the action's value. */
  valueInput?: string;
}

/** A loose Adaptive Card element: the card schema is JSON, typed here only as far as we build it. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  body: CardElement[];
  msteams?: { width?: "Full" };
}

export { splitText, truncate };

/**
 * Turns the reply model's markup (*bold* only) into Adaptive Card markdown (**bold**), and breaks
 * `[text](url)` link syntax in text that may echo what a person typed, so nobody can disguise a
 * link inside a card the bot posts (Teams still autolinks bare URLs, which show where they go).
 * https://learn.microsoft.com/en-us/adaptive-cards/authoring-cards/text-features
 */
export function toCardMarkdown(text: string): string {
  return (
    text
      .replaceAll("](", "] (")
      // Card markdown joins single line breaks into one paragraph; the reply model means a new line.
      .replace(/\r?\n+/g, "\n\n")
      .replace(/\*\*/g, "*")
      .replace(/\*([^*\n]+)\*/g, "**$1**")
      // Adaptive Card markdown has no inline code, so Teams showed `ask` with its backticks: keep the
      // words only (bold would clash with *bold* around them). Same link as above, "Markdown" table.
      .replace(/`+([^`\n]+)`+/g, "$1")
  );
}

function textBlocks(text: string, extra: CardElement = {}): CardElement[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  return splitText(toCardMarkdown(trimmed), TEAMS_LIMITS.textBlock).map((piece) => ({
    type: "TextBlock",
    text: piece,
    wrap: true,
    ...extra,
  }));
}

/**
 * "**[1]** Title — Author, 20 September 2012", the title a markdown link when the source has a URL.
 * Built here rather than through toCardMarkdown, which breaks link syntax on purpose; brackets in the
 * title are swapped for parentheses so the title cannot open a link of its own.
 */
function citationLine(c: Citation): CardElement {
  const title = (c.title.trim() || "Untitled source")
    .replaceAll("[", "(")
    .replaceAll("]", ")")
    .replaceAll("*", "");
  const url = citationUrl(c);
  const link = url ? `[${title}](${url.replaceAll(")", "%29").replaceAll(" ", "%20")})` : title;
  const byline = citationByline(c);
  const text = `**[${c.n}]** ${link}${byline ? ` — ${toCardMarkdown(byline)}` : ""}`;
  return { type: "TextBlock", text, wrap: true, size: "Small" };
}

function executeAction(action: ReplyAction): CardElement | undefined {
  if (action.value.length > TEAMS_LIMITS.actionValue) return undefined;
  const data: CardActionData = { actionId: action.id, value: action.value };
  const element: CardElement = {
    type: "Action.Execute",
    title: truncate(action.label, TEAMS_LIMITS.actionTitle),
    verb: action.id,
    data,
    // The button carries its value in `data`. Left at the default ("auto"), it would collect and
    // validate every input on the card, so a required dropdown elsewhere (the blocker card's
    // category choice) would lock it until a category was chosen (issue 13.8).
    // https://adaptivecards.microsoft.com/?topic=Action.Execute
    associatedInputs: "none",
  };
  if (action.style === "primary") element.style = "positive";
  if (action.style === "danger") element.style = "destructive";
  return element;
}

/**
 * Buttons as ActionSets. A long list of choices for one action (e.g. "correct the category") is a
 * dropdown plus one button, because Teams cannot show a dozen buttons in a row.
 */
function actionSets(actions: ReplyAction[], ids: { next: () => string }): CardElement[] {
  const usable = actions.filter((a) => a.value.length <= TEAMS_LIMITS.actionValue);
  if (usable.length === 0) return [];
  const first = usable[0] as ReplyAction;
  const sameId = usable.every((a) => a.id === first.id);
  if (usable.length > TEAMS_LIMITS.actionsPerSet && sameId) {
    const inputId = ids.next();
    const data: CardActionData = { actionId: first.id, valueInput: inputId };
    return [
      {
        type: "Input.ChoiceSet",
        id: inputId,
        style: "compact",
        label: "Choose one",
        isRequired: true,
        errorMessage: "Choose one first.",
        choices: usable.map((a) => ({ title: truncate(a.label, TEAMS_LIMITS.actionTitle), value: a.value })),
      },
      {
        type: "ActionSet",
        // The one button that needs the dropdown's value, so it alone validates the card's inputs.
        actions: [
          { type: "Action.Execute", title: "Choose", verb: first.id, data, associatedInputs: "auto" },
        ],
      },
    ];
  }
  const elements = usable.map(executeAction).filter((e): e is CardElement => e !== undefined);
  const sets: CardElement[] = [];
  for (let i = 0; i < elements.length; i += TEAMS_LIMITS.actionsPerSet) {
    sets.push({ type: "ActionSet", actions: elements.slice(i, i + TEAMS_LIMITS.actionsPerSet) });
  }
  return sets;
}

function renderBlock(block: ReplyBlock, ids: { next: () => string }): CardElement[] {
  switch (block.type) {
    case "text":
      return textBlocks(block.text);
    case "heading":
      return textBlocks(truncate(block.text.replaceAll("\n", " "), 200), {
        size: "Medium",
        weight: "Bolder",
      });
    case "citations": {
      if (block.citations.length === 0) return [];
      const out: CardElement[] = textBlocks("Sources (select one to see the quote)", {
        weight: "Bolder",
        spacing: "Medium",
        size: "Small",
      });
      for (const c of block.citations) {
        const quoteId = ids.next();
        const quote = c.quote.trim();
        out.push({
          type: "Container",
          spacing: "Small",
          ...(quote ? { selectAction: { type: "Action.ToggleVisibility", targetElements: [quoteId] } } : {}),
          items: [
            citationLine(c),
            ...(quote
              ? [
                  {
                    type: "Container",
                    id: quoteId,
                    isVisible: false,
                    style: "emphasis",
                    items: textBlocks(`“${truncate(quote, 1000)}”`, { size: "Small" }),
                  },
                ]
              : []),
          ],
        });
      }
      return out;
    }
    case "items": {
      const out: CardElement[] = [];
      for (const item of block.items) {
        out.push({
          type: "Container",
          separator: true,
          spacing: "Medium",
          items: [
            ...textBlocks(item.title, { weight: "Bolder" }),
            ...(item.detail ? textBlocks(item.detail, { isSubtle: true, spacing: "None" }) : []),
            ...actionSets(item.actions ?? [], ids),
          ],
        });
      }
      return out;
    }
    case "context":
      return textBlocks(block.text, { size: "Small", isSubtle: true });
    case "actions":
      return actionSets(block.actions, ids);
  }
}

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Builds the Adaptive Card for a reply, kept under {@link TEAMS_LIMITS.cardBytes}. */
export function renderReplyCardContent(reply: Reply): AdaptiveCard {
  let counter = 0;
  const ids = { next: () => `pf${++counter}` };
  const head: CardElement[] = reply.aiGenerated
    ? textBlocks(`✨ ${AI_GENERATED_LABEL}`, { size: "Small", isSubtle: true, weight: "Bolder" })
    : [];
  const rendered = reply.blocks.map((b) => renderBlock(b, ids));
  let body = [...head, ...rendered.flat()];
  if (body.length === 0) body = textBlocks(reply.text.trim() || "Pathfinder");
  const card: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: CARD_VERSION,
    body,
    msteams: { width: "Full" },
  };
  if (sizeOf(card) <= TEAMS_LIMITS.cardBytes) return card;
  // Too big: keep the head, then whole blocks while they fit, and always the last block's buttons
  // (feedback, "Talk to an ambassador") so the person can still act on what they see.
  const lastBlock = reply.blocks.at(-1);
  const tail = lastBlock?.type === "actions" ? (rendered.at(-1) ?? []) : [];
  const middle = lastBlock?.type === "actions" ? rendered.slice(0, -1) : rendered;
  const note = textBlocks("Some of this reply was cut to fit in Teams.", { size: "Small", isSubtle: true });
  const budget = TEAMS_LIMITS.cardBytes - sizeOf({ ...card, body: [...head, ...note, ...tail] });
  const kept: CardElement[] = [];
  let used = 0;
  for (const element of middle.flat()) {
    const size = sizeOf(element) + 1;
    if (used + size > budget) break;
    kept.push(element);
    used += size;
  }
  return { ...card, body: [...head, ...kept, ...note, ...tail] };
}

/** Renders a core reply as a Teams Adaptive Card attachment. */
export function renderReplyCard(reply: Reply): Attachment {
  return { contentType: "application/vnd.microsoft.card.adaptive", content: renderReplyCardContent(reply) };
}

/**
 * The message activity for a reply: the card, a plain-text summary for notifications, and, for
 * OpenAI-composed answers, Teams' own "AI generated" label entity.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/bot-messages-ai-generated-content
 */
export function renderReplyActivity(reply: Reply): Partial<Activity> {
  const activity: Partial<Activity> = {
    type: "message",
    summary: truncate(reply.text.trim() || "Pathfinder", 200),
    attachments: [renderReplyCard(reply)],
  };
  if (reply.aiGenerated) {
    activity.entities = [
      {
        type: "https://schema.org/Message",
        "@type": "Message",
        "@context": "https://schema.org",
        additionalType: ["AIGeneratedContent"],
      },
    ];
  }
  return activity;
}

/** Reads `{ actionId, value }` back from an Action.Execute / Action.Submit payload; undefined if malformed. */
export function readCardActionData(data: unknown): { actionId: string; value: string } | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const actionId = record.actionId;
  if (typeof actionId !== "string" || !actionId) return undefined;
  if (typeof record.value === "string") return { actionId, value: record.value };
  if (typeof record.valueInput === "string") {
    const chosen = record[record.valueInput];
    if (typeof chosen === "string" && chosen) return { actionId, value: chosen };
  }
  return undefined;
}

/**
 * Adds a Teams mention of `userId` to a card, so the two people an introduction connects can open a
 * chat with one click. https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
 */
export function withContactMention(activity: Partial<Activity>, userId: string): Partial<Activity> {
  const attachment = activity.attachments?.[0];
  if (!attachment) return activity;
  const card = attachment.content as AdaptiveCard & { msteams?: Record<string, unknown> };
  const text = "<at>your Pathfinder contact</at>";
  const content = {
    ...card,
    body: [...card.body, { type: "TextBlock", text: `Start a chat with ${text}.`, wrap: true }],
    msteams: {
      ...card.msteams,
      entities: [{ type: "mention", text, mentioned: { id: userId, name: "your Pathfinder contact" } }],
    },
  };
  return { ...activity, attachments: [{ ...attachment, content }] };
}
