/** The encrypted, TLS-only dead-letter queue both the Slack work queue and the digest schedule park failures in. */
import { Duration } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/**
 * A dead-letter queue that keeps what failed for `retentionDays` for an operator to inspect and redrive:
 * 14 (SQS's maximum) unless what it holds is personal (the Slack jobs: SLACK_DLQ_RETENTION_DAYS).
 */
export function makeDeadLetterQueue(scope: Construct, id: string, retentionDays = 14): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(retentionDays),
  });
}
