/**
 * What the digest reads: the week's counters (one Query on STATS#<week>, at most one item per category plus
 * totals, whatever the volume) and bounded samples (Query with Limit on one week/category partition).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { PeerInputError } from "../peer/errors.ts";
import type { CategoryId, WeeklyCounts, WeeklyStats } from "../peer/ports.ts";
import { isValidWeek } from "../peer/week.ts";
import { guard, type Item, queryAll, type StoreContext } from "./context.ts";
import { keys } from "./keys.ts";

const MAX_SAMPLE = 50;

function assertWeek(week: string): void {
  if (!isValidWeek(week)) throw new PeerInputError(`"${week}" is not an ISO week like 2026-W07.`);
}

function clampLimit(limit: number): number {
  return Math.max(0, Math.min(Math.floor(limit), MAX_SAMPLE));
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** Folds the counter items of one week into WeeklyCounts. */
export function foldCounts(week: string, items: Item[]): WeeklyCounts {
  const counts: WeeklyCounts = {
    week,
    reports: {},
    resolved: {},
    questionsAsked: 0,
    questionsUnanswered: 0,
    unansweredTopics: {},
    introductionsProposed: 0,
    introductionsAccepted: 0,
  };
  const add = (into: Record<CategoryId, number>, category: CategoryId, value: unknown) => {
    const sum = (into[category] ?? 0) + num(value);
    if (sum === 0) delete into[category];
    else into[category] = sum;
  };
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.startsWith("TOTALS")) {
      counts.questionsAsked += num(item.questionsAsked);
      counts.questionsUnanswered += num(item.questionsUnanswered);
      counts.introductionsProposed += num(item.introductionsProposed);
      counts.introductionsAccepted += num(item.introductionsAccepted);
    } else if (sk.startsWith("CAT#")) {
      // sk is CAT#<category>#<shard>; category ids never contain "#".
      const category: CategoryId = sk.slice(4).split("#")[0] ?? "";
      add(counts.reports, category, item.reports);
      add(counts.resolved, category, item.resolved);
      add(counts.unansweredTopics, category, item.unanswered);
    }
  }
  return counts;
}

/** The DynamoDB weekly statistics reader. */
export function createWeeklyStats(ctx: StoreContext): WeeklyStats {
  return {
    async counts(week) {
      assertWeek(week);
      const items = await queryAll(ctx, "read the week's counters", {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.statsPartition(week) },
        ConsistentRead: true,
      });
      return foldCounts(week, items);
    },
    async quotableExamples(week, category, limit) {
      assertWeek(week);
      const max = clampLimit(limit);
      if (max === 0) return [];
      const out = await guard(ctx, "read quotable examples", () =>
        ctx.doc.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.quotePartition(week, category) },
            ScanIndexForward: false,
            Limit: max,
          }),
        ),
      );
      return (out.Items ?? []).map((item) => String(item.text));
    },
    async resolutions(week, limit) {
      assertWeek(week);
      const max = clampLimit(limit);
      if (max === 0) return [];
      const out = await guard(ctx, "read the week's resolutions", () =>
        ctx.doc.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.resolutionPartition(week) },
            ScanIndexForward: false,
            Limit: max,
          }),
        ),
      );
      return (out.Items ?? []).map((item) => ({ category: String(item.category), note: String(item.note) }));
    },
  };
}
