/**
 * The weekly digest: its function, run by EventBridge Scheduler every Monday 09:00 UK time, with retries on
 * both sides (the scheduler's hand-off and Lambda's async invocation) parked in one dead-letter queue.
 */
import { Duration, Stack, TimeZone, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as schedulerTargets from "aws-cdk-lib/aws-scheduler-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { FUNCTION_SPECS } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";
import { makeDeadLetterQueue } from "./queues.ts";

/** Props of the digest concern. */
export interface DigestProps {
  context: Omit<FunctionContext, "queue">;
  entry: string;
}

/** The digest function, its schedule, and the dead-letter queue of both. */
export class PathfinderDigest extends Concern {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: DigestProps) {
    super(scope, id);
    this.deadLetterQueue = makeDeadLetterQueue(this, "DigestDeadLetterQueue");
    const fn = makeFunction(this, FUNCTION_SPECS.weeklyDigest, props.entry, props.context);
    this.function = fn;
    const deadLetterQueue = this.deadLetterQueue;

    // Scheduler invokes asynchronously: its retries cover failing to hand the event to Lambda; a failure
    // inside the function is retried by Lambda's async invocation config and then parked in the same DLQ.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: {
        bind: () => ({ destination: deadLetterQueue.queueArn }),
      },
    });
    fn.role?.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ParkFailedDigest",
        actions: ["sqs:SendMessage"],
        resources: [deadLetterQueue.queueArn],
      }),
    );
    // Our own role (the target grants it invoke on this function and send on the DLQ) so it can be named.
    this.schedulerRole = new iam.Role(this, "DigestSchedulerRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: "EventBridge Scheduler: invoke the Pathfinder weekly digest",
    });
    new scheduler.Schedule(this, "WeeklyDigestSchedule", {
      description: "Pathfinder weekly digest: Monday 09:00 UK time",
      schedule: scheduler.ScheduleExpression.cron({
        minute: "0",
        hour: "9",
        weekDay: "MON",
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      timeWindow: scheduler.TimeWindow.off(),
      target: new schedulerTargets.LambdaInvoke(fn, {
        role: this.schedulerRole,
        // The scheduled time (not the invocation time) keys the digest on its week, so a retry or a late
        // re-run posts the same week's digest at most once per channel.
        input: scheduler.ScheduleTargetInput.fromObject({
          source: "pathfinder.weekly-digest",
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          executionId: scheduler.ContextAttribute.executionId,
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue,
      }),
    });

    Validations.of(this.schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason:
        "lambda:InvokeFunction on the digest function and its versions/aliases (Arn:*), as the CDK's " +
        "grantInvoke writes it; the role can invoke that one function and nothing else.",
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue IS a dead-letter queue (of the weekly and the reminders' schedules, and of the digest's " +
        "and the reminders' async invocations).",
    });
  }
}
