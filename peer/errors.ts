/**
 * The peer-support domain's errors: small named classes the edges (bots, CLI) turn into one clear sentence.
 */
import { CATEGORIES } from "./taxonomy.ts";

/** Base class: bad input from a person or a caller; the message is safe to show to a user. */
export class PeerInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PeerInputError";
  }
}

/** An obstacle, note or question had no words in it. */
export class EmptyTextError extends PeerInputError {
  constructor(what = "The text", options?: { cause?: unknown }) {
    super(`${what} is empty: please say in a sentence or two what is in the way.`, options);
    this.name = "EmptyTextError";
  }
}

/** Text longer than Pathfinder stores. */
export class TextTooLongError extends PeerInputError {
  readonly length: number;
  readonly max: number;
  constructor(what: string, length: number, max: number, options?: { cause?: unknown }) {
    super(
      `${what} is ${length} characters long; the most Pathfinder keeps is ${max}. Please shorten it.`,
      options,
    );
    this.name = "TextTooLongError";
    this.length = length;
    this.max = max;
  }
}

/** One or more category ids are not in peer/taxonomy.json. */
export class UnknownCategoryError extends PeerInputError {
  readonly unknown: string[];
  constructor(unknown: string[], options?: { cause?: unknown }) {
    super(
      `Unknown categor${unknown.length === 1 ? "y" : "ies"} ${unknown.map((u) => `"${u}"`).join(", ")}. ` +
        `Valid categories: ${CATEGORIES.map((c) => c.id).join(", ")}.`,
      options,
    );
    this.name = "UnknownCategoryError";
    this.unknown = unknown;
  }
}

/** A report, ambassador or introduction that does not exist (or has expired). */
export class NotFoundError extends PeerInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NotFoundError";
  }
}

/** Someone tried to change what only another person may change (a report's reporter, an introduction's target). */
export class NotAllowedError extends PeerInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NotAllowedError";
  }
}

/** An introduction status change that the lifecycle does not allow (declined -> accepted, ...). */
export class InvalidTransitionError extends PeerInputError {
  constructor(from: string, to: string, options?: { cause?: unknown }) {
    super(`An introduction that is ${from} cannot become ${to}.`, options);
    this.name = "InvalidTransitionError";
  }
}

/** An ambassador profile (or several) failed validation; `issues` lists every problem found. */
export class AmbassadorValidationError extends PeerInputError {
  readonly issues: string[];
  constructor(issues: string[], options?: { cause?: unknown }) {
    super(
      issues.length === 1
        ? `Invalid ambassador: ${issues[0]}`
        : `Invalid ambassadors (${issues.length} problems, nothing was saved):\n  ${issues.join("\n  ")}`,
      options,
    );
    this.name = "AmbassadorValidationError";
    this.issues = issues;
  }
}

/**
 * The digest week asked for is not a real ISO week, or has not started yet. A PeerInputError, so the edges
 * show its message as they show any other bad input.
 */
export class DigestWeekError extends PeerInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DigestWeekError";
  }
}

/** Another writer changed the same record at the same moment, and retrying did not settle it. */
export class ConcurrentUpdateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConcurrentUpdateError";
  }
}

/** Throws UnknownCategoryError unless every id is a taxonomy category; returns them de-duplicated. */
export function assertCategories(ids: readonly string[]): string[] {
  const known = new Set(CATEGORIES.map((c) => c.id));
  const cleaned = [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
  const unknown = cleaned.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UnknownCategoryError(unknown);
  return cleaned;
}
