/**
 * Alarms: every function's errors and throttles and every dead-letter queue's depth, each notifying one SNS
 * topic (emailed to the `alarmEmail` context when set). Threshold 1: any of these is worth a look.
 */
import { Duration, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { Concern } from "./concern.ts";

/** Props of the alarms concern. */
export interface AlarmsProps {
  /** Where notifications are emailed; none when unset. */
  email?: string;
}

/** The alarm topic and the alarms, by id (e.g. `SlackEventsErrors`). */
export class PathfinderAlarms extends Concern {
  readonly topic: sns.Topic;
  readonly alarms: Record<string, cloudwatch.Alarm> = {};
  private readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, "AlarmTopic", { displayName: "Pathfinder alarms", enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    this.action = new cloudwatchActions.SnsAction(this.topic);
    Validations.of(this.topic).acknowledge({
      id: "AwsSolutions-SNS2",
      reason:
        "Alarm notifications carry only alarm names and states, no personal data; CloudWatch cannot publish " +
        "to a topic encrypted with the AWS managed aws/sns key, and a customer managed key is not worth it.",
    });
  }

  /** Alarms on a function's errors and throttles (ids `<name>Errors`, `<name>Throttles`). */
  watchFunction(name: string, fn: lambda.IFunction): void {
    this.add(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }), {
      description: `Pathfinder ${name} raised errors (see its log group).`,
    });
    this.add(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }), {
      description: `Pathfinder ${name} was throttled (account concurrency exhausted?).`,
    });
  }

  /** Alarms as soon as a message sits in a dead-letter queue. */
  watchDeadLetters(id: string, queue: sqs.IQueue, description: string): void {
    const metric = queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: "Maximum",
    });
    this.add(id, metric, { description });
  }

  private add(id: string, metric: cloudwatch.IMetric, options: { description: string }): void {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms[id] = alarm;
  }
}
