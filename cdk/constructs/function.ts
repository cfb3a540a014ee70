/**
 * One Pathfinder Lambda function from its spec (cdk/function-specs.ts): its log group, its own least-privilege
 * role, its environment (names and ids, never secret values) and its grants. The concern constructs call this;
 * ids are the spec's (`SlackEvents`, `SlackEventsRole`, `SlackEventsLogs`) so logical ids never change.
 */
import { isAbsolute, join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { TABLE_SCHEMA } from "../../store/schema.ts";
import { ENTRY_NAME, functionCode } from "../bundling.ts";
import {
  type FunctionSpec,
  QUEUE_ACTIONS,
  SECRET_NAME_ENV,
  SLACK_MAX_RECEIVE_COUNT,
} from "../function-specs.ts";
import type { DeploySettings } from "../settings.ts";
import type { PathfinderSecrets } from "./secrets.ts";

/** What every function is built against. */
export interface FunctionContext {
  /** Repository root: the bundling project root and the base of relative entries. */
  root: string;
  settings: DeploySettings;
  table: dynamodb.TableV2;
  secrets: PathfinderSecrets;
  /** The Slack work queue, for the functions whose spec has a queue role. */
  queue?: sqs.IQueue;
  /** The documents bucket, for the functions whose spec has a `knowledge` role. */
  documents?: s3.IBucket;
}

/** The IAM statements of each knowledge role on the documents bucket (cdk/function-specs.ts `knowledge`). */
export function knowledgeStatements(role: "read" | "build", bucket: s3.IBucket): iam.PolicyStatement[] {
  const objects = (prefix: string) => bucket.arnForObjects(`${prefix}*`);
  if (role === "read") {
    // The bots read the pointer and the index it names, and nothing else: not the documents themselves.
    return [
      new iam.PolicyStatement({
        sid: "ReadKnowledgeIndex",
        actions: ["s3:GetObject"],
        resources: [objects("index/")],
      }),
    ];
  }
  return [
    new iam.PolicyStatement({
      sid: "ListDocuments",
      actions: ["s3:ListBucket"],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { "s3:prefix": ["documents/*", "index/*"] } },
    }),
    new iam.PolicyStatement({
      sid: "ReadDocuments",
      actions: ["s3:GetObject"],
      resources: [objects("documents/")],
    }),
    new iam.PolicyStatement({
      sid: "WriteKnowledgeIndex",
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resources: [objects("index/")],
    }),
  ];
}

/** Builds the function `spec` describes, bundled from `entry` (absolute, or relative to the root). */
export function makeFunction(
  scope: Construct,
  spec: FunctionSpec,
  entry: string,
  ctx: FunctionContext,
): lambda.Function {
  const entryPath = isAbsolute(entry) ? entry : join(ctx.root, entry);
  const { settings, table } = ctx;
  const logGroup = new logs.LogGroup(scope, `${spec.id}Logs`, {
    retention: settings.logRetentionDays as logs.RetentionDays,
    // Logs hold no personal data and are not the record of anything; tearing down removes them.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // Our own role, so no AWSLambdaBasicExecutionRole (logs:* on every group): it writes to its group only.
  const role = new iam.Role(scope, `${spec.id}Role`, {
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    description: `Pathfinder ${spec.id}: least privilege (cdk/function-specs.ts)`,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "WriteOwnLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [logGroup.logGroupArn],
    }),
  );

  const queue = spec.queue ? ctx.queue : undefined;
  if (spec.queue && !queue) throw new Error(`${spec.id} needs the Slack work queue`);
  const environment: Record<string, string> = {
    PATHFINDER_TABLE: table.tableName,
    LOG_LEVEL: settings.logLevel,
    // Working days (3 before a reminder, none on a bank holiday) are counted in every function that lists questions.
    PATHFINDER_BANK_HOLIDAYS: settings.bankHolidays,
    NODE_OPTIONS: "--enable-source-maps",
    POWERTOOLS_SERVICE_NAME: `pathfinder-${spec.id.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}`,
  };
  // The literal names given at creation (not the token parsed back out of the ARN): plain text in the template.
  for (const key of spec.secrets) environment[SECRET_NAME_ENV[key]] = ctx.secrets.secretName(key);
  // The sender enqueues to it; the worker changes a message's visibility to honour Slack's Retry-After.
  if (queue) environment.SLACK_QUEUE_URL = queue.queueUrl;
  // The worker gives up on a message (and tells the person) on its last delivery: it must know which.
  if (spec.queue === "consume") environment.SLACK_MAX_RECEIVE_COUNT = String(SLACK_MAX_RECEIVE_COUNT);
  if (spec.teamsApp) {
    environment.MICROSOFT_APP_TYPE = settings.microsoftAppType;
    if (settings.microsoftAppId) environment.MICROSOFT_APP_ID = settings.microsoftAppId;
    if (settings.microsoftAppTenantId) environment.MICROSOFT_APP_TENANT_ID = settings.microsoftAppTenantId;
  }
  if (spec.knowledge) {
    if (!ctx.documents) throw new Error(`${spec.id} needs the documents bucket`);
    environment.KNOWLEDGE_BUCKET = ctx.documents.bucketName;
  }
  // The functions that run the bot's commands (those that answer) need to know who may manage ambassadors.
  if (settings.coordinators && spec.knowledge === "read") {
    environment.PATHFINDER_COORDINATORS = settings.coordinators;
  }
  if (spec.slackBotIds) {
    if (settings.slackBotUserId) environment.SLACK_BOT_USER_ID = settings.slackBotUserId;
    if (settings.slackBotId) environment.SLACK_BOT_ID = settings.slackBotId;
  }

  // A public endpoint takes requests from anyone: its reserved concurrency caps what a flood can take.
  const reserved =
    spec.reservedConcurrency ?? (spec.publicUrl ? settings.publicReservedConcurrency : undefined);
  const fn = new lambda.Function(scope, spec.id, {
    code: functionCode(entryPath, ctx.root),
    handler: `${ENTRY_NAME}.handler`,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    description: spec.description,
    memorySize: spec.memoryMb,
    timeout: Duration.seconds(spec.timeoutSeconds),
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel[settings.logLevel],
    systemLogLevelV2: lambda.SystemLogLevel.WARN,
    environment,
    ...(reserved ? { reservedConcurrentExecutions: reserved } : {}),
  });

  if (spec.tableActions.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "TableItems",
        actions: [...spec.tableActions],
        // The table, and each index by name (from store/schema.ts) only for functions that query them.
        resources: [
          table.tableArn,
          ...(spec.indexes
            ? TABLE_SCHEMA.indexes.map((index) => `${table.tableArn}/index/${index.name}`)
            : []),
        ],
      }),
    );
  }
  if (spec.queue && queue) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: spec.queue === "send" ? "SendSlackWork" : "ConsumeSlackWork",
        actions: [...QUEUE_ACTIONS[spec.queue]],
        resources: [queue.queueArn],
      }),
    );
  }
  if (spec.knowledge && ctx.documents) {
    for (const statement of knowledgeStatements(spec.knowledge, ctx.documents))
      role.addToPrincipalPolicy(statement);
  }
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "ReadOwnSecrets",
      actions: ["secretsmanager:GetSecretValue"],
      resources: spec.secrets.map((key) => ctx.secrets.secrets[key].secretArn),
    }),
  );
  return fn;
}
