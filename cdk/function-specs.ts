/**
 * What each Lambda function is, how big it is, and exactly what it may touch: one table of data the stack
 * turns into functions, environment and IAM, and the tests read back. Least privilege lives here, in
 * plain sight; tests/cdk/function-specs.int.test.ts checks these grants cover the calls each bundle makes.
 */

/** The six functions, by key. */
export type FunctionKey =
  | "slackEvents"
  | "slackWorker"
  | "teamsMessages"
  | "weeklyDigest"
  | "networkReminders"
  | "indexer";

/** The Secrets Manager secrets the stack creates, keyed as in `Config.secretNames` (config/config.ts). */
export type SecretKey = "slack" | "teams" | "openai" | "hashKey";

/** The environment variable that carries each secret's NAME (never its value), as config/config.ts reads it. */
export const SECRET_NAME_ENV: Record<SecretKey, string> = {
  slack: "SLACK_SECRET_NAME",
  teams: "TEAMS_SECRET_NAME",
  openai: "OPENAI_SECRET_NAME",
  hashKey: "HASH_KEY_SECRET_NAME",
};

/** DynamoDB item actions a function may be granted (on the table and its indexes). */
export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:Query"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:BatchWriteItem";

/** The SQS actions of each queue role: the sender only sends; the worker consumes. */
export const QUEUE_ACTIONS = {
  send: ["sqs:SendMessage"],
  // Receive/Delete/GetQueueAttributes: what the Lambda event source mapping calls with the function's role.
  // ChangeMessageVisibility: the worker delays a message's next delivery to honour Slack's Retry-After
  // (https://api.slack.com/apis/rate-limits) instead of retrying into the rate limit.
  consume: [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ChangeMessageVisibility",
  ],
} as const;

/** Deliveries to the Slack work queue before a message is parked in its dead-letter queue. */
export const SLACK_MAX_RECEIVE_COUNT = 3;

/**
 * Days the Slack dead-letter queue keeps a job, counted from the job's first enqueue (SQS keeps a standard
 * queue's timestamp when it moves a message). A parked job carries the person's message unscrubbed, and only
 * lands there when even the apology failed (a Slack outage); the DLQ alarm fires on the first one, so three
 * days or so to inspect and redrive covers a weekend without keeping people's words for a fortnight.
 */
export const SLACK_DLQ_RETENTION_DAYS = 4;

/** One function: its entry, its sizing (with the reason) and what it may touch. */
export interface FunctionSpec {
  /** Construct id and the stem of its outputs. */
  id: string;
  /** Entry file relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Why this memory and timeout (docs/deploy.md repeats it). */
  sizing: string;
  tableActions: readonly TableAction[];
  /** Whether it queries the GSIs (export/erase by owner, introductions by target); else the table only. */
  indexes: boolean;
  /** Its role on the Slack work queue, if any. */
  queue?: keyof typeof QUEUE_ACTIONS;
  /** Secrets it reads; only these names reach its environment, so it never asks for one it cannot read. */
  secrets: readonly SecretKey[];
  /** A public HTTPS endpoint (Lambda function URL, auth NONE: the platform signs every request). */
  publicUrl: boolean;
  /** Receives MICROSOFT_APP_ID / _TENANT_ID / _TYPE (Bot Framework auth and proactive posting). */
  teamsApp: boolean;
  /** Receives SLACK_BOT_USER_ID / SLACK_BOT_ID (so Bolt never calls auth.test during init). */
  slackBotIds: boolean;
  /**
   * Its access to the documents bucket (KNOWLEDGE_BUCKET): "read" the built index only (the bots that answer
   * questions), or "build" it (the indexer: read documents/, write index/). None when absent.
   */
  knowledge?: "read" | "build";
  /**
   * Reserved concurrency, when the function must not run twice at once. Public functions (`publicUrl`) get the
   * deploy setting `publicReservedConcurrency` instead (cdk/settings.ts), so a flood cannot exhaust the account.
   */
  reservedConcurrency?: number;
}

// Everything the peer store (store/*.ts) calls for Slack and Teams conversations: Get/Put/Update/Delete/
// Query, TransactWrite (authorised as its parts' Put/Update/Delete) and BatchWrite (erasing a person's data).
const CONVERSATION_STORE: readonly TableAction[] = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:Query",
  "dynamodb:BatchWriteItem",
];

/** The functions of the stack. */
export const FUNCTION_SPECS: Record<FunctionKey, FunctionSpec> = {
  slackEvents: {
    id: "SlackEvents",
    entry: "functions/slack-events.ts",
    description:
      "Slack Events/interactivity/slash commands: verify the signature, claim the event, enqueue, ack",
    memoryMb: 512,
    timeoutSeconds: 10,
    sizing:
      "Slack waits 3 s for the ack, so nothing slow runs here; 512 MB buys the CPU to load the bundle fast on a " +
      "cold start, and 10 s only bounds a hung SQS call (the client's own timeouts fire well before).",
    // It verifies, acknowledges and enqueues; deduplication happens in the worker. No table access at all.
    tableActions: [],
    indexes: false,
    queue: "send",
    // Never the hash key (issue 13 item 10): it stores nothing, and the idempotency keys it builds hash user
    // ids under a key derived from the Slack signing secret it already has (bots/slack/incoming.ts).
    secrets: ["slack"],
    publicUrl: true,
    teamsApp: false,
    slackBotIds: true,
  },
  slackWorker: {
    id: "SlackWorker",
    entry: "functions/slack-worker.ts",
    description: "Slack work queue consumer: retrieval, optional OpenAI, peer store, posting replies",
    memoryMb: 1024,
    timeoutSeconds: 60,
    sizing:
      "Each message may wait on OpenAI (6 s deadline) plus Slack and DynamoDB calls; a batch of up to 5 fits in " +
      "60 s with room for retries. 1 GB gives a full vCPU-share for search over the bundled index.",
    tableActions: CONVERSATION_STORE,
    indexes: true,
    queue: "consume",
    secrets: ["slack", "openai", "hashKey"],
    publicUrl: false,
    teamsApp: false,
    slackBotIds: true,
    knowledge: "read",
  },
  teamsMessages: {
    id: "TeamsMessages",
    entry: "functions/teams-messages.ts",
    description: "Bot Framework messaging endpoint: JWT auth, answer, peer store, conversation references",
    memoryMb: 1024,
    timeoutSeconds: 30,
    sizing:
      "Teams answers in-line (typing, then the reply within the OpenAI deadline with extractive fallback); 30 s " +
      "bounds the Bot Connector calls. 1 GB for botbuilder's heavier cold start and the search index.",
    tableActions: CONVERSATION_STORE,
    indexes: true,
    secrets: ["teams", "openai", "hashKey"],
    publicUrl: true,
    teamsApp: true,
    slackBotIds: false,
    knowledge: "read",
  },
  weeklyDigest: {
    id: "WeeklyDigest",
    entry: "functions/weekly-digest.ts",
    description: "Weekly digest (EventBridge Scheduler): build once, post to every subscribed channel",
    memoryMb: 512,
    timeoutSeconds: 300,
    sizing:
      "Reads a bounded set of weekly counters, then posts to every subscription one by one with per-channel " +
      "retries; 5 minutes covers hundreds of channels. Little CPU is needed, so 512 MB.",
    // Weekly counters and subscriptions are read with Query; each delivery is claimed with a conditional
    // Put (in progress until the invocation's deadline), marked completed with Update once posted, checked with
    // Get when another run holds it, and released with Delete when posting fails (digest/deliver.ts,
    // store/idempotency.ts). Without Update a posted digest's claim lapsed and a retry posted it again.
    tableActions: [
      "dynamodb:Query",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
    ],
    indexes: false,
    // Never the hash key (issue 13 item 10): it reads counters and subscriptions and hashes nobody
    // (app/digest.ts).
    secrets: ["slack", "teams"],
    publicUrl: false,
    teamsApp: true,
    slackBotIds: false,
  },
  networkReminders: {
    id: "NetworkReminders",
    entry: "functions/network-reminders.ts",
    description:
      "Network reminders (EventBridge Scheduler, weekdays): raise open questions unanswered for 3 working days",
    memoryMb: 512,
    timeoutSeconds: 120,
    sizing:
      "Reads the open questions (one bounded Query) and posts a few reminders a day, each with a bounded retry; " +
      "2 minutes covers dozens of questions in several places. Little CPU is needed, so 512 MB.",
    // Open questions by status (gsi2) and subscriptions: Query; a question read and marked reminded, a
    // reminder's new thread linked: GetItem/PutItem; each post claimed (Put), checked (Get), completed
    // (Update) or given back (Delete) (app/network-reminders.ts, store/idempotency.ts); a Teams reference: Get.
    tableActions: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ],
    indexes: true,
    // Never the hash key or OpenAI: it hashes nobody and answers nothing (app/network-reminders.ts).
    secrets: ["slack", "teams"],
    publicUrl: false,
    teamsApp: true,
    slackBotIds: false,
  },
  indexer: {
    id: "Indexer",
    entry: "functions/indexer.ts",
    description:
      "Documents bucket indexer: parse the documents, rebuild the knowledge index, move the pointer",
    memoryMb: 2048,
    timeoutSeconds: 600,
    sizing:
      "A rebuild re-reads every document's cached parse and rebuilds the whole index (about 7 s for 1,000 " +
      "documents, npm run bench knowledge); parsing a new 20 MB PDF and embedding new passages with OpenAI " +
      "can take minutes, so 10 minutes. 2 GB for the in-memory index of a large library and a faster CPU share.",
    // It never touches the table or the queue: S3 only (knowledge: "build").
    tableActions: [],
    indexes: false,
    // OpenAI embeds new passages when a key is configured; nothing else is secret here.
    secrets: ["openai"],
    publicUrl: false,
    teamsApp: false,
    slackBotIds: false,
    knowledge: "build",
    // Rebuilds are serialised (knowledge/documents/s3-indexer.ts explains why this and a conditional pointer).
    reservedConcurrency: 1,
  },
};

/** The function keys in a stable order. */
export const FUNCTION_KEYS = Object.keys(FUNCTION_SPECS) as FunctionKey[];
