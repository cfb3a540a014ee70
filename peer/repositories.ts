/**
 * The repositories the domain services (peer/obstacles.ts, ambassadors.ts, introductions.ts, ...) store
 * through. They are plain storage verbs over records: no rules about who may do what, no scrubbing, no
 * classification, no clocks. store/ implements them on DynamoDB (store/repositories/*.ts) and in memory
 * (store/memory/*.ts); the same domain services run over either.
 *
 * Writes that must stay consistent (a report and its weekly counters, a status change and its counter) are
 * one call taking the record plus a `ReportChange`/counter list the domain computed, so each repository
 * commits them atomically (one DynamoDB transaction) without knowing why they belong together.
 */
import type { NetworkRepositories } from "./network-repositories.ts";
import type {
  Ambassador,
  CategoryId,
  Introduction,
  IntroductionStatus,
  ObstacleReport,
  UserRef,
} from "./ports.ts";

/** A weekly counter field; each counter lives per week and (except the totals) per category. */
export type CounterField =
  | "reports"
  | "resolved"
  | "unanswered"
  | "questionsAsked"
  | "questionsUnanswered"
  | "introductionsProposed"
  | "introductionsAccepted";

/** Adds `by` to one weekly counter; `shardKey` (a hex record id) spreads hot counters over shards. */
export interface CounterDelta {
  week: string;
  /** Absent for the week's totals (questions, introductions). */
  category?: CategoryId;
  field: CounterField;
  by: number;
  shardKey: string;
}

/** One stored counter row (a shard of a week's category or totals counters). */
export interface CounterRow {
  category?: CategoryId;
  values: Partial<Record<CounterField, number>>;
}

/** A stored report: the port's shape plus what the domain needs to change it safely. */
export interface StoredReport extends ObstacleReport {
  /** Optimistic-concurrency version; every update must name the version it read. */
  version: number;
  resolvedWeek?: string;
  /** Raw platform id, kept only while the reporter agrees to be contacted as a peer. */
  contact?: UserRef;
}

/** An anonymised quote candidate (the reporter allowed quoting). */
export interface QuoteEntry {
  week: string;
  category: CategoryId;
  createdAt: string;
  reportId: string;
  text: string;
  expiresAt: number;
  ownerHash: string;
}

/** A peer offer (the reporter agreed to be contacted), readable per category, newest first. */
export interface PeerEntry {
  category: CategoryId;
  createdAt: string;
  reportId: string;
  userHash: string;
  serviceArea?: string;
  region?: string;
  expiresAt: number;
}

/** A resolution note for the week's digest. */
export interface ResolutionEntry {
  week: string;
  resolvedAt: string;
  reportId: string;
  category: CategoryId;
  note: string;
  expiresAt: number;
  ownerHash: string;
}

/** Identifies a quote or peer entry to delete. */
export interface ReportIndexKey {
  category: CategoryId;
  createdAt: string;
  reportId: string;
  /** Quotes only. */
  week?: string;
}

/** Everything that moves with a report write, committed atomically with it. */
export interface ReportChange {
  counters?: CounterDelta[];
  putQuotes?: QuoteEntry[];
  deleteQuotes?: ReportIndexKey[];
  putPeers?: PeerEntry[];
  deletePeers?: ReportIndexKey[];
  putResolution?: ResolutionEntry;
}

export interface ReportRepository {
  get(id: string): Promise<StoredReport | undefined>;
  /** Stores a new report with its change; false (nothing written) when the id already exists. */
  create(report: StoredReport, change: ReportChange): Promise<boolean>;
  /**
   * Replaces the report when the stored version is still `expectedVersion` (the caller passes the next
   * version in `report`), with its change; false (nothing written) when someone else changed it first.
   */
  update(report: StoredReport, expectedVersion: number, change: ReportChange): Promise<boolean>;
  /** The owner's reports, newest first. */
  listByOwner(userHash: string, limit: number): Promise<StoredReport[]>;
}

export interface PeerOfferRepository {
  /** Offers in one category created in [since, until], newest first, at most `limit`. */
  recent(category: CategoryId, since: string, until: string, limit: number): Promise<PeerEntry[]>;
}

export interface StatsRepository {
  /** Applies counter deltas atomically. */
  add(deltas: CounterDelta[]): Promise<void>;
  /** Every counter row of a week (bounded by categories x shards). */
  counters(week: string): Promise<CounterRow[]>;
  /** Newest quotes of one week and category. */
  quotes(week: string, category: CategoryId, limit: number): Promise<QuoteEntry[]>;
  /** Newest resolutions of one week. */
  resolutions(week: string, limit: number): Promise<ResolutionEntry[]>;
}

/** A stored profile plus the statistics introductions keep on it. */
export interface AmbassadorRepository {
  list(): Promise<Ambassador[]>;
  get(id: string): Promise<Ambassador | undefined>;
  /** Creates or replaces the profile fields; statistics on an existing profile are kept. */
  save(profile: Ambassador): Promise<Ambassador>;
  /** save() for many, all or nothing. */
  saveMany(profiles: Ambassador[]): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Sets or clears snoozedUntil; undefined when there is no such profile. */
  setSnooze(id: string, until: string | undefined): Promise<Ambassador | undefined>;
  /** Sets or clears awayUntil (the ambassador's own); undefined when there is no such profile. */
  setAway(id: string, until: string | undefined): Promise<Ambassador | undefined>;
}

/** A stored introduction plus the hashes it is found by and its expiry. */
export interface StoredIntroduction extends Introduction {
  askerHash: string;
  targetHash?: string;
  expiresAt: number;
}

export type CreateIntroductionOutcome = "created" | "exists" | "ambassador-missing";

export interface IntroductionRepository {
  get(id: string): Promise<StoredIntroduction | undefined>;
  /**
   * Stores a new introduction with its counters and, for an ambassador, bumps their month's tally
   * (`month`) and lastIntroducedAt, all at once. "exists" when the id is taken; "ambassador-missing" when
   * the ambassador profile vanished (nothing written either way).
   */
  create(
    introduction: StoredIntroduction,
    counters: CounterDelta[],
    ambassadorTally?: { ambassadorId: string; month: string; at: string },
  ): Promise<CreateIntroductionOutcome>;
  /**
   * Moves the status from `from` to `to` with its counters (and +1 helpedCount on `helpedAmbassadorId`),
   * all at once; false when the status was no longer `from`.
   */
  updateStatus(
    id: string,
    from: IntroductionStatus,
    to: IntroductionStatus,
    updatedAt: string,
    counters: CounterDelta[],
    helpedAmbassadorId?: string,
  ): Promise<boolean>;
  listByAsker(askerHash: string, limit: number): Promise<StoredIntroduction[]>;
  listByTarget(targetHash: string, limit: number): Promise<StoredIntroduction[]>;
}

export interface FeedbackRecord {
  answerId: string;
  /** Derived from the idempotency key: one record per event. */
  marker: string;
  helpful: boolean;
  reason?: string;
  createdAt: string;
  week: string;
  userHash: string;
  expiresAt: number;
}

export interface FeedbackRepository {
  /** False (nothing written) when this answer already has a record with this marker. */
  create(record: FeedbackRecord): Promise<boolean>;
}

export interface SignalRepository {
  /** Stores the marker and applies the counters at once; false (nothing counted) when the marker exists. */
  record(marker: string, expiresAt: number, counters: CounterDelta[]): Promise<boolean>;
}

/** Everything stored under a person's hash, for export and erasure. */
export interface PersonalRecords {
  reports: StoredReport[];
  /** As asker or as target, de-duplicated. */
  introductions: StoredIntroduction[];
  feedback: FeedbackRecord[];
  subscriptionsMade: { platform: string; conversationId: string; subscribedAt: string }[];
  /** Number of other owned items (quotes, peer offers, resolutions) erase will delete. */
  otherItems: number;
}

export interface PersonalDataRepository {
  find(userHash: string): Promise<PersonalRecords>;
  /** Deletes every item owned by or targeting the hash except subscriptions; returns how many. */
  deleteOwned(userHash: string): Promise<number>;
  /**
   * Drops who made the subscriptions (they belong to the channel), and passes each one's stored conversation
   * reference through `rewrite`; returns how many were changed.
   */
  anonymiseSubscriptions(userHash: string, rewrite?: (reference: unknown) => unknown): Promise<number>;
  /** The stored Teams conversation reference under this key (a user id or a conversation id), if any. */
  conversationReference(key: string): Promise<unknown | undefined>;
  /** Replaces the stored reference under this key, keeping its expiry; false when there is none. */
  replaceConversationReference(key: string, reference: unknown): Promise<boolean>;
  deleteConversationReference(key: string): Promise<boolean>;
}

/** Every repository the domain services need. */
export interface Repositories {
  reports: ReportRepository;
  peerOffers: PeerOfferRepository;
  stats: StatsRepository;
  ambassadors: AmbassadorRepository;
  introductions: IntroductionRepository;
  feedback: FeedbackRepository;
  signals: SignalRepository;
  personalData: PersonalDataRepository;
  /** Open questions and community cards (issue 15). */
  network: NetworkRepositories;
}
