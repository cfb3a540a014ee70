/**
 * The weekly digest as data: what `build` returns, what `pathfinder digest --json` prints and what the
 * renderer turns into a Reply. Labels are resolved here so every consumer words things the same way.
 */
import type { CategoryId } from "../peer/ports.ts";

/** One category's line in "Most common blockers". */
export interface DigestBlocker {
  category: CategoryId;
  label: string;
  /** Reports this week (a report counts once in each of its categories). */
  count: number;
  /** Reports the week before. */
  previous: number;
  /** Mean reports a week over the four weeks before this one (the "usual"). */
  usual: number;
  /** Reports in this category marked resolved this week. */
  resolved: number;
  /** True for the few categories the digest highlights (examples, "Talk to an ambassador"). */
  top: boolean;
  /** Up to two short anonymised quotes from reporters who allowed quoting; only on top categories. */
  examples: string[];
}

/** An early warning: a category well above its recent baseline. */
export interface DigestSignal {
  category: CategoryId;
  label: string;
  count: number;
  /** The four-week average it is compared with. */
  usual: number;
  /** count / max(usual, 1), rounded to one decimal place. */
  ratio: number;
  /** The wording without the label ("9 reports, 3x the usual"). */
  detail: string;
  /** The plain sentence shown to readers ("Staff and unions: 9 reports, 3x the usual"). */
  message: string;
}

/** A resolved report's note on what worked. */
export interface DigestResolution {
  category: CategoryId;
  label: string;
  note: string;
}

/** A theme of questions the knowledge base could not answer: a topic and how often, never the question. */
export interface DigestTheme {
  category: CategoryId;
  label: string;
  count: number;
}

/** The digest for one ISO week (Europe/London), for the whole network. */
export interface Digest {
  /** "2026-W47" */
  week: string;
  /** Monday and Sunday of the week, "YYYY-MM-DD". */
  startDate: string;
  endDate: string;
  /** "16 to 22 November 2026" */
  period: string;
  generatedAt: string;
  /** True while the week has not ended yet (an on-demand preview of the current week). */
  partial: boolean;
  /** Nothing happened at all: no reports, resolutions, questions or introductions. */
  empty: boolean;
  signals: DigestSignal[];
  /** Categories with reports this week, most reported first. */
  blockers: DigestBlocker[];
  /** Reports marked resolved this week, over all categories (whenever they were logged). */
  resolvedTotal: number;
  /** What helped: resolutions this week with the reporter's note, newest first. */
  helped: DigestResolution[];
  questions: { asked: number; unanswered: number; themes: DigestTheme[] };
  introductions: { proposed: number; accepted: number };
}
