/**
 * Guidance documents on AWS (issue 14): a private, encrypted, versioned bucket an admin uploads documents to
 * (`documents/`), and the indexer function that rebuilds the knowledge index into `index/` whenever a document
 * is created or removed. The bots read `index/` only (cdk/function-specs.ts `knowledge`).
 *
 * The trigger is S3's EventBridge integration set on the bucket itself (CloudFormation's
 * NotificationConfiguration.EventBridgeConfiguration), not `bucket.addEventNotification`: that one installs a
 * custom-resource Lambda with an AWS managed policy to write the bucket's notification configuration, which
 * this stack keeps out (tests/cdk: "no AWS managed policy"). EventBridge also filters on the key prefix.
 */
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { FUNCTION_SPECS } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";

/** The key prefix admins upload to (knowledge/index-source.ts S3_LAYOUT.documents). */
export const DOCUMENTS_PREFIX = "documents/";

/** The line the indexer logs for each refused document (functions/indexer.ts); a metric filter counts them. */
export const REJECTED_DOCUMENT_MESSAGE = "document rejected";

/** Props of the documents concern. */
export interface DocumentsProps {
  context: Omit<FunctionContext, "queue" | "documents">;
  entry: string;
}

/** The documents bucket, the indexer, its trigger, and the count of refused documents. */
export class PathfinderDocuments extends Concern {
  readonly bucket: s3.Bucket;
  readonly indexer: lambda.Function;
  readonly trigger: events.Rule;
  /** Documents the indexer refused (unsupported, no text, encrypted, corrupt, too large, duplicate). */
  readonly rejectedDocuments: logs.MetricFilter;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "DocumentsBucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Removed documents and superseded indexes stay recoverable for a month, then go.
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      // The documents are the programme team's own content: tearing the stack down must not delete them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    this.indexer = makeFunction(this, FUNCTION_SPECS.indexer, props.entry, {
      ...props.context,
      documents: this.bucket,
    });
    this.trigger = new events.Rule(this, "DocumentsChangedRule", {
      description: "Pathfinder: rebuild the knowledge index when a document is added, replaced or removed",
      eventPattern: {
        source: ["aws.s3"],
        detailType: ["Object Created", "Object Deleted"],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: events.Match.prefix(DOCUMENTS_PREFIX) },
        },
      },
      // A failed rebuild is retried; every rebuild reads the whole prefix, so a later one also covers it.
      targets: [
        new targets.LambdaFunction(this.indexer, { retryAttempts: 2, maxEventAge: Duration.hours(6) }),
      ],
    });
    // The indexer's own retries would repeat a refusal, so a refused document is logged (one line, with the
    // reason) and counted here instead of failing the run; the alarms concern watches the count.
    this.rejectedDocuments = new logs.MetricFilter(this, "RejectedDocumentsFilter", {
      logGroup: this.indexer.logGroup,
      filterPattern: logs.FilterPattern.stringValue("$.message", "=", REJECTED_DOCUMENT_MESSAGE),
      metricNamespace: "Pathfinder",
      metricName: "RejectedDocuments",
      metricValue: "1",
    });

    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Only the indexer and the bots' roles (and the account's admins) can reach this private bucket; object " +
        "changes are recorded by the indexer's log, and CloudTrail data events can be enabled account-wide. A " +
        "server access log bucket would itself be an unlogged bucket.",
    });
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.indexer.role ?? this.indexer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/documents/*]`,
      reason:
        "The indexer reads every document under documents/ (it rebuilds the whole index), and only those.",
    });
    Validations.of(this.indexer.role ?? this.indexer).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/index/*]`,
      reason:
        "The indexer writes the built indexes, the pointer and the parse cache under index/, and only there.",
    });
  }

  /** Acknowledges a bot's read grant on `index/*` (its only S3 access), on its role where the finding is. */
  acknowledgeIndexReader(fn: lambda.IFunction): void {
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/index/*]`,
      reason:
        "The bot reads the index pointer and the index it names, under index/ only (never the documents).",
    });
  }
}
