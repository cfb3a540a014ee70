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
  | "idempotency";

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
  subscription: (platform: string, conversationId: string) => ({
    pk: "SUBSCRIPTIONS",
    sk: `${platform}#${conversationId}`,
  }),
  conversation: (key: string) => ({ pk: `CONVREF#${key}`, sk: "CONVREF" }),
  thread: (threadKey: string) => ({ pk: `THREAD#${threadKey}`, sk: "THREAD" }),
  idempotency: (key: string) => ({ pk: `IDEMP#${key}`, sk: "IDEMP" }),
  /** gsi1: the owner index. */
  owner: (userHash: string) => `USER#${userHash}`,
  /** gsi2: introductions by target. */
  target: (targetHash: string) => `TARGET#${targetHash}`,
} as const;
