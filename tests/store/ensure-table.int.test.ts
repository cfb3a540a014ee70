import { randomUUID } from "node:crypto";
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { createDocumentClient, createDynamoClient } from "../../store/dynamo-client.ts";
import { ensureTable } from "../../store/ensure-table.ts";
import { TABLE_SCHEMA } from "../../store/schema.ts";

describe("ensureTable", () => {
  it("creates the table from the shared schema with TTL on, and is idempotent", async () => {
    // Prepare
    const client = createDynamoClient({ endpoint: inject("dynamoEndpoint") });
    const tableName = `ensure-${randomUUID().slice(0, 8)}`;

    // Act
    const first = await ensureTable(client, tableName);
    const second = await ensureTable(createDocumentClient({ endpoint: inject("dynamoEndpoint") }), tableName);
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));

    // Assess
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(described.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(["gsi1", "gsi2"]);
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TABLE_SCHEMA.ttlAttribute);
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe("ENABLED");
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  });
});
