/**
 * Lambda entry: the Slack worker, fed by the SQS queue the events function writes to.
 * Thin: assembles Pathfinder and the Slack delivery once per container, then runs each batch through
 * Powertools Batch (the event source mapping must enable ReportBatchItemFailures; SLACK_MAX_RECEIVE_COUNT
 * must match the queue's redrive policy). The invocation's remaining time bounds its idempotency claims.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { ChangeMessageVisibilityCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { perContainer } from "../app/container.ts";
import { createPathfinder } from "../app/pathfinder.ts";
import { createSlackDelivery } from "../bots/slack/deliver.ts";
import { createSlackClient } from "../bots/slack/web-client.ts";
import { makeSlackWorker, type SlackWorker } from "../bots/slack/worker.ts";
import { type Config, ConfigError } from "../config/config.ts";
import type { Secrets } from "../config/secrets.ts";
import { createIdempotencyStore } from "../store/idempotency.ts";

/**
 * The queue URL of a record: from config when set, else built from the record's ARN
 * (arn:aws:sqs:region:account:name). The client sends it in the body to its own endpoint.
 */
function queueUrlOf(record: SQSRecord, config: Config): string {
  if (config.slack.queueUrl) return config.slack.queueUrl;
  const [, , , region, account, name] = record.eventSourceARN.split(":");
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
}

async function assemble(config: Config, secrets: Secrets): Promise<SlackWorker> {
  if (!secrets.slackBotToken) throw new ConfigError("The Slack secret has no botToken");
  const log = new Logger({ serviceName: "slack-worker" });
  const { core, peer, doc } = await createPathfinder({ config, secrets });
  const delivery = createSlackDelivery({
    // No retries inside the client: deliver.ts retries, and never re-sends a post blindly.
    client: createSlackClient(secrets.slackBotToken, config, { retries: 0 }),
    log: (message, detail) => log.warn(message, detail ?? {}),
  });
  const sqs = new SQSClient({ region: config.region, maxAttempts: 2 });
  const maxReceiveCount = Number(process.env.SLACK_MAX_RECEIVE_COUNT ?? "3");
  return makeSlackWorker(
    {
      core,
      peer,
      idempotency: createIdempotencyStore({ doc, tableName: config.tableName }),
      delivery,
      log,
      // A long Slack rate limit: the message comes back when the window has passed (sqs:ChangeMessageVisibility).
      deferMessage: async (record, seconds) => {
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrlOf(record, config),
            ReceiptHandle: record.receiptHandle,
            // SQS's limit is 12 hours.
            VisibilityTimeout: Math.min(Math.ceil(seconds), 43_200),
          }),
        );
      },
    },
    { maxReceiveCount: Number.isInteger(maxReceiveCount) && maxReceiveCount > 0 ? maxReceiveCount : 3 },
  );
}

const ready = perContainer(assemble);

/** The Lambda handler: reports failed records so only they are redelivered. */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return (await ready()).handler(event, context);
}
