/**
 * The weekly digest: its function, run by EventBridge Scheduler every Monday 09:00 UK time, with retries on
 * both sides (the scheduler's hand-off and Lambda's async invocation) parked in one dead-letter queue.
 */
import { Validations } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { FUNCTION_SPECS } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";
import { makeDeadLetterQueue } from "./queues.ts";
import { scheduleFunction } from "./scheduled.ts";

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
    // The scheduled time keys the digest on its week, so a retry or a late re-run posts the same week's digest
    // at most once per channel.
    this.schedulerRole = scheduleFunction(this, fn, {
      name: "Digest",
      scheduleId: "WeeklyDigestSchedule",
      parkSid: "ParkFailedDigest",
      what: "weekly digest",
      description: "Pathfinder weekly digest: Monday 09:00 UK time",
      weekDay: "MON",
      source: "pathfinder.weekly-digest",
      deadLetterQueue,
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue IS a dead-letter queue (of the weekly and the reminders' schedules, and of the digest's " +
        "and the reminders' async invocations).",
    });
  }
}
