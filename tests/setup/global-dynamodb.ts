/**
 * Vitest global setup: one DynamoDB Local for the whole run, on a free port, in memory.
 * Tests get its endpoint with `inject("dynamoEndpoint")` (see tests/support/dynamo.ts) and create
 * their own uniquely named tables from the shared schema, so test files never see each other's data.
 */
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../store/dynamodb-local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
