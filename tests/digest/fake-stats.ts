/**
 * An in-memory WeeklyStats for the pure build/render tests (storage behaviour is tested against DynamoDB
 * Local in digest-dynamo.test.ts). It records every call so tests can assert the reads stay bounded.
 */
import type { CategoryId, WeeklyCounts, WeeklyStats } from "../../peer/ports.ts";

export interface FakeWeek {
  reports?: Record<CategoryId, number>;
  resolved?: Record<CategoryId, number>;
  questionsAsked?: number;
  questionsUnanswered?: number;
  unansweredTopics?: Record<CategoryId, number>;
  introductionsProposed?: number;
  introductionsAccepted?: number;
  /** category -> quotable texts (already consented). */
  quotes?: Record<CategoryId, string[]>;
  resolutions?: { category: CategoryId; note: string }[];
}

export interface FakeStats extends WeeklyStats {
  calls: {
    method: "counts" | "quotableExamples" | "resolutions";
    week: string;
    category?: string;
    limit?: number;
  }[];
}

/** WeeklyStats over a map of week -> data; unknown weeks are empty. */
export function fakeStats(weeks: Record<string, FakeWeek>): FakeStats {
  const calls: FakeStats["calls"] = [];
  return {
    calls,
    async counts(week): Promise<WeeklyCounts> {
      calls.push({ method: "counts", week });
      const w = weeks[week] ?? {};
      return {
        week,
        reports: { ...w.reports },
        resolved: { ...w.resolved },
        questionsAsked: w.questionsAsked ?? 0,
        questionsUnanswered: w.questionsUnanswered ?? 0,
        unansweredTopics: { ...w.unansweredTopics },
        introductionsProposed: w.introductionsProposed ?? 0,
        introductionsAccepted: w.introductionsAccepted ?? 0,
      };
    },
    async quotableExamples(week, category, limit) {
      calls.push({ method: "quotableExamples", week, category, limit });
      return (weeks[week]?.quotes?.[category] ?? []).slice(0, limit);
    },
    async resolutions(week, limit) {
      calls.push({ method: "resolutions", week, limit });
      return (weeks[week]?.resolutions ?? []).slice(0, limit);
    },
  };
}
