/**
 * Lambda entry: the Slack worker, fed by the SQS queue the events function writes to.
 * Thin: assembles Pathfinder and the Slack delivery once per container, then runs each batch
 * with partial batch failure reporting (the event source mapping must enable
 * ReportBatchItemFailures; SLACK_MAX_RECEIVE_COUNT must match the queue's redrive policy).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createPathfinder } from "../app/pathfinder.ts";
import { createSlackDelivery } from "../bots/slack/deliver.ts";
import { createSlackClient } from "../bots/slack/web-client.ts";
import { makeSlackWorker, type SlackWorker } from "../bots/slack/worker.ts";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { getSecrets } from "../config/secrets.ts";

let cold: Promise<SlackWorker> | undefined;

async function assemble(config: Config): Promise<SlackWorker> {
  const secrets = await getSecrets(config);
  if (!secrets.slackBotToken) throw new ConfigError("The Slack secret has no botToken");
  const log = new Logger({ serviceName: "slack-worker" });
  const { core, peer } = await createPathfinder({ config, secrets });
  const delivery = createSlackDelivery({
    client: createSlackClient(secrets.slackBotToken, config),
    log: (message, detail) => log.warn(message, detail ?? {}),
  });
  const maxReceiveCount = Number(process.env.SLACK_MAX_RECEIVE_COUNT ?? "3");
  return makeSlackWorker(
    { core, peer, delivery, log },
    { maxReceiveCount: Number.isInteger(maxReceiveCount) && maxReceiveCount > 0 ? maxReceiveCount : 3 },
  );
}

/** The Lambda handler: reports failed records so only they are redelivered. */
export async function handler(event: SQSEvent, _context: unknown): Promise<SQSBatchResponse> {
  cold ??= assemble(loadConfig()).catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold).handler(event);
}
