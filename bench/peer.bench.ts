/**
 * Peer-support storage costs against DynamoDB Local: what a weekly digest reads at 1,000 and at 20,000 reports
 * in a week (it must not grow with volume), and the latency of logging one report (a TransactWrite of the
 * report plus its counter updates). Set PEER_BENCH_REPORTS to change the larger volume.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { PeerServices } from "../peer/ports.ts";
import { addWeeks } from "../peer/week.ts";
import { createDocumentClient } from "../store/dynamo-client.ts";
import { startDynamoLocal } from "../store/dynamodb-local.ts";
import { ensureTable } from "../store/ensure-table.ts";
import { createPeerServices } from "../store/peer-services.ts";
import type { BenchResult, BenchSuite } from "./types.ts";

const WEEK = "2026-W10";
const MONDAY = new Date("2026-03-02T09:00:00Z");
const TEXTS = [
  "The union is opposing the transfer and staff are worried about privatisation",
  "Pensions and TUPE terms are holding up the staff transfer",
  "Procurement say we must go out to tender against the big providers",
  "Councillors want to keep influence and are not convinced by the business case",
  "We cannot find start-up capital or a social investor",
  "Middle managers keep blocking sign-off; the senior team is risk averse",
  "Directors do not understand what a mutual is",
  "Which legal form: a CIC, a co-operative or an employee trust?",
  "Feeling isolated; we need peers who have done this",
];

/** Reads, items and capacity of the requests a client sends, counted by a middleware. */
interface Meter {
  requests: number;
  items: number;
  capacity: number;
}

function meter(doc: DynamoDBDocumentClient): Meter {
  const m: Meter = { requests: 0, items: 0, capacity: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      const output = result.output as {
        Items?: unknown[];
        Item?: unknown;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      m.requests++;
      m.items += output.Items?.length ?? (output.Item ? 1 : 0);
      const consumed = Array.isArray(output.ConsumedCapacity)
        ? output.ConsumedCapacity
        : [output.ConsumedCapacity];
      for (const c of consumed) m.capacity += c?.CapacityUnits ?? 0;
      return result;
    },
    { step: "initialize", name: "peerBenchMeter" },
  );
  return m;
}

/** Everything a weekly digest reads: this and last week's counters, quotes for the top three, resolutions. */
async function readDigest(services: PeerServices): Promise<void> {
  const counts = await services.stats.counts(WEEK);
  await services.stats.counts(addWeeks(WEEK, -1));
  const top = Object.entries(counts.reports)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([id]) => id);
  for (const category of top) await services.stats.quotableExamples(WEEK, category, 3);
  await services.stats.resolutions(WEEK, 5);
}

async function logMany(
  services: PeerServices,
  from: number,
  to: number,
  latencies: number[],
  writers: number,
): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const user = { platform: "slack" as const, userId: `U${String(i).padStart(8, "0")}` };
      const started = performance.now();
      const { report } = await services.obstacles.log({
        user,
        text: TEXTS[i % TEXTS.length] ?? "",
        allowQuote: i % 3 === 0,
        contactable: i % 5 === 0,
        idempotencyKey: `bench-${i}`,
        now: new Date(MONDAY.getTime() + i * 1_000),
      });
      latencies.push(performance.now() - started);
      if (i % 50 === 0)
        await services.obstacles.resolve(
          user,
          report.id,
          "A peer call helped",
          new Date(MONDAY.getTime() + i * 1_000 + 500),
        );
    }
  };
  await Promise.all(Array.from({ length: writers }, worker));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measureDigest(services: PeerServices, m: Meter): Promise<Meter> {
  const before = { ...m };
  await readDigest(services);
  return {
    requests: m.requests - before.requests,
    items: m.items - before.items,
    capacity: m.capacity - before.capacity,
  };
}

export const suite: BenchSuite = {
  name: "peer",
  async run(): Promise<BenchResult[]> {
    const large = Number(process.env.PEER_BENCH_REPORTS ?? 20_000);
    const dynamo = await startDynamoLocal();
    try {
      const doc = createDocumentClient({ endpoint: dynamo.endpoint });
      await ensureTable(doc, "bench");
      const services = createPeerServices({ doc, tableName: "bench", hashKey: "bench" });
      const m = meter(doc);
      // Latency: one writer, so the figure is the cost of a log, not of queueing behind others.
      const latencies: number[] = [];
      await logMany(services, 0, 300, latencies, 1);
      await logMany(services, 300, 1_000, [], 8);
      const small = await measureDigest(services, m);
      const writeP50 = percentile(latencies, 50);
      const writeP99 = percentile(latencies, 99);
      const fillStarted = performance.now();
      await logMany(services, 1_000, large, [], 8);
      const perSecond = (large - 1_000) / ((performance.now() - fillStarted) / 1000);
      const big = await measureDigest(services, m);
      const flat = big.items <= small.items && big.capacity <= small.capacity * 1.01;
      return [
        { metric: "digest read at 1,000 reports: items", value: small.items, unit: "items" },
        { metric: "digest read at 1,000 reports: capacity", value: small.capacity, unit: "RCU" },
        {
          metric: `digest read at ${large.toLocaleString("en-GB")} reports: items`,
          value: big.items,
          unit: "items",
          target: `<= ${small.items} (flat)`,
          ok: big.items <= small.items,
        },
        {
          metric: `digest read at ${large.toLocaleString("en-GB")} reports: capacity`,
          value: big.capacity,
          unit: "RCU",
          target: `<= ${small.capacity} (flat)`,
          ok: flat,
        },
        { metric: "digest read: requests", value: big.requests, unit: "requests" },
        { metric: "log a report (DynamoDB Local): p50", value: writeP50, unit: "ms" },
        {
          metric: "log a report (DynamoDB Local): p99",
          value: writeP99,
          unit: "ms",
          target: "< 250 ms",
          ok: writeP99 < 250,
        },
        { metric: "log throughput, 8 concurrent writers", value: perSecond, unit: "reports/s" },
      ];
    } finally {
      await dynamo.stop();
    }
  },
};
