/**
 * Configuration, parsed once at cold start into a typed object, so a missing or malformed value fails the first
 * invocation loudly rather than the tenth request. The environment is checked by one zod schema; a bad value
 * fails with one sentence naming the variable. Secrets are never read here: only the *names* of the Secrets Manager secrets that hold
 * them (see config/secrets.ts). Locally, plain environment variables stand in for secrets.
 */
// The namespace import lets esbuild drop what is unused: `import { z }` bundles all of zod (~450 KB minified).
import * as z from "zod";
import { DEFAULT_NATION, UK_NATIONS } from "../peer/uk-nations.ts";

/** Raised when configuration is missing or malformed; fails the cold start loudly, not the tenth request. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}

/** A setting that may be unset; blank (or whitespace) counts as unset, as in a `.env` file's `NAME=`. */
const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** A whole number of at least `min`, `fallback` when unset. */
const wholeNumber = (min: number, fallback: number) =>
  text
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(z.number().int().min(min).optional())
    .transform((value) => value ?? fallback)
    // The rule in one phrase, whatever check failed; `parseEnvironment` adds the variable and what it got.
    .describe(`a whole number >= ${min}`);

const FLAG_VALUES: Record<string, boolean> = {
  "1": true,
  true: true,
  yes: true,
  "0": false,
  false: false,
  no: false,
};
/** On with 1/true/yes, off with 0/false/no or unset; anything else is refused rather than read as "off". */
const flag = text
  .refine((value) => value === undefined || value.toLowerCase() in FLAG_VALUES)
  .transform((value) => (value === undefined ? false : (FLAG_VALUES[value.toLowerCase()] ?? false)))
  .describe("one of 1, true, yes, 0, false, no");

/** One of UK_NATIONS, case and spacing forgiven ("Scotland", "northern ireland"); the default when unset. */
const nation = text
  .transform((value) => value?.toLowerCase().replace(/[\s_]+/g, "-"))
  .pipe(z.enum(UK_NATIONS).optional())
  .transform((value) => value ?? DEFAULT_NATION)
  .describe(`one of ${UK_NATIONS.join(", ")}`);

/** Every variable Pathfinder reads (the README's configuration table), with its default. */
const EnvironmentSchema = z.object({
  AWS_LAMBDA_FUNCTION_NAME: text,
  AWS_REGION: text.transform((value) => value ?? "eu-west-2"),
  PATHFINDER_TABLE: text.transform((value) => value ?? "pathfinder"),
  DYNAMODB_ENDPOINT: text,
  REPORT_TTL_DAYS: wholeNumber(1, 395),
  SLACK_SECRET_NAME: text,
  TEAMS_SECRET_NAME: text,
  OPENAI_SECRET_NAME: text,
  HASH_KEY_SECRET_NAME: text,
  OPENAI_MODEL: text.transform((value) => value ?? "gpt-5-mini"),
  OPENAI_EMBEDDING_MODEL: text.transform((value) => value ?? "text-embedding-3-small"),
  OPENAI_BASE_URL: text,
  OPENAI_DEADLINE_MS: wholeNumber(100, 6000),
  SLACK_API_URL: text,
  SLACK_BOT_USER_ID: text,
  SLACK_BOT_ID: text,
  SLACK_QUEUE_URL: text,
  MICROSOFT_APP_ID: text,
  MICROSOFT_APP_TYPE: text.transform((value) => value ?? "SingleTenant"),
  MICROSOFT_APP_TENANT_ID: text,
  TEAMS_ALLOW_ANONYMOUS: flag,
  LOG_LEVEL: text.transform((value) => value ?? "INFO"),
  KNOWLEDGE_BUCKET: text,
  PATHFINDER_BANK_HOLIDAYS: nation,
});

/** Checks the environment, or throws one ConfigError sentence per bad variable: its name, the rule, the value. */
function parseEnvironment(env: NodeJS.ProcessEnv) {
  const result = EnvironmentSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    // The rule as the field describes it, rather than zod's generic wording for the check that failed.
    const rule = EnvironmentSchema.shape[name as keyof typeof EnvironmentSchema.shape]?.description;
    return `${name} must be ${rule ?? issue.message}, got "${env[name] ?? ""}"`;
  });
  throw new ConfigError(problems.join("; "), { cause: result.error });
}

/** Parses the environment into Pathfinder's configuration. Pure: pass `process.env` or a test object. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const vars = parseEnvironment(env);
  const config = {
    /** "aws" on Lambda (secrets from Secrets Manager), "local" elsewhere (secrets from env). */
    runtime: (vars.AWS_LAMBDA_FUNCTION_NAME ? "aws" : "local") as "aws" | "local",
    region: vars.AWS_REGION,
    tableName: vars.PATHFINDER_TABLE,
    /** Any DynamoDB endpoint (DynamoDB Local, another account); unset on Lambda means the real service. */
    dynamodbEndpoint: vars.DYNAMODB_ENDPOINT,
    /** Raw obstacle reports and other personal records expire after this many days (13 months). */
    reportTtlDays: vars.REPORT_TTL_DAYS,
    secretNames: {
      slack: vars.SLACK_SECRET_NAME,
      teams: vars.TEAMS_SECRET_NAME,
      openai: vars.OPENAI_SECRET_NAME,
      hashKey: vars.HASH_KEY_SECRET_NAME,
    },
    openai: {
      model: vars.OPENAI_MODEL,
      embeddingModel: vars.OPENAI_EMBEDDING_MODEL,
      baseUrl: vars.OPENAI_BASE_URL,
      deadlineMs: vars.OPENAI_DEADLINE_MS,
    },
    slack: {
      apiUrl: vars.SLACK_API_URL,
      botUserId: vars.SLACK_BOT_USER_ID,
      botId: vars.SLACK_BOT_ID,
      queueUrl: vars.SLACK_QUEUE_URL,
    },
    teams: {
      appId: vars.MICROSOFT_APP_ID,
      appType: vars.MICROSOFT_APP_TYPE,
      tenantId: vars.MICROSOFT_APP_TENANT_ID,
      /** Local development only: accept unauthenticated activities when no app id is set. */
      allowAnonymous: vars.TEAMS_ALLOW_ANONYMOUS,
    },
    logLevel: vars.LOG_LEVEL,
    /**
     * Whose bank holidays are not working days (peer/bank-holidays.ts): the 3 working days an open question
     * waits, the reminders (none on a bank holiday) and the digest's "waiting" list. England and Wales by default.
     */
    bankHolidays: vars.PATHFINDER_BANK_HOLIDAYS,
    knowledge: {
      /** The documents bucket (issue 14): the bots follow its index pointer; unset means the bundled index only. */
      bucket: vars.KNOWLEDGE_BUCKET,
    },
  };
  // botbuilder with no app id accepts unsigned activities; on Lambda that would be the public endpoint.
  if (config.runtime === "aws" && config.teams.allowAnonymous) {
    throw new ConfigError("TEAMS_ALLOW_ANONYMOUS is for local development only and is refused on Lambda");
  }
  // HASH_KEY_SECRET_NAME is not required here: only the functions that hash user ids get it (least privilege,
  // cdk/function-specs.ts), and they refuse to start without it (requireHashKey in config/secrets.ts).
  return config;
}

export type Config = ReturnType<typeof loadConfig>;
