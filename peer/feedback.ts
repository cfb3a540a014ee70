/**
 * Feedback on answers (stored against the answer, once per event, reason scrubbed) and question signals
 * (counters only: topics and answered-or-not, never the question's words).
 */
import type { Clock, FeedbackLog, QuestionSignals, UserRef } from "./ports.ts";
import type { CounterDelta, FeedbackRepository, SignalRepository } from "./repositories.ts";
import { expiresAfterDays } from "./retention.ts";
import { stableId } from "./stable-id.ts";
import { isCategoryId } from "./taxonomy.ts";
import { cleanText } from "./text-input.ts";
import { isoWeek } from "./week.ts";

const MAX_REASON_LENGTH = 500;
/** Signal markers only need to outlive the platforms' retry windows. */
const SIGNAL_MARKER_DAYS = 7;

/** The feedback log over its repository. */
export function makeFeedbackLog(deps: {
  feedback: FeedbackRepository;
  hashUser(user: UserRef): string;
  now: Clock;
  reportTtlDays: number;
}): FeedbackLog {
  return {
    async record(input) {
      if (!input.answerId) throw new TypeError("Feedback needs the answerId it rates");
      if (!input.idempotencyKey) throw new TypeError("Feedback needs an idempotencyKey");
      const reason = input.reason?.trim()
        ? cleanText(input.reason, "The reason", MAX_REASON_LENGTH)
        : undefined;
      const now = input.now ?? deps.now();
      const userHash = deps.hashUser(input.user);
      const created = await deps.feedback.create({
        answerId: input.answerId,
        // Per person under the keyed hash, as obstacles and introductions key theirs: callers need not (and
        // must not) put a raw user id in the key.
        marker: stableId(userHash, input.idempotencyKey),
        helpful: input.helpful,
        ...(reason ? { reason } : {}),
        createdAt: now.toISOString(),
        week: isoWeek(now),
        userHash,
        expiresAt: expiresAfterDays(now, deps.reportTtlDays),
      });
      return { created };
    },
  };
}

/** The question signals over their repository: counted once per event. */
export function makeQuestionSignals(deps: { signals: SignalRepository; now: Clock }): QuestionSignals {
  return {
    async record(input) {
      if (!input.idempotencyKey) throw new TypeError("A question signal needs an idempotencyKey");
      const now = input.now ?? deps.now();
      const week = isoWeek(now);
      // Topics come from the classifier; anything outside the taxonomy would make a counter nobody reads.
      const topics = [...new Set(input.topics)].filter(isCategoryId);
      const marker = stableId(input.idempotencyKey);
      const counters: CounterDelta[] = [
        { week, field: "questionsAsked", by: 1, shardKey: marker },
        ...(input.answered
          ? []
          : [
              { week, field: "questionsUnanswered", by: 1, shardKey: marker } as CounterDelta,
              ...topics.map(
                (category): CounterDelta => ({
                  week,
                  category,
                  field: "unanswered",
                  by: 1,
                  shardKey: marker,
                }),
              ),
            ]),
      ];
      // False means this event was already counted: nothing to do.
      await deps.signals.record(marker, expiresAfterDays(now, SIGNAL_MARKER_DAYS), counters);
    },
  };
}
