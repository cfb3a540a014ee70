/**
 * What the peer-support CLI commands share: argument parsing that fails as a usage error, the CLI user's
 * identity, and storage: DYNAMODB_ENDPOINT when set, else a DynamoDB Local started on demand whose data
 * lives in .data/dynamodb, so consecutive commands see the same data. The table is created if missing.
 * With `--target aws` (PATHFINDER_TARGET=aws) it is the deployed stack's table instead (cli/target.ts).
 * Either way the hash key must match the fingerprint stored in the table (store/key-fingerprint.ts).
 */
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type Config, loadConfig } from "../config/config.ts";
import { loadSecrets, requireHashKey, type SecretSource } from "../config/secrets.ts";
import type { Clock, PeerServices, Platform, UserRef } from "../peer/ports.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { type DynamoLocal, findRunningDynamoLocal, startDynamoLocal } from "../store/dynamodb-local.ts";
import { ensureTable } from "../store/ensure-table.ts";
import { checkKeyFingerprint } from "../store/key-fingerprint.ts";
import { createPeerServices } from "../store/peer-services.ts";
import { CliUsageError } from "./command.ts";
import { assertKeyFitsEndpoint, resolveAwsTarget, type StackOutputsLookup, targetKind } from "./target.ts";

const PLATFORMS: readonly Platform[] = ["cli", "slack", "teams", "web"];

/** The default folder DynamoDB Local keeps its data in (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../.data/dynamodb", import.meta.url));

/** parseArgs that turns its errors into CliUsageError (exit code 2 with the usage text). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

/** The person the CLI acts as: `--user` (and `--platform`), else the OS user name on platform "cli". */
export function cliUser(values: { user?: string | boolean; platform?: string | boolean }): UserRef {
  const platform = typeof values.platform === "string" ? values.platform : "cli";
  if (!PLATFORMS.includes(platform as Platform)) {
    throw new CliUsageError(`--platform must be one of ${PLATFORMS.join(", ")}`);
  }
  const userId =
    typeof values.user === "string" && values.user.trim() ? values.user.trim() : userInfo().username;
  return { platform: platform as Platform, userId };
}

/** Open storage for one command; always `close()` it (stops a DynamoDB Local this started). */
export interface PeerContext {
  services: PeerServices;
  /** The clock the services read; commands that show time-dependent state (capacity, snooze) read it too. */
  now: Clock;
  endpoint: string;
  tableName: string;
  close(): Promise<void>;
}

/** Stand-ins for AWS lookups, for tests (the stack's outputs, Secrets Manager). */
export interface PeerContextOptions {
  now?: Clock;
  lookup?: StackOutputsLookup;
  secrets?: SecretSource;
}

/** Opens the peer services the way the environment says (see the module comment and cli/target.ts). */
export async function openPeerContext(
  env: NodeJS.ProcessEnv,
  options: PeerContextOptions = {},
): Promise<PeerContext> {
  // The CLI is a composition root: the system clock is read here, unless a caller fixes one.
  const now = options.now ?? (() => new Date());
  const config = loadConfig(env);
  if (targetKind(env) === "aws") {
    const target = await resolveAwsTarget(env, options);
    // The stack made the table; a missing one is a TableMissingError on first use, never a new table.
    const doc = createDocumentClient({
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      ...(target.region ? { region: target.region } : {}),
    });
    return await finishOpening(doc, target.tableName, target.hashKey, config, now, {
      endpoint: target.endpoint ?? `aws:${target.stackName}`,
      close: async () => doc.destroy(),
    });
  }
  const secrets = await loadSecrets(config, env);
  let local: DynamoLocal | undefined;
  let endpoint = config.dynamodbEndpoint;
  if (!endpoint) {
    const dataDir = resolve(env.PATHFINDER_DATA_DIR ?? DEFAULT_DATA_DIR);
    // Share the DynamoDB Local that `npm start` (or another command) runs on this folder, if any.
    endpoint = await findRunningDynamoLocal(dataDir);
    if (!endpoint) {
      local = await startDynamoLocal({ dataDir });
      endpoint = local.endpoint;
    }
  }
  const doc = createDocumentClient({ endpoint, region: config.region });
  const close = async () => {
    doc.destroy();
    await local?.stop();
  };
  let hashKey: string;
  try {
    hashKey = requireHashKey(secrets);
    assertKeyFitsEndpoint(hashKey, endpoint);
    await ensureTable(doc, config.tableName);
  } catch (error) {
    await close();
    throw error;
  }
  return await finishOpening(doc, config.tableName, hashKey, config, now, {
    endpoint,
    close,
  });
}

/** Checks the key's fingerprint (closing on refusal) and builds the services. */
async function finishOpening(
  doc: DynamoDBDocumentClient,
  tableName: string,
  hashKey: string,
  { reportTtlDays, bankHolidays }: Pick<Config, "reportTtlDays" | "bankHolidays">,
  now: Clock,
  opened: { endpoint: string; close: () => Promise<void> },
): Promise<PeerContext> {
  try {
    // Every command hashes user ids or could; refusing here covers them all (export, erase, blockers...).
    await checkKeyFingerprint({ doc, tableName }, hashKey, now());
  } catch (error) {
    await opened.close();
    throw error;
  }
  return {
    services: createPeerServices({ doc, tableName, hashKey, reportTtlDays, bankHolidays, now }),
    now,
    endpoint: opened.endpoint,
    tableName,
    close: opened.close,
  };
}

/** Runs `work` with an open context and always closes it. */
export async function withPeerContext<T>(
  env: NodeJS.ProcessEnv,
  work: (context: PeerContext) => Promise<T>,
  options: PeerContextOptions = {},
): Promise<T> {
  const context = await openPeerContext(env, options);
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}

/** Writes a value as pretty JSON. */
export function printJson(stream: NodeJS.WritableStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
