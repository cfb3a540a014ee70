/**
 * The network reminders (issue 15): a function run by EventBridge Scheduler at 09:00 UK time on weekdays,
 * which raises each open question unanswered for 3 working days once more in the ambassadors' places. It
 * parks failures in the digest's dead-letter queue (both are scheduled posts to channels, watched by one
 * alarm), with the same retries on both sides as the digest.
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

/** Props of the reminders concern. */
export interface RemindersProps {
  context: Omit<FunctionContext, "queue">;
  entry: string;
  /** Where a run that failed after its retries is parked (the digest's). */
  deadLetterQueue: sqs.IQueue;
}

/** The reminders' function and its weekday schedule. */
export class PathfinderReminders extends Concern {
  readonly function: lambda.Function;
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const { deadLetterQueue } = props;
    const fn = makeFunction(this, FUNCTION_SPECS.networkReminders, props.entry, props.context);
    this.function = fn;

    // As for the digest: the scheduler's retries cover handing the event over; Lambda's async retries cover a
    // failed run (a post that failed), each retry posting only where the reminder is still missing.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: { bind: () => ({ destination: deadLetterQueue.queueArn }) },
    });
    fn.role?.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ParkFailedReminders",
        actions: ["sqs:SendMessage"],
        resources: [deadLetterQueue.queueArn],
      }),
    );
    this.schedulerRole = new iam.Role(this, "RemindersSchedulerRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
      description: "EventBridge Scheduler: invoke the Pathfinder network reminders",
    });
    new scheduler.Schedule(this, "NetworkRemindersSchedule", {
      // Working days only, like the 3 working days a question waits (peer/network.ts workingDaysBetween).
      description: "Pathfinder network reminders: Monday to Friday 09:00 UK time",
      schedule: scheduler.ScheduleExpression.cron({
        minute: "0",
        hour: "9",
        weekDay: "MON-FRI",
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      timeWindow: scheduler.TimeWindow.off(),
      target: new schedulerTargets.LambdaInvoke(fn, {
        role: this.schedulerRole,
        // Only logged: what is due comes from the questions' ages, and each post is claimed by its own key.
        input: scheduler.ScheduleTargetInput.fromObject({
          source: "pathfinder.network-reminders",
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
        "lambda:InvokeFunction on the reminders function and its versions/aliases (Arn:*), as the CDK's " +
        "grantInvoke writes it; the role can invoke that one function and nothing else.",
    });
  }
}
