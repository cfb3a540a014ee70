/**
 * An ambassador's availability, computed in one place so matching, the CLI, Slack App Home, the Teams cards
 * and the playground's directory all say the same thing ("at capacity (0/0 this month)" everywhere, never
 * "Available" in one place and "at capacity" in another).
 */
import type { Ambassador } from "./ports.ts";
import { londonDate } from "./week.ts";

/** "YYYY-MM" of an instant on the London calendar (the month capacity is counted in). */
export function londonMonth(at: Date): string {
  const { year, month } = londonDate(at);
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** "YYYY-MM-DD" of an instant on the London calendar. */
export function londonDay(at: Date): string {
  const { year, month, day } = londonDate(at);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Where an ambassador stands now; only "active" can be offered an introduction. */
export type AmbassadorStatus =
  | { kind: "active"; used: number; capacity: number }
  /** A volunteer a coordinator has not confirmed yet (`volunteer`). */
  | { kind: "pending"; since: string }
  /** The ambassador said so themself (`away until 2027-01-10`). */
  | { kind: "away"; until: string }
  /** A coordinator paused them (`ambassadors snooze`). */
  | { kind: "snoozed"; until: string }
  | { kind: "at-capacity"; used: number; capacity: number };

/** Introductions counted against this month's capacity. */
export function introductionsThisMonth(ambassador: Ambassador, now: Date): number {
  return ambassador.introductionsByMonth?.[londonMonth(now)] ?? 0;
}

/**
 * The ambassador's status at `now`. Away and snoozed dates are inclusive (away until the 10th means first
 * offered on the 11th); being away wins over a snooze because it is the person's own word.
 */
export function ambassadorStatus(ambassador: Ambassador, now: Date): AmbassadorStatus {
  const today = londonDay(now);
  if (ambassador.pendingSince) return { kind: "pending", since: ambassador.pendingSince };
  if (ambassador.awayUntil && ambassador.awayUntil >= today)
    return { kind: "away", until: ambassador.awayUntil };
  if (ambassador.snoozedUntil && ambassador.snoozedUntil >= today) {
    return { kind: "snoozed", until: ambassador.snoozedUntil };
  }
  const used = introductionsThisMonth(ambassador, now);
  const capacity = ambassador.monthlyCapacity;
  // A capacity of 0 means "not taking introductions": at capacity, never "available".
  if (used >= capacity) return { kind: "at-capacity", used, capacity };
  return { kind: "active", used, capacity };
}

/** The one wording of a status: "active (1/3 this month)", "away until 2027-01-10", ... */
export function describeStatus(status: AmbassadorStatus): string {
  switch (status.kind) {
    case "active":
      return `active (${status.used}/${status.capacity} this month)`;
    case "pending":
      return "awaiting a coordinator's confirmation";
    case "away":
      return `away until ${status.until}`;
    case "snoozed":
      return `snoozed until ${status.until}`;
    case "at-capacity":
      return `at capacity (${status.used}/${status.capacity} this month)`;
  }
}

/** Status and its wording at once, for the directory views. */
export function availabilityOf(ambassador: Ambassador, now: Date): AmbassadorStatus & { label: string } {
  const status = ambassadorStatus(ambassador, now);
  return { ...status, label: describeStatus(status) };
}

const SAMPLE_SUFFIX = /\s*\(sample(?: data)?\)\s*$/i;

/**
 * The name to show: sample ambassadors carry "(sample)" exactly once, whether or not their stored name
 * already says so (the bundled samples do; an imported row flagged `sample` may not).
 */
export function ambassadorLabel(ambassador: Pick<Ambassador, "displayName" | "sample">): string {
  const bare = ambassador.displayName.replace(SAMPLE_SUFFIX, "");
  return ambassador.sample ? `${bare} (sample)` : ambassador.displayName;
}

/** A profile as a directory shows it: the one label and the one status wording beside the stored fields. */
export type DirectoryEntry = Ambassador & {
  label: string;
  status: string;
  statusKind: AmbassadorStatus["kind"];
};

/** The directory view of one ambassador (the playground's API serves these). */
export function directoryEntry(ambassador: Ambassador, now: Date): DirectoryEntry {
  const status = availabilityOf(ambassador, now);
  return { ...ambassador, label: ambassadorLabel(ambassador), status: status.label, statusKind: status.kind };
}
