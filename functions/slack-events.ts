/**
 * Lambda entry: Slack's Events API, slash command and interactivity requests (one URL).
 * Thin: assembles the Bolt handler once per container and delegates. Verifying, acknowledging
 * and queueing live in bots/slack/events-app.ts; the slow work in functions/slack-worker.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  type AwsEvent,
  type AwsResponse,
  makeSlackEventsHandler,
  type SlackEventsHandler,
} from "../bots/slack/events-app.ts";
import { sqsWorkQueue } from "../bots/slack/work-queue.ts";
import { type Config, ConfigError, loadConfig } from "../config/config.ts";
import { getSecrets } from "../config/secrets.ts";

let cold: Promise<SlackEventsHandler> | undefined;

async function assemble(config: Config): Promise<SlackEventsHandler> {
  if (!config.slack.queueUrl)
    throw new ConfigError("SLACK_QUEUE_URL is required for the Slack events function");
  const secrets = await getSecrets(config);
  if (!secrets.slackSigningSecret) throw new ConfigError("The Slack secret has no signingSecret");
  // Slack waits 3 s for the acknowledgement: one quick retry, short timeouts.
  const sqs = new SQSClient({
    region: config.region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
  });
  return makeSlackEventsHandler(
    {
      queue: sqsWorkQueue({ client: sqs, queueUrl: config.slack.queueUrl }),
      signingSecret: secrets.slackSigningSecret,
      // Powertools reads LOG_LEVEL from the environment itself.
      log: new Logger({ serviceName: "slack-events" }),
    },
    config,
  );
}

/** The Lambda handler (two arguments: Node.js 24 runtimes refuse callback-style handlers). */
export async function handler(event: AwsEvent, context: unknown): Promise<AwsResponse> {
  cold ??= assemble(loadConfig()).catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return (await cold)(event, context);
}
