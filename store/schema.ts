/**
 * The one DynamoDB table definition, used by the code, the tests, `npm start` and the CDK stack, so the
 * table the code queries and the table CDK deploys cannot drift apart. Single-table design: every item has
 * pk/sk; two overloaded GSIs serve the other access patterns; `expiresAt` (epoch seconds) is the TTL
 * attribute. No request path Scans.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  indexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  ],
} as const;

/** The CreateTable input for DynamoDB Local and tests (the CDK stack builds the same shape). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [
    TABLE_SCHEMA.partitionKey,
    TABLE_SCHEMA.sortKey,
    ...TABLE_SCHEMA.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_SCHEMA.sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}
