/**
 * Shows what Slack and Teams will display: Block Kit (from bots/slack/render.ts) and an Adaptive Card
 * (from bots/teams/render.ts) drawn as plain, styled HTML for the playground's digest preview.
 * Both renderers' output is treated as untrusted text: everything is escaped before markup is added.
 */
import { escapeHtml } from "./html.ts";

/** The few emoji shortcodes Pathfinder's replies use, so the preview reads as Slack shows them. */
const EMOJI: Record<string, string> = {
  ":mag:": "🔍",
  ":robot_face:": "🤖",
  ":warning:": "⚠️",
  ":wave:": "👋",
  ":white_check_mark:": "✅",
};

function slackUnescape(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** Formats one run of Slack mrkdwn without links: *bold*, _italic_, ~strike~, `code`, emoji. */
function slackInline(raw: string): string {
  let html = escapeHtml(slackUnescape(raw));
  html = html.replace(/`([^`\n]+)`/g, "<code>$1</code>");
  html = html.replace(/(^|[\s(“"'])\*([^*\n]+)\*(?=$|[\s).,;:!?”"'])/g, "$1<strong>$2</strong>");
  html = html.replace(/(^|[\s(“"'])_([^_\n]+)_(?=$|[\s).,;:!?”"'])/g, "$1<em>$2</em>");
  html = html.replace(/(^|\s)~([^~\n]+)~(?=$|\s)/g, "$1<del>$2</del>");
  return html.replace(/:[a-z_]+:/g, (code) => EMOJI[code] ?? code);
}

/**
 * Slack mrkdwn to HTML: links `<url|label>`, quotes (`> `), line breaks and inline formatting.
 * https://docs.slack.dev/messaging/formatting-message-text
 */
export function slackMrkdwnToHtml(mrkdwn: string): string {
  const lines = mrkdwn.split("\n").map((line) => {
    const quoted = line.startsWith("&gt; ") || line.startsWith("> ");
    const body = quoted ? line.replace(/^(&gt;|>) /, "") : line;
    // Links are the only place a literal "<" appears in escaped mrkdwn. Each becomes a placeholder
    // first, so formatting around a link ("*[1] <url|Title>*", a bold source) still applies.
    const links: string[] = [];
    const marked = body.replace(
      /<([^<>|]+)(?:\|([^<>]*))?>/g,
      (_match, rawTarget: string, rawLabel?: string) => {
        const target = slackUnescape(rawTarget);
        const label = rawLabel ? slackInline(rawLabel) : escapeHtml(target);
        links.push(
          /^https?:\/\//.test(target)
            ? `<a href="${escapeHtml(target)}" rel="noreferrer noopener">${label}</a>`
            : label,
        );
        return `\uE000${links.length - 1}\uE001`;
      },
    );
    const html = slackInline(marked).replace(/\uE000(\d+)\uE001/g, (_m, i: string) => links[Number(i)] ?? "");
    return quoted ? `<span class="pv-quote">${html}</span>` : html;
  });
  return lines.join("<br>");
}

type Json = Record<string, unknown>;

function textOf(value: unknown): { text: string; type: string } {
  const object = (value ?? {}) as Json;
  return { text: typeof object.text === "string" ? object.text : "", type: String(object.type ?? "") };
}

function slackText(value: unknown): string {
  const { text, type } = textOf(value);
  return type === "mrkdwn" ? slackMrkdwnToHtml(text) : escapeHtml(text);
}

function slackButton(element: unknown): string {
  const button = (element ?? {}) as Json;
  if (button.type !== "button") return "";
  const style = button.style === "primary" || button.style === "danger" ? ` pv-${button.style}` : "";
  return `<span class="pv-button${style}">${escapeHtml(textOf(button.text).text)}</span>`;
}

/** Renders Block Kit blocks as HTML in the style of a Slack message. */
export function slackBlocksToHtml(blocks: readonly unknown[]): string {
  const out: string[] = [];
  for (const value of blocks) {
    const block = (value ?? {}) as Json;
    switch (block.type) {
      case "header":
        out.push(`<p class="pv-header">${escapeHtml(textOf(block.text).text)}</p>`);
        break;
      case "section": {
        const accessory = block.accessory ? slackButton(block.accessory) : "";
        out.push(
          `<div class="pv-section"><div>${slackText(block.text)}</div>${accessory ? `<div class="pv-accessory">${accessory}</div>` : ""}</div>`,
        );
        break;
      }
      case "context": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        out.push(`<p class="pv-context">${elements.map(slackText).join(" ")}</p>`);
        break;
      }
      case "actions": {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        out.push(`<div class="pv-actions">${elements.map(slackButton).join("")}</div>`);
        break;
      }
      case "divider":
        out.push('<hr class="pv-divider">');
        break;
      default:
        out.push(`<p class="pv-context">(a ${escapeHtml(String(block.type))} block)</p>`);
    }
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Adaptive Cards

/**
 * Adaptive Card markdown to HTML: **bold**, _italic_, [links](https://...) (web links only),
 * paragraphs separated by blank lines.
 */
export function cardMarkdownToHtml(markdown: string): string {
  return markdown
    .split(/\n{2,}/)
    .map((paragraph) => {
      let html = escapeHtml(paragraph);
      html = html.replace(
        /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g,
        '<a href="$2" rel="noreferrer noopener">$1</a>',
      );
      html = html.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
      html = html.replace(/(^|\s)_([^_\n]+)_(?=$|[\s.,;:!?])/g, "$1<em>$2</em>");
      return html.replaceAll("\n", "<br>");
    })
    .join("</p><p>");
}

function cardClasses(element: Json): string {
  const classes = ["tm-text"];
  if (element.weight === "Bolder") classes.push("tm-bold");
  if (element.isSubtle) classes.push("tm-subtle");
  if (typeof element.size === "string") classes.push(`tm-size-${element.size.toLowerCase()}`);
  return classes.join(" ");
}

function cardAction(value: unknown): string {
  const action = (value ?? {}) as Json;
  const style =
    action.style === "positive" ? " pv-primary" : action.style === "destructive" ? " pv-danger" : "";
  return `<span class="pv-button${style}">${escapeHtml(String(action.title ?? ""))}</span>`;
}

function cardElements(elements: unknown): string {
  return (Array.isArray(elements) ? elements : []).map((e) => cardElement(e)).join("");
}

function cardElement(value: unknown): string {
  const element = (value ?? {}) as Json;
  switch (element.type) {
    case "TextBlock":
      return `<div class="${cardClasses(element)}"><p>${cardMarkdownToHtml(String(element.text ?? ""))}</p></div>`;
    case "Container": {
      const items = Array.isArray(element.items) ? (element.items as Json[]) : [];
      const select = (element.selectAction ?? {}) as Json;
      const targets = select.type === "Action.ToggleVisibility" ? (select.targetElements as unknown[]) : [];
      const hidden = new Set((targets ?? []).map(String));
      const classes = `tm-container${element.style === "emphasis" ? " tm-emphasis" : ""}${element.separator ? " tm-separator" : ""}`;
      if (hidden.size > 0) {
        // Teams toggles the hidden part when the container is selected: a disclosure is the HTML equivalent.
        const shown = items.filter((i) => !hidden.has(String(i.id)));
        const toggled = items.filter((i) => hidden.has(String(i.id)));
        return `<details class="${classes}"><summary>${cardElements(shown)}</summary>${toggled
          .map((i) => cardElement({ ...i, isVisible: true }))
          .join("")}</details>`;
      }
      if (element.isVisible === false) return "";
      return `<div class="${classes}">${cardElements(items)}</div>`;
    }
    case "ActionSet":
      return `<div class="pv-actions">${(Array.isArray(element.actions) ? element.actions : []).map(cardAction).join("")}</div>`;
    case "Input.ChoiceSet": {
      const choices = Array.isArray(element.choices) ? (element.choices as Json[]) : [];
      return `<label class="tm-choice">${escapeHtml(String(element.label ?? "Choose"))} <span class="tm-select">${escapeHtml(String(choices[0]?.title ?? ""))} ▾</span></label>`;
    }
    case "FactSet": {
      const facts = Array.isArray(element.facts) ? (element.facts as Json[]) : [];
      return `<dl class="tm-facts">${facts.map((f) => `<dt>${escapeHtml(String(f.title ?? ""))}</dt><dd>${cardMarkdownToHtml(String(f.value ?? ""))}</dd>`).join("")}</dl>`;
    }
    case "ColumnSet": {
      const columns = Array.isArray(element.columns) ? (element.columns as Json[]) : [];
      return `<div class="tm-columns">${columns.map((c) => `<div>${cardElements(c.items)}</div>`).join("")}</div>`;
    }
    default:
      return `<p class="tm-subtle">(a ${escapeHtml(String(element.type))} element)</p>`;
  }
}

/** Renders an Adaptive Card's body as HTML in the style of a Teams card. */
export function adaptiveCardToHtml(card: unknown): string {
  const body = ((card ?? {}) as Json).body;
  return `<div class="tm-card">${cardElements(body)}</div>`;
}
