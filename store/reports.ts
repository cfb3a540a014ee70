/**
 * Obstacle reports on DynamoDB, with what moves with them: a report write and its counters, quote and peer
 * index items are one transaction, conditional on the report not existing (create) or still having the
 * version that was read (update), so a retried event never double counts and a race never half-writes.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type {
  PeerEntry,
  PeerOfferRepository,
  ReportChange,
  ReportRepository,
  StoredReport,
} from "../peer/repositories.ts";
import {
  getItem,
  guard,
  type Item,
  queryAll,
  type StoreContext,
  type TransactItem,
  transactWrite,
  withoutBookkeeping,
} from "./context.ts";
import { keys } from "./keys.ts";
import { counterUpdates, quoteItem, resolutionItem } from "./stats.ts";

/** The stored record of a report item. */
export function fromReportItem(item: Item): StoredReport {
  const r = withoutBookkeeping<StoredReport>(item);
  return { ...r, categories: r.categories ?? [], suggested: r.suggested ?? [], version: r.version ?? 1 };
}

function reportItem(r: StoredReport): Item {
  return {
    ...keys.report(r.id),
    type: "report",
    ...r,
    gsi1pk: keys.owner(r.userHash),
    gsi1sk: `REPORT#${r.createdAt}#${r.id}`,
  };
}

function peerItem(ctx: StoreContext, p: PeerEntry): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.peer(p.category, p.createdAt, p.reportId),
        type: "peer",
        reportId: p.reportId,
        category: p.category,
        userHash: p.userHash,
        createdAt: p.createdAt,
        ...(p.serviceArea ? { serviceArea: p.serviceArea } : {}),
        ...(p.region ? { region: p.region } : {}),
        expiresAt: p.expiresAt,
        gsi1pk: keys.owner(p.userHash),
        gsi1sk: `PEER#${p.createdAt}#${p.reportId}#${p.category}`,
      },
    },
  };
}

function deleteItem(ctx: StoreContext, key: { pk: string; sk: string }): TransactItem {
  return { Delete: { TableName: ctx.tableName, Key: key } };
}

function changeItems(ctx: StoreContext, change: ReportChange): TransactItem[] {
  return [
    ...counterUpdates(ctx, change.counters ?? []),
    ...(change.deleteQuotes ?? []).map((k) =>
      deleteItem(ctx, keys.quote(k.week ?? "", k.category, k.createdAt, k.reportId)),
    ),
    ...(change.putQuotes ?? []).map((q) => quoteItem(ctx, q)),
    ...(change.deletePeers ?? []).map((k) => deleteItem(ctx, keys.peer(k.category, k.createdAt, k.reportId))),
    ...(change.putPeers ?? []).map((p) => peerItem(ctx, p)),
    ...(change.putResolution ? [resolutionItem(ctx, change.putResolution)] : []),
  ];
}

/** The DynamoDB report repository. */
export function createReportRepository(ctx: StoreContext): ReportRepository {
  return {
    get: (id) => getItem(ctx, "read a report", keys.report(id), fromReportItem),
    async create(report, change) {
      const outcome = await transactWrite(ctx, "log the obstacle", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: reportItem(report),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        ...changeItems(ctx, change),
      ]);
      return outcome.ok;
    },
    async update(report, expectedVersion, change) {
      const outcome = await transactWrite(ctx, "change the obstacle report", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: reportItem(report),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": expectedVersion },
          },
        },
        ...changeItems(ctx, change),
      ]);
      return outcome.ok;
    },
    async listByOwner(userHash, limit) {
      const out = await guard(ctx, "list your obstacles", () =>
        ctx.doc.send(
          new QueryCommand({
            TableName: ctx.tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
            ExpressionAttributeValues: { ":pk": keys.owner(userHash), ":prefix": "REPORT#" },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      );
      return (out.Items ?? []).map(fromReportItem);
    },
  };
}

/** The DynamoDB peer offers (PEER#<category>, sorted by when the report was made). */
export function createPeerOfferRepository(ctx: StoreContext): PeerOfferRepository {
  return {
    async recent(category, since, until, limit) {
      const items = await queryAll(
        ctx,
        "find peers",
        {
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :since AND :until",
          ExpressionAttributeValues: {
            ":pk": keys.peerPartition(category),
            ":since": since,
            ":until": until,
          },
          ScanIndexForward: false,
          Limit: limit,
        },
        limit,
      );
      return items.map(
        (item): PeerEntry => ({
          category,
          createdAt: String(item.createdAt),
          reportId: String(item.reportId),
          userHash: String(item.userHash),
          ...(item.serviceArea ? { serviceArea: String(item.serviceArea) } : {}),
          ...(item.region ? { region: String(item.region) } : {}),
          expiresAt: Number(item.expiresAt),
        }),
      );
    },
  };
}
