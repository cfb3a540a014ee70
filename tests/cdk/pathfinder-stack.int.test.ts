/**
 * The synthesised template is what docs/deploy.md promises: the real entry files bundled by local esbuild,
 * least-privilege roles, the table from store/schema.ts, the schedule, the alarms, no secret values, and
 * no unacknowledged cdk-nag finding. One in-process synth per file (bundling runs esbuild for real).
 */
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../cdk/app.ts";
import { Concern } from "../../cdk/constructs/concern.ts";
import {
  FUNCTION_KEYS,
  FUNCTION_SPECS,
  type FunctionKey,
  QUEUE_ACTIONS,
  SECRET_NAME_ENV,
  type SecretKey,
  SLACK_DLQ_RETENTION_DAYS,
} from "../../cdk/function-specs.ts";
import type { PathfinderStack } from "../../cdk/pathfinder-stack.ts";
import { DEFAULT_PUBLIC_RESERVED_CONCURRENCY } from "../../cdk/settings.ts";
import { TABLE_SCHEMA } from "../../store/schema.ts";
import before from "./fixtures/logical-ids.json" with { type: "json" };

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

const context = {
  microsoftAppId: "00000000-0000-4000-8000-000000000001",
  microsoftAppTenantId: "00000000-0000-4000-8000-000000000002",
  slackBotUserId: "U0PATHFINDER",
  slackBotId: "B0PATHFINDER",
  alarmEmail: "ops@example.org",
  coordinators: "slack:U0COORD,teams:29:coord",
  bankHolidays: "Scotland",
};

let app: App;
let stack: PathfinderStack;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  app = new App({
    context,
    // The CLI path (tests/cdk/synth-cli.int.test.ts) runs CDK's built-in CloudFormation validation; here it
    // would only add ~10 s to a synth that asserts the same template.
    builtinCloudFormationValidation: false,
  });
  stack = buildApp({ app }).stack;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 300_000);

const logicalId = (key: FunctionKey) =>
  stack.getLogicalId(stack.functions[key].node.defaultChild as CfnFunction);
const fnProps = (key: FunctionKey) => resources[logicalId(key)]?.Properties ?? {};
const envOf = (key: FunctionKey) =>
  ((fnProps(key).Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
    string,
    unknown
  >;
const roleId = (key: FunctionKey) =>
  (fnProps(key).Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
const statementsOf = (key: FunctionKey): Statement[] =>
  Object.values(resources)
    .filter((r) => r.Type === "AWS::IAM::Policy")
    .filter((r) => (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId(key)))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
const actionsOf = (s: Statement) => [s.Action].flat().sort();
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const ref = (id: string) => ({ Ref: id });
const arnOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });
const idOf = (type: string, prefix: string) => {
  const match = ofType(type).find(([id]) => id.startsWith(prefix));
  if (!match) throw new Error(`no ${type} starting ${prefix}`);
  return match[0];
};

describe("logical ids", () => {
  // A changed logical id makes CloudFormation replace the resource: a new, empty table, new secrets (the
  // generated hash key lost), new function URLs. The fixture is every id of the stack before it was split
  // into constructs per concern (tests/cdk/fixtures/logical-ids.json).
  it("keeps every resource and output id the one-file stack had", () => {
    const types = Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]));

    expect(types).toEqual(expect.objectContaining(before.resources));
    expect(Object.keys(template.toJSON().Outputs as object)).toEqual(expect.arrayContaining(before.outputs));
  });

  it("adds only the documents (issue 14) and network reminders (issue 15) resources and outputs", () => {
    const added = Object.entries(resources)
      .filter(([id]) => !(id in before.resources))
      .map(([id, r]) => `${id.replace(/[0-9A-F]{8}$/, "")} ${r.Type}`);

    expect(added.sort()).toEqual(
      [
        "DocumentsBucket AWS::S3::Bucket",
        "DocumentsBucketPolicy AWS::S3::BucketPolicy",
        "DocumentsChangedRule AWS::Events::Rule",
        "DocumentsChangedRuleAllowEventRulePathfinderDocumentsIndexer5E7BB26D AWS::Lambda::Permission",
        "Indexer AWS::Lambda::Function",
        "IndexerErrorsAlarm AWS::CloudWatch::Alarm",
        "IndexerLogs AWS::Logs::LogGroup",
        "IndexerRole AWS::IAM::Role",
        "IndexerRoleDefaultPolicy AWS::IAM::Policy",
        "RejectedDocumentsAlarm AWS::CloudWatch::Alarm",
        "RejectedDocumentsFilter AWS::Logs::MetricFilter",
        "NetworkReminders AWS::Lambda::Function",
        "NetworkRemindersErrorsAlarm AWS::CloudWatch::Alarm",
        "NetworkRemindersEventInvokeConfig AWS::Lambda::EventInvokeConfig",
        "NetworkRemindersLogs AWS::Logs::LogGroup",
        "NetworkRemindersRole AWS::IAM::Role",
        "NetworkRemindersRoleDefaultPolicy AWS::IAM::Policy",
        "NetworkRemindersSchedule AWS::Scheduler::Schedule",
        "NetworkRemindersThrottlesAlarm AWS::CloudWatch::Alarm",
        "RemindersSchedulerRole AWS::IAM::Role",
        "RemindersSchedulerRoleDefaultPolicy AWS::IAM::Policy",
      ].sort(),
    );
    const outputs = Object.keys(template.toJSON().Outputs as object).filter(
      (o) => !before.outputs.includes(o),
    );
    expect(outputs.sort()).toEqual([
      "DocumentsBucketName",
      "IndexerFunctionName",
      "NetworkRemindersFunctionName",
    ]);
  });

  it("is really composed of concern constructs, which the ids leave out", () => {
    const concerns = stack.node.children.filter((c) => c instanceof Concern).map((c) => c.node.id);

    expect(concerns.sort()).toEqual([
      "Alarms",
      "Data",
      "Digest",
      "Documents",
      "Reminders",
      "Secrets",
      "Slack",
      "Teams",
    ]);
    expect(stack.functions.slackWorker.node.path).toBe("Pathfinder/Slack/SlackWorker");
    expect(logicalId("slackWorker")).toBe("SlackWorkerE1D1034D");
  });
});

describe("functions", () => {
  it.each(FUNCTION_KEYS)("%s runs the bundled handler on nodejs22.x, arm64, sized as specified", (key) => {
    // Act
    const props = fnProps(key);

    // Assess
    expect(props).toMatchObject({
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: FUNCTION_SPECS[key].memoryMb,
      Timeout: FUNCTION_SPECS[key].timeoutSeconds,
      LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "INFO", SystemLogLevel: "WARN" },
    });
    expect(props.Code).toMatchObject({ S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
  });

  it.each(FUNCTION_KEYS)("%s logs to its own log group with a retention", (key) => {
    const group = (fnProps(key).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;

    expect(resources[group]).toMatchObject({
      Type: "AWS::Logs::LogGroup",
      Properties: { RetentionInDays: 30 },
    });
    const others = FUNCTION_KEYS.filter((k) => k !== key).map(
      (k) => (fnProps(k).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );
    expect(others).not.toContain(group);
  });

  it("bundles ESM with source maps enabled at run time", () => {
    for (const key of FUNCTION_KEYS) expect(envOf(key).NODE_OPTIONS).toBe("--enable-source-maps");
  });

  it("exposes only Slack events and Teams messages as public URLs, and prints them", () => {
    const urls = ofType("AWS::Lambda::Url").map(([, r]) => r.Properties);

    expect(urls).toHaveLength(2);
    expect(urls.map((u) => u.AuthType)).toEqual(["NONE", "NONE"]);
    expect(
      urls.map((u) => (u.TargetFunctionArn as { "Fn::GetAtt": string[] })["Fn::GetAtt"][0]).sort(),
    ).toEqual([logicalId("slackEvents"), logicalId("teamsMessages")].sort());
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(["SlackEventsUrl", "TeamsMessagingEndpoint"]),
    );
    expect(JSON.stringify(outputs.SlackEventsUrl?.Value)).toContain("slack/events");
    expect(JSON.stringify(outputs.TeamsMessagingEndpoint?.Value)).toContain("api/messages");
  });
});

describe("environment", () => {
  const ALLOWED = new Set([
    "PATHFINDER_TABLE",
    "LOG_LEVEL",
    "PATHFINDER_BANK_HOLIDAYS",
    "NODE_OPTIONS",
    "POWERTOOLS_SERVICE_NAME",
    "SLACK_QUEUE_URL",
    "SLACK_MAX_RECEIVE_COUNT",
    "MICROSOFT_APP_ID",
    "MICROSOFT_APP_TENANT_ID",
    "MICROSOFT_APP_TYPE",
    "SLACK_BOT_USER_ID",
    "SLACK_BOT_ID",
    "KNOWLEDGE_BUCKET",
    "PATHFINDER_COORDINATORS",
    ...Object.values(SECRET_NAME_ENV),
  ]);

  it.each(FUNCTION_KEYS)("%s holds only names, ids and settings: no secret value", (key) => {
    const env = envOf(key);

    for (const [name, value] of Object.entries(env)) {
      expect(ALLOWED.has(name), `${name} is not an expected variable`).toBe(true);
      // Secret-looking values: Slack tokens, OpenAI keys, long random strings.
      expect(JSON.stringify(value)).not.toMatch(/xox[abp]-|sk-[A-Za-z0-9]|[A-Za-z0-9+/]{40,}/);
    }
    const secretVars = Object.entries(SECRET_NAME_ENV).filter(([, v]) => v in env);
    expect(Object.fromEntries(secretVars.map(([, v]) => [v, env[v]]))).toEqual(
      Object.fromEntries(FUNCTION_SPECS[key].secrets.map((k) => [SECRET_NAME_ENV[k], `Pathfinder/${k}`])),
    );
  });

  it("passes the table, queue and non-secret ids to the functions that use them", () => {
    const table = idOf("AWS::DynamoDB::GlobalTable", "Table");
    for (const key of FUNCTION_KEYS) expect(envOf(key).PATHFINDER_TABLE).toEqual(ref(table));
    expect(envOf("slackEvents").SLACK_QUEUE_URL).toEqual(ref(idOf("AWS::SQS::Queue", "SlackQueue")));
    // The worker changes a message's visibility (Slack's Retry-After), which takes the queue URL.
    expect(envOf("slackWorker").SLACK_QUEUE_URL).toEqual(ref(idOf("AWS::SQS::Queue", "SlackQueue")));
    expect(envOf("slackWorker").SLACK_MAX_RECEIVE_COUNT).toBe("3");
    expect(envOf("slackEvents")).toMatchObject({
      SLACK_BOT_USER_ID: "U0PATHFINDER",
      SLACK_BOT_ID: "B0PATHFINDER",
    });
    for (const key of ["teamsMessages", "weeklyDigest", "networkReminders"] as const) {
      expect(envOf(key)).toMatchObject({
        MICROSOFT_APP_ID: context.microsoftAppId,
        MICROSOFT_APP_TENANT_ID: context.microsoftAppTenantId,
        MICROSOFT_APP_TYPE: "SingleTenant",
      });
    }
    expect(envOf("slackWorker").MICROSOFT_APP_ID).toBeUndefined();
    // The documents bucket reaches the bots that answer questions and the indexer, nobody else.
    const bucket = ref(idOf("AWS::S3::Bucket", "DocumentsBucket"));
    const withBucket = FUNCTION_KEYS.filter((k) => envOf(k).KNOWLEDGE_BUCKET !== undefined);
    expect(withBucket.sort()).toEqual(["indexer", "slackWorker", "teamsMessages"]);
    for (const key of withBucket) expect(envOf(key).KNOWLEDGE_BUCKET).toEqual(bucket);
    // Who may manage ambassadors in chat reaches the two functions that run the bot's commands.
    const withCoordinators = FUNCTION_KEYS.filter((k) => envOf(k).PATHFINDER_COORDINATORS !== undefined);
    expect(withCoordinators.sort()).toEqual(["slackWorker", "teamsMessages"]);
    expect(envOf("slackWorker").PATHFINDER_COORDINATORS).toBe(context.coordinators);
    // Whose bank holidays are not working days reaches every function, as the context names it (normalised).
    for (const key of FUNCTION_KEYS) expect(envOf(key).PATHFINDER_BANK_HOLIDAYS).toBe("scotland");
  });

  it("creates the secrets empty (fields only) except the generated hash key", () => {
    const secrets = ofType("AWS::SecretsManager::Secret").map(([, r]) => r.Properties);

    expect(secrets.map((s) => s.Name).sort()).toEqual(
      ["Pathfinder/hashKey", "Pathfinder/openai", "Pathfinder/slack", "Pathfinder/teams"].sort(),
    );
    for (const secret of secrets) {
      expect(String(secret.Description)).toMatch(/\S{10,}/);
      if (secret.SecretString !== undefined) {
        const values = Object.values(JSON.parse(String(secret.SecretString)) as Record<string, string>);
        expect(values.length).toBeGreaterThan(0);
        expect(values.every((v) => v === "")).toBe(true);
      }
    }
    const hash = secrets.find((s) => s.Name === "Pathfinder/hashKey");
    expect(hash?.SecretString).toBeUndefined();
    expect(hash?.GenerateSecretString).toMatchObject({ GenerateStringKey: "key", PasswordLength: 64 });
    expect(resources[idOf("AWS::SecretsManager::Secret", "HashKeySecret")]?.DeletionPolicy).toBe("Retain");
  });
});

describe("least privilege", () => {
  it("lets only the functions that hash user ids read the hash-key secret", () => {
    // Regression (issue 13 item 10): the public Slack events function and the digest could read it, and need not.
    const hashKeySecret = ref(idOf("AWS::SecretsManager::Secret", "HashKeySecret"));
    const readers = FUNCTION_KEYS.filter((key) =>
      statementsOf(key).some(
        (s) =>
          actionsOf(s).includes("secretsmanager:GetSecretValue") &&
          JSON.stringify([s.Resource].flat()).includes(JSON.stringify(hashKeySecret)),
      ),
    );
    expect(readers.sort()).toEqual(["slackWorker", "teamsMessages"]);
    // ...and only they are told its name, so nothing else ever asks for it (config/secrets.ts).
    const named = FUNCTION_KEYS.filter((key) => "HASH_KEY_SECRET_NAME" in envOf(key));
    expect(named.sort()).toEqual(["slackWorker", "teamsMessages"]);
  });

  const secretId: Record<SecretKey, string> = {
    slack: "SlackSecret",
    teams: "TeamsSecret",
    openai: "OpenaiSecret",
    hashKey: "HashKeySecret",
  };

  it.each(FUNCTION_KEYS)("%s is granted exactly its logs, table, queue and secret actions", (key) => {
    // Prepare
    const spec = FUNCTION_SPECS[key];
    const table = idOf("AWS::DynamoDB::GlobalTable", "Table");
    const queue = idOf("AWS::SQS::Queue", "SlackQueue");
    const expected: Record<string, { actions: string[]; resource: unknown }> = {
      WriteOwnLogs: {
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resource: arnOf((fnProps(key).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref),
      },
      ReadOwnSecrets: {
        actions: ["secretsmanager:GetSecretValue"],
        resource: spec.secrets.map((k) => ref(idOf("AWS::SecretsManager::Secret", secretId[k]))),
      },
    };
    if (spec.tableActions.length > 0) {
      expected.TableItems = {
        actions: [...spec.tableActions],
        resource: [
          arnOf(table),
          ...(spec.indexes
            ? TABLE_SCHEMA.indexes.map((i) => ({ "Fn::Join": ["", [arnOf(table), `/index/${i.name}`]] }))
            : []),
        ],
      };
    }
    if (spec.queue === "send")
      expected.SendSlackWork = { actions: [...QUEUE_ACTIONS.send], resource: arnOf(queue) };
    if (spec.queue === "consume") {
      expected.ConsumeSlackWork = { actions: [...QUEUE_ACTIONS.consume], resource: arnOf(queue) };
    }
    const bucket = idOf("AWS::S3::Bucket", "DocumentsBucket");
    const objects = (prefix: string) => ({ "Fn::Join": ["", [arnOf(bucket), `/${prefix}*`]] });
    if (spec.knowledge === "read") {
      expected.ReadKnowledgeIndex = { actions: ["s3:GetObject"], resource: objects("index/") };
    }
    if (spec.knowledge === "build") {
      expected.ListDocuments = { actions: ["s3:ListBucket"], resource: arnOf(bucket) };
      expected.ReadDocuments = { actions: ["s3:GetObject"], resource: objects("documents/") };
      expected.WriteKnowledgeIndex = {
        actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
        resource: objects("index/"),
      };
    }
    if (key === "weeklyDigest") {
      expected.ParkFailedDigest = {
        actions: ["sqs:SendMessage"],
        resource: arnOf(idOf("AWS::SQS::Queue", "DigestDeadLetterQueue")),
      };
    }
    if (key === "networkReminders") {
      expected.ParkFailedReminders = {
        actions: ["sqs:SendMessage"],
        resource: arnOf(idOf("AWS::SQS::Queue", "DigestDeadLetterQueue")),
      };
    }

    // Act
    const statements = statementsOf(key);

    // Assess
    expect(statements.map((s) => s.Sid).sort()).toEqual(Object.keys(expected).sort());
    for (const statement of statements) {
      const want = expected[statement.Sid ?? ""];
      expect(actionsOf(statement), statement.Sid).toEqual([...(want?.actions ?? [])].sort());
      // CloudFormation renders a single resource as a value, several as a list.
      expect([statement.Resource].flat(), statement.Sid).toEqual([want?.resource].flat());
    }
  });

  it("grants the exact DynamoDB actions each function's code calls", () => {
    expect(
      Object.fromEntries(FUNCTION_KEYS.map((k) => [k, [...FUNCTION_SPECS[k].tableActions].sort()])),
    ).toEqual({
      slackEvents: [],
      slackWorker: [
        "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      teamsMessages: [
        "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      weeklyDigest: [
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      // No BatchWriteItem (it erases nobody) and no hash key: it lists, posts, claims and marks.
      networkReminders: [
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ],
      indexer: [],
    });
  });

  it("uses no AWS managed policy and no wildcard action", () => {
    for (const [, role] of ofType("AWS::IAM::Role"))
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = ofType("AWS::IAM::Policy").flatMap(([, p]) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.flatMap(actionsOf),
    );
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });
});

describe("queue", () => {
  it("keeps parked Slack jobs (people's words, unscrubbed) for days, not the fortnight the digest's DLQ keeps", () => {
    // Regression (issue 13 item 12): the Slack DLQ kept job text 14 days.
    const retention = (prefix: string) =>
      resources[idOf("AWS::SQS::Queue", prefix)]?.Properties.MessageRetentionPeriod as number;
    expect(retention("SlackDeadLetterQueue")).toBe(SLACK_DLQ_RETENTION_DAYS * 86_400);
    expect(SLACK_DLQ_RETENTION_DAYS).toBeLessThanOrEqual(4);
    // SQS counts a standard queue's retention from the first enqueue, so the DLQ must outlast the work queue.
    expect(retention("SlackDeadLetterQueue")).toBeGreaterThan(retention("SlackQueue"));
    expect(retention("DigestDeadLetterQueue")).toBe(14 * 86_400);
  });

  it("parks Slack work after 3 receives in an encrypted dead-letter queue, TLS only", () => {
    const dlq = idOf("AWS::SQS::Queue", "SlackDeadLetterQueue");

    template.hasResourceProperties("AWS::SQS::Queue", {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: FUNCTION_SPECS.slackWorker.timeoutSeconds * 6,
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 3 },
    });
    for (const [id, queue] of ofType("AWS::SQS::Queue")) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
    }
    const tlsOnly = ofType("AWS::SQS::QueuePolicy").map(([, p]) => JSON.stringify(p.Properties));
    expect(tlsOnly).toHaveLength(3);
    for (const policy of tlsOnly) expect(policy).toContain('"aws:SecureTransport":"false"');
  });

  it("feeds the worker with partial batch failure reporting", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: arnOf(idOf("AWS::SQS::Queue", "SlackQueue")),
      FunctionName: ref(logicalId("slackWorker")),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });
});

describe("table", () => {
  it("is built from store/schema.ts: keys, GSIs and TTL", () => {
    const key = (hash: string, range: string) => [
      { AttributeName: hash, KeyType: "HASH" },
      { AttributeName: range, KeyType: "RANGE" },
    ];

    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: key(TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey),
      GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: key(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: "ALL" },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("has point-in-time recovery, encryption and deletion protection, and is retained", () => {
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          }),
        ],
      }),
    });
  });
});

describe("weekly schedule", () => {
  it("runs Monday 09:00 Europe/London with the scheduled time as input, retries and a DLQ", () => {
    const dlq = arnOf(idOf("AWS::SQS::Queue", "DigestDeadLetterQueue"));
    const schedule = resources[idOf("AWS::Scheduler::Schedule", "WeeklyDigestSchedule")] as Resource;

    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: "cron(0 9 ? * MON *)",
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: arnOf(logicalId("weeklyDigest")),
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: dlq },
      },
    });
    const input = JSON.parse((schedule.Properties.Target as { Input: string }).Input) as Record<
      string,
      string
    >;
    expect(input.scheduledTime).toBe("<aws.scheduler.scheduled-time>");
  });

  it("retries a failing digest run and then parks it in the same DLQ", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(logicalId("weeklyDigest")),
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: arnOf(idOf("AWS::SQS::Queue", "DigestDeadLetterQueue")) },
      },
    });
  });
});

describe("network reminders schedule (issue 15)", () => {
  it("runs the reminders function Monday to Friday 09:00 Europe/London, retried, parked in the digest's DLQ", () => {
    // Prepare
    const dlq = arnOf(idOf("AWS::SQS::Queue", "DigestDeadLetterQueue"));
    const schedules = ofType("AWS::Scheduler::Schedule");
    const schedule = resources[idOf("AWS::Scheduler::Schedule", "NetworkRemindersSchedule")] as Resource;

    // Assess: two schedules in all, this one weekday mornings UK time (working days, like the 3 a question waits).
    expect(schedules).toHaveLength(2);
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: "cron(0 9 ? * MON-FRI *)",
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      State: "ENABLED",
      Target: {
        Arn: arnOf(logicalId("networkReminders")),
        RetryPolicy: { MaximumRetryAttempts: 3 },
        DeadLetterConfig: { Arn: dlq },
      },
    });
    const input = JSON.parse((schedule.Properties.Target as { Input: string }).Input) as Record<
      string,
      string
    >;
    expect(input).toMatchObject({
      source: "pathfinder.network-reminders",
      scheduledTime: "<aws.scheduler.scheduled-time>",
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: ref(logicalId("networkReminders")),
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlq } },
    });
  });

  it("lets the reminders' scheduler role invoke that one function and nothing else", () => {
    const role = idOf("AWS::IAM::Role", "RemindersSchedulerRole");
    const statements = Object.values(resources)
      .filter((r) => r.Type === "AWS::IAM::Policy")
      .filter((r) => (r.Properties.Roles as { Ref: string }[]).some((x) => x.Ref === role))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
    const invoked = statements.filter((s) => actionsOf(s).includes("lambda:InvokeFunction"));

    expect(invoked).toHaveLength(1);
    expect(JSON.stringify(invoked[0]?.Resource)).toContain(logicalId("networkReminders"));
    expect(JSON.stringify(invoked[0]?.Resource)).not.toContain(logicalId("weeklyDigest"));
  });
});

describe("documents (issue 14)", () => {
  const bucketId = () => idOf("AWS::S3::Bucket", "DocumentsBucket");

  it("keeps documents in a private, encrypted, versioned, retained bucket that refuses plain HTTP", () => {
    const bucket = resources[bucketId()];

    expect(bucket?.DeletionPolicy).toBe("Retain");
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      VersioningConfiguration: { Status: "Enabled" },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("reserves concurrency for the public functions, so a flood on their URLs cannot exhaust the account", () => {
    // Regression (issue 13 item 11): the Slack events and Teams functions had no reserved concurrency.
    expect(fnProps("slackEvents").ReservedConcurrentExecutions).toBe(DEFAULT_PUBLIC_RESERVED_CONCURRENCY);
    expect(fnProps("teamsMessages").ReservedConcurrentExecutions).toBe(DEFAULT_PUBLIC_RESERVED_CONCURRENCY);
    // The queue consumer and the digest scale with their own sources; only the public URLs face floods.
    expect(fnProps("slackWorker").ReservedConcurrentExecutions).toBeUndefined();
    expect(fnProps("weeklyDigest").ReservedConcurrentExecutions).toBeUndefined();
  });

  it("runs the indexer, one at a time, when an object under documents/ is created or deleted", () => {
    expect(fnProps("indexer").ReservedConcurrentExecutions).toBe(1);
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.s3"],
        "detail-type": ["Object Created", "Object Deleted"],
        detail: { bucket: { name: [ref(bucketId())] }, object: { key: [{ prefix: "documents/" }] } },
      },
      Targets: [
        Match.objectLike({ Arn: arnOf(logicalId("indexer")), RetryPolicy: { MaximumRetryAttempts: 2 } }),
      ],
    });
    // No custom-resource Lambda writes the bucket's notifications (it would bring an AWS managed policy).
    expect(ofType("Custom::S3BucketNotifications")).toEqual([]);
  });

  it("counts refused documents from the indexer's log line", async () => {
    const { REJECTED_DOCUMENT_MESSAGE } = await import("../../functions/indexer.ts");
    const group = (fnProps("indexer").LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;

    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      LogGroupName: ref(group),
      FilterPattern: `{ $.message = "${REJECTED_DOCUMENT_MESSAGE}" }`,
      MetricTransformations: [
        Match.objectLike({ MetricNamespace: "Pathfinder", MetricName: "RejectedDocuments" }),
      ],
    });
  });
});

describe("alarms", () => {
  it("watches every function's errors and throttles and both dead-letter queues, notifying the topic", () => {
    // Prepare
    const topic = ref(idOf("AWS::SNS::Topic", "AlarmTopic"));
    const alarms = ofType("AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    const watched = alarms.map((a) => {
      const dims = (a.Dimensions ?? []) as {
        Name: string;
        Value: { Ref?: string; "Fn::GetAtt"?: string[] };
      }[];
      const target = dims[0]?.Value.Ref ?? dims[0]?.Value["Fn::GetAtt"]?.[0];
      return `${a.MetricName}:${target}`;
    });

    // Assess
    const expected = [
      // The indexer's reserved concurrency of 1 throttles bursts of uploads by design: errors only.
      ...FUNCTION_KEYS.flatMap((k) =>
        k === "indexer"
          ? [`Errors:${logicalId(k)}`]
          : [`Errors:${logicalId(k)}`, `Throttles:${logicalId(k)}`],
      ),
      "RejectedDocuments:undefined",
      `ApproximateNumberOfMessagesVisible:${idOf("AWS::SQS::Queue", "SlackDeadLetterQueue")}`,
      `ApproximateNumberOfMessagesVisible:${idOf("AWS::SQS::Queue", "DigestDeadLetterQueue")}`,
    ];
    expect(watched.sort()).toEqual(expected.sort());
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [topic],
      });
    }
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: context.alarmEmail,
    });
  });
});

describe("cdk-nag", () => {
  it("reports no unacknowledged AwsSolutions finding", () => {
    const report = new AwsSolutionsChecks().validateScope(app);

    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`)).toEqual(
      [],
    );
    expect(report.success).toBe(true);
  });

  it("is really checking: an unrotated secret outside the stack's acknowledgements is reported", () => {
    // Prepare
    const probe = new Stack(new App(), "Probe");
    new secretsmanager.Secret(probe, "Unrotated");

    // Act
    const report = new AwsSolutionsChecks().validateScope(probe);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toContain("AwsSolutions-SMG4");
  });
});
