/**
 * The single-table item layout: every key Pathfinder writes is built here, so the design reads in one place
 * (docs/peer-support.md draws it). gsi1 is the "owner" index (USER#<hash>): everything personal carries it,
 * so export and erase are one Query. gsi2 indexes introductions by their target.
 */

/** Item kinds, stored in each item's `type` attribute. */
export type ItemType =
  | "report"
  | "quote"
  | "peer"
  | "resolution"
  | "stats"
  | "signal"
  | "ambassador"
  | "introduction"
  | "feedback"
  | "subscription"
  | "conversation"
  | "thread"
  | "idempotency"
  | "question"
  | "question-thread"
  | "card"
  | "card-key";

/**
 * Each weekly counter is spread over this many items so concurrent transactions rarely touch the same item
 * (DynamoDB cancels a transaction that meets another in flight on the same item). A week's counters are
 * still one Query of at most (categories + 1) x COUNTER_SHARDS small items, whatever the volume.
 */
export const COUNTER_SHARDS = 4;

/** The counter shard for a record, from its hex id: the same record always lands on the same shard. */
export function counterShard(hexId: string): number {
  return Number.parseInt(hexId.slice(0, 4), 16) % COUNTER_SHARDS || 0;
}

export const keys = {
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: "REPORT" }),
  /** Anonymised quote candidates per week and category (only when the reporter allowed quoting). */
  quote: (week: string, category: string, createdAt: string, reportId: string) => ({
    pk: `QUOTE#${week}#${category}`,
    sk: `${createdAt}#${reportId}`,
  }),
  quotePartition: (week: string, category: string) => `QUOTE#${week}#${category}`,
  /** Peer offers per category, newest last (only when the reporter agreed to be contacted). */
  peer: (category: string, createdAt: string, reportId: string) => ({
    pk: `PEER#${category}`,
    sk: `${createdAt}#${reportId}`,
  }),
  peerPartition: (category: string) => `PEER#${category}`,
  resolution: (week: string, resolvedAt: string, reportId: string) => ({
    pk: `RESOLVED#${week}`,
    sk: `${resolvedAt}#${reportId}`,
  }),
  resolutionPartition: (week: string) => `RESOLVED#${week}`,
  /** Weekly counters: per category plus totals, each split over COUNTER_SHARDS items (see counterShard). */
  statsPartition: (week: string) => `STATS#${week}`,
  categoryCounter: (week: string, category: string, shard: number) => ({
    pk: `STATS#${week}`,
    sk: `CAT#${category}#${shard}`,
  }),
  totalsCounter: (week: string, shard: number) => ({ pk: `STATS#${week}`, sk: `TOTALS#${shard}` }),
  signal: (marker: string) => ({ pk: `SIGNAL#${marker}`, sk: "SIGNAL" }),
  /** All ambassadors live in one partition: the directory is listed with one Query. */
  ambassadorPartition: "AMBASSADORS",
  ambassador: (id: string) => ({ pk: "AMBASSADORS", sk: `AMB#${id}` }),
  introduction: (id: string) => ({ pk: `INTRO#${id}`, sk: "INTRO" }),
  feedback: (answerId: string, marker: string) => ({ pk: `FEEDBACK#${answerId}`, sk: `FB#${marker}` }),
  subscriptionPartition: "SUBSCRIPTIONS",
  /** Digest subscriptions keep their original sort key; other kinds ("ambassadors") are prefixed. */
  subscription: (platform: string, conversationId: string, kind = "digest") => ({
    pk: "SUBSCRIPTIONS",
    sk: kind === "digest" ? `${platform}#${conversationId}` : `${kind}#${platform}#${conversationId}`,
  }),
  conversation: (key: string) => ({ pk: `CONVREF#${key}`, sk: "CONVREF" }),
  thread: (threadKey: string) => ({ pk: `THREAD#${threadKey}`, sk: "THREAD" }),
  idempotency: (key: string) => ({ pk: `IDEMP#${key}`, sk: "IDEMP" }),
  /** An open question sent to the ambassadors (issue 15); gsi1 = its asker, gsi2 = its status. */
  question: (id: string) => ({ pk: `NETQ#${id}`, sk: "NETQ" }),
  /** gsi2: open questions by askedAt, answered ones by answeredAt. */
  questionStatus: (status: "open" | "answered") => `NETQSTATUS#${status}`,
  /** A thread a question was posted in -> the question (one GetItem: "is this thread tracked?"). */
  questionThread: (platform: string, conversationId: string, threadId: string) => ({
    pk: `NETTHREAD#${platform}#${conversationId}#${threadId}`,
    sk: "NETTHREAD",
  }),
  /** A community card; gsi1 = its author (until erased), gsi2 = its status. */
  card: (id: string) => ({ pk: `CARD#${id}`, sk: "CARD" }),
  cardStatus: (status: string) => `CARDSTATUS#${status}`,
  /** The claim a live card holds on its normalised question (hashed: questions can be long). */
  cardKey: (questionKeyHash: string) => ({ pk: `CARDQ#${questionKeyHash}`, sk: "CARDQ" }),
  /** gsi1: the owner index. */
  owner: (userHash: string) => `USER#${userHash}`,
  /** gsi2: introductions by target. */
  target: (targetHash: string) => `TARGET#${targetHash}`,
} as const;
