/**
 * The digest Reply as plain text for a terminal (`pathfinder digest`): headings underlined, items indented,
 * buttons listed by label. The same Reply that Slack and Teams render, so the CLI shows what a channel gets.
 */
import type { Reply, ReplyBlock } from "../bots/core/reply.ts";

function plain(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, "$1");
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}

function blockText(block: ReplyBlock): string {
  switch (block.type) {
    case "heading":
      return `\n${block.text}\n${"=".repeat(Math.min(block.text.length, 80))}`;
    case "text":
      return plain(block.text);
    case "context":
      return `(${plain(block.text)})`;
    case "items":
      return block.items
        .map((item) => {
          const lines = [`- ${plain(item.title)}`];
          if (item.detail) lines.push(indent(plain(item.detail), "    "));
          for (const action of item.actions ?? []) lines.push(`    [${action.label}]`);
          return lines.join("\n");
        })
        .join("\n");
    case "actions":
      return block.actions.map((a) => `[${a.label}]`).join(" ");
    case "citations":
      return block.citations.map((c) => `[${c.n}] ${c.title}`).join("\n");
  }
}

/** Plain text for a terminal. */
export function formatReplyText(reply: Reply): string {
  const text = reply.blocks.map(blockText).join("\n").trim();
  return text || reply.text;
}
