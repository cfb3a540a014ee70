/**
 * Turns a stored (already scrubbed) report text into a short quote fit for a channel many people read.
 * The store scrubs personal data before saving; this runs the same scrubber again plus a mention pass,
 * because a digest is broadcast: a text stored before a scrubber fix must not leak through a quote.
 */
import { scrubText } from "./scrub.ts";

/** Longest quote shown, in characters (about two lines in Slack and Teams). */
export const QUOTE_MAX_CHARS = 160;

const REMOVALS: readonly RegExp[] = [
  /<@[A-Z0-9]+(?:\|[^>]*)?>/gi, // Slack user mentions
  /<!(?:subteam\^)?[^>]*>/gi, // Slack @here/@channel/user-group mentions
  /<at>[^<]*<\/at>/gi, // Teams mentions
  /<(?:https?|mailto):[^>]*>/gi, // Slack-formatted links (which can hide an address behind a label)
];

/** Cuts at a word boundary and ends with an ellipsis; never mid-word unless one word is too long. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const window = text.slice(0, max - 1);
  const space = window.lastIndexOf(" ");
  const cut = space > max / 2 ? window.slice(0, space) : window;
  return `${cut.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

/** A quote ready to show: one line, markup and contact details removed, cut to length; "" when nothing is left. */
export function toQuote(text: string, max = QUOTE_MAX_CHARS): string {
  let out = text;
  for (const pattern of REMOVALS) out = out.replace(pattern, " ");
  out = scrubText(out);
  // Renderers treat *asterisks* as bold; a quote must not change the formatting around it.
  out = out.replace(/[*_`~]/g, "").replace(/["“”]/g, "'");
  out = out.replace(/\s+/g, " ").trim();
  if (out.replace(/[^\p{L}\p{N}]/gu, "").length < 3) return "";
  return truncateAtWord(out, max);
}
