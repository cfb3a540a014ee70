/**
 * Configuration, parsed once at cold start into a typed object (see STYLE.md #3).
 * Secrets are never read here: only the *names* of the Secrets Manager secrets that hold them
 * (see config/secrets.ts). Locally, plain environment variables stand in for secrets.
 */

/** Raised when configuration is missing or malformed; fails the cold start loudly, not the tenth request. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be a whole number >= ${min}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  return ["1", "true", "yes"].includes((env[name] ?? "").toLowerCase());
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Parses the environment into Pathfinder's configuration. Pure: pass `process.env` or a test object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const onLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const config = {
    /** "aws" on Lambda (secrets from Secrets Manager), "local" elsewhere (secrets from env). */
    runtime: (onLambda ? "aws" : "local") as "aws" | "local",
    region: optional(env, "AWS_REGION") ?? "eu-west-2",
    tableName: optional(env, "PATHFINDER_TABLE") ?? "pathfinder",
    /** Any DynamoDB endpoint (DynamoDB Local, another account); unset on Lambda means the real service. */
    dynamodbEndpoint: optional(env, "DYNAMODB_ENDPOINT"),
    /** Raw obstacle reports and other personal records expire after this many days (13 months). */
    reportTtlDays: int(env, "REPORT_TTL_DAYS", 395, 1),
    secretNames: {
      slack: optional(env, "SLACK_SECRET_NAME"),
      teams: optional(env, "TEAMS_SECRET_NAME"),
      openai: optional(env, "OPENAI_SECRET_NAME"),
      hashKey: optional(env, "HASH_KEY_SECRET_NAME"),
    },
    openai: {
      model: optional(env, "OPENAI_MODEL") ?? "gpt-5-mini",
      embeddingModel: optional(env, "OPENAI_EMBEDDING_MODEL") ?? "text-embedding-3-small",
      baseUrl: optional(env, "OPENAI_BASE_URL"),
      deadlineMs: int(env, "OPENAI_DEADLINE_MS", 6000, 100),
    },
    slack: {
      apiUrl: optional(env, "SLACK_API_URL"),
      botUserId: optional(env, "SLACK_BOT_USER_ID"),
      botId: optional(env, "SLACK_BOT_ID"),
      queueUrl: optional(env, "SLACK_QUEUE_URL"),
    },
    teams: {
      appId: optional(env, "MICROSOFT_APP_ID"),
      appType: optional(env, "MICROSOFT_APP_TYPE") ?? "SingleTenant",
      tenantId: optional(env, "MICROSOFT_APP_TENANT_ID"),
      /** Local development only: accept unauthenticated activities when no app id is set. */
      allowAnonymous: flag(env, "TEAMS_ALLOW_ANONYMOUS"),
    },
    logLevel: optional(env, "LOG_LEVEL") ?? "INFO",
  };
  if (config.runtime === "aws" && !config.secretNames.hashKey) {
    throw new ConfigError("HASH_KEY_SECRET_NAME is required on Lambda: user ids are stored as keyed hashes");
  }
  return config;
}

export type Config = ReturnType<typeof loadConfig>;
