/**
 * The network's repositories on DynamoDB (peer/network-repositories.ts, keys in store/keys.ts): open questions
 * (gsi1 = asker, gsi2 = status, so "open" and "answered since" are Queries), thread links read with one GetItem,
 * and community cards whose normalised question is claimed by a separate item in the same transaction, so two
 * editors saving the same question at once cannot both succeed.
 */
import { createHash } from "node:crypto";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type {
  CommunityCardRepository,
  NetworkRepositories,
  OpenQuestionRepository,
  StoredCommunityCard,
  StoredOpenQuestion,
} from "../peer/network-repositories.ts";
import {
  getItem,
  guard,
  type Item,
  isConditionFailure,
  queryAll,
  type StoreContext,
  type TransactItem,
  transactWrite,
  withoutBookkeeping,
} from "./context.ts";
import { keys } from "./keys.ts";

function questionItem(q: StoredOpenQuestion): Item {
  const status =
    q.status === "open"
      ? { gsi2pk: keys.questionStatus("open"), gsi2sk: `${q.askedAt}#${q.id}` }
      : q.status === "answered" && q.answeredAt
        ? { gsi2pk: keys.questionStatus("answered"), gsi2sk: `${q.answeredAt}#${q.id}` }
        : {};
  return {
    ...keys.question(q.id),
    type: "question",
    ...q,
    gsi1pk: keys.owner(q.askerHash),
    gsi1sk: `NETQ#${q.askedAt}#${q.id}`,
    ...status,
  };
}

function createQuestions(ctx: StoreContext): OpenQuestionRepository {
  async function put(q: StoredOpenQuestion, condition: string, values?: Record<string, unknown>) {
    try {
      await guard(ctx, "save the question", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: questionItem(q),
            ConditionExpression: condition,
            ...(values ? { ExpressionAttributeValues: values } : {}),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  return {
    get: (id) =>
      getItem(ctx, "read the question", keys.question(id), (item) =>
        withoutBookkeeping<StoredOpenQuestion>(item),
      ),
    create: (q) => put(q, "attribute_not_exists(pk)"),
    update: (q, expectedVersion) => put(q, "version = :v", { ":v": expectedVersion }),
    async link(place, questionId, expiresAt) {
      await guard(ctx, "remember where the question was posted", () =>
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.tableName,
            Item: {
              ...keys.questionThread(place.platform, place.conversationId, place.threadId),
              type: "question-thread",
              questionId,
              expiresAt,
            },
          }),
        ),
      );
    },
    async findByThread(place) {
      const id = await getItem(
        ctx,
        "check the thread",
        keys.questionThread(place.platform, place.conversationId, place.threadId),
        (item) => String(item.questionId),
      );
      return id;
    },
    async listOpen(limit) {
      const items = await queryAll(
        ctx,
        "list open questions",
        {
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.questionStatus("open") },
          ScanIndexForward: true,
        },
        limit,
      );
      return items.map((item) => withoutBookkeeping<StoredOpenQuestion>(item));
    },
    async listAnsweredSince(since, limit) {
      const items = await queryAll(
        ctx,
        "list answered questions",
        {
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk >= :since",
          ExpressionAttributeValues: { ":pk": keys.questionStatus("answered"), ":since": since },
          ScanIndexForward: false,
        },
        limit,
      );
      return items.map((item) => withoutBookkeeping<StoredOpenQuestion>(item));
    },
    async delete(q) {
      const targets = [
        keys.question(q.id),
        ...q.posts.map((p) => keys.questionThread(p.platform, p.conversationId, p.threadId)),
      ];
      for (const Key of targets) {
        await guard(ctx, "erase the question", () =>
          ctx.doc.send(new DeleteCommand({ TableName: ctx.tableName, Key })),
        );
      }
    },
    async listByAsker(askerHash) {
      const items = await queryAll(ctx, "find your questions", {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :p)",
        ExpressionAttributeValues: { ":pk": keys.owner(askerHash), ":p": "NETQ#" },
        ScanIndexForward: false,
      });
      return items.map((item) => withoutBookkeeping<StoredOpenQuestion>(item));
    },
  };
}

/** The claim item's key for a normalised question. */
function cardKeyOf(questionKey: string) {
  return keys.cardKey(createHash("sha256").update(questionKey).digest("base64url"));
}

function cardItem(card: StoredCommunityCard): Item {
  // An erased author leaves no owner entry: the card stays, anonymous, out of everyone's export.
  const owner =
    card.authorHash && card.authorHash !== "erased"
      ? { gsi1pk: keys.owner(card.authorHash), gsi1sk: `CARD#${card.createdAt}#${card.id}` }
      : {};
  return {
    ...keys.card(card.id),
    type: "card",
    ...card,
    ...owner,
    gsi2pk: keys.cardStatus(card.status),
    gsi2sk: `${card.createdAt}#${card.id}`,
  };
}

function createCards(ctx: StoreContext): CommunityCardRepository {
  const claim = (questionKey: string, cardId: string): TransactItem => ({
    Put: {
      TableName: ctx.tableName,
      Item: { ...cardKeyOf(questionKey), type: "card-key", cardId },
      // Free, or already this card's (an edit that keeps the question's key).
      ConditionExpression: "attribute_not_exists(pk) OR cardId = :id",
      ExpressionAttributeValues: { ":id": cardId },
    },
  });

  return {
    get: (id) =>
      getItem(ctx, "read the card", keys.card(id), (item) => withoutBookkeeping<StoredCommunityCard>(item)),

    async create(card) {
      const outcome = await transactWrite(ctx, "save the card", [
        {
          Put: {
            TableName: ctx.tableName,
            Item: cardItem(card),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        claim(card.questionKey, card.id),
      ]);
      if (outcome.ok) return "created";
      return outcome.failedConditions.includes(0) ? "exists" : "duplicate";
    },

    async update(card, expectedVersion, change = {}) {
      const items: TransactItem[] = [
        {
          Put: {
            TableName: ctx.tableName,
            Item: cardItem(card),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": expectedVersion },
          },
        },
      ];
      if (change.releaseKey !== undefined && change.releaseKey !== change.claimKey) {
        items.push({
          Delete: {
            TableName: ctx.tableName,
            Key: cardKeyOf(change.releaseKey),
            // Only this card's claim: never free a key another card holds.
            ConditionExpression: "attribute_not_exists(pk) OR cardId = :id",
            ExpressionAttributeValues: { ":id": card.id },
          },
        });
      }
      if (change.claimKey !== undefined) items.push(claim(change.claimKey, card.id));
      const outcome = await transactWrite(ctx, "update the card", items);
      if (outcome.ok) return "updated";
      return outcome.failedConditions.includes(0) ? "conflict" : "duplicate";
    },

    async listByStatus(status, limit) {
      const items = await queryAll(
        ctx,
        "list cards",
        {
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.cardStatus(status) },
          ScanIndexForward: false,
        },
        limit,
      );
      return items.map((item) => withoutBookkeeping<StoredCommunityCard>(item));
    },

    async listByPerson(userHash) {
      const items = await queryAll(ctx, "find your cards", {
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :p)",
        ExpressionAttributeValues: { ":pk": keys.owner(userHash), ":p": "CARD#" },
        ScanIndexForward: false,
      });
      return items.map((item) => withoutBookkeeping<StoredCommunityCard>(item));
    },
  };
}

/** The DynamoDB network repositories. */
export function createNetworkRepositories(ctx: StoreContext): NetworkRepositories {
  return { questions: createQuestions(ctx), cards: createCards(ctx) };
}
