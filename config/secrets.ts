/**
 * Secrets, fetched by name. On Lambda they come from AWS Secrets Manager through Powertools Parameters
 * (each secret is a JSON object), cached for SECRETS_MAX_AGE_SECONDS, so a rotated secret is picked up
 * within that time without recycling containers; locally from environment variables. Secret values are
 * never logged.
 */
import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type Config, ConfigError } from "./config.ts";

export interface Secrets {
  slackSigningSecret?: string;
  slackBotToken?: string;
  teamsAppPassword?: string;
  openaiApiKey?: string;
  /**
   * HMAC key for user-id hashes. Only the functions that hash user ids are given the secret's name (and the IAM
   * grant: cdk/function-specs.ts), so on Lambda it is absent elsewhere; `requireHashKey` where it is needed.
   */
  hashKey?: string;
}

/** The hash key, or a ConfigError naming the fix: for the code paths that store or look up user hashes. */
export function requireHashKey(secrets: Pick<Secrets, "hashKey">): string {
  if (!secrets.hashKey) {
    throw new ConfigError(
      "This function stores user ids as keyed hashes but has no hash key: set HASH_KEY_SECRET_NAME (on AWS the stack sets it, with the read grant, only for the functions that hash)",
    );
  }
  return secrets.hashKey;
}

/** Where secret JSON documents come from: a port, so tests can pass a fake. */
export interface SecretSource {
  getSecretJson(name: string): Promise<Record<string, string>>;
}

/** The local development hash key; never used on Lambda (loadConfig requires a secret there). */
export const LOCAL_DEV_HASH_KEY = "pathfinder-local-development-key";

/** How long a fetched secret is trusted before Secrets Manager is asked again (seconds). */
export const SECRETS_MAX_AGE_SECONDS = 300;

/**
 * Reads secret JSON documents through Powertools Parameters' cache (secretsmanager:GetSecretValue at most
 * once per secret per `maxAge` seconds).
 */
export function parametersSecretSource(maxAge = SECRETS_MAX_AGE_SECONDS): SecretSource {
  return {
    async getSecretJson(name) {
      let value: unknown;
      try {
        value = await getSecret(name, { maxAge, transform: "json" });
      } catch (cause) {
        if ((cause as { name?: string }).name === "TransformParameterError")
          throw new ConfigError(`Secret ${name} is not a JSON object`, { cause });
        throw cause;
      }
      if (value === undefined || value === null) return {};
      if (typeof value !== "object" || Array.isArray(value))
        throw new ConfigError(`Secret ${name} is not a JSON object`);
      return Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
    },
  };
}

/** Reads secret JSON documents from AWS Secrets Manager directly (no cache). */
export function secretsManagerSource(client = new SecretsManagerClient({})): SecretSource {
  return {
    async getSecretJson(name) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: name }));
      if (!out.SecretString) return {};
      try {
        return JSON.parse(out.SecretString) as Record<string, string>;
      } catch (cause) {
        throw new ConfigError(`Secret ${name} is not a JSON object`, { cause });
      }
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

/** Loads all secrets for this runtime. On "aws", from Secrets Manager by name; on "local", from env. */
export async function loadSecrets(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  source?: SecretSource,
): Promise<Secrets> {
  if (config.runtime === "local") {
    return {
      slackSigningSecret: nonEmpty(env.SLACK_SIGNING_SECRET),
      slackBotToken: nonEmpty(env.SLACK_BOT_TOKEN),
      teamsAppPassword: nonEmpty(env.MICROSOFT_APP_PASSWORD),
      openaiApiKey: nonEmpty(env.OPENAI_API_KEY),
      hashKey: nonEmpty(env.PATHFINDER_HASH_KEY) ?? LOCAL_DEV_HASH_KEY,
    };
  }
  const src = source ?? secretsManagerSource();
  const read = async (name: string | undefined) => (name ? await src.getSecretJson(name) : {});
  const [slack, teams, openai, hash] = await Promise.all([
    read(config.secretNames.slack),
    read(config.secretNames.teams),
    read(config.secretNames.openai),
    read(config.secretNames.hashKey),
  ]);
  // Only a function that was given the secret's name asks for it (least privilege, issue 13 item 10); one that
  // was given the name must find a key there.
  const hashKey = nonEmpty(hash.key);
  if (config.secretNames.hashKey && !hashKey)
    throw new ConfigError(`Secret ${config.secretNames.hashKey} has no "key" value yet`);
  return {
    slackSigningSecret: nonEmpty(slack.signingSecret),
    slackBotToken: nonEmpty(slack.botToken),
    teamsAppPassword: nonEmpty(teams.appPassword),
    openaiApiKey: nonEmpty(openai.apiKey),
    ...(hashKey ? { hashKey } : {}),
  };
}

let cached: Promise<Secrets> | undefined;

/**
 * The secrets now. On Lambda every call goes through Parameters' cache (a rotated secret shows up within
 * SECRETS_MAX_AGE_SECONDS); locally the environment is read once. A failed fetch is retried next time.
 */
export function getSecrets(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Secrets> {
  if (config.runtime === "aws") return loadSecrets(config, env, parametersSecretSource());
  cached ??= loadSecrets(config, env).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
