/**
 * Slack: the events function (public URL; verify, enqueue, ack within Slack's 3 s) and the worker fed by the
 * Slack work queue, whose failures park in a dead-letter queue after SLACK_MAX_RECEIVE_COUNT deliveries.
 */
import { Duration } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { FUNCTION_SPECS, SLACK_DLQ_RETENTION_DAYS, SLACK_MAX_RECEIVE_COUNT } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";
import { makeDeadLetterQueue } from "./queues.ts";

/** Props of the Slack concern. */
export interface SlackProps {
  context: Omit<FunctionContext, "queue">;
  entries: { slackEvents: string; slackWorker: string };
}

/** Slack events → queue → worker. */
export class PathfinderSlack extends Concern {
  readonly events: lambda.Function;
  readonly worker: lambda.Function;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** The events function's public URL (it ends in "/"). */
  readonly eventsUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: SlackProps) {
    super(scope, id);
    // A parked job holds the person's message as they wrote it, unscrubbed: kept days, not weeks
    // (docs/threat-model.md, issue 13 item 12).
    this.deadLetterQueue = makeDeadLetterQueue(this, "SlackDeadLetterQueue", SLACK_DLQ_RETENTION_DAYS);
    this.queue = new sqs.Queue(this, "SlackQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(FUNCTION_SPECS.slackWorker.timeoutSeconds * 6),
      // An answer a day late is no answer; what fails goes to the dead-letter queue (SLACK_DLQ_RETENTION_DAYS,
      // counted, for a standard queue, from when the message was first sent here).
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: SLACK_MAX_RECEIVE_COUNT },
    });
    const context = { ...props.context, queue: this.queue };
    this.events = makeFunction(this, FUNCTION_SPECS.slackEvents, props.entries.slackEvents, context);
    this.worker = makeFunction(this, FUNCTION_SPECS.slackWorker, props.entries.slackWorker, context);

    // Made by hand (not SqsEventSource), because that helper also grants sqs:GetQueueUrl, which nothing calls;
    // the worker's grants are QUEUE_ACTIONS.consume in cdk/function-specs.ts.
    new lambda.EventSourceMapping(this, "SlackWorkerQueueMapping", {
      target: this.worker,
      eventSourceArn: this.queue.queueArn,
      batchSize: 5,
      reportBatchItemFailures: true,
      // Bounds parallel OpenAI and Slack calls; 2 is the minimum SQS allows.
      maxConcurrency: 5,
    });
    this.eventsUrl = this.events.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
