/**
 * Lambda entry: the weekly digest, run by EventBridge Scheduler every Monday 09:00 Europe/London.
 * Thin: it reads the schedule's event, runs digest/weekly-run.ts and reports. When any conversation was not
 * posted to, it throws after trying them all, so the scheduler's retry policy (and then its dead-letter
 * queue) sees the failure; the retry posts only to the places still missing (each delivery is claimed). A post
 * that may have landed (Teams took the request, its answer was lost) is warned about by key and not retried.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";
import { perContainer } from "../app/container.ts";
import { createDigestStores } from "../app/digest.ts";
import { createDigestPosters } from "../app/digest-posters.ts";
import type { DeliverOptions, DigestPosters, RetryPolicy } from "../digest/deliver.ts";
import type { NetworkDigestSource } from "../digest/network.ts";
import {
  DigestDeliveryError,
  DigestEventError,
  type DigestRunResult,
  runWeeklyDigest,
  type WeeklyRunDeps,
} from "../digest/weekly-run.ts";

/** What the handler is given (tests pass DynamoDB Local services and posters aimed at fake servers). */
export interface DigestHandlerDeps extends Omit<WeeklyRunDeps, "posters"> {
  posters: DigestPosters;
  /** The network's weekly figures: "Answered by the network this week" (issue 15; digest/network.ts). */
  network?: NetworkDigestSource;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  /** Waits between retries (tests record instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

/** Tuning for the run. */
export interface DigestHandlerConfig {
  retry?: RetryPolicy;
  concurrency?: number;
}

/** Makes the scheduled handler: returns the run's result, or throws DigestDeliveryError listing failures. */
export function makeDigestHandler(deps: DigestHandlerDeps, config: DigestHandlerConfig = {}) {
  const logger = deps.logger ?? new Logger({ serviceName: "weekly-digest" });
  return async (
    event: unknown,
    context?: Pick<Context, "getRemainingTimeInMillis">,
  ): Promise<DigestRunResult> => {
    const remaining = context?.getRemainingTimeInMillis();
    const deliver: DeliverOptions = {
      // Claims lapse when this invocation would have timed out: a run that dies mid-post is retried in full.
      ...(remaining === undefined ? {} : { deadline: new Date(Date.now() + remaining) }),
      ...(config.retry ? { retry: config.retry } : {}),
      ...(config.concurrency ? { concurrency: config.concurrency } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onAttemptFailed: (target, attempt, error) =>
        logger.warn("digest post failed", {
          ...target,
          attempt,
          error: (error as Error)?.message ?? String(error),
        }),
      // Not a failure to retry: the run succeeds, and the key says which claim holds it back.
      onOutcomeUnknown: (unknown) =>
        logger.warn("digest may have been posted (the answer was lost); not retried, so never posted twice", {
          ...unknown,
        }),
    };
    const build = deps.network ? { network: deps.network } : undefined;
    const result = await runWeeklyDigest(event, deps, { deliver, ...(build ? { build } : {}) }).catch(
      (error: unknown) => {
        // The event is parsed before anything is read or posted; one line says what was wrong with it.
        if (error instanceof DigestEventError)
          logger.error("weekly digest event rejected", { error: error.message });
        throw error;
      },
    );
    const summary = {
      week: result.week,
      source: result.trigger.source,
      subscriptions: result.subscriptions,
      delivered: result.delivered.length,
      skipped: result.skipped.length,
      failed: result.failed,
      unknown: result.unknown.length,
      empty: result.empty,
    };
    if (result.failed.length > 0) {
      logger.error("weekly digest incomplete", summary);
      throw new DigestDeliveryError(result);
    }
    logger.info("weekly digest delivered", summary);
    return result;
  };
}

/** The scheduler's event could not be understood: nothing was posted, and the error is already logged. */
export interface DigestEventRejected {
  rejected: true;
  error: string;
}

/**
 * Answers a malformed event without throwing: Lambda's asynchronous retries (and the scheduler's) would only
 * send the same event again, so a throw would just add retries and a dead-letter entry to the one logged error.
 */
export function rejectBadEventsWithoutRetry<C>(
  run: (event: unknown, context?: C) => Promise<DigestRunResult>,
): (event: unknown, context?: C) => Promise<DigestRunResult | DigestEventRejected> {
  return async (event, context) => {
    try {
      return await run(event, context);
    } catch (error) {
      if (error instanceof DigestEventError) return { rejected: true, error: error.message };
      throw error;
    }
  };
}

const ready = perContainer(async (config, secrets) => {
  // Powertools reads LOG_LEVEL from the environment itself.
  const logger = new Logger({ serviceName: "weekly-digest" });
  // The composition root's digest share (app/digest.ts): no hash key, no knowledge base, no core.
  return makeDigestHandler({
    ...createDigestStores(config),
    posters: createDigestPosters(config, secrets, {
      warn: (message, detail) => logger.warn(message, detail ?? {}),
    }),
    logger,
  });
});

/** The Lambda handler: dependencies are assembled once per container (a failed assembly is retried). */
export async function handler(
  event: unknown,
  context?: Context,
): Promise<DigestRunResult | DigestEventRejected> {
  return rejectBadEventsWithoutRetry(await ready())(event, context);
}
