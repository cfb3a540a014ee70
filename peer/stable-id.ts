/** Ids derived from what identifies an event, so a retried event derives the same id. */
import { createHash } from "node:crypto";

/** A short stable hex id derived from parts. */
export function stableId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}
