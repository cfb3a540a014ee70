/**
 * The turn's deadline: Teams gives a bot about 15 s to answer an activity, so core's work is raced against a
 * shorter bound and the person is told to try again instead of waiting in silence (bot.ts).
 */

/** Raised when core does not answer within the turn's deadline. */
export class TurnDeadlineError extends Error {
  constructor(deadlineMs: number, options?: { cause?: unknown }) {
    super(`The turn did not finish within ${deadlineMs} ms`, options);
    this.name = "TurnDeadlineError";
  }
}

/** Resolves as `work` does, or rejects with TurnDeadlineError after `ms` (the late result is dropped). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TurnDeadlineError(ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
