/**
 * The network reminders (issue 15): a function run by EventBridge Scheduler at 09:00 UK time on weekdays,
 * which raises each open question unanswered for 3 working days once more in the ambassadors' places. It
 * parks failures in the digest's dead-letter queue (both are scheduled posts to channels, watched by one
 * alarm), with the same retries on both sides as the digest.
 */
import type * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { FUNCTION_SPECS } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";
import { scheduleFunction } from "./scheduled.ts";

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
    const fn = makeFunction(this, FUNCTION_SPECS.networkReminders, props.entry, props.context);
    this.function = fn;
    // Weekdays only, like the 3 working days a question waits (peer/bank-holidays.ts). A cron cannot know bank
    // holidays: on one the run posts nothing (PATHFINDER_BANK_HOLIDAYS, set on every function by
    // constructs/function.ts) and posts nothing. What is due comes from the questions' ages, and each post is
    // claimed by its own key, so a retry only posts where the reminder is still missing.
    this.schedulerRole = scheduleFunction(this, fn, {
      name: "Reminders",
      scheduleId: "NetworkRemindersSchedule",
      parkSid: "ParkFailedReminders",
      what: "network reminders",
      description: "Pathfinder network reminders: Monday to Friday 09:00 UK time",
      weekDay: "MON-FRI",
      source: "pathfinder.network-reminders",
      deadLetterQueue: props.deadLetterQueue,
    });
  }
}
