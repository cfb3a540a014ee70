/**
 * Words the digest as a platform-neutral Reply (bots/core/reply.ts). Slack's and Teams' renderers turn
 * it into Block Kit and an Adaptive Card, so this file never emits platform markup: *bold* and line breaks
 * only, and bars drawn with Unicode block characters, which both platforms show alike.
 */
import type { Reply, ReplyAction, ReplyBlock } from "../bots/core/reply.ts";
import type { Digest, DigestBlocker } from "./digest.ts";
import { networkBlocks } from "./network.ts";

/** Characters of the longest bar (the most-reported category). */
export const BAR_WIDTH = 12;

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar `count/max` of BAR_WIDTH long, in eighths of a block; never invisible for a count above 0. */
export function textBar(count: number, max: number, width = BAR_WIDTH): string {
  if (count <= 0 || max <= 0) return "";
  const eighths = Math.max(1, Math.round((Math.min(count, max) / max) * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatUsual(usual: number): string {
  return Number.isInteger(usual) ? String(usual) : usual.toFixed(1);
}

/** "up 3 on last week", "down 2 on last week", "same as last week". */
export function describeChange(count: number, previous: number): string {
  if (count === previous) return "same as last week";
  return count > previous ? `up ${count - previous} on last week` : `down ${previous - count} on last week`;
}

/** "usually 2.5 a week", or that it is new. */
export function describeUsual(usual: number): string {
  return usual === 0 ? "none in the four weeks before" : `usually ${formatUsual(usual)} a week`;
}

/** The button that starts an ambassador introduction about this category. */
export function ambassadorAction(category: string): ReplyAction {
  return { id: "ambassador.request", label: "Talk to an ambassador", value: category };
}

function blockerItem(row: DigestBlocker, max: number) {
  const facts = [
    plural(row.count, "report"),
    describeChange(row.count, row.previous),
    describeUsual(row.usual),
    ...(row.resolved > 0 ? [`${row.resolved} resolved`] : []),
  ];
  const lines = [`${textBar(row.count, max)} ${facts.join(" · ")}`];
  for (const example of row.examples) lines.push(`“${example}”`);
  return {
    title: row.label,
    detail: lines.join("\n"),
    ...(row.top ? { actions: [ambassadorAction(row.category)] } : {}),
  };
}

function summaryLine(digest: Digest): string {
  const parts: string[] = [];
  const areas = digest.blockers.length;
  if (areas > 0) {
    const top = digest.blockers[0];
    parts.push(
      `Blockers were logged in ${plural(areas, "area")} this week` +
        (top ? `; the most common was *${top.label}* (${plural(top.count, "report")}).` : "."),
    );
  } else {
    parts.push("No new blockers were logged this week.");
  }
  if (digest.resolvedTotal > 0) parts.push(`${plural(digest.resolvedTotal, "blocker")} marked resolved.`);
  return parts.join(" ");
}

/** The one friendly line an empty week gets instead of an empty table; a week in progress says so. */
export function emptyWeekText(digest: Digest): string {
  // *blocker*, not backticks: the reply model's only markup is *bold* (bots/core/reply.ts).
  if (digest.partial) {
    return (
      `Nothing yet this week on Pathfinder (${digest.period}, so far): no blockers have been logged, resolved or ` +
      "asked about across the network. If something is in your way, tell Pathfinder with *blocker* and it will " +
      "show up here straight away."
    );
  }
  return (
    `A quiet week on Pathfinder (${digest.period}): no blockers were logged, resolved or asked about across the ` +
    "network. If something is in your way, tell Pathfinder with *blocker* and it will show up here next Monday."
  );
}

/** The digest as a Reply, for posting to channels (public) or showing on demand (private). */
export function renderDigest(digest: Digest, visibility: Reply["visibility"] = "public"): Reply {
  const heading = `Pathfinder weekly digest: ${digest.period}${digest.partial ? " (so far)" : ""}`;
  if (digest.empty) {
    const text = emptyWeekText(digest);
    return { text, blocks: [{ type: "text", text }], visibility };
  }

  const blocks: ReplyBlock[] = [{ type: "heading", text: heading }];
  if (digest.partial) {
    blocks.push({ type: "context", text: "This week is not over yet: these are the figures so far." });
  }
  blocks.push({ type: "text", text: summaryLine(digest) });

  if (digest.signals.length > 0) {
    blocks.push({ type: "heading", text: "Early warnings" });
    blocks.push({
      type: "text",
      text: digest.signals.map((s) => `⚠️ *${s.label}*: ${s.detail}.`).join("\n"),
    });
  }

  if (digest.blockers.length > 0) {
    const max = digest.blockers[0]?.count ?? 0;
    blocks.push({ type: "heading", text: "Most common blockers" });
    blocks.push({ type: "items", items: digest.blockers.map((row) => blockerItem(row, max)) });
  }

  if (digest.helped.length > 0) {
    blocks.push({ type: "heading", text: "What helped" });
    blocks.push({
      type: "text",
      text: digest.helped.map((h) => `• *${h.label}*: “${h.note}”`).join("\n"),
    });
  }

  if (digest.questions.asked > 0) {
    blocks.push({ type: "heading", text: "Questions we could not answer yet" });
    const { asked, unanswered, themes } = digest.questions;
    let text = `${plural(asked, "question")} asked; ${unanswered} without a good answer in the knowledge base.`;
    if (themes.length > 0)
      text += `\nMost were about: ${themes.map((t) => `${t.label} (${t.count})`).join(", ")}.`;
    blocks.push({ type: "text", text });
  }

  const { proposed, accepted } = digest.introductions;
  if (proposed > 0 || accepted > 0) {
    blocks.push({ type: "heading", text: "Introductions" });
    blocks.push({
      type: "text",
      text: `${plural(proposed, "introduction")} to ambassadors and peers made; ${accepted} accepted.`,
    });
  }

  blocks.push(...networkBlocks(digest));

  blocks.push({
    type: "context",
    text:
      `Whole Pathfinder network, Monday to Sunday UK time; ISO week ${digest.week}. ` +
      "Examples are quoted only where the person allowed it, with personal details removed.",
  });

  const top = digest.blockers[0];
  const text = top
    ? `${heading}. Most common blocker: ${top.label} (${plural(top.count, "report")}).` +
      (digest.signals.length > 0 ? ` Early warning: ${digest.signals.map((s) => s.message).join("; ")}.` : "")
    : `${heading}.`;
  return { text, blocks, visibility };
}
