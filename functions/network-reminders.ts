/**
 * Lambda entry: the network reminders (issue 15), run by EventBridge Scheduler at 09:00 Europe/London on
 * weekdays. Thin: it reads the schedule's event, runs app/network-reminders.ts and reports. When a reminder
 * could not be posted it throws after trying them all, so Lambda's retry (and then the dead-letter queue and
 * its alarm) sees it; a retry posts only to the places still missing, since each post is claimed. A post that
 * may have landed (Teams took the request, its answer was lost) is warned about by key and not retried.
 *
 * Its own function rather than a second event kind of the weekly digest's: the digest's function has no
 * grant on the open questions' index or on updating items, and it runs once a week with a week as its key,
 * while this runs daily with the questions as keys. Sharing would widen the digest's grants for nothing.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { perContainer } from "../app/container.ts";
import {
  createReminderStores,
  describeError,
  ReminderEventError,
  type ReminderRunDeps,
  type ReminderRunResult,
  runNetworkReminders,
} from "../app/network-reminders.ts";
import { createReminderSenders } from "../app/reminder-senders.ts";

/** Some reminders were not posted; the run is reported as failed so Lambda retries it. */
export class ReminderDeliveryError extends Error {
  readonly result: ReminderRunResult;
  constructor(result: ReminderRunResult) {
    const places = result.failed.map((f) => `${f.platform}:${f.conversationId} (question ${f.questionId})`);
    super(`${result.failed.length} reminder posts failed: ${places.join("; ")}`);
    this.name = "ReminderDeliveryError";
    this.result = result;
  }
}

/** The scheduler's event could not be understood: nothing was posted, and the error is logged. */
export interface ReminderEventRejected {
  rejected: true;
  error: string;
}

/** What the handler is given (tests pass DynamoDB Local stores and senders aimed at fake servers). */
export interface ReminderHandlerDeps extends ReminderRunDeps {
  logger?: Pick<Logger, "info" | "warn" | "error">;
  now?: () => Date;
  /** How long a run may hold its claims when Lambda gives no deadline (a local or test run). */
  budgetMs?: number;
}

/**
 * Makes the scheduled handler. A malformed event is logged and answered without a throw: Lambda's and the
 * scheduler's retries would only send the same event again.
 */
export function makeReminderHandler(deps: ReminderHandlerDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: "network-reminders" });
  const now = deps.now ?? (() => new Date());
  return async (
    event: unknown,
    context?: Pick<Context, "getRemainingTimeInMillis">,
  ): Promise<ReminderRunResult | ReminderEventRejected> => {
    // Claims lapse when this invocation would have timed out: a run that dies mid-post is retried in full.
    const remaining = context?.getRemainingTimeInMillis() ?? deps.budgetMs ?? 300_000;
    let result: ReminderRunResult;
    try {
      result = await runNetworkReminders(event, deps, {
        deadline: new Date(now().getTime() + remaining),
        now,
        onFailed: (post, error) =>
          logger.warn("reminder post failed", {
            platform: post.platform,
            conversationId: post.conversationId,
            error: describeError(error),
          }),
        // Not a failure to retry: the run succeeds, and the key says which claim holds it back.
        onUnknown: (post, key, error) =>
          logger.warn(
            "reminder may have been posted (the answer was lost); not retried, so never posted twice",
            {
              key,
              platform: post.platform,
              conversationId: post.conversationId,
              error: describeError(error),
            },
          ),
      });
    } catch (error) {
      if (!(error instanceof ReminderEventError)) throw error;
      logger.error("network reminders event rejected", { error: error.message });
      return { rejected: true, error: error.message };
    }
    const { failed, ...summary } = result;
    if (failed.length > 0) {
      logger.error("network reminders incomplete", { ...summary, failed });
      throw new ReminderDeliveryError(result);
    }
    logger.info("network reminders done", summary);
    return result;
  };
}

const ready = perContainer(async (config, secrets) => {
  const logger = new Logger({ serviceName: "network-reminders" });
  const stores = createReminderStores(config);
  return makeReminderHandler({
    ...stores,
    senders: createReminderSenders(config, secrets, stores, {
      log: (message, detail) => logger.warn(message, detail ?? {}),
    }),
    logger,
  });
});

/** The Lambda handler: dependencies are assembled once per container (a failed assembly is retried). */
export async function handler(
  event: unknown,
  context?: Context,
): Promise<ReminderRunResult | ReminderEventRejected> {
  return (await ready())(event, context);
}
