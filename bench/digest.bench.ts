/**
 * Digest build time and DynamoDB items read, at 1,000 and at 20,000 reports in the week (DynamoDB Local).
 *
 * Each scenario gets its own table. A slice of the week's reports (and some resolutions, questions and
 * introductions-free weeks before) goes through the real obstacle log, so the adapter writes its own items;
 * the rest is bulk-loaded in the same layout (store/keys.ts): one quote item per consenting report and
 * category, one counter increment per category. The digest reads only counters and bounded samples, so the
 * items read should not move between the two volumes.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { buildDigest } from "../digest/build.ts";
import type { PeerServices } from "../peer/ports.ts";
import { CATEGORIES } from "../peer/taxonomy.ts";
import { addWeeks, weekStart } from "../peer/week.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { startDynamoLocal } from "../store/dynamodb-local.ts";
import { ensureTable } from "../store/ensure-table.ts";
import { COUNTER_SHARDS, keys } from "../store/keys.ts";
import { createPeerServices } from "../store/peer-services.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const WEEK = "2026-W47";
const NOW = new Date("2026-11-23T09:00:00Z");
/** Reports logged through the real obstacle log per scenario (the rest is bulk-loaded). */
const REAL_REPORTS = 200;
const QUOTE_SHARE = 0.3;
const RUNS = 7;
/**
 * The most a build should read, whatever the volume: five weeks of counters (one item per category and
 * shard, plus totals), 4 quote candidates for each of up to 3 highlighted categories, 5 resolutions.
 */
const MAX_ITEMS = 5 * (CATEGORIES.length + 1) * COUNTER_SHARDS + 3 * 4 + 5;

/** Counts what every DynamoDB read returns, and the read capacity DynamoDB says it consumed. */
function meterReads(doc: DynamoDBDocumentClient) {
  const meter = { requests: 0, items: 0, capacity: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const output = result.output as {
        Items?: unknown[];
        Item?: unknown;
        Responses?: Record<string, unknown[]>;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      meter.requests += 1;
      meter.items += output.Items?.length ?? (output.Item ? 1 : 0);
      for (const rows of Object.values(output.Responses ?? {})) meter.items += rows.length;
      const consumed = Array.isArray(output.ConsumedCapacity)
        ? output.ConsumedCapacity
        : [output.ConsumedCapacity];
      for (const c of consumed) meter.capacity += c?.CapacityUnits ?? 0;
      return result;
    },
    { step: "initialize", name: "digestBenchMeter" },
  );
  return meter;
}

function categoryOf(i: number): string {
  // A skewed spread, like real weeks: the first categories get most reports.
  const weights = CATEGORIES.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let x = ((i * 7919) % 1000) / 1000;
  for (let k = 0; k < weights.length; k++) {
    x -= (weights[k] ?? 0) / total;
    if (x < 0) return CATEGORIES[k]?.id ?? "funding";
  }
  return CATEGORIES[0]?.id ?? "funding";
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

async function seed(peer: PeerServices, doc: DynamoDBDocumentClient, tableName: string, reports: number) {
  const monday = new Date(`${weekStart(WEEK)}T08:00:00Z`);
  const at = (i: number) => new Date(monday.getTime() + (i % 6) * 86_400_000 + i * 1000);

  // The real path: reports (a third allowing quotes), some resolved with a note.
  await inPool(
    Array.from({ length: REAL_REPORTS }, (_, i) => i),
    8,
    async (i) => {
      const user = { platform: "slack" as const, userId: `U${i}` };
      const { report } = await peer.obstacles.log({
        user,
        text: `Report ${i}: the ${categoryOf(i)} problem is holding our spin-out back this month`,
        categories: [categoryOf(i)],
        allowQuote: i % 3 === 0,
        idempotencyKey: `bench-${i}`,
        now: at(i),
      });
      if (i % 20 === 0) await peer.obstacles.resolve(user, report.id, `What helped with ${i}`, at(i + 1));
    },
  );

  // The bulk: quote items in the adapter's layout, and counter increments per category.
  const bulk = reports - REAL_REPORTS;
  const perCategory = new Map<string, number>();
  const quotes: Record<string, unknown>[] = [];
  for (let i = REAL_REPORTS; i < REAL_REPORTS + bulk; i++) {
    const category = categoryOf(i);
    perCategory.set(category, (perCategory.get(category) ?? 0) + 1);
    if (i % 10 < QUOTE_SHARE * 10) {
      const createdAt = at(i).toISOString();
      quotes.push({
        ...keys.quote(WEEK, category, createdAt, `bulk-${i}`),
        type: "quote",
        reportId: `bulk-${i}`,
        category,
        text: `Bulk report ${i} about ${category}`,
      });
    }
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < quotes.length; i += 25) batches.push(quotes.slice(i, i + 25));
  await inPool(batches, 8, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
  // This week and four earlier weeks at about the same level (so the baseline is real), spread over the
  // counter shards as the adapter spreads them.
  const counters: { week: string; category: string; shard: number; n: number }[] = [];
  for (let w = 0; w <= 4; w++) {
    for (const [category, total] of perCategory) {
      for (let shard = 0; shard < COUNTER_SHARDS; shard++) {
        const n = Math.floor(total / COUNTER_SHARDS) + (shard < total % COUNTER_SHARDS ? 1 : 0);
        if (n > 0) counters.push({ week: addWeeks(WEEK, -w), category, shard, n });
      }
    }
  }
  await inPool(counters, 8, async ({ week, category, shard, n }) => {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.categoryCounter(week, category, shard),
        UpdateExpression: "ADD reports :n SET #t = :t, category = :c",
        ExpressionAttributeNames: { "#t": "type" },
        ExpressionAttributeValues: { ":n": n, ":t": "stats", ":c": category },
      }),
    );
  });
}

async function scenario(endpoint: string, reports: number): Promise<BenchResult[]> {
  const tableName = `bench-digest-${reports}-${Date.now()}`;
  const doc = createDocumentClient({ endpoint });
  await ensureTable(doc, tableName);
  const peer = createPeerServices({ doc, tableName, hashKey: "bench-key" });
  await seed(peer, doc, tableName, reports);

  const meter = meterReads(doc);
  const times: number[] = [];
  let itemsPerBuild = 0;
  let capacityPerBuild = 0;
  let requestsPerBuild = 0;
  for (let run = 0; run < RUNS; run++) {
    const before = { ...meter };
    const start = performance.now();
    const digest = await buildDigest(peer.stats, WEEK, { now: NOW });
    times.push(performance.now() - start);
    itemsPerBuild = meter.items - before.items;
    capacityPerBuild = meter.capacity - before.capacity;
    requestsPerBuild = meter.requests - before.requests;
    const total = digest.blockers.reduce((sum, b) => sum + b.count, 0);
    if (total !== reports) throw new Error(`digest counted ${total} reports, expected ${reports}`);
  }
  doc.destroy();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const label = reports.toLocaleString("en-GB");
  return [
    {
      metric: `build time, ${label} reports (median of ${RUNS})`,
      value: median,
      unit: "ms",
      target: "< 500 ms",
      ok: median < 500,
    },
    {
      metric: `items read per build, ${label} reports`,
      value: itemsPerBuild,
      unit: "items",
      target: `<= ${MAX_ITEMS}`,
      ok: itemsPerBuild <= MAX_ITEMS,
    },
    { metric: `read requests per build, ${label} reports`, value: requestsPerBuild, unit: "requests" },
    { metric: `read capacity per build, ${label} reports`, value: capacityPerBuild, unit: "RCU" },
  ];
}

export const suite: BenchSuite = {
  name: "digest",
  async run() {
    const external = process.env.DYNAMODB_ENDPOINT;
    const local = external ? undefined : await startDynamoLocal();
    const endpoint = external ?? local?.endpoint ?? "";
    try {
      return [...(await scenario(endpoint, 1_000)), ...(await scenario(endpoint, 20_000))];
    } finally {
      await local?.stop();
    }
  },
};
