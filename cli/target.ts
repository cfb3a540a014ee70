/**
 * Where the CLI's storage commands run: "local" (DynamoDB Local, the development key) or "aws" (the deployed
 * stack). On AWS the table and secret names come from the CloudFormation stack's outputs, credentials from the
 * SDK's default chain (profiles, SSO, environment), the region from AWS_REGION / AWS_DEFAULT_REGION (else the
 * profile's), and the hash key from Secrets Manager.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { loadConfig } from "../config/config.ts";
import {
  LOCAL_DEV_HASH_KEY,
  loadSecrets,
  requireHashKey,
  type SecretSource,
  secretsManagerSource,
} from "../config/secrets.ts";
import { CliUsageError } from "./command.ts";

export type CliTargetKind = "local" | "aws";

/** The stack the CDK app deploys unless told otherwise (cdk/app.ts, context "stackName"). */
export const DEFAULT_STACK = "Pathfinder";

/** Output keys of cdk/pathfinder-stack.ts the CLI reads. */
export const STACK_OUTPUTS = {
  table: "TableName",
  hashKeySecret: "HashKeySecretName",
  slackSecret: "SlackSecretName",
  teamsSecret: "TeamsSecretName",
  openaiSecret: "OpenaiSecretName",
  documentsBucket: "DocumentsBucketName",
} as const;

/** Reads a stack's outputs (a port, so tests stand in for CloudFormation). */
export type StackOutputsLookup = (
  stackName: string,
  region: string | undefined,
) => Promise<Record<string, string>>;

/** The AWS client options the AWS target uses: region from the usual variables; no endpoint, no credentials. */
export function awsClientOptions(env: NodeJS.ProcessEnv): { region?: string } {
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  // Leaving credentials out makes the SDK use its default provider chain (env, SSO, profiles, instance roles).
  return region ? { region } : {};
}

/** DescribeStacks on the real CloudFormation. */
export const cloudFormationOutputs: StackOutputsLookup = async (stackName, region) => {
  const client = new CloudFormationClient(region ? { region } : {});
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw new CliUsageError(`No CloudFormation stack "${stackName}" in this account and region.`);
    return Object.fromEntries(
      (stack.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [],
      ),
    );
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(
      `Could not read stack "${stackName}" (${(error as Error).message}); check --stack, AWS_REGION and your AWS login.`,
    );
  } finally {
    client.destroy();
  }
};

/** "aws" when `PATHFINDER_TARGET=aws` (the `--target` flag sets it), else "local". */
export function targetKind(env: NodeJS.ProcessEnv): CliTargetKind {
  const value = (env.PATHFINDER_TARGET ?? "local").trim().toLowerCase();
  if (value !== "local" && value !== "aws") throw new CliUsageError("--target must be local or aws");
  return value;
}

/**
 * Takes the global `--target aws|local` and `--stack NAME` out of the arguments (any command accepts them)
 * and returns the rest with the environment they imply.
 */
export function extractTargetArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { argv: string[]; env: NodeJS.ProcessEnv } {
  const rest: string[] = [];
  const next = { ...env };
  const names: Record<string, string> = { "--target": "PATHFINDER_TARGET", "--stack": "PATHFINDER_STACK" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const variable = names[flag];
    if (!variable) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value) throw new CliUsageError(`${flag} needs a value`);
    next[variable] = value;
  }
  targetKind(next);
  return { argv: rest, env: next };
}

/** True for an endpoint on this machine (DynamoDB Local). */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
  } catch {
    return false;
  }
}

/** What a storage command opens on the AWS target. */
export interface AwsTarget {
  tableName: string;
  region?: string;
  /** DYNAMODB_ENDPOINT, when set (tests point it at DynamoDB Local); otherwise the AWS service. */
  endpoint?: string;
  hashKey: string;
  stackName: string;
}

/** Resolves the deployed stack: outputs, then the hash key from Secrets Manager. */
export async function resolveAwsTarget(
  env: NodeJS.ProcessEnv,
  deps: { lookup?: StackOutputsLookup; secrets?: SecretSource } = {},
): Promise<AwsTarget> {
  const stackName = env.PATHFINDER_STACK?.trim() || DEFAULT_STACK;
  const { region } = awsClientOptions(env);
  const outputs = await (deps.lookup ?? cloudFormationOutputs)(stackName, region);
  const missing = [STACK_OUTPUTS.table, STACK_OUTPUTS.hashKeySecret].filter((key) => !outputs[key]);
  if (missing.length > 0) {
    throw new CliUsageError(
      `Stack "${stackName}" has no ${missing.join(" or ")} output; deploy it with npm run deploy.`,
    );
  }
  const config = loadConfig({
    ...env,
    PATHFINDER_TABLE: outputs[STACK_OUTPUTS.table],
    HASH_KEY_SECRET_NAME: outputs[STACK_OUTPUTS.hashKeySecret],
  });
  const secrets = await loadSecrets(
    { ...config, runtime: "aws" },
    env,
    deps.secrets ?? secretsManagerSource(new SecretsManagerClient(region ? { region } : {})),
  );
  const endpoint = env.DYNAMODB_ENDPOINT?.trim() || undefined;
  const hashKey = requireHashKey(secrets);
  assertKeyFitsEndpoint(hashKey, endpoint);
  return {
    tableName: config.tableName,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    hashKey,
    stackName,
  };
}

/** The deployed stack's table, for reads that hash nobody (approved community cards for `ask`). */
export interface AwsTableTarget {
  tableName: string;
  region?: string;
  /** DYNAMODB_ENDPOINT, when set (tests point it at DynamoDB Local); otherwise the AWS service. */
  endpoint?: string;
  stackName: string;
}

/**
 * Resolves only the stack's table from its outputs: no hash key, so Secrets Manager is not read (listing
 * approved cards hashes no one's id).
 */
export async function resolveAwsTable(
  env: NodeJS.ProcessEnv,
  deps: { lookup?: StackOutputsLookup } = {},
): Promise<AwsTableTarget> {
  const stackName = env.PATHFINDER_STACK?.trim() || DEFAULT_STACK;
  const { region } = awsClientOptions(env);
  const outputs = await (deps.lookup ?? cloudFormationOutputs)(stackName, region);
  const tableName = outputs[STACK_OUTPUTS.table];
  if (!tableName) {
    throw new CliUsageError(
      `Stack "${stackName}" has no ${STACK_OUTPUTS.table} output; deploy it with npm run deploy.`,
    );
  }
  const endpoint = env.DYNAMODB_ENDPOINT?.trim() || undefined;
  return { tableName, ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}), stackName };
}

/** The development key hashes nobody's real ids: refused for anything but a local endpoint. */
export function assertKeyFitsEndpoint(hashKey: string, endpoint: string | undefined): void {
  if (hashKey === LOCAL_DEV_HASH_KEY && !isLocalEndpoint(endpoint)) {
    throw new CliUsageError(
      `The development hash key only works with a local DynamoDB; ${endpoint ? `${endpoint} is not one` : "this is the AWS service"}. Set PATHFINDER_HASH_KEY, or use --target aws.`,
    );
  }
}

/** Where `pathfinder knowledge --target aws` keeps documents: the stack's documents bucket. */
export interface AwsDocumentsTarget {
  bucket: string;
  region?: string;
  stackName: string;
}

/**
 * Resolves the deployed stack's documents bucket from its outputs. No hash key is needed: documents hold no
 * one's user id, so this skips Secrets Manager.
 */
export async function resolveAwsDocumentsTarget(
  env: NodeJS.ProcessEnv,
  deps: { lookup?: StackOutputsLookup } = {},
): Promise<AwsDocumentsTarget> {
  const stackName = env.PATHFINDER_STACK?.trim() || DEFAULT_STACK;
  const { region } = awsClientOptions(env);
  const outputs = await (deps.lookup ?? cloudFormationOutputs)(stackName, region);
  const bucket = outputs[STACK_OUTPUTS.documentsBucket];
  if (!bucket) {
    throw new CliUsageError(
      `Stack "${stackName}" has no ${STACK_OUTPUTS.documentsBucket} output: deploy this version with npm run deploy, which adds the documents bucket.`,
    );
  }
  return { bucket, ...(region ? { region } : {}), stackName };
}
