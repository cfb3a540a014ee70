/** Validation and scrubbing of free text before it reaches storage. */
import { EmptyTextError, TextTooLongError } from "./errors.ts";
import { MAX_LABEL_LENGTH, MAX_TEXT_LENGTH } from "./limits.ts";
import { plainText, scrubText } from "./scrub.ts";

/**
 * Drops control and bidi characters (a text of only those is empty), trims, rejects empty or over-long text
 * with a named error, and returns it scrubbed of personal data.
 */
export function cleanText(text: unknown, what = "The text", max = MAX_TEXT_LENGTH): string {
  const trimmed = typeof text === "string" ? plainText(text).trim() : "";
  if (!trimmed) throw new EmptyTextError(what);
  if (trimmed.length > max) throw new TextTooLongError(what, trimmed.length, max);
  return scrubText(trimmed);
}

/** An optional short label (organisation, service area, region): trimmed, scrubbed, undefined when blank. */
export function cleanLabel(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = plainText(String(value)).trim().replace(/\s+/g, " ");
  if (!trimmed) return undefined;
  if (trimmed.length > MAX_LABEL_LENGTH) throw new TextTooLongError(what, trimmed.length, MAX_LABEL_LENGTH);
  return scrubText(trimmed);
}
