/** Test helpers for DynamoDB Local: a fresh table per test file (or per test) from the shared schema. */
import { randomUUID } from "node:crypto";
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import type { Clock, PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTableInput } from "../../store/schema.ts";

/** A DynamoDB client pointed at the run's DynamoDB Local (dummy credentials; it accepts any). */
export function localDynamoClient(endpoint = inject("dynamoEndpoint")): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
}

export interface TestTable {
  tableName: string;
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  drop(): Promise<void>;
}

/** Creates a uniquely named table from the shared schema. Call `drop()` in afterAll. */
export async function createTestTable(prefix = "test"): Promise<TestTable> {
  const endpoint = inject("dynamoEndpoint");
  const client = localDynamoClient(endpoint);
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    tableName,
    endpoint,
    client,
    doc,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

/**
 * Opens PeerServices on a fresh DynamoDB Local table (the DynamoDB opener for tests/peer/contract suites);
 * `close()` drops the table.
 */
export async function openDynamoPeerServices(options: { hashKey: string; now?: Clock }): Promise<{
  services: PeerServices;
  table: TestTable;
  close(): Promise<void>;
  ownedItems(userHash: string): Promise<number>;
}> {
  const table = await createTestTable("contract");
  const services = createPeerServices({ doc: table.doc, tableName: table.tableName, ...options });
  return {
    services,
    table,
    close: () => table.drop(),
    async ownedItems(userHash) {
      // The owner index (gsi1 = USER#<hash>) is what export and erase read.
      const out = await table.doc.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `USER#${userHash}` },
        }),
      );
      return out.Items?.length ?? 0;
    },
  };
}
