/**
 * Creates Pathfinder's table from the shared schema when it is missing and turns TTL on. Idempotent:
 * safe to call on every `npm start`, CLI command and test.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTableInput, TABLE_SCHEMA } from "./schema.ts";

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? "";
}

/** Ensures the table exists with TTL on `expiresAt`; returns whether it had to be created. */
export async function ensureTable(
  client: DynamoDBClient | DynamoDBDocumentClient,
  tableName: string,
): Promise<{ created: boolean }> {
  // A document client shares its configuration (endpoint, credentials) with the client it wraps and
  // sends plain service commands unchanged.
  const raw = client as DynamoDBClient;
  let created = false;
  try {
    await raw.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (errorName(error) !== "ResourceNotFoundException") throw error;
    try {
      await raw.send(new CreateTableCommand(createTableInput(tableName)));
      created = true;
    } catch (createError) {
      // Someone else created it between our describe and create: fine.
      if (errorName(createError) !== "ResourceInUseException") throw createError;
    }
  }
  await waitUntilTableExists(
    { client: raw, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  const ttl = await raw.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== "ENABLED" && status !== "ENABLING") {
    await raw.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      }),
    );
  }
  return { created };
}
