/**
 * A function run by EventBridge Scheduler on a UK-time cron (the weekly digest, the network reminders), with
 * retries on both sides parked in one dead-letter queue: the scheduler's retries cover handing the event to
 * Lambda; a failure inside the function is retried by Lambda's async invocation config and then parked too.
 */
import { Duration, Stack, TimeZone, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as schedulerTargets from "aws-cdk-lib/aws-scheduler-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** What differs between two scheduled functions. */
export interface ScheduleOptions {
  /** Construct ids: `${name}SchedulerRole`, and the schedule's own id. */
  name: string;
  scheduleId: string;
  /** The function's role statement id for parking a failed run. */
  parkSid: string;
  /** "the weekly digest": used in the role's description and the cdk-nag reason. */
  what: string;
  /** The schedule's description, as the console shows it. */
  description: string;
  /** Cron day-of-week field ("MON", "MON-FRI"); 09:00 Europe/London. */
  weekDay: string;
  /** The event's `source`; the scheduled time and execution id ride with it. */
  source: string;
  deadLetterQueue: sqs.IQueue;
}

/** Wires `fn` to its schedule; returns the scheduler's role (named, so tests and grants can find it). */
export function scheduleFunction(scope: Construct, fn: lambda.Function, options: ScheduleOptions): iam.Role {
  const { deadLetterQueue } = options;
  fn.configureAsyncInvoke({
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    onFailure: { bind: () => ({ destination: deadLetterQueue.queueArn }) },
  });
  fn.role?.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: options.parkSid,
      actions: ["sqs:SendMessage"],
      resources: [deadLetterQueue.queueArn],
    }),
  );
  // Our own role (the target grants it invoke on this function and send on the DLQ) so it can be named.
  const role = new iam.Role(scope, `${options.name}SchedulerRole`, {
    assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": Stack.of(scope).account } },
    }),
    description: `EventBridge Scheduler: invoke the Pathfinder ${options.what}`,
  });
  new scheduler.Schedule(scope, options.scheduleId, {
    description: options.description,
    schedule: scheduler.ScheduleExpression.cron({
      minute: "0",
      hour: "9",
      weekDay: options.weekDay,
      timeZone: TimeZone.EUROPE_LONDON,
    }),
    timeWindow: scheduler.TimeWindow.off(),
    target: new schedulerTargets.LambdaInvoke(fn, {
      role,
      // The scheduled time (not the invocation time) is what a run keys its once-only work on.
      input: scheduler.ScheduleTargetInput.fromObject({
        source: options.source,
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
        executionId: scheduler.ContextAttribute.executionId,
      }),
      retryAttempts: 3,
      maxEventAge: Duration.hours(6),
      deadLetterQueue,
    }),
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
    reason:
      `lambda:InvokeFunction on the ${options.what} function and its versions/aliases (Arn:*), as the CDK's ` +
      "grantInvoke writes it; the role can invoke that one function and nothing else.",
  });
  return role;
}
