/** Small builders for the reply model, so handlers read as what they say. */
import type { ActionId, Reply, ReplyAction, ReplyBlock } from "./reply.ts";

/** A reply with one paragraph. */
export function textReply(text: string, visibility: Reply["visibility"] = "private"): Reply {
  return { text: plain(text), blocks: [{ type: "text", text }], visibility };
}

/** A reply from blocks; the fallback text is the first paragraph or heading. */
export function blocksReply(blocks: ReplyBlock[], visibility: Reply["visibility"], fallback?: string): Reply {
  const first = blocks.find((b) => b.type === "text" || b.type === "heading");
  const text = fallback ?? (first && "text" in first ? first.text : "Pathfinder");
  return { text: plain(text), blocks, visibility };
}

/** A button. */
export function action(
  id: ActionId,
  label: string,
  value: string,
  style?: ReplyAction["style"],
): ReplyAction {
  return style ? { id, label, value, style } : { id, label, value };
}

/** Strips the reply model's *bold* markup for plain-text fallbacks. */
export function plain(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, "$1");
}

/** Packs several parts into an action value ("a|b"); unpack with splitValue. */
export function joinValue(...parts: string[]): string {
  return parts.map((p) => p.replaceAll("|", "/")).join("|");
}

/** The parts of an action value packed by joinValue. */
export function splitValue(value: string): string[] {
  return value.split("|");
}
