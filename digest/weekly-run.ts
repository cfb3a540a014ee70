/**
 * One scheduled digest run: work out which week the schedule means, build the digest once, render it once,
 * and deliver it to every subscription (deliver.ts keeps that to once per place per week).
 */
import * as z from "zod";
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

/** An ISO date-time with a zone (Scheduler's `<aws.scheduler.scheduled-time>` and EventBridge's `time` both are). */
const isoInstant = (field: string) =>
  z.iso.datetime({
    offset: true,
    error: `The event's "${field}" is not an ISO date-time like 2026-11-23T09:00:00Z`,
  });

/**
 * The scheduler events a run accepts: `{ "week": "2026-W47" }` (a manual re-run), EventBridge Scheduler input
 * `{ "scheduledTime": "<aws.scheduler.scheduled-time>" }`, an EventBridge event's `time`, or nothing (use the clock).
 * Other fields are allowed, since an EventBridge event carries many; a value of the wrong shape is refused.
 */
export const DigestEventSchema = z.union([
  z.looseObject({
    week: z
      .string({ error: `The event's "week" is not an ISO week like 2026-W47` })
      .refine(isValidWeek, { error: `The event's "week" is not an ISO week like 2026-W47` })
      .optional(),
    scheduledTime: isoInstant("scheduledTime").optional(),
    time: isoInstant("time").optional(),
  }),
  // A schedule without an input (or a manual invoke with none) means "the week before now".
  z.null(),
  z.undefined(),
]);

/** A scheduler event that passed DigestEventSchema. */
export type DigestEvent = z.infer<typeof DigestEventSchema>;

/** Checks the event at the edge of the run; DigestEventError names every problem, and nothing has been posted. */
export function parseDigestEvent(event: unknown): DigestEvent {
  const parsed = DigestEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  // The union's own message lists each branch; the object branch's issues are the ones a person can act on.
  const issues = objectIssues(parsed.error) ?? parsed.error.issues;
  const message =
    typeof event === "object" && event !== null && !Array.isArray(event)
      ? issues.map((issue) => issue.message).join("; ")
      : `The event is not a JSON object: ${JSON.stringify(event)}`;
  throw new DigestEventError(message, { cause: parsed.error });
}

/** The issues of the union's object branch, when the event was an object that failed it. */
function objectIssues(error: z.ZodError): z.core.$ZodIssue[] | undefined {
  const union = error.issues.find((issue) => issue.code === "invalid_union");
  return union && "errors" in union ? union.errors[0] : undefined;
}

/**
 * The week a scheduler event means (see DigestEventSchema). The schedule's own time (not the moment a retry
 * happens to run) decides the week, so every retry of Monday's run reports the same week.
 */
export function readTrigger(event: unknown, now: Date): DigestTrigger {
  const e = parseDigestEvent(event) ?? {};
  if (e.week !== undefined) return { week: e.week, source: "week" };
  for (const field of ["scheduledTime", "time"] as const) {
    const value = e[field];
    if (value !== undefined) {
      const at = new Date(value);
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
