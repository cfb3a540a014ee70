/**
 * Secrets, fetched by name at cold start and cached for the life of the container.
 * On Lambda they come from AWS Secrets Manager (each secret is a JSON object); locally from
 * environment variables. Secret values are never logged.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type Config, ConfigError } from "./config.ts";

export interface Secrets {
  slackSigningSecret?: string;
  slackBotToken?: string;
  teamsAppPassword?: string;
  openaiApiKey?: string;
  /** HMAC key for user-id hashes. */
  hashKey: string;
}

/** Where secret JSON documents come from: a port, so tests can pass a fake. */
export interface SecretSource {
  getSecretJson(name: string): Promise<Record<string, string>>;
}

/** The local development hash key; never used on Lambda (loadConfig requires a secret there). */
export const LOCAL_DEV_HASH_KEY = "pathfinder-local-development-key";

/** Reads secret JSON documents from AWS Secrets Manager. */
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
  const hashKey = nonEmpty(hash.key);
  if (!hashKey) throw new ConfigError(`Secret ${config.secretNames.hashKey} has no "key" value yet`);
  return {
    slackSigningSecret: nonEmpty(slack.signingSecret),
    slackBotToken: nonEmpty(slack.botToken),
    teamsAppPassword: nonEmpty(teams.appPassword),
    openaiApiKey: nonEmpty(openai.apiKey),
    hashKey,
  };
}

let cached: Promise<Secrets> | undefined;

/** Cached per container: the first call fetches, later calls reuse (a failed fetch is retried next time). */
export function getSecrets(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Secrets> {
  cached ??= loadSecrets(config, env).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
