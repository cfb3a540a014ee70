/**
 * The obstacle log on DynamoDB. A report, its weekly counters, and its quote/peer index items are written
 * in one transaction conditional on the report not existing, so a retried event never double counts.
 */
import { GetCommand, QueryCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { classifyText } from "../peer/classify.ts";
import { assertCategories, ConcurrentUpdateError, NotAllowedError, NotFoundError } from "../peer/errors.ts";
import { MAX_TEXT_LENGTH, PEER_WINDOW_DAYS } from "../peer/limits.ts";
import type { CategoryScore, LogObstacleInput, ObstacleLog, ObstacleReport, UserRef } from "../peer/ports.ts";
import { cleanLabel, cleanText } from "../peer/text-input.ts";
import { isoWeek } from "../peer/week.ts";
import { expiresAfterDays, guard, type StoreContext, stableId, transactWrite } from "./context.ts";
import { counterShard, keys } from "./keys.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** The stored report item (the port's shape plus bookkeeping). */
interface ReportItem extends ObstacleReport {
  pk: string;
  sk: string;
  type: "report";
  version: number;
  resolvedWeek?: string;
  /** Raw platform id, kept only when the reporter agreed to be contacted as a peer. */
  contact?: UserRef;
  gsi1pk: string;
  gsi1sk: string;
}

/** The port's view of a stored report item (bookkeeping and the contact id stripped). */
export function toReport(item: object): ObstacleReport {
  const r = item as unknown as ReportItem;
  return {
    id: r.id,
    userHash: r.userHash,
    platform: r.platform,
    text: r.text,
    categories: r.categories ?? [],
    suggested: r.suggested ?? [],
    corrected: Boolean(r.corrected),
    ...(r.organisation ? { organisation: r.organisation } : {}),
    ...(r.serviceArea ? { serviceArea: r.serviceArea } : {}),
    ...(r.region ? { region: r.region } : {}),
    allowQuote: Boolean(r.allowQuote),
    contactable: Boolean(r.contactable),
    status: r.status,
    ...(r.resolutionNote ? { resolutionNote: r.resolutionNote } : {}),
    ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
    createdAt: r.createdAt,
    week: r.week,
    expiresAt: r.expiresAt,
  };
}

function counterAdd(
  ctx: StoreContext,
  week: string,
  category: string,
  field: string,
  by: number,
  reportId: string,
): TransactItem {
  return {
    Update: {
      TableName: ctx.tableName,
      Key: keys.categoryCounter(week, category, counterShard(reportId)),
      UpdateExpression: "ADD #f :n SET #t = :t, category = :c",
      ExpressionAttributeNames: { "#f": field, "#t": "type" },
      ExpressionAttributeValues: { ":n": by, ":t": "stats", ":c": category },
    },
  };
}

function quotePut(ctx: StoreContext, r: ReportItem, category: string): TransactItem {
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.quote(r.week, category, r.createdAt, r.id),
        type: "quote",
        reportId: r.id,
        category,
        text: r.text,
        expiresAt: r.expiresAt,
        gsi1pk: keys.owner(r.userHash),
        gsi1sk: `QUOTE#${r.createdAt}#${r.id}#${category}`,
      },
    },
  };
}

function peerPut(ctx: StoreContext, r: ReportItem, category: string): TransactItem {
  const offerEnds = Math.min(r.expiresAt, expiresAfterDays(new Date(r.createdAt), PEER_WINDOW_DAYS));
  return {
    Put: {
      TableName: ctx.tableName,
      Item: {
        ...keys.peer(category, r.createdAt, r.id),
        type: "peer",
        reportId: r.id,
        category,
        userHash: r.userHash,
        createdAt: r.createdAt,
        ...(r.serviceArea ? { serviceArea: r.serviceArea } : {}),
        ...(r.region ? { region: r.region } : {}),
        expiresAt: offerEnds,
        gsi1pk: keys.owner(r.userHash),
        gsi1sk: `PEER#${r.createdAt}#${r.id}#${category}`,
      },
    },
  };
}

function deleteKey(ctx: StoreContext, key: { pk: string; sk: string }): TransactItem {
  return { Delete: { TableName: ctx.tableName, Key: key } };
}

function explicitScores(ids: string[]): CategoryScore[] {
  return ids.map((id) => ({ id, confidence: 1 }));
}

/** Reads a report item with a strongly consistent read. */
export async function getReportItem(ctx: StoreContext, reportId: string): Promise<ReportItem | undefined> {
  const out = await guard(ctx, "read a report", () =>
    ctx.doc.send(
      new GetCommand({ TableName: ctx.tableName, Key: keys.report(reportId), ConsistentRead: true }),
    ),
  );
  return out.Item as ReportItem | undefined;
}

async function getOwnReport(ctx: StoreContext, user: UserRef, reportId: string): Promise<ReportItem> {
  const item = await getReportItem(ctx, reportId);
  if (!item) throw new NotFoundError(`No obstacle report "${reportId}" (it may have expired).`);
  if (item.userHash !== ctx.hashUser(user)) {
    throw new NotAllowedError("Only the person who reported an obstacle can change it.");
  }
  return item;
}

/** The DynamoDB obstacle log. */
export function createObstacleLog(ctx: StoreContext): ObstacleLog {
  async function log(input: LogObstacleInput): Promise<{ report: ObstacleReport; created: boolean }> {
    const text = cleanText(input.text, "The obstacle", MAX_TEXT_LENGTH);
    if (!input.idempotencyKey) throw new TypeError("log() needs an idempotencyKey");
    const explicit = input.categories ? assertCategories(input.categories) : undefined;
    // Classify the unscrubbed words (they are not stored); placeholders would only dilute the match.
    const suggested = explicit ? explicitScores(explicit) : classifyText(input.text);
    const now = input.now ?? new Date();
    const userHash = ctx.hashUser(input.user);
    const id = stableId(userHash, input.idempotencyKey);
    const createdAt = now.toISOString();
    const organisation = cleanLabel(input.organisation, "The organisation");
    const serviceArea = cleanLabel(input.serviceArea, "The service area")?.toLowerCase();
    const region = cleanLabel(input.region, "The region");
    const item: ReportItem = {
      ...keys.report(id),
      type: "report",
      id,
      userHash,
      platform: input.user.platform,
      text,
      categories: suggested,
      suggested,
      corrected: false,
      ...(organisation ? { organisation } : {}),
      ...(serviceArea ? { serviceArea } : {}),
      ...(region ? { region } : {}),
      allowQuote: Boolean(input.allowQuote),
      contactable: Boolean(input.contactable),
      ...(input.contactable ? { contact: { platform: input.user.platform, userId: input.user.userId } } : {}),
      status: "open",
      createdAt,
      week: isoWeek(now),
      expiresAt: expiresAfterDays(now, ctx.reportTtlDays),
      version: 1,
      gsi1pk: keys.owner(userHash),
      gsi1sk: `REPORT#${createdAt}#${id}`,
    };
    const categories = item.categories.map((c) => c.id);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: ctx.tableName,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      ...categories.map((c) => counterAdd(ctx, item.week, c, "reports", 1, item.id)),
      ...(item.allowQuote ? categories.map((c) => quotePut(ctx, item, c)) : []),
      ...(item.contactable ? categories.map((c) => peerPut(ctx, item, c)) : []),
    ];
    const outcome = await transactWrite(ctx, "log the obstacle", items);
    if (outcome.ok) return { report: toReport(item), created: true };
    const existing = await getReportItem(ctx, id);
    if (!existing) throw new ConcurrentUpdateError(`Report ${id} was claimed but cannot be read back`);
    return { report: toReport(existing), created: false };
  }

  async function correct(user: UserRef, reportId: string, categoryIds: string[]): Promise<ObstacleReport> {
    const wanted = assertCategories(categoryIds);
    if (wanted.length === 0) throw new TypeError("Give at least one category to correct to.");
    for (let attempt = 0; attempt < 3; attempt++) {
      const item = await getOwnReport(ctx, user, reportId);
      const before = item.categories.map((c) => c.id);
      if (before.length === wanted.length && before.every((c) => wanted.includes(c))) return toReport(item);
      const removed = before.filter((c) => !wanted.includes(c));
      const added = wanted.filter((c) => !before.includes(c));
      const next: ReportItem = { ...item, categories: explicitScores(wanted), corrected: true };
      const withinPeerWindow =
        Date.now() < expiresAfterDays(new Date(item.createdAt), PEER_WINDOW_DAYS) * 1000;
      const items: TransactItem[] = [
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.report(reportId),
            UpdateExpression: "SET categories = :c, corrected = :t, version = version + :one",
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":c": next.categories, ":t": true, ":one": 1, ":v": item.version },
          },
        },
        ...removed.map((c) => counterAdd(ctx, item.week, c, "reports", -1, item.id)),
        ...added.map((c) => counterAdd(ctx, item.week, c, "reports", 1, item.id)),
      ];
      if (item.status === "resolved" && item.resolvedWeek) {
        const week = item.resolvedWeek;
        items.push(...removed.map((c) => counterAdd(ctx, week, c, "resolved", -1, reportId)));
        items.push(...added.map((c) => counterAdd(ctx, week, c, "resolved", 1, reportId)));
      }
      if (item.allowQuote) {
        items.push(...removed.map((c) => deleteKey(ctx, keys.quote(item.week, c, item.createdAt, item.id))));
        items.push(...added.map((c) => quotePut(ctx, next, c)));
      }
      if (item.contactable && withinPeerWindow) {
        items.push(...removed.map((c) => deleteKey(ctx, keys.peer(c, item.createdAt, item.id))));
        items.push(...added.map((c) => peerPut(ctx, next, c)));
      }
      const outcome = await transactWrite(ctx, "correct the obstacle's categories", items);
      if (outcome.ok) return toReport({ ...next, version: item.version + 1 });
    }
    throw new ConcurrentUpdateError(
      `Report ${reportId} kept changing while it was being corrected; try again.`,
    );
  }

  async function resolve(user: UserRef, reportId: string, note: string, at?: Date): Promise<ObstacleReport> {
    const cleanNote = note?.trim() ? cleanText(note, "The resolution note") : undefined;
    const now = at ?? new Date();
    for (let attempt = 0; attempt < 3; attempt++) {
      const item = await getOwnReport(ctx, user, reportId);
      if (item.status === "resolved") return toReport(item);
      const resolvedAt = now.toISOString();
      const resolvedWeek = isoWeek(now);
      const categories = item.categories.map((c) => c.id);
      const items: TransactItem[] = [
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.report(reportId),
            UpdateExpression: `SET #s = :resolved, resolvedAt = :at, resolvedWeek = :w, version = version + :one${
              cleanNote ? ", resolutionNote = :note" : ""
            }`,
            ConditionExpression: "version = :v AND #s = :open",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":resolved": "resolved",
              ":open": "open",
              ":at": resolvedAt,
              ":w": resolvedWeek,
              ":one": 1,
              ":v": item.version,
              ...(cleanNote ? { ":note": cleanNote } : {}),
            },
          },
        },
        ...categories.map((c) => counterAdd(ctx, resolvedWeek, c, "resolved", 1, reportId)),
      ];
      if (cleanNote) {
        items.push({
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.resolution(resolvedWeek, resolvedAt, reportId),
              type: "resolution",
              reportId,
              category: categories[0] ?? "uncategorised",
              note: cleanNote,
              expiresAt: item.expiresAt,
              gsi1pk: keys.owner(item.userHash),
              gsi1sk: `RESOLVED#${resolvedAt}#${reportId}`,
            },
          },
        });
      }
      const outcome = await transactWrite(ctx, "resolve the obstacle", items);
      if (outcome.ok) {
        return toReport({
          ...item,
          status: "resolved",
          resolvedAt,
          resolvedWeek,
          ...(cleanNote ? { resolutionNote: cleanNote } : {}),
        });
      }
    }
    throw new ConcurrentUpdateError(
      `Report ${reportId} kept changing while it was being resolved; try again.`,
    );
  }

  async function listForUser(user: UserRef, options: { limit?: number } = {}): Promise<ObstacleReport[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    const out = await guard(ctx, "list your obstacles", () =>
      ctx.doc.send(
        new QueryCommand({
          TableName: ctx.tableName,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.owner(ctx.hashUser(user)), ":prefix": "REPORT#" },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []).map(toReport);
  }

  async function get(reportId: string): Promise<ObstacleReport | undefined> {
    const item = await getReportItem(ctx, reportId);
    return item ? toReport(item) : undefined;
  }

  async function setConsent(
    user: UserRef,
    reportId: string,
    consent: { allowQuote?: boolean; contactable?: boolean },
  ): Promise<ObstacleReport> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const item = await getOwnReport(ctx, user, reportId);
      const allowQuote = consent.allowQuote ?? item.allowQuote;
      const contactable = consent.contactable ?? item.contactable;
      if (allowQuote === item.allowQuote && contactable === item.contactable) return toReport(item);
      const next: ReportItem = { ...item, allowQuote, contactable };
      const categories = item.categories.map((c) => c.id);
      const withinPeerWindow =
        Date.now() < expiresAfterDays(new Date(item.createdAt), PEER_WINDOW_DAYS) * 1000;
      // The raw platform id is kept only while the reporter agrees to be contacted.
      const contactUpdate = contactable ? ", contact = :contact" : " REMOVE contact";
      const items: TransactItem[] = [
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.report(reportId),
            UpdateExpression: `SET allowQuote = :q, contactable = :c, version = version + :one${contactUpdate}`,
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: {
              ":q": allowQuote,
              ":c": contactable,
              ":one": 1,
              ":v": item.version,
              ...(contactable ? { ":contact": { platform: user.platform, userId: user.userId } } : {}),
            },
          },
        },
      ];
      if (allowQuote !== item.allowQuote) {
        items.push(
          ...categories.map((c) =>
            allowQuote
              ? quotePut(ctx, next, c)
              : deleteKey(ctx, keys.quote(item.week, c, item.createdAt, item.id)),
          ),
        );
      }
      if (contactable !== item.contactable && (withinPeerWindow || !contactable)) {
        items.push(
          ...categories.map((c) =>
            contactable ? peerPut(ctx, next, c) : deleteKey(ctx, keys.peer(c, item.createdAt, item.id)),
          ),
        );
      }
      const outcome = await transactWrite(ctx, "change your consent", items);
      if (outcome.ok) {
        const saved: ReportItem = { ...next, version: item.version + 1 };
        if (contactable) saved.contact = { platform: user.platform, userId: user.userId };
        else delete saved.contact;
        return toReport(saved);
      }
    }
    throw new ConcurrentUpdateError(`Report ${reportId} kept changing while consent was updated; try again.`);
  }

  return { log, correct, resolve, listForUser, get, setConsent };
}
