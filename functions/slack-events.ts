/**
 * Lambda entry: Slack's Events API, slash command and interactivity requests (one URL).
 * Thin: assembles the Bolt handler once per container (again if the secrets rotate) and delegates.
 * Verifying, acknowledging and queueing live in bots/slack/events-app.ts; the slow work in
 * functions/slack-worker.ts.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { SQSClient } from "@aws-sdk/client-sqs";
import { perContainer } from "../app/container.ts";
import { type AwsEvent, type AwsResponse, makeSlackEventsHandler } from "../bots/slack/events-app.ts";
import { webClientModalOpener } from "../bots/slack/network-events.ts";
import { createSlackClient } from "../bots/slack/web-client.ts";
import { sqsWorkQueue } from "../bots/slack/work-queue.ts";
import { ConfigError } from "../config/config.ts";

const ready = perContainer(async (config, secrets) => {
  if (!config.slack.queueUrl)
    throw new ConfigError("SLACK_QUEUE_URL is required for the Slack events function");
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
      // Forms open a modal with the 3-second trigger_id here (views.open); no token, no forms (core's fallback).
      ...(secrets.slackBotToken
        ? { views: webClientModalOpener(createSlackClient(secrets.slackBotToken, config, { retries: 0 })) }
        : {}),
      // Powertools reads LOG_LEVEL from the environment itself.
      log: new Logger({ serviceName: "slack-events" }),
    },
    config,
  );
});

/** The Lambda handler (two arguments: Node.js 24 runtimes refuse callback-style handlers). */
export async function handler(event: AwsEvent, context: unknown): Promise<AwsResponse> {
  return (await ready())(event, context);
}
