/** Builds the real assembled app (knowledge base, DynamoDB Local-backed peer services, core) for tests. */
import { createPathfinder, type Pathfinder } from "../../app/pathfinder.ts";
import { loadConfig } from "../../config/config.ts";
import { createTestTable, type TestTable } from "./dynamo.ts";

export interface TestPathfinder {
  app: Pathfinder;
  table: TestTable;
  /** Moves the app's clock. */
  setNow(date: Date): void;
  /** The app's clock now. */
  now(): Date;
}

/** A Pathfinder on a fresh DynamoDB Local table, with no OpenAI key and a controllable clock. */
export async function createTestPathfinder(
  env: NodeJS.ProcessEnv = {},
  start = new Date(),
): Promise<TestPathfinder> {
  const table = await createTestTable("app");
  let now = start;
  const config = loadConfig({ ...env, PATHFINDER_TABLE: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  const app = await createPathfinder({
    config,
    secrets: { hashKey: "test-hash-key" },
    doc: table.doc,
    now: () => now,
  });
  return {
    app,
    table,
    setNow(date) {
      now = date;
    },
    now: () => now,
  };
}
