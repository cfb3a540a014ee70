import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerServices, UserRef } from "../../peer/ports.ts";
import { describePeersAndSignals } from "../peer/contract/peers-and-signals.ts";
import { openDynamoPeerServices, type TestTable } from "../support/dynamo.ts";

// The peers and question signals contract over DynamoDB Local (tests/peer/peers-and-signals.memory.test.ts
// runs it in memory).
describePeersAndSignals("on DynamoDB", openDynamoPeerServices);

const person = (id: string): UserRef => ({ platform: "teams", userId: `29:${id}` });

describe("feedback on DynamoDB", () => {
  let table: TestTable;
  let services: PeerServices;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ services, table, close } = await openDynamoPeerServices({ hashKey: "k" }));
  });
  afterAll(async () => {
    await close();
  });

  it("is stored against the answer it rates, once per event, with a scrubbed reason", async () => {
    const input = {
      user: person("rater"),
      answerId: "ans-123",
      helpful: false,
      reason: "Wrong pensions advice, email me at a@b.org",
      idempotencyKey: "fb-1",
    };
    expect(await services.feedback.record(input)).toEqual({ created: true });
    expect(await services.feedback.record(input)).toEqual({ created: false });
    const stored = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "FEEDBACK#ans-123" },
      }),
    );
    expect(stored.Items).toHaveLength(1);
    expect(stored.Items?.[0]).toMatchObject({
      helpful: false,
      reason: "Wrong pensions advice, email me at [email]",
    });
  });
});
