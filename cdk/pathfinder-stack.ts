/**
 * Everything Pathfinder runs on, in one stack: four Lambda functions (two behind public function URLs),
 * the Slack work queue, the DynamoDB table from store/schema.ts, the weekly schedule, the secrets, and
 * the alarms. Environment-agnostic and lookup-free, so `cdk synth` needs no AWS account or network.
 */
import { isAbsolute, join } from "node:path";
import {
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  SecretValue,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as schedulerTargets from "aws-cdk-lib/aws-scheduler-targets";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { TABLE_SCHEMA } from "../store/schema.ts";
import { assertEntry, assertLocalEsbuild, bundlingOptions, REPO_ROOT } from "./bundling.ts";
import {
  FUNCTION_KEYS,
  FUNCTION_SPECS,
  type FunctionKey,
  type FunctionSpec,
  QUEUE_ACTIONS,
  SECRET_NAME_ENV,
  type SecretKey,
  SLACK_MAX_RECEIVE_COUNT,
} from "./function-specs.ts";
import type { DeploySettings } from "./settings.ts";

/** Props of the Pathfinder stack. */
export interface PathfinderStackProps extends StackProps {
  settings: DeploySettings;
  /** Repository root: the bundling project root and the base of entry paths (default: this repository). */
  projectRoot?: string;
  /** Entry overrides (absolute, or relative to projectRoot); by default each spec's `entry`. */
  entries?: Partial<Record<FunctionKey, string>>;
}

/** What each secret holds and what the operator must put there. */
const SECRET_DOCS: Record<SecretKey, { fields: string[]; description: string }> = {
  slack: {
    fields: ["signingSecret", "botToken"],
    description:
      'Pathfinder Slack app. Fill with JSON {"signingSecret":"<Basic Information > Signing Secret>",' +
      '"botToken":"xoxb-<OAuth & Permissions > Bot User OAuth Token>"}.',
  },
  teams: {
    fields: ["appPassword"],
    description:
      'Pathfinder Teams bot. Fill with JSON {"appPassword":"<client secret VALUE of the Entra app registration ' +
      'whose id is the microsoftAppId context>"}.',
  },
  openai: {
    fields: ["apiKey"],
    description:
      'Optional OpenAI key: improves answers, never required. Fill with JSON {"apiKey":"sk-..."} or leave empty.',
  },
  hashKey: {
    fields: ["key"],
    description:
      "HMAC key for the hashes Pathfinder stores instead of user ids. Generated at deploy: never change it " +
      "(every stored hash would stop matching its person, breaking export and erase).",
  },
};

/** Alarms the stack creates, by id, for tests and docs. */
export interface PathfinderAlarms {
  [id: string]: cloudwatch.Alarm;
}

/** The Pathfinder stack. */
export class PathfinderStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly functions: Record<FunctionKey, nodejs.NodejsFunction>;
  readonly alarms: PathfinderAlarms = {};

  constructor(scope: Construct, id: string, props: PathfinderStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const root = props.projectRoot ?? REPO_ROOT;
    assertLocalEsbuild(root);

    const alarmTopic = new sns.Topic(this, "AlarmTopic", {
      displayName: "Pathfinder alarms",
      enforceSSL: true,
    });
    if (settings.alarmEmail)
      alarmTopic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
    const alarmAction = new cloudwatchActions.SnsAction(alarmTopic);

    this.table = this.makeTable();
    const secrets = this.makeSecrets();
    const { queue, deadLetterQueue } = this.makeSlackQueue();
    const digestDeadLetterQueue = this.makeDeadLetterQueue("DigestDeadLetterQueue");

    const functions = {} as Record<FunctionKey, nodejs.NodejsFunction>;
    for (const key of FUNCTION_KEYS) {
      const spec = FUNCTION_SPECS[key];
      const entry = props.entries?.[key] ?? spec.entry;
      functions[key] = this.makeFunction(spec, isAbsolute(entry) ? entry : join(root, entry), {
        root,
        settings,
        secrets,
        queue,
      });
    }
    this.functions = functions;

    // Slack events → queue → worker. The mapping is made by hand (not SqsEventSource) because that helper
    // also grants ChangeMessageVisibility and GetQueueUrl, which nothing here calls.
    new lambda.EventSourceMapping(this, "SlackWorkerQueueMapping", {
      target: functions.slackWorker,
      eventSourceArn: queue.queueArn,
      batchSize: 5,
      reportBatchItemFailures: true,
      // Bounds parallel OpenAI and Slack calls; 2 is the minimum SQS allows.
      maxConcurrency: 5,
    });

    const schedulerRole = this.makeSchedule(functions.weeklyDigest, digestDeadLetterQueue);

    // Alarms: every function's errors and throttles, both dead-letter queues.
    for (const key of FUNCTION_KEYS) {
      const fn = functions[key];
      const name = FUNCTION_SPECS[key].id;
      this.alarm(
        `${name}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        alarmAction,
        {
          description: `Pathfinder ${name} raised errors (see its log group).`,
        },
      );
      this.alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: "Sum" }),
        alarmAction,
        { description: `Pathfinder ${name} was throttled (account concurrency exhausted?).` },
      );
    }
    this.alarm(
      "SlackDeadLetters",
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      alarmAction,
      { description: "Slack work failed 3 times and was parked in the dead-letter queue." },
    );
    this.alarm(
      "DigestDeadLetters",
      digestDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      alarmAction,
      { description: "The weekly digest failed after its retries (see the WeeklyDigest log group)." },
    );

    // Function URLs end in "/"; the paths are the ones slack/manifest.yaml and Azure's docs use (the
    // handlers do not check the path, so any path on the URL works).
    const urlOf = (key: FunctionKey, path: string) =>
      Fn.join("", [functions[key].addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }).url, path]);
    new CfnOutput(this, "SlackEventsUrl", {
      value: urlOf("slackEvents", "slack/events"),
      description: "Replace every REPLACE-WITH-YOUR-FUNCTION-URL URL in slack/manifest.yaml with this",
    });
    new CfnOutput(this, "TeamsMessagingEndpoint", {
      value: urlOf("teamsMessages", "api/messages"),
      description: "Azure Bot resource > Configuration > Messaging endpoint",
    });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    for (const key of FUNCTION_KEYS) {
      new CfnOutput(this, `${FUNCTION_SPECS[key].id}FunctionName`, {
        value: functions[key].functionName,
        description: "For logs (aws logs tail) and for recycling containers after a secret changes",
      });
    }
    new CfnOutput(this, "AlarmTopicArn", { value: alarmTopic.topicArn });
    for (const key of Object.keys(secrets) as SecretKey[]) {
      new CfnOutput(this, `${capitalise(key)}SecretName`, {
        value: this.secretName(key),
        description:
          key === "hashKey"
            ? "Generated at deploy; never change or delete it"
            : `Fill with aws secretsmanager put-secret-value (fields: ${SECRET_DOCS[key].fields.join(", ")})`,
      });
    }

    this.acknowledgeNagFindings(alarmTopic, digestDeadLetterQueue, secrets, schedulerRole);
  }

  private makeTable(): dynamodb.TableV2 {
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    return new dynamodb.TableV2(this, "Table", {
      partitionKey: attribute(TABLE_SCHEMA.partitionKey),
      sortKey: attribute(TABLE_SCHEMA.sortKey),
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS owned keys would do; the AWS managed key (aws/dynamodb) adds CloudTrail-visible key use at no
      // monthly key cost. A customer managed key buys nothing here that is worth $1/month and a key policy.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private makeSecrets(): Record<SecretKey, secretsmanager.Secret> {
    const placeholder = (key: SecretKey) =>
      new secretsmanager.Secret(this, `${capitalise(key)}Secret`, {
        secretName: this.secretName(key),
        description: SECRET_DOCS[key].description,
        // Empty fields, never values: they show the operator the shape to fill. CloudFormation never writes
        // this again unless the template changes, so values put later are not overwritten by a redeploy.
        secretObjectValue: Object.fromEntries(
          SECRET_DOCS[key].fields.map((field) => [field, SecretValue.unsafePlainText("")]),
        ),
      });
    return {
      slack: placeholder("slack"),
      teams: placeholder("teams"),
      openai: placeholder("openai"),
      // Nobody needs to know this key, so Secrets Manager makes it: it is born in AWS and never appears in
      // the template, a shell history or a laptop. Retained with the table: without it the stored hashes
      // can no longer be matched to a person, so export and erase would fail.
      hashKey: new secretsmanager.Secret(this, "HashKeySecret", {
        secretName: this.secretName("hashKey"),
        description: SECRET_DOCS.hashKey.description,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({}),
          generateStringKey: "key",
          passwordLength: 64,
          excludePunctuation: true,
        },
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    };
  }

  /** A secret's name: `<stack name>/<key>`, e.g. `Pathfinder/slack`. */
  secretName(key: SecretKey): string {
    return `${this.stackName}/${key}`;
  }

  private makeDeadLetterQueue(id: string): sqs.Queue {
    return new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
  }

  private makeSlackQueue(): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
    const deadLetterQueue = this.makeDeadLetterQueue("SlackDeadLetterQueue");
    const queue = new sqs.Queue(this, "SlackQueue", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's guidance for Lambda consumers: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(FUNCTION_SPECS.slackWorker.timeoutSeconds * 6),
      // An answer a day late is no answer; what fails goes to the dead-letter queue for 14 days.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: SLACK_MAX_RECEIVE_COUNT },
    });
    return { queue, deadLetterQueue };
  }

  private makeFunction(
    spec: FunctionSpec,
    entry: string,
    ctx: {
      root: string;
      settings: DeploySettings;
      secrets: Record<SecretKey, secretsmanager.Secret>;
      queue: sqs.Queue;
    },
  ): nodejs.NodejsFunction {
    assertEntry(entry);
    const { settings } = ctx;
    const logGroup = new logs.LogGroup(this, `${spec.id}Logs`, {
      retention: settings.logRetentionDays as logs.RetentionDays,
      // Logs hold no personal data and are not the record of anything; tearing down removes them.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role, so no AWSLambdaBasicExecutionRole (logs:* on every group): it writes to its group only.
    const role = new iam.Role(this, `${spec.id}Role`, {
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

    const environment: Record<string, string> = {
      PATHFINDER_TABLE: this.table.tableName,
      LOG_LEVEL: settings.logLevel,
      NODE_OPTIONS: "--enable-source-maps",
      POWERTOOLS_SERVICE_NAME: `pathfinder-${spec.id.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}`,
    };
    // The literal names given at creation (not the token parsed back out of the ARN): plain text in the template.
    for (const key of spec.secrets) environment[SECRET_NAME_ENV[key]] = this.secretName(key);
    if (spec.queue === "send") environment.SLACK_QUEUE_URL = ctx.queue.queueUrl;
    // The worker gives up on a message (and tells the person) on its last delivery: it must know which.
    if (spec.queue === "consume") environment.SLACK_MAX_RECEIVE_COUNT = String(SLACK_MAX_RECEIVE_COUNT);
    if (spec.teamsApp) {
      environment.MICROSOFT_APP_TYPE = settings.microsoftAppType;
      if (settings.microsoftAppId) environment.MICROSOFT_APP_ID = settings.microsoftAppId;
      if (settings.microsoftAppTenantId) environment.MICROSOFT_APP_TENANT_ID = settings.microsoftAppTenantId;
    }
    if (spec.slackBotIds) {
      if (settings.slackBotUserId) environment.SLACK_BOT_USER_ID = settings.slackBotUserId;
      if (settings.slackBotId) environment.SLACK_BOT_ID = settings.slackBotId;
    }

    const fn = new nodejs.NodejsFunction(this, spec.id, {
      entry,
      handler: "handler",
      projectRoot: ctx.root,
      depsLockFilePath: join(ctx.root, "package-lock.json"),
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
      bundling: bundlingOptions(),
    });

    if (spec.tableActions.length > 0) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "TableItems",
          actions: [...spec.tableActions],
          // The table, and each index by name (from store/schema.ts) only for functions that query them.
          resources: [
            this.table.tableArn,
            ...(spec.indexes
              ? TABLE_SCHEMA.indexes.map((index) => `${this.table.tableArn}/index/${index.name}`)
              : []),
          ],
        }),
      );
    }
    if (spec.queue) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: spec.queue === "send" ? "SendSlackWork" : "ConsumeSlackWork",
          actions: [...QUEUE_ACTIONS[spec.queue]],
          resources: [ctx.queue.queueArn],
        }),
      );
    }
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadOwnSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: spec.secrets.map((key) => ctx.secrets[key].secretArn),
      }),
    );
    return fn;
  }

  private makeSchedule(fn: nodejs.NodejsFunction, deadLetterQueue: sqs.Queue): iam.Role {
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
    const role = new iam.Role(this, "DigestSchedulerRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
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
        role,
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
    return role;
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    action: cloudwatch.IAlarmAction,
    options: { description: string },
  ): void {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(action);
    this.alarms[id] = alarm;
  }

  /**
   * Every AwsSolutions finding this stack keeps, each with the reason it is acceptable (cdk-nag 3
   * acknowledges through CDK's own Validations API; an acknowledgement covers the construct's children).
   */
  private acknowledgeNagFindings(
    alarmTopic: sns.Topic,
    digestDeadLetterQueue: sqs.Queue,
    secrets: Record<SecretKey, secretsmanager.Secret>,
    schedulerRole: iam.Role,
  ): void {
    const noRotation: Record<SecretKey, string> = {
      slack:
        "The signing secret and bot token are issued by Slack and regenerated in the Slack app settings; no " +
        "Lambda rotator can mint them. docs/deploy.md says how to replace them.",
      teams:
        "The client secret is issued by Entra ID, which expires it (at most 24 months); the operator creates a " +
        "new one in Entra and puts it here (docs/deploy.md).",
      openai: "The API key is issued in the OpenAI dashboard; no Lambda rotator can mint it.",
      hashKey:
        "Rotating the HMAC key would orphan every stored user hash, so export and erase could no longer find a " +
        "person's records; it never leaves AWS and no one needs to read it.",
    };
    for (const key of Object.keys(noRotation) as SecretKey[]) {
      Validations.of(secrets[key]).acknowledge({ id: "AwsSolutions-SMG4", reason: noRotation[key] });
    }
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(
        this.functions.weeklyDigest.node.defaultChild as lambda.CfnFunction,
      )}.Arn>:*]`,
      reason:
        "lambda:InvokeFunction on the digest function and its versions/aliases (Arn:*), as the CDK's " +
        "grantInvoke writes it; the role can invoke that one function and nothing else.",
    });
    Validations.of(alarmTopic).acknowledge({
      id: "AwsSolutions-SNS2",
      reason:
        "Alarm notifications carry only alarm names and states, no personal data; CloudWatch cannot publish " +
        "to a topic encrypted with the AWS managed aws/sns key, and a customer managed key is not worth it.",
    });
    Validations.of(digestDeadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue IS a dead-letter queue (of the weekly schedule and of the digest's async invocations).",
    });
    for (const key of FUNCTION_KEYS) {
      Validations.of(this.functions[key]).acknowledge({
        id: "AwsSolutions-L1",
        reason: "nodejs22.x is the runtime the project targets and tests on (package.json engines).",
      });
    }
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
