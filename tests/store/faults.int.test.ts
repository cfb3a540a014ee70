import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../store/dynamo-client.ts";
import { type DynamoLocal, startDynamoLocal } from "../../store/dynamodb-local.ts";
import { ensureTable } from "../../store/ensure-table.ts";
import { StorageUnavailableError } from "../../store/errors.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { localDynamoClient } from "../support/dynamo.ts";

const user = { platform: "slack" as const, userId: "U0FAULT1" };
const TABLE = "faults";

/** A stand-in for DynamoDB on 127.0.0.1 that throttles the first `throttle` requests, then proxies. */
async function startThrottlingProxy(
  upstream: string,
  throttle: number,
): Promise<{ url: string; seen: () => number; server: Server }> {
  let seen = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen++;
    if (seen <= throttle) {
      res.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
      res.end(
        JSON.stringify({
          __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
          message: "The level of configured provisioned throughput for the table was exceeded.",
        }),
      );
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !["host", "content-length", "connection"].includes(name),
      ),
    ) as Record<string, string>;
    const upstreamResponse = await fetch(upstream, { method: "POST", headers, body: Buffer.concat(chunks) });
    res.writeHead(upstreamResponse.status, {
      "content-type": upstreamResponse.headers.get("content-type") ?? "",
    });
    res.end(Buffer.from(await upstreamResponse.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen: () => seen, server };
}

describe("storage faults", () => {
  let dynamo: DynamoLocal;

  beforeAll(async () => {
    dynamo = await startDynamoLocal();
    await ensureTable(localDynamoClient(dynamo.endpoint), TABLE);
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it("retries a throttled write with backoff and succeeds", async () => {
    // Prepare
    const proxy = await startThrottlingProxy(dynamo.endpoint, 2);
    const services = createPeerServices({
      doc: createDocumentClient({ endpoint: proxy.url, maxAttempts: 4 }),
      tableName: TABLE,
      hashKey: "k",
    });

    // Act
    const { created } = await services.obstacles.log({ user, text: "Tender deadline", idempotencyKey: "t1" });

    // Assess
    expect(created).toBe(true);
    expect(proxy.seen()).toBe(3);
    proxy.server.close();
  });

  it("reports a write that keeps being throttled as StorageUnavailableError after every attempt", async () => {
    const proxy = await startThrottlingProxy(dynamo.endpoint, Number.POSITIVE_INFINITY);
    const services = createPeerServices({
      doc: createDocumentClient({ endpoint: proxy.url, maxAttempts: 3 }),
      tableName: TABLE,
      hashKey: "k",
    });
    const error = await services.obstacles
      .log({ user, text: "Tender deadline", idempotencyKey: "t2" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/could not log the obstacle after 3 attempts/);
    expect(proxy.seen()).toBe(3);
    proxy.server.close();
  });

  it("fails loudly, not silently, when DynamoDB stops mid-test", async () => {
    // Prepare
    const services = createPeerServices({
      doc: createDocumentClient({ endpoint: dynamo.endpoint, maxAttempts: 3 }),
      tableName: TABLE,
      hashKey: "k",
    });
    const before = await services.obstacles.log({ user, text: "Union ballot", idempotencyKey: "s1" });
    expect(before.created).toBe(true);

    // Act
    await dynamo.stop();
    const write = await services.obstacles
      .log({ user, text: "Union ballot again", idempotencyKey: "s2" })
      .catch((e: unknown) => e);
    const claim = await services.idempotency.claim("evt-down").catch((e: unknown) => e);

    // Assess
    expect(write).toBeInstanceOf(StorageUnavailableError);
    expect((write as StorageUnavailableError).attempts).toBe(3);
    expect((write as Error).message).toMatch(/ECONNREFUSED/);
    expect(claim).toBeInstanceOf(StorageUnavailableError);
  });
});
