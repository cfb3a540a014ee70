/**
 * The ambassador directory on DynamoDB: one partition (AMBASSADORS), so listing is a single Query.
 * Profile writes never touch the statistics (introductions per month, helped count) that introductions keep.
 */
import {
  DeleteCommand,
  GetCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { CSV_COLUMNS } from "../peer/ambassador-file.ts";
import { isValidDate, validateAmbassador } from "../peer/ambassador-validation.ts";
import { AmbassadorValidationError, NotFoundError } from "../peer/errors.ts";
import { rankAmbassadors } from "../peer/match-ambassadors.ts";
import type { Ambassador, AmbassadorDirectory } from "../peer/ports.ts";
import { guard, type Item, queryAll, type StoreContext, transactWrite } from "./context.ts";
import { keys } from "./keys.ts";

type UpdateInput = NonNullable<NonNullable<TransactWriteCommandInput["TransactItems"]>[number]["Update"]>;

/** Every stored profile field but the key: the same fields the CSV format carries. */
const PROFILE_FIELDS = CSV_COLUMNS.filter(
  (column): column is Exclude<(typeof CSV_COLUMNS)[number], "id"> => column !== "id",
);

/** The port's view of an ambassador item. */
export function toAmbassador(item: Item): Ambassador {
  const a = item as unknown as Ambassador;
  return {
    id: a.id,
    displayName: a.displayName,
    ...(a.slackUserId ? { slackUserId: a.slackUserId } : {}),
    ...(a.teamsUserId ? { teamsUserId: a.teamsUserId } : {}),
    categories: a.categories ?? [],
    serviceAreas: a.serviceAreas ?? [],
    ...(a.region ? { region: a.region } : {}),
    monthlyCapacity: a.monthlyCapacity ?? 0,
    ...(a.snoozedUntil ? { snoozedUntil: a.snoozedUntil } : {}),
    ...(a.bio ? { bio: a.bio } : {}),
    ...(a.sample ? { sample: true } : {}),
    ...(a.lastIntroducedAt ? { lastIntroducedAt: a.lastIntroducedAt } : {}),
    introductionsByMonth: a.introductionsByMonth ?? {},
    helpedCount: a.helpedCount ?? 0,
  };
}

/** A validated profile, or AmbassadorValidationError listing every problem. */
function validated(ambassador: Ambassador): Ambassador {
  const result = validateAmbassador(ambassador);
  if (!result.ambassador) throw new AmbassadorValidationError(result.issues);
  return result.ambassador;
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

/** The DynamoDB ambassador directory. */
export function createAmbassadorDirectory(ctx: StoreContext): AmbassadorDirectory {
  async function list(): Promise<Ambassador[]> {
    const items = await queryAll(ctx, "list ambassadors", {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.ambassadorPartition },
    });
    return items.map(toAmbassador);
  }

  async function get(id: string): Promise<Ambassador | undefined> {
    const out = await guard(ctx, "read the ambassador", () =>
      ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keys.ambassador(id), ConsistentRead: true }),
      ),
    );
    return out.Item ? toAmbassador(out.Item) : undefined;
  }

  return {
    list,
    get,
    async put(ambassador) {
      const profile = validated(ambassador);
      const out = await guard(ctx, "save the ambassador", () =>
        ctx.doc.send(new UpdateCommand({ ...profileUpdate(ctx, profile), ReturnValues: "ALL_NEW" })),
      );
      return toAmbassador(out.Attributes ?? {});
    },
    async remove(id) {
      const out = await guard(ctx, "remove the ambassador", () =>
        ctx.doc.send(
          new DeleteCommand({ TableName: ctx.tableName, Key: keys.ambassador(id), ReturnValues: "ALL_OLD" }),
        ),
      );
      return out.Attributes !== undefined;
    },
    async snooze(id, until) {
      if (until !== undefined && !isValidDate(until)) {
        throw new AmbassadorValidationError([`snoozedUntil "${until}" must be a date like 2026-03-31`]);
      }
      try {
        const out = await guard(ctx, "snooze the ambassador", () =>
          ctx.doc.send(
            new UpdateCommand({
              TableName: ctx.tableName,
              Key: keys.ambassador(id),
              UpdateExpression: until ? "SET snoozedUntil = :u" : "REMOVE snoozedUntil",
              ConditionExpression: "attribute_exists(pk)",
              ...(until ? { ExpressionAttributeValues: { ":u": until } } : {}),
              ReturnValues: "ALL_NEW",
            }),
          ),
        );
        return toAmbassador(out.Attributes ?? {});
      } catch (error) {
        if ((error as { name?: string }).name === "ConditionalCheckFailedException") {
          throw new NotFoundError(`No ambassador "${id}".`);
        }
        throw error;
      }
    },
    async importMany(ambassadors) {
      const issues: string[] = [];
      const profiles: Ambassador[] = [];
      const seen = new Set<string>();
      ambassadors.forEach((ambassador, i) => {
        const result = validateAmbassador(ambassador);
        for (const issue of result.issues) issues.push(`entry ${i + 1}: ${issue}`);
        if (!result.ambassador) return;
        if (seen.has(result.ambassador.id))
          issues.push(`entry ${i + 1}: id "${result.ambassador.id}" appears twice`);
        seen.add(result.ambassador.id);
        profiles.push(result.ambassador);
      });
      if (issues.length > 0) throw new AmbassadorValidationError(issues);
      // One transaction per 100 profiles (DynamoDB's limit): a directory of up to 100 imports atomically.
      for (let i = 0; i < profiles.length; i += 100) {
        const chunk = profiles.slice(i, i + 100).map((p) => ({ Update: profileUpdate(ctx, p) }));
        await transactWrite(ctx, "import ambassadors", chunk);
      }
      return { imported: profiles.length };
    },
    async match(request) {
      return rankAmbassadors(await list(), request);
    },
  };
}
