/** The encrypted, TLS-only dead-letter queue both the Slack work queue and the digest schedule park failures in. */
import { Duration } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** A dead-letter queue that keeps what failed for 14 days (SQS's maximum) for an operator to inspect. */
export function makeDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
