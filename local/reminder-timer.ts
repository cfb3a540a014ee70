/**
 * The local stand-in for the reminders' EventBridge schedule (cdk/constructs/reminders.ts): while `npm start`
 * runs, the network reminders run at 09:00 UK time Monday to Friday, as deployed (on a bank holiday the run posts
 * nothing, peer/bank-holidays.ts). `POST /network/remind` runs them at once. A run that fails is logged; its reminders stay due and the next run tries them again.
 */

/** The schedule's zone and hour (cdk/constructs/reminders.ts uses the same). */
const ZONE = "Europe/London";
const HOUR = 9;
const DAY_MS = 86_400_000;

const wallClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  weekday: "short",
});

/** The UK wall-clock reading of an instant. */
function ukParts(at: Date): {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
  weekday: string;
} {
  const parts = Object.fromEntries(wallClock.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    min: Number(parts.minute),
    s: Number(parts.second),
    weekday: String(parts.weekday),
  };
}

/**
 * The instant it is 09:00 in the UK on the UK date of `day`. Hand-written because Node has no zone arithmetic
 * built in (Temporal is not in Node 22) and one fixed hour does not justify a time-zone library: 09:00 is never
 * inside a clock change (those happen at 01:00-02:00), so one correction by the zone's offset is exact.
 */
function ukNineOn(day: Date): Date {
  const p = ukParts(day);
  const guess = Date.UTC(p.y, p.m - 1, p.d, HOUR);
  const seen = ukParts(new Date(guess));
  const offset = Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.min, seen.s) - guess;
  return new Date(guess - offset);
}

/** The next scheduled run after `now`: 09:00 UK time on the next weekday (today's, if it is still to come). */
export function nextReminderRun(now: Date): Date {
  for (let i = 0; i < 8; i++) {
    const day = new Date(now.getTime() + i * DAY_MS);
    const weekday = ukParts(day).weekday;
    if (weekday === "Sat" || weekday === "Sun") continue;
    const at = ukNineOn(day);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new RangeError(`no weekday in the 8 days after ${now.toISOString()}`);
}

/** What the timer needs. */
export interface ReminderTimerOptions {
  /** Runs the reminders with the schedule's event (the same handler as the Lambda's). */
  run(event: { source: string; scheduledTime: string }): Promise<unknown>;
  log: (message: string, detail?: Record<string, unknown>) => void;
  now?: () => Date;
}

/** Starts the daily timer; the returned function stops it. The timer never keeps the process alive. */
export function startReminderTimer(options: ReminderTimerOptions): () => void {
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const at = nextReminderRun(now());
    // setTimeout holds at most about 24.8 days; the next weekday morning is at most 3 days away.
    timer = setTimeout(
      () => {
        options
          .run({ source: "pathfinder.network-reminders", scheduledTime: at.toISOString() })
          .catch((error: unknown) =>
            options.log("network reminders failed; they stay due for the next run", {
              error: error instanceof Error ? error.message : String(error),
            }),
          )
          .finally(schedule);
      },
      Math.max(0, at.getTime() - now().getTime()),
    );
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
