/**
 * Weekly counters and digest samples on DynamoDB: counters live in STATS#<week> (per category plus totals,
 * each spread over COUNTER_SHARDS items), quotes in QUOTE#<week>#<category>, resolutions in RESOLVED#<week>.
 * Every read is one bounded Query, whatever the volume.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { CategoryId } from "../peer/ports.ts";
import type {
  CounterDelta,
  CounterField,
  CounterRow,
  QuoteEntry,
  ResolutionEntry,
  StatsRepository,
} from "../peer/repositories.ts";
import { guard, queryAll, type StoreContext, type TransactItem, transactWrite } from "./context.ts";
import { counterShard, keys } from "./keys.ts";

const FIELDS: readonly CounterField[] = [
  "reports",
  "resolved",
  "unanswered",
  "questionsAsked",
  "questionsUnanswered",
  "introductionsProposed",
  "introductionsAccepted",
];

/**
 * One Update per counter item: deltas that land on the same item (same week, category and shard) are
 * merged, because a DynamoDB transaction may touch each item only once.
 */
export function counterUpdates(ctx: StoreContext, deltas: readonly CounterDelta[]): TransactItem[] {
  const byItem = new Map<
    string,
    { key: { pk: string; sk: string }; category?: string; add: Map<string, number> }
  >();
  for (const d of deltas) {
    const shard = counterShard(d.shardKey);
    const key =
      d.category === undefined
        ? keys.totalsCounter(d.week, shard)
        : keys.categoryCounter(d.week, d.category, shard);
    const id = `${key.pk}\u0000${key.sk}`;
    const entry = byItem.get(id) ?? {
      key,
      ...(d.category !== undefined ? { category: d.category } : {}),
      add: new Map(),
    };
    entry.add.set(d.field, (entry.add.get(d.field) ?? 0) + d.by);
    byItem.set(id, entry);
  }
  return [...byItem.values()].map(({ key, category, add }) => {
    const fields = [...add.keys()];
    const names: Record<string, string> = { "#t": "type" };
    const values: Record<string, unknown> = { ":t": "stats" };
    fields.forEach((field, i) => {
      names[`#f${i}`] = field;
      values[`:n${i}`] = add.get(field);
    });
    if (category !== undefined) values[":c"] = category;
    return {
      Update: {
        TableName: ctx.tableName,
        Key: key,
        UpdateExpression: `ADD ${fields.map((_, i) => `#f${i} :n${i}`).join(", ")} SET #t = :t${
          category !== undefined ? ", category = :c" : ""
        }`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

/** The counter row an item holds (sk is TOTALS#<shard> or CAT#<category>#<shard>). */
function toCounterRow(item: Record<string, unknown>): CounterRow | undefined {
  const sk = String(item.sk);
  const values: CounterRow["values"] = {};
  for (const field of FIELDS) if (typeof item[field] === "number") values[field] = item[field] as number;
  if (sk.startsWith("TOTALS")) return { values };
  // Category ids never contain "#".
  if (sk.startsWith("CAT#")) return { category: sk.slice(4).split("#")[0] ?? "", values };
  return undefined;
}

/** The quote item for an entry (indexed under its owner so erasure finds it). */
export function quoteItem(ctx: StoreContext, q: QuoteEntry): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.quote(q.week, q.category, q.createdAt, q.reportId),
        type: "quote",
        reportId: q.reportId,
        category: q.category,
        text: q.text,
        expiresAt: q.expiresAt,
        gsi1pk: keys.owner(q.ownerHash),
        gsi1sk: `QUOTE#${q.createdAt}#${q.reportId}#${q.category}`,
      },
    },
  };
}

/** The resolution item for an entry. */
export function resolutionItem(ctx: StoreContext, r: ResolutionEntry): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.resolution(r.week, r.resolvedAt, r.reportId),
        type: "resolution",
        reportId: r.reportId,
        category: r.category,
        note: r.note,
        expiresAt: r.expiresAt,
        gsi1pk: keys.owner(r.ownerHash),
        gsi1sk: `RESOLVED#${r.resolvedAt}#${r.reportId}`,
      },
    },
  };
}

/** The DynamoDB stats repository. */
export function createStatsRepository(ctx: StoreContext): StatsRepository {
  async function newest(operation: string, pk: string, limit: number) {
    const out = await guard(ctx, operation, () =>
      ctx.doc.send(
        new QueryCommand({
          TableName: ctx.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return out.Items ?? [];
  }
  return {
    async add(deltas) {
      if (deltas.length > 0)
        await transactWrite(ctx, "update the weekly counters", counterUpdates(ctx, deltas));
    },
    async counters(week) {
      const items = await queryAll(ctx, "read the week's counters", {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.statsPartition(week) },
        ConsistentRead: true,
      });
      return items.flatMap((item) => toCounterRow(item) ?? []);
    },
    async quotes(week, category: CategoryId, limit) {
      const items = await newest("read quotable examples", keys.quotePartition(week, category), limit);
      return items.map(
        (item): QuoteEntry => ({
          week,
          category,
          createdAt: String(item.sk).split("#")[0] ?? "",
          reportId: String(item.reportId),
          text: String(item.text),
          expiresAt: Number(item.expiresAt),
          ownerHash: String(item.gsi1pk ?? "").replace(/^USER#/, ""),
        }),
      );
    },
    async resolutions(week, limit) {
      const items = await newest("read the week's resolutions", keys.resolutionPartition(week), limit);
      return items.map(
        (item): ResolutionEntry => ({
          week,
          resolvedAt: String(item.sk).split("#")[0] ?? "",
          reportId: String(item.reportId),
          category: String(item.category),
          note: String(item.note),
          expiresAt: Number(item.expiresAt),
          ownerHash: String(item.gsi1pk ?? "").replace(/^USER#/, ""),
        }),
      );
    },
  };
}
