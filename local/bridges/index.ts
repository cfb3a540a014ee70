/**
 * The real Lambda handlers, served from the local server: Slack's events handler and worker joined by
 * an in-process queue (slack.ts), the Teams messaging endpoint (teams.ts), and the weekly digest run on
 * demand. A platform that is not configured gets a sentence saying what to set, never an unauthenticated
 * endpoint.
 */
import type { ServerResponse } from "node:http";
import { Logger } from "@aws-lambda-powertools/logger";
import { createDigestPosters } from "../../app/digest-posters.ts";
import type { ReminderRunResult } from "../../app/network-reminders.ts";
import { createReminderSenders } from "../../app/reminder-senders.ts";
import type { Pathfinder } from "../../app/types.ts";
import type { Secrets } from "../../config/secrets.ts";
import type { DigestRunResult } from "../../digest/weekly-run.ts";
import { makeReminderHandler, type ReminderEventRejected } from "../../functions/network-reminders.ts";
import { makeDigestHandler } from "../../functions/weekly-digest.ts";
import { sendJson } from "../http-io.ts";
import { type SlackBridge, slackBridge } from "./slack.ts";
import { type TeamsBridge, teamsBridge } from "./teams.ts";
import type { BridgeOptions } from "./types.ts";

/** The platform endpoints a local run serves. */
export interface LocalBridges {
  slack: SlackBridge;
  teams: TeamsBridge;
  /** Runs the scheduled weekly digest now (`{ "week": "2026-W47" }` for a given week). */
  runDigest(event: unknown): Promise<DigestRunResult>;
  /** Runs the network reminders now (issue 15), as the weekday schedule does; throws ReminderDeliveryError. */
  runReminders(event: unknown): Promise<ReminderRunResult | ReminderEventRejected>;
}

/** Wires the bridges to the assembled application. */
export async function createLocalBridges(
  pathfinder: Pathfinder,
  secrets: Secrets,
  options: BridgeOptions,
): Promise<LocalBridges> {
  const digest = makeDigestHandler(
    {
      stats: pathfinder.peer.stats,
      subscriptions: pathfinder.peer.subscriptions,
      idempotency: pathfinder.peer.idempotency,
      posters: createDigestPosters(pathfinder.config, secrets),
      // The same structured logger the Lambda uses (LOG_LEVEL applies).
      logger: new Logger({ serviceName: "weekly-digest" }),
    },
    // Locally a person is waiting for the answer: retry briefly rather than for the scheduler's minutes.
    { retry: { attempts: 2, baseDelayMs: 200, maxDelayMs: 1_000 } },
  );
  const { network, subscriptions, idempotency, conversations } = pathfinder.peer;
  const reminderLogger = new Logger({ serviceName: "network-reminders" });
  const reminders = makeReminderHandler({
    network,
    subscriptions,
    idempotency,
    conversations,
    senders: createReminderSenders(
      pathfinder.config,
      secrets,
      { network, conversations },
      { log: (message, detail) => reminderLogger.warn(message, detail ?? {}) },
    ),
    logger: reminderLogger,
  });
  return {
    slack: slackBridge(pathfinder, secrets, options.log),
    teams: await teamsBridge(pathfinder, secrets, options),
    runDigest: digest,
    runReminders: (event) => reminders(event),
  };
}

/** Answers a bridge that is not configured: 503 with the reason, as JSON. */
export function sendUnavailable(res: ServerResponse, reason: string): void {
  sendJson(res, 503, { error: reason });
}
