/** Feedback records (against the answer they rate) and question-signal markers on DynamoDB. */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { FeedbackRepository, SignalRepository } from "../peer/repositories.ts";
import { guard, isConditionFailure, type StoreContext, transactWrite } from "./context.ts";
import { keys } from "./keys.ts";
import { counterUpdates } from "./stats.ts";

/** The DynamoDB feedback repository. */
export function createFeedbackRepository(ctx: StoreContext): FeedbackRepository {
  return {
    async create(record) {
      try {
        await guard(ctx, "record the feedback", () =>
          ctx.doc.send(
            new PutCommand({
              TableName: ctx.tableName,
              Item: {
                ...keys.feedback(record.answerId, record.marker),
                type: "feedback",
                answerId: record.answerId,
                helpful: record.helpful,
                ...(record.reason ? { reason: record.reason } : {}),
                createdAt: record.createdAt,
                week: record.week,
                userHash: record.userHash,
                expiresAt: record.expiresAt,
                gsi1pk: keys.owner(record.userHash),
                gsi1sk: `FEEDBACK#${record.createdAt}#${record.answerId}`,
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}

/** The DynamoDB question signals: a marker (for retries) and counter updates in one transaction. */
export function createSignalRepository(ctx: StoreContext): SignalRepository {
  return {
    async record(marker, expiresAt, counters) {
      const outcome = await transactWrite(ctx, "record the question signal", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: { ...keys.signal(marker), type: "signal", expiresAt },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...counterUpdates(ctx, counters),
      ]);
      return outcome.ok;
    },
  };
}
