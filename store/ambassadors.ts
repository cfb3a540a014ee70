/**
 * Ambassador profiles on DynamoDB: one partition (AMBASSADORS), so listing is a single Query. Profile writes
 * never touch the statistics (introductions per month, helped count) that introductions keep.
 */
import { DeleteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { CSV_COLUMNS } from "../peer/ambassador-file.ts";
import type { Ambassador } from "../peer/ports.ts";
import type { AmbassadorRepository } from "../peer/repositories.ts";
import {
  getItem,
  guard,
  type Item,
  isConditionFailure,
  queryAll,
  type StoreContext,
  type TransactItem,
  transactWrite,
} from "./context.ts";
import { keys } from "./keys.ts";

type UpdateInput = NonNullable<TransactItem["Update"]>;

/** DynamoDB's limit on items per transaction: a directory of up to 100 imports atomically. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Every stored profile field but the key: the fields the CSV format carries, and whether a volunteer still waits
 * for a coordinator (not a file column: an import never makes anyone pending).
 */
const PROFILE_FIELDS = [
  ...CSV_COLUMNS.filter((column): column is Exclude<(typeof CSV_COLUMNS)[number], "id"> => column !== "id"),
  "pendingSince" as const,
];

/** The record of an ambassador item. */
export function toAmbassador(item: Item): Ambassador {
  const a = item as unknown as Ambassador;
  return {
    id: a.id,
    displayName: a.displayName,
    ...(a.email ? { email: a.email } : {}),
    ...(a.slackUserId ? { slackUserId: a.slackUserId } : {}),
    ...(a.teamsUserId ? { teamsUserId: a.teamsUserId } : {}),
    categories: a.categories ?? [],
    serviceAreas: a.serviceAreas ?? [],
    ...(a.region ? { region: a.region } : {}),
    monthlyCapacity: a.monthlyCapacity ?? 0,
    ...(a.snoozedUntil ? { snoozedUntil: a.snoozedUntil } : {}),
    ...(a.awayUntil ? { awayUntil: a.awayUntil } : {}),
    ...(a.pendingSince ? { pendingSince: a.pendingSince } : {}),
    ...(a.bio ? { bio: a.bio } : {}),
    ...(a.sample ? { sample: true } : {}),
    ...(a.lastIntroducedAt ? { lastIntroducedAt: a.lastIntroducedAt } : {}),
    introductionsByMonth: a.introductionsByMonth ?? {},
    helpedCount: a.helpedCount ?? 0,
  };
}

/** SET the profile fields, REMOVE the absent optional ones, and create the statistics only if missing. */
function profileUpdate(ctx: StoreContext, a: Ambassador): UpdateInput {
  const sets = [
    "#type = :type",
    "id = :id",
    "introductionsByMonth = if_not_exists(introductionsByMonth, :emptyMap)",
    "helpedCount = if_not_exists(helpedCount, :zero)",
  ];
  const removes: string[] = [];
  const names: Record<string, string> = { "#type": "type" };
  const values: Record<string, unknown> = { ":type": "ambassador", ":id": a.id, ":emptyMap": {}, ":zero": 0 };
  for (const field of PROFILE_FIELDS) {
    names[`#${field}`] = field;
    const value = a[field];
    if (value === undefined) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  return {
    TableName: ctx.tableName,
    Key: keys.ambassador(a.id),
    UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The DynamoDB ambassador repository. */
export function createAmbassadorRepository(ctx: StoreContext): AmbassadorRepository {
  return {
    async list() {
      const items = await queryAll(ctx, "list ambassadors", {
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.ambassadorPartition },
      });
      return items.map(toAmbassador);
    },
    get: (id) => getItem(ctx, "read the ambassador", keys.ambassador(id), toAmbassador),
    async save(profile) {
      const out = await guard(ctx, "save the ambassador", () =>
        ctx.doc.send(new UpdateCommand({ ...profileUpdate(ctx, profile), ReturnValues: "ALL_NEW" })),
      );
      return toAmbassador(out.Attributes ?? {});
    },
    async saveMany(profiles) {
      for (let i = 0; i < profiles.length; i += MAX_TRANSACTION_ITEMS) {
        const chunk = profiles
          .slice(i, i + MAX_TRANSACTION_ITEMS)
          .map((p) => ({ Update: profileUpdate(ctx, p) }));
        await transactWrite(ctx, "import ambassadors", chunk);
      }
    },
    async delete(id) {
      const out = await guard(ctx, "remove the ambassador", () =>
        ctx.doc.send(
          new DeleteCommand({ TableName: ctx.tableName, Key: keys.ambassador(id), ReturnValues: "ALL_OLD" }),
        ),
      );
      return out.Attributes !== undefined;
    },
    setSnooze: (id, until) => setDate(ctx, id, "snoozedUntil", until),
    setAway: (id, until) => setDate(ctx, id, "awayUntil", until),
  };
}

/** Sets or clears one of the profile's dates, only on a profile that exists (undefined otherwise). */
async function setDate(
  ctx: StoreContext,
  id: string,
  field: "snoozedUntil" | "awayUntil",
  until: string | undefined,
): Promise<Ambassador | undefined> {
  try {
    const out = await guard(
      ctx,
      field === "awayUntil" ? "mark the ambassador away" : "snooze the ambassador",
      () =>
        ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.tableName,
            Key: keys.ambassador(id),
            UpdateExpression: until ? "SET #date = :u" : "REMOVE #date",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#date": field },
            ...(until ? { ExpressionAttributeValues: { ":u": until } } : {}),
            ReturnValues: "ALL_NEW",
          }),
        ),
    );
    return toAmbassador(out.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
