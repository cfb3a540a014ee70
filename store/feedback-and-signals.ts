/**
 * Feedback on answers (stored against the answer, once per event) and question signals (counters only:
 * topics and answered-or-not, never the question's words).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { FeedbackLog, QuestionSignals } from "../peer/ports.ts";
import { isCategoryId } from "../peer/taxonomy.ts";
import { cleanText } from "../peer/text-input.ts";
import { isoWeek } from "../peer/week.ts";
import { expiresAfterDays, guard, type StoreContext, stableId, transactWrite } from "./context.ts";
import { counterShard, keys } from "./keys.ts";

const MAX_REASON_LENGTH = 500;
/** Signal markers only need to outlive the platforms' retry windows. */
const SIGNAL_MARKER_DAYS = 7;

/** The DynamoDB feedback log. */
export function createFeedbackLog(ctx: StoreContext): FeedbackLog {
  return {
    async record(input) {
      if (!input.answerId) throw new TypeError("Feedback needs the answerId it rates");
      if (!input.idempotencyKey) throw new TypeError("Feedback needs an idempotencyKey");
      const reason = input.reason?.trim()
        ? cleanText(input.reason, "The reason", MAX_REASON_LENGTH)
        : undefined;
      const now = input.now ?? new Date();
      const userHash = ctx.hashUser(input.user);
      const createdAt = now.toISOString();
      try {
        await guard(ctx, "record the feedback", () =>
          ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: {
                ...keys.feedback(input.answerId, stableId(input.idempotencyKey)),
                type: "feedback",
                answerId: input.answerId,
                helpful: input.helpful,
                ...(reason ? { reason } : {}),
                createdAt,
                week: isoWeek(now),
                userHash,
                expiresAt: expiresAfterDays(now, ctx.reportTtlDays),
                gsi1pk: keys.owner(userHash),
                gsi1sk: `FEEDBACK#${createdAt}#${input.answerId}`,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
        return { created: true };
      } catch (error) {
        if ((error as { name?: string }).name === "ConditionalCheckFailedException")
          return { created: false };
        throw error;
      }
    },
  };
}

/** The DynamoDB question signals: a marker (for retries) and counter updates in one transaction. */
export function createQuestionSignals(ctx: StoreContext): QuestionSignals {
  return {
    async record(input) {
      if (!input.idempotencyKey) throw new TypeError("A question signal needs an idempotencyKey");
      const now = input.now ?? new Date();
      const week = isoWeek(now);
      // Topics come from the classifier; anything outside the taxonomy would make a counter nobody reads.
      const topics = [...new Set(input.topics)].filter(isCategoryId);
      const marker = stableId(input.idempotencyKey);
      const shard = counterShard(marker);
      const outcome = await transactWrite(ctx, "record the question signal", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.signal(marker),
              type: "signal",
              expiresAt: expiresAfterDays(now, SIGNAL_MARKER_DAYS),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.totalsCounter(week, shard),
            UpdateExpression: input.answered
              ? "ADD questionsAsked :one SET #t = :t"
              : "ADD questionsAsked :one, questionsUnanswered :one SET #t = :t",
            ExpressionAttributeNames: { "#t": "type" },
            ExpressionAttributeValues: { ":one": 1, ":t": "stats" },
          },
        },
        ...(input.answered
          ? []
          : topics.map((topic) => ({
              Update: {
                TableName: ctx.tableName,
                Key: keys.categoryCounter(week, topic, shard),
                UpdateExpression: "ADD unanswered :one SET #t = :t, category = :c",
                ExpressionAttributeNames: { "#t": "type" },
                ExpressionAttributeValues: { ":one": 1, ":t": "stats", ":c": topic },
              },
            }))),
      ]);
      // A failed condition means this event was already counted: nothing to do.
      void outcome;
    },
  };
}
