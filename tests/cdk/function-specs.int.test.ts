/**
 * The grants in cdk/function-specs.ts cover what each function's code actually calls, and no more:
 * read from the files esbuild puts in each real bundle (same settings as the stack), and, for the digest
 * (whose bundle carries the whole store but uses three ports), recorded from a real run on DynamoDB Local.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReminderStores } from "../../app/network-reminders.ts";
import { recordQuestionPost } from "../../bots/core/features/network.ts";
import { esbuildOptions, REPO_ROOT } from "../../cdk/bundling.ts";
import {
  FUNCTION_KEYS,
  FUNCTION_SPECS,
  type FunctionKey,
  type TableAction,
} from "../../cdk/function-specs.ts";
import { loadConfig } from "../../config/config.ts";
import { PermanentDeliveryError } from "../../digest/deliver.ts";
import { makeReminderHandler } from "../../functions/network-reminders.ts";
import { makeDigestHandler } from "../../functions/weekly-digest.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

/**
 * Files a bundle carries that never run on Lambda: table creation runs only when `createPathfinder` is asked
 * to `ensureTable` (npm start, tests), never in a Lambda entry (app/pathfinder.ts).
 */
const LOCAL_ONLY = new Set(["store/ensure-table.ts"]);

/** Document-client commands and the IAM actions that authorise them. */
const COMMAND_ACTIONS: Record<string, TableAction[]> = {
  GetCommand: ["dynamodb:GetItem"],
  PutCommand: ["dynamodb:PutItem"],
  UpdateCommand: ["dynamodb:UpdateItem"],
  DeleteCommand: ["dynamodb:DeleteItem"],
  QueryCommand: ["dynamodb:Query"],
  BatchGetCommand: ["dynamodb:BatchGetItem"],
  BatchWriteCommand: ["dynamodb:BatchWriteItem"],
};
/** TransactWrite is authorised per part, as the item action of the part's kind. */
const TRANSACT_PARTS: Record<string, TableAction> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

/** The repository's own source files in a function's bundle. */
async function bundledSources(entry: string): Promise<string[]> {
  // The stack's own options (cdk/bundling.ts), in memory: the files of every chunk, lazy ones included.
  const result = await build({
    ...esbuildOptions(join(REPO_ROOT, entry), join(REPO_ROOT, "cdk.out", "analysis")),
    write: false,
    logLevel: "silent",
  });
  if (!result.metafile) throw new Error(`no metafile for ${entry}`);
  // The bundling plugins' virtual modules (stubs "unreachable:<module>", "node-http-required:http") are not files.
  return Object.keys(result.metafile.inputs).filter(
    (path) => !path.includes("node_modules/") && !/^(?:unreachable|node-http-required):/.test(path),
  );
}

/** What the code in these files can call: DynamoDB actions and whether it sends to SQS. */
function callsIn(files: string[]): { table: Set<TableAction>; sendsToQueue: boolean } {
  const table = new Set<TableAction>();
  let sendsToQueue = false;
  for (const file of files.filter((f) => !LOCAL_ONLY.has(f))) {
    const source = readFileSync(join(REPO_ROOT, file), "utf8");
    for (const [command, actions] of Object.entries(COMMAND_ACTIONS)) {
      if (new RegExp(`new ${command}\\(`).test(source)) for (const a of actions) table.add(a);
    }
    if (/\bqueryAll\(/.test(source) && !file.endsWith("store/context.ts")) table.add("dynamodb:Query");
    if (/\btransactWrite\(|TransactItems/.test(source)) {
      for (const [part, action] of Object.entries(TRANSACT_PARTS)) {
        if (new RegExp(`\\b${part}: \\{`).test(source)) table.add(action);
      }
    }
    if (/new SendMessage(Batch)?Command\(/.test(source)) sendsToQueue = true;
  }
  return { table, sendsToQueue };
}

const bundles = new Map<FunctionKey, string[]>();

beforeAll(async () => {
  for (const key of FUNCTION_KEYS) bundles.set(key, await bundledSources(FUNCTION_SPECS[key].entry));
}, 120_000);

describe("grants against the code in each bundle", () => {
  it("finds the store in the bundles that use it (the analysis sees something)", () => {
    expect(bundles.get("slackWorker")).toContain("store/idempotency.ts");
    expect(bundles.get("slackEvents")?.some((f) => f.startsWith("store/"))).toBe(false);
  });

  it.each(["slackEvents", "slackWorker", "teamsMessages"] as const)(
    "%s is granted exactly the table actions its bundled code calls",
    (key) => {
      const { table } = callsIn(bundles.get(key) ?? []);

      expect([...FUNCTION_SPECS[key].tableActions].sort()).toEqual([...table].sort());
    },
  );

  it("weeklyDigest is granted no action its bundle could not call", () => {
    const { table } = callsIn(bundles.get("weeklyDigest") ?? []);

    for (const action of FUNCTION_SPECS.weeklyDigest.tableActions)
      expect(table.has(action), action).toBe(true);
  });

  it("networkReminders is granted no action its bundle could not call", () => {
    const { table } = callsIn(bundles.get("networkReminders") ?? []);

    for (const action of FUNCTION_SPECS.networkReminders.tableActions)
      expect(table.has(action), action).toBe(true);
  });

  it.each(FUNCTION_KEYS)("%s sends to the queue only if it is the queue's sender", (key) => {
    const { sendsToQueue } = callsIn(bundles.get(key) ?? []);

    expect(sendsToQueue).toBe(FUNCTION_SPECS[key].queue === "send");
  });
});

describe("the weekly digest's calls, recorded on DynamoDB Local", () => {
  let table: TestTable;
  const recorded = new Set<string>();

  /** Records the DynamoDB operation of every command sent through this client. */
  function recording(doc: DynamoDBDocumentClient): DynamoDBDocumentClient {
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        recorded.add(`dynamodb:${String(context.commandName).replace(/Command$/, "")}`);
        return next(args);
      },
      { step: "initialize", name: "recordOperation" },
    );
    return doc;
  }

  beforeAll(async () => {
    table = await createTestTable("cdk-grants");
  });
  afterAll(async () => {
    await table.drop();
  });

  it("calls only the actions it is granted, through a delivery, a skip and a failed post", async () => {
    // Prepare: a week with reports and two subscribed channels, one of which refuses posts.
    const setup = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "k" });
    const by = { platform: "slack" as const, userId: "U-LEAD" };
    await setup.subscriptions.subscribe({ platform: "slack", conversationId: "C-OK", by });
    await setup.subscriptions.subscribe({ platform: "slack", conversationId: "C-GONE", by });
    for (let i = 0; i < 3; i++) {
      await setup.obstacles.log({
        user: { platform: "slack", userId: `U-${i}` },
        text: `Our business case does not add up yet (${i})`,
        categories: ["business-case"],
        allowQuote: true,
        idempotencyKey: `evt-${i}`,
        now: new Date("2026-11-18T10:00:00Z"),
      });
    }
    const { DynamoDBDocumentClient } = await import("@aws-sdk/lib-dynamodb");
    const doc = recording(DynamoDBDocumentClient.from(table.client));
    const peer = createPeerServices({ doc, tableName: table.tableName, hashKey: "k" });
    const handler = makeDigestHandler({
      stats: peer.stats,
      subscriptions: peer.subscriptions,
      idempotency: peer.idempotency,
      posters: {
        slack: {
          async post(subscription) {
            if (subscription.conversationId === "C-GONE")
              throw new PermanentDeliveryError("channel_not_found");
          },
        },
      },
      logger: { info() {}, warn() {}, error() {} },
      sleep: async () => {},
    });
    const event = { scheduledTime: "2026-11-23T09:00:00Z" };
    // On Lambda the run has a deadline, so its claims are scoped: in progress, then completed (UpdateItem).
    const lambda = { getRemainingTimeInMillis: () => 60_000 };

    // Act: the first run delivers once and fails once (releasing its claim); the re-run skips C-OK.
    await expect(handler(event, lambda)).rejects.toThrow();
    await expect(handler(event, lambda)).rejects.toThrow();

    // Assess. Regression: the digest was not granted UpdateItem, so on Lambda a posted digest's claim was never
    // completed, lapsed at the deadline, and the scheduler's retry (after any failed place) posted it again.
    expect(recorded.size).toBeGreaterThan(0);
    expect([...recorded].sort()).toEqual(
      expect.arrayContaining([
        "dynamodb:DeleteItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ]),
    );
    for (const action of recorded) {
      expect(FUNCTION_SPECS.weeklyDigest.tableActions, action).toContain(action);
    }
  });
});

describe("the network reminders' calls, recorded on DynamoDB Local", () => {
  let table: TestTable;
  const recorded = new Set<string>();

  beforeAll(async () => {
    table = await createTestTable("cdk-grants-reminders");
  });
  afterAll(async () => {
    await table.drop();
  });

  it("calls only the actions it is granted, through posts in and out of threads, overlap, a failure and a retry", async () => {
    // Prepare: two places; a question posted in one of them five working days ago; one place refusing at first.
    const asked = new Date("2026-12-01T10:00:00Z");
    const now = new Date("2026-12-08T09:00:00Z");
    const setup = createPeerServices({
      doc: table.doc,
      tableName: table.tableName,
      hashKey: "k",
      now: () => asked,
    });
    for (const conversationId of ["C0POSTED", "C0LATER"]) {
      await setup.subscriptions.subscribe({
        kind: "ambassadors",
        platform: "slack",
        conversationId,
        by: { platform: "slack", userId: "U0COORD" },
      });
    }
    const { question } = await setup.network.ask({
      asker: { platform: "slack", userId: "U0ASKER" },
      text: "How do we value the building our team uses?",
      named: false,
      idempotencyKey: "press-1",
    });
    await setup.network.recordPost(question.id, {
      platform: "slack",
      conversationId: "C0POSTED",
      threadId: "1.1",
    });
    const { DynamoDBDocumentClient } = await import("@aws-sdk/lib-dynamodb");
    const doc = DynamoDBDocumentClient.from(table.client);
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        recorded.add(`dynamodb:${String(context.commandName).replace(/Command$/, "")}`);
        return next(args);
      },
      { step: "initialize", name: "recordOperation" },
    );
    const stores = createReminderStores(loadConfig({ PATHFINDER_TABLE: table.tableName }), doc, () => now);
    let refuse = true;
    const handler = makeReminderHandler({
      ...stores,
      senders: {
        async slack(post) {
          if (post.conversationId === "C0LATER" && refuse) throw new Error("channel_not_found");
          if (post.track) {
            await recordQuestionPost(stores.network, post.track, {
              platform: "slack",
              conversationId: post.conversationId,
              threadId: "2.2",
            });
          }
        },
      },
      logger: { info() {}, warn() {}, error() {} },
      now: () => now,
    });
    const event = { scheduledTime: now.toISOString() };

    // Act: two overlapping runs (one fails a place and gives its claim back), then the retry that completes it.
    await Promise.allSettled([handler(event), handler(event)]);
    refuse = false;
    await handler(event);

    // Assess
    expect((await setup.network.get(question.id))?.remindedAt).toBeDefined();
    expect([...recorded].sort()).toEqual(
      expect.arrayContaining([
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ]),
    );
    for (const action of recorded) {
      expect(FUNCTION_SPECS.networkReminders.tableActions, action).toContain(action);
    }
  });
});
