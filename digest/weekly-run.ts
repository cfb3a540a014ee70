/**
 * One scheduled digest run: work out which week the schedule means, build the digest once, render it once,
 * and deliver it to every subscription (deliver.ts keeps that to once per place per week).
 */
import type { Idempotency, Subscriptions, WeeklyStats } from "../peer/ports.ts";
import { isValidWeek, previousWeek } from "../peer/week.ts";
import { type BuildOptions, buildDigest } from "./build.ts";
import { type DeliverOptions, type DeliveryReport, type DigestPosters, deliverDigest } from "./deliver.ts";
import { renderDigest } from "./render.ts";

/** The schedule's event could not be understood (a malformed time or week). Retrying will not help. */
export class DigestEventError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DigestEventError";
  }
}

/** Some subscriptions did not get the digest; the run is reported as failed so the scheduler retries. */
export class DigestDeliveryError extends Error {
  readonly result: DigestRunResult;
  constructor(result: DigestRunResult, options?: { cause?: unknown }) {
    const places = result.failed.map((f) => `${f.platform}:${f.conversationId} (${f.error})`).join("; ");
    super(
      `Weekly digest ${result.week}: ${result.failed.length} of ${result.subscriptions} conversations failed: ${places}`,
      options,
    );
    this.name = "DigestDeliveryError";
    this.result = result;
  }
}

/** Which week a run reports on, and why. */
export interface DigestTrigger {
  week: string;
  /** The instant the week was derived from (ISO), or undefined when the event named the week. */
  at?: string;
  source: "week" | "scheduledTime" | "time" | "now";
}

function readTime(value: unknown, field: string): Date {
  const at = typeof value === "string" ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    throw new DigestEventError(`The event's "${field}" is not an ISO date-time: ${JSON.stringify(value)}`);
  }
  return at;
}

/**
 * The week a scheduler event means. Accepts `{ "week": "2026-W47" }` (a manual re-run),
 * EventBridge Scheduler input `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, an EventBridge
 * event's `time`, and otherwise uses the clock. The schedule's own time (not the moment a retry happens
 * to run) decides the week, so every retry of Monday's run reports the same week.
 */
export function readTrigger(event: unknown, now: Date): DigestTrigger {
  const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  if (e.week !== undefined) {
    if (typeof e.week !== "string" || !isValidWeek(e.week)) {
      throw new DigestEventError(
        `The event's "week" is not an ISO week like 2026-W47: ${JSON.stringify(e.week)}`,
      );
    }
    return { week: e.week, source: "week" };
  }
  for (const field of ["scheduledTime", "time"] as const) {
    if (e[field] !== undefined) {
      const at = readTime(e[field], field);
      return { week: previousWeek(at), at: at.toISOString(), source: field };
    }
  }
  return { week: previousWeek(now), at: now.toISOString(), source: "now" };
}

/** What the scheduled function needs. */
export interface WeeklyRunDeps {
  stats: WeeklyStats;
  subscriptions: Subscriptions;
  idempotency: Idempotency;
  posters: DigestPosters;
  now?: () => Date;
}

/** Result of a run: the delivery report plus what was sent. */
export interface DigestRunResult extends DeliveryReport {
  trigger: DigestTrigger;
  subscriptions: number;
  /** The digest had nothing to report (the one friendly line was sent). */
  empty: boolean;
}

/** Builds the digest for the event's week once and delivers it everywhere subscribed. Never throws for one place. */
export async function runWeeklyDigest(
  event: unknown,
  deps: WeeklyRunDeps,
  options: { build?: Omit<BuildOptions, "now">; deliver?: DeliverOptions } = {},
): Promise<DigestRunResult> {
  const now = deps.now ?? (() => new Date());
  const trigger = readTrigger(event, now());
  const subscriptions = await deps.subscriptions.list();
  const digest = await buildDigest(deps.stats, trigger.week, { ...options.build, now: now() });
  const reply = renderDigest(digest, "public");
  const report = await deliverDigest({
    digest,
    reply,
    subscriptions,
    idempotency: deps.idempotency,
    posters: deps.posters,
    options: { now, ...options.deliver },
  });
  return { ...report, trigger, subscriptions: subscriptions.length, empty: digest.empty };
}
