/**
 * Everything Pathfinder runs on, composed from one construct per concern (cdk/constructs/): data (the table),
 * secrets, documents (bucket and indexer), Slack (events, queue, worker), Teams, the weekly digest, the network reminders, and alarms. Environment-agnostic and
 * lookup-free, so `cdk synth` needs no AWS account or network. Concerns add no segment to logical ids
 * (cdk/constructs/concern.ts): every resource keeps the id it had when this was one 500-line stack.
 */
import { type CfnElement, CfnOutput, Duration, Fn, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { assertLocalEsbuild, REPO_ROOT } from "./bundling.ts";
import { PathfinderAlarms } from "./constructs/alarms.ts";
import { logicalIdWithoutConcerns } from "./constructs/concern.ts";
import { PathfinderData } from "./constructs/data.ts";
import { PathfinderDigest } from "./constructs/digest.ts";
import { PathfinderDocuments } from "./constructs/documents.ts";
import { PathfinderReminders } from "./constructs/reminders.ts";
import { capitalise, PathfinderSecrets, SECRET_DOCS } from "./constructs/secrets.ts";
import { PathfinderSlack } from "./constructs/slack.ts";
import { PathfinderTeams } from "./constructs/teams.ts";
import { FUNCTION_KEYS, FUNCTION_SPECS, type FunctionKey, type SecretKey } from "./function-specs.ts";
import type { DeploySettings } from "./settings.ts";

/** Props of the Pathfinder stack. */
export interface PathfinderStackProps extends StackProps {
  settings: DeploySettings;
  /** Repository root: the bundling project root and the base of entry paths (default: this repository). */
  projectRoot?: string;
  /** Entry overrides (absolute, or relative to projectRoot); by default each spec's `entry`. */
  entries?: Partial<Record<FunctionKey, string>>;
}

/** The Pathfinder stack. */
export class PathfinderStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly functions: Record<FunctionKey, lambda.Function>;
  /** The documents bucket (issue 14): admins upload to documents/, the indexer writes index/. */
  readonly documentsBucket: s3.Bucket;
  /** Alarms by id (e.g. `SlackEventsErrors`), for tests and docs. */
  readonly alarms: Record<string, cloudwatch.Alarm>;
  private readonly secrets: PathfinderSecrets;

  constructor(scope: Construct, id: string, props: PathfinderStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const root = props.projectRoot ?? REPO_ROOT;
    assertLocalEsbuild(root);
    const entry = (key: FunctionKey) => props.entries?.[key] ?? FUNCTION_SPECS[key].entry;

    const alarms = new PathfinderAlarms(this, "Alarms", { email: settings.alarmEmail });
    this.table = new PathfinderData(this, "Data").table;
    this.secrets = new PathfinderSecrets(this, "Secrets");
    const documents = new PathfinderDocuments(this, "Documents", {
      context: { root, settings, table: this.table, secrets: this.secrets },
      entry: entry("indexer"),
    });
    this.documentsBucket = documents.bucket;
    const context = { root, settings, table: this.table, secrets: this.secrets, documents: documents.bucket };
    const slack = new PathfinderSlack(this, "Slack", {
      context,
      entries: { slackEvents: entry("slackEvents"), slackWorker: entry("slackWorker") },
    });
    const teams = new PathfinderTeams(this, "Teams", { context, entry: entry("teamsMessages") });
    const digest = new PathfinderDigest(this, "Digest", { context, entry: entry("weeklyDigest") });
    const reminders = new PathfinderReminders(this, "Reminders", {
      context,
      entry: entry("networkReminders"),
      deadLetterQueue: digest.deadLetterQueue,
    });
    this.functions = {
      slackEvents: slack.events,
      slackWorker: slack.worker,
      teamsMessages: teams.messages,
      weeklyDigest: digest.function,
      networkReminders: reminders.function,
      indexer: documents.indexer,
    };
    for (const key of FUNCTION_KEYS) {
      if (FUNCTION_SPECS[key].knowledge === "read") documents.acknowledgeIndexReader(this.functions[key]);
    }

    for (const key of FUNCTION_KEYS) {
      // The indexer's reserved concurrency of 1 throttles a burst of uploads by design (Lambda queues them).
      alarms.watchFunction(FUNCTION_SPECS[key].id, this.functions[key], { throttles: key !== "indexer" });
    }
    alarms.watchCount(
      "RejectedDocuments",
      documents.rejectedDocuments.metric({ period: Duration.minutes(5), statistic: "Sum" }),
      "The indexer refused a document (unsupported, no text, encrypted, corrupt, over 20 MB or a duplicate): " +
        'its log group has the one-line reason (filter on "document rejected").',
    );
    alarms.watchDeadLetters(
      "SlackDeadLetters",
      slack.deadLetterQueue,
      "Slack work failed 3 times and was parked in the dead-letter queue.",
    );
    alarms.watchDeadLetters(
      "DigestDeadLetters",
      digest.deadLetterQueue,
      "The weekly digest or the network reminders failed after their retries (see the WeeklyDigest and " +
        "NetworkReminders log groups).",
    );
    this.alarms = alarms.alarms;
    for (const key of FUNCTION_KEYS) {
      Validations.of(this.functions[key]).acknowledge({
        id: "AwsSolutions-L1",
        reason: "nodejs22.x is the runtime the project targets and tests on (package.json engines).",
      });
    }

    // Function URLs end in "/"; the paths are the ones bots/slack/manifest.yaml and Azure's docs use (the
    // handlers do not check the path, so any path on the URL works).
    new CfnOutput(this, "SlackEventsUrl", {
      value: Fn.join("", [slack.eventsUrl.url, "slack/events"]),
      description: "Replace every REPLACE-WITH-YOUR-FUNCTION-URL URL in bots/slack/manifest.yaml with this",
    });
    new CfnOutput(this, "TeamsMessagingEndpoint", {
      value: Fn.join("", [teams.messagesUrl.url, "api/messages"]),
      description: "Azure Bot resource > Configuration > Messaging endpoint",
    });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "DocumentsBucketName", {
      value: documents.bucket.bucketName,
      description:
        "Upload guidance documents to s3://<this>/documents/ (aws s3 cp FILE s3://<this>/documents/); answers use them within 60 s",
    });
    for (const key of FUNCTION_KEYS) {
      new CfnOutput(this, `${FUNCTION_SPECS[key].id}FunctionName`, {
        value: this.functions[key].functionName,
        description: "For logs (aws logs tail) and for recycling containers after a secret changes",
      });
    }
    new CfnOutput(this, "AlarmTopicArn", { value: alarms.topic.topicArn });
    for (const key of Object.keys(this.secrets.secrets) as SecretKey[]) {
      new CfnOutput(this, `${capitalise(key)}SecretName`, {
        value: this.secretName(key),
        description:
          key === "hashKey"
            ? "Generated at deploy; never change or delete it"
            : `Fill with aws secretsmanager put-secret-value (fields: ${SECRET_DOCS[key].fields.join(", ")})`,
      });
    }
  }

  /** A secret's name: `<stack name>/<key>`, e.g. `Pathfinder/slack`. */
  secretName(key: SecretKey): string {
    return this.secrets.secretName(key);
  }

  /** Concern constructs are left out of logical ids, so splitting the stack renamed (replaced) nothing. */
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutConcerns(element);
  }
}
