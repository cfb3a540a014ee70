/**
 * Introductions on DynamoDB: proposed at most once per event (conditional put keyed on the idempotency key),
 * moved through their lifecycle with conditional updates so each transition counts once.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import {
  assertCategories,
  ConcurrentUpdateError,
  InvalidTransitionError,
  NotAllowedError,
  NotFoundError,
  PeerInputError,
} from "../peer/errors.ts";
import { londonMonth } from "../peer/match-ambassadors.ts";
import type { Introduction, IntroductionStatus, Introductions, UserRef } from "../peer/ports.ts";
import { cleanText } from "../peer/text-input.ts";
import { isSameUser } from "../peer/user-hash.ts";
import { isoWeek } from "../peer/week.ts";
import {
  expiresAfterDays,
  guard,
  type Item,
  queryAll,
  type StoreContext,
  stableId,
  transactWrite,
} from "./context.ts";
import { counterShard, keys } from "./keys.ts";
import { getReportItem } from "./obstacle-log.ts";

/** The port's view of an introduction item. */
export function toIntroduction(item: Item): Introduction {
  const i = item as unknown as Introduction;
  return {
    id: i.id,
    kind: i.kind,
    asker: i.asker,
    targetId: i.targetId,
    ...(i.target ? { target: i.target } : {}),
    ...(i.targetName ? { targetName: i.targetName } : {}),
    topic: i.topic,
    ...(i.note ? { note: i.note } : {}),
    status: i.status,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** Which transitions are allowed, and who may make them. */
const TRANSITIONS: Record<IntroductionStatus, Partial<Record<IntroductionStatus, "target" | "either">>> = {
  proposed: { accepted: "target", declined: "target", done: "either" },
  accepted: { done: "either" },
  declined: {},
  done: {},
};

/** The DynamoDB introductions store. */
export function createIntroductions(ctx: StoreContext): Introductions {
  async function get(id: string): Promise<Introduction | undefined> {
    const out = await guard(ctx, "read the introduction", () =>
      ctx.doc.send(
        new GetCommand({ TableName: ctx.tableName, Key: keys.introduction(id), ConsistentRead: true }),
      ),
    );
    return out.Item ? toIntroduction(out.Item) : undefined;
  }

  /** Where to reach the target and what to call them, resolved at proposal time. */
  async function resolveTarget(
    kind: "ambassador" | "peer",
    targetId: string,
    asker: UserRef,
    askerHash: string,
  ): Promise<{ target?: UserRef; targetName?: string }> {
    if (kind === "ambassador") {
      const out = await guard(ctx, "read the ambassador", () =>
        ctx.doc.send(
          new GetCommand({ TableName: ctx.tableName, Key: keys.ambassador(targetId), ConsistentRead: true }),
        ),
      );
      const a = out.Item;
      if (!a) throw new NotFoundError(`No ambassador "${targetId}".`);
      const slack = a.slackUserId as string | undefined;
      const teams = a.teamsUserId as string | undefined;
      const target: UserRef | undefined =
        asker.platform === "teams" && teams
          ? { platform: "teams", userId: teams }
          : slack && asker.platform !== "teams"
            ? { platform: "slack", userId: slack }
            : teams
              ? { platform: "teams", userId: teams }
              : slack
                ? { platform: "slack", userId: slack }
                : undefined;
      if (target && isSameUser(target, asker))
        throw new NotAllowedError("You cannot be introduced to yourself.");
      return { ...(target ? { target } : {}), targetName: String(a.displayName) };
    }
    const report = await getReportItem(ctx, targetId);
    if (!report?.contactable || !report.contact) {
      throw new NotFoundError("That peer is no longer available to contact.");
    }
    if (report.userHash === askerHash) throw new NotAllowedError("You cannot be introduced to yourself.");
    return { target: report.contact };
  }

  return {
    async propose(input) {
      const [topic] = assertCategories([input.topic]);
      if (!topic) throw new PeerInputError("An introduction needs a topic (a category id).");
      if (!input.idempotencyKey) throw new TypeError("propose() needs an idempotencyKey");
      const note = input.note?.trim() ? cleanText(input.note, "The note") : undefined;
      const now = input.now ?? new Date();
      const askerHash = ctx.hashUser(input.asker);
      const id = stableId(askerHash, input.idempotencyKey);
      const existing = await get(id);
      if (existing) return { introduction: existing, created: false };
      const { target, targetName } = await resolveTarget(input.kind, input.targetId, input.asker, askerHash);
      const createdAt = now.toISOString();
      const introduction: Introduction = {
        id,
        kind: input.kind,
        asker: { platform: input.asker.platform, userId: input.asker.userId },
        targetId: input.targetId,
        ...(target ? { target } : {}),
        ...(targetName ? { targetName } : {}),
        topic,
        ...(note ? { note } : {}),
        status: "proposed",
        createdAt,
        updatedAt: createdAt,
      };
      const targetHash = target ? ctx.hashUser(target) : undefined;
      const outcome = await transactWrite(ctx, "propose the introduction", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: {
              ...keys.introduction(id),
              type: "introduction",
              ...introduction,
              askerHash,
              ...(targetHash ? { targetHash } : {}),
              expiresAt: expiresAfterDays(now, ctx.reportTtlDays),
              gsi1pk: keys.owner(askerHash),
              gsi1sk: `INTRO#${createdAt}#${id}`,
              ...(targetHash ? { gsi2pk: keys.target(targetHash), gsi2sk: `INTRO#${createdAt}#${id}` } : {}),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Update: {
            TableName: ctx.tableName,
            Key: keys.totalsCounter(isoWeek(now), counterShard(id)),
            UpdateExpression: "ADD introductionsProposed :one SET #t = :t",
            ExpressionAttributeNames: { "#t": "type" },
            ExpressionAttributeValues: { ":one": 1, ":t": "stats" },
          },
        },
        ...(input.kind === "ambassador"
          ? [
              {
                Update: {
                  TableName: ctx.tableName,
                  Key: keys.ambassador(input.targetId),
                  // The map exists on every profile (profile writes create it), so the nested SET is valid.
                  UpdateExpression:
                    "SET lastIntroducedAt = :now, introductionsByMonth.#m = if_not_exists(introductionsByMonth.#m, :zero) + :one",
                  ConditionExpression: "attribute_exists(pk)",
                  ExpressionAttributeNames: { "#m": londonMonth(now) },
                  ExpressionAttributeValues: { ":now": createdAt, ":zero": 0, ":one": 1 },
                },
              },
            ]
          : []),
      ]);
      if (outcome.ok) return { introduction, created: true };
      if (outcome.failedConditions.includes(0)) {
        const first = await get(id);
        if (first) return { introduction: first, created: false };
      }
      throw new NotFoundError(`No ambassador "${input.targetId}" (removed while the introduction was made).`);
    },

    async setStatus(id, status, by, at) {
      const now = at ?? new Date();
      for (let attempt = 0; attempt < 3; attempt++) {
        const intro = await get(id);
        if (!intro) throw new NotFoundError(`No introduction "${id}".`);
        if (intro.status === status) return intro; // repeating a transition is a no-op
        const who = TRANSITIONS[intro.status][status];
        if (!who) throw new InvalidTransitionError(intro.status, status);
        const isTarget = isSameUser(by, intro.target);
        if (who === "target" && !isTarget) {
          throw new NotAllowedError(`Only the person being introduced can mark this introduction ${status}.`);
        }
        if (who === "either" && !isTarget && !isSameUser(by, intro.asker)) {
          throw new NotAllowedError("Only the two people in an introduction can change it.");
        }
        const updatedAt = now.toISOString();
        const accepted = status === "accepted";
        const ambassadorExists =
          accepted && intro.kind === "ambassador"
            ? (
                await guard(ctx, "read the ambassador", () =>
                  ctx.doc.send(
                    new GetCommand({ TableName: ctx.tableName, Key: keys.ambassador(intro.targetId) }),
                  ),
                )
              ).Item !== undefined
            : false;
        const outcome = await transactWrite(ctx, "update the introduction", [
          {
            Update: {
              TableName: ctx.tableName,
              Key: keys.introduction(id),
              UpdateExpression: "SET #s = :to, updatedAt = :at",
              ConditionExpression: "#s = :from",
              ExpressionAttributeNames: { "#s": "status" },
              ExpressionAttributeValues: { ":to": status, ":from": intro.status, ":at": updatedAt },
            },
          },
          ...(accepted
            ? [
                {
                  Update: {
                    TableName: ctx.tableName,
                    Key: keys.totalsCounter(isoWeek(now), counterShard(id)),
                    UpdateExpression: "ADD introductionsAccepted :one SET #t = :t",
                    ExpressionAttributeNames: { "#t": "type" },
                    ExpressionAttributeValues: { ":one": 1, ":t": "stats" },
                  },
                },
              ]
            : []),
          ...(ambassadorExists
            ? [
                {
                  Update: {
                    TableName: ctx.tableName,
                    Key: keys.ambassador(intro.targetId),
                    UpdateExpression: "ADD helpedCount :one",
                    ConditionExpression: "attribute_exists(pk)",
                    ExpressionAttributeValues: { ":one": 1 },
                  },
                },
              ]
            : []),
        ]);
        if (outcome.ok) return { ...intro, status, updatedAt };
        // Someone moved it first: re-read and decide again (it may now be a no-op).
      }
      throw new ConcurrentUpdateError(`Introduction ${id} kept changing; try again.`);
    },

    get,

    async listForUser(user) {
      const hash = ctx.hashUser(user);
      const [asAsker, asTarget] = await Promise.all([
        queryAll(
          ctx,
          "list your introductions",
          {
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :p)",
            ExpressionAttributeValues: { ":pk": keys.owner(hash), ":p": "INTRO#" },
            ScanIndexForward: false,
          },
          200,
        ),
        queryAll(
          ctx,
          "list your introductions",
          {
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk",
            ExpressionAttributeValues: { ":pk": keys.target(hash) },
            ScanIndexForward: false,
          },
          200,
        ),
      ]);
      const byId = new Map([...asAsker, ...asTarget].map((item) => [String(item.id), toIntroduction(item)]));
      return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}
