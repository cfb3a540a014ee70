/**
 * The peer-support domain's ports: small interfaces that bots/core, the digest and the CLI call.
 * The domain services in peer/ implement them over repositories (peer/repositories.ts), which store/
 * provides on DynamoDB (createPeerServices) and in memory (createInMemoryPeerServices).
 *
 * Identity: callers pass the platform's own user id (UserRef). Implementations store a keyed
 * HMAC of it (userHash) for lookup and erasure, and keep a raw id only where Pathfinder must
 * message that person (an introduction in flight, a peer who opted in to be contacted).
 */

import type { CommunityCard, CommunityCards, Network, OpenQuestion } from "./network-ports.ts";

export type Platform = "slack" | "teams" | "cli" | "web";

/** A person as a platform knows them. */
export interface UserRef {
  platform: Platform;
  userId: string;
}

/** An obstacle category id from peer/taxonomy.json. */
export type CategoryId = string;

export interface CategoryScore {
  id: CategoryId;
  /** 0..1 */
  confidence: number;
}

// ---------------------------------------------------------------------------------------------
// Obstacle log

export interface ObstacleReport {
  id: string;
  userHash: string;
  platform: Platform;
  /** Scrubbed of personal data before storage. */
  text: string;
  /** Current categories: the classifier's, or the reporter's correction. */
  categories: CategoryScore[];
  /** What the classifier first suggested (kept when corrected). */
  suggested: CategoryScore[];
  corrected: boolean;
  organisation?: string;
  serviceArea?: string;
  region?: string;
  /** The reporter allowed an anonymised quote in the digest. */
  allowQuote: boolean;
  /** The reporter agreed to be offered as a peer to others with the same obstacle. */
  contactable: boolean;
  status: "open" | "resolved";
  resolutionNote?: string;
  resolvedAt?: string;
  createdAt: string;
  /** ISO week of createdAt, Europe/London ("2026-W47"). */
  week: string;
  /** Epoch seconds; DynamoDB TTL removes the raw report after this. */
  expiresAt: number;
}

export interface LogObstacleInput {
  user: UserRef;
  text: string;
  organisation?: string;
  serviceArea?: string;
  region?: string;
  allowQuote?: boolean;
  contactable?: boolean;
  /** Explicit categories (skips the classifier). */
  categories?: CategoryId[];
  /** The platform's event id (or similar): a retried event returns the first report, created: false. */
  idempotencyKey: string;
  now?: Date;
}

export interface ObstacleLog {
  log(input: LogObstacleInput): Promise<{ report: ObstacleReport; created: boolean }>;
  /** The reporter corrects the categories; weekly counters move with it. Only the reporter may. */
  correct(user: UserRef, reportId: string, categories: CategoryId[]): Promise<ObstacleReport>;
  /** The reporter marks it resolved with a note on what helped (scrubbed). */
  resolve(user: UserRef, reportId: string, note: string, now?: Date): Promise<ObstacleReport>;
  listForUser(user: UserRef, options?: { limit?: number }): Promise<ObstacleReport[]>;
  get(reportId: string): Promise<ObstacleReport | undefined>;
  /**
   * The reporter changes their consent: quoting in the digest, being offered as a peer.
   * Optional on the port so adapters can land it after the core log; bots/core uses it when present.
   */
  setConsent?(
    user: UserRef,
    reportId: string,
    consent: { allowQuote?: boolean; contactable?: boolean },
  ): Promise<ObstacleReport>;
}

// ---------------------------------------------------------------------------------------------
// Ambassadors and peers

export interface Ambassador {
  id: string;
  displayName: string;
  /** The stable identity an import matches on (else the platform user id). */
  email?: string;
  slackUserId?: string;
  teamsUserId?: string;
  categories: CategoryId[];
  /** e.g. "adult social care", "youth services", "schools support" */
  serviceAreas: string[];
  region?: string;
  /** Introductions per calendar month they are willing to take. */
  monthlyCapacity: number;
  /** ISO date; not offered until then (set by a coordinator). */
  snoozedUntil?: string;
  /** ISO date; not offered until then (set by the ambassador themself: `away until ...`). */
  awayUntil?: string;
  bio?: string;
  /** Part of the labelled sample set loaded by `npm start` on an empty table. */
  sample?: boolean;
  lastIntroducedAt?: string;
  /** "YYYY-MM" -> introductions that month. */
  introductionsByMonth?: Record<string, number>;
  /** Introductions accepted, all time ("helped 3 others"). */
  helpedCount?: number;
}

export interface MatchRequest {
  asker?: UserRef;
  text?: string;
  categories?: CategoryId[];
  serviceArea?: string;
  region?: string;
  limit?: number;
  now?: Date;
}

export interface AmbassadorMatch {
  ambassador: Ambassador;
  score: number;
  /** One line: "helped 3 others with TUPE transfers; North West". */
  reason: string;
}

export interface AmbassadorDirectory {
  list(): Promise<Ambassador[]>;
  get(id: string): Promise<Ambassador | undefined>;
  /** Validates, then creates or replaces. */
  put(ambassador: Ambassador): Promise<Ambassador>;
  remove(id: string): Promise<boolean>;
  snooze(id: string, until: string | undefined): Promise<Ambassador>;
  /** The ambassador's own "away until" date (undefined: back); NotFoundError when there is no such profile. */
  setAway(id: string, until: string | undefined): Promise<Ambassador>;
  /** All-or-nothing import; throws an error listing every bad row (with line numbers). */
  importMany(ambassadors: Ambassador[]): Promise<{ imported: number }>;
  match(request: MatchRequest): Promise<AmbassadorMatch[]>;
}

/** A person who reported the same obstacle recently and agreed to be contacted. Identity hidden. */
export interface PeerMatch {
  reportId: string;
  category: CategoryId;
  /** "also reported procurement trouble 2 weeks ago; adult social care" */
  reason: string;
}

export interface Peers {
  find(request: {
    asker: UserRef;
    categories: CategoryId[];
    limit?: number;
    now?: Date;
  }): Promise<PeerMatch[]>;
}

// ---------------------------------------------------------------------------------------------
// Introductions and feedback

export type IntroductionStatus = "proposed" | "accepted" | "declined" | "done";

export interface Introduction {
  id: string;
  kind: "ambassador" | "peer";
  asker: UserRef;
  /** Ambassador id, or the peer's report id. */
  targetId: string;
  /** Where to reach the target on the asker's platform, when known. */
  target?: UserRef;
  targetName?: string;
  topic: CategoryId;
  /** The asker's question or obstacle, scrubbed. */
  note?: string;
  status: IntroductionStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Introductions {
  /** Created at most once per idempotencyKey (a retried event returns the first, created: false). */
  propose(input: {
    asker: UserRef;
    kind: "ambassador" | "peer";
    targetId: string;
    topic: CategoryId;
    note?: string;
    idempotencyKey: string;
    now?: Date;
  }): Promise<{ introduction: Introduction; created: boolean }>;
  /** Accept/decline by the target, done by either side. Repeating the same transition is a no-op. */
  setStatus(id: string, status: IntroductionStatus, by: UserRef, now?: Date): Promise<Introduction>;
  get(id: string): Promise<Introduction | undefined>;
  listForUser(user: UserRef): Promise<Introduction[]>;
}

export interface FeedbackLog {
  /** Stored against the answer it rates; once per idempotencyKey. */
  record(input: {
    user: UserRef;
    answerId: string;
    helpful: boolean;
    reason?: string;
    idempotencyKey: string;
    now?: Date;
  }): Promise<{ created: boolean }>;
}

/** Questions asked of the bot, as signals for the digest (topics, answered or not; no verbatim text). */
export interface QuestionSignals {
  record(input: {
    user: UserRef;
    topics: CategoryId[];
    answered: boolean;
    idempotencyKey: string;
    now?: Date;
  }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Delivery: subscriptions, conversation references, thread memory

/**
 * What a subscription delivers: the weekly digest, or open questions for the ambassadors (`subscribe
 * ambassadors`, issue 15). The digest goes only to "digest" subscriptions.
 */
export type SubscriptionKind = "digest" | "ambassadors";

export interface Subscription {
  platform: "slack" | "teams";
  /** Absent on subscriptions stored before kinds existed: those are digest subscriptions. */
  kind?: SubscriptionKind;
  /** Slack channel id, or Teams conversation id. */
  conversationId: string;
  /** Teams: the stored ConversationReference needed to post proactively. */
  reference?: unknown;
  subscribedAt: string;
}

export interface Subscriptions {
  subscribe(input: {
    platform: "slack" | "teams";
    conversationId: string;
    reference?: unknown;
    by: UserRef;
    now?: Date;
    /** Default "digest". */
    kind?: SubscriptionKind;
  }): Promise<{ created: boolean }>;
  unsubscribe(
    platform: "slack" | "teams",
    conversationId: string,
    kind?: SubscriptionKind,
  ): Promise<{ removed: boolean }>;
  /** Subscriptions of one kind (default "digest"); bounded (a Query on one partition, never a Scan). */
  list(kind?: SubscriptionKind): Promise<Subscription[]>;
}

/** Teams conversation references, so the digest and introductions can reach people proactively. */
export interface ConversationReferences {
  /** key: a Teams user id (personal chat) or conversation id. */
  save(key: string, reference: unknown, now?: Date): Promise<void>;
  get(key: string): Promise<unknown | undefined>;
}

/** What a thread was about, so a follow-up message keeps its context. Expires after a day. */
export interface ThreadMemory {
  get(threadKey: string): Promise<{ question: string; topics: CategoryId[] } | undefined>;
  put(threadKey: string, value: { question: string; topics: CategoryId[] }, now?: Date): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Privacy, idempotency, weekly statistics

export interface PersonalDataExport {
  user: UserRef;
  exportedAt: string;
  reports: ObstacleReport[];
  introductions: Introduction[];
  feedback: { answerId: string; helpful: boolean; reason?: string; createdAt: string }[];
  /** Ambassador profiles that carry this user's platform id. */
  ambassadorProfiles: Ambassador[];
  subscriptionsMade: { platform: string; conversationId: string; subscribedAt: string }[];
  /** Questions this person sent to the ambassadors (issue 15). */
  openQuestions?: OpenQuestion[];
  /** Community cards this person proposed or authored (issue 15). */
  communityCards?: CommunityCard[];
}

export interface Privacy {
  export(user: UserRef): Promise<PersonalDataExport>;
  /** Deletes everything personal; anonymous weekly counts stay. Idempotent. */
  erase(user: UserRef): Promise<{ deleted: number }>;
}

export interface Idempotency {
  /** True the first time a key is claimed, false on every retry (conditional put with a TTL). */
  claim(key: string, options?: { ttlSeconds?: number; now?: Date }): Promise<boolean>;
  /** Gives a key back after the work it guarded failed, so a retry can do it. */
  release(key: string): Promise<void>;
}

export interface WeeklyCounts {
  week: string;
  /** Reports per category this week (a report counts once in each of its categories). */
  reports: Record<CategoryId, number>;
  /** Reports resolved this week, per category. */
  resolved: Record<CategoryId, number>;
  questionsAsked: number;
  questionsUnanswered: number;
  /** Unanswered questions per topic (themes, never verbatim text). */
  unansweredTopics: Record<CategoryId, number>;
  introductionsProposed: number;
  introductionsAccepted: number;
}

/** What the digest reads: counters (a handful of items a week) and bounded samples. */
export interface WeeklyStats {
  counts(week: string): Promise<WeeklyCounts>;
  /** Up to `limit` scrubbed texts of reports in this week and category whose reporters allowed quoting. */
  quotableExamples(week: string, category: CategoryId, limit: number): Promise<string[]>;
  /** Up to `limit` reports resolved this week with their notes (scrubbed), newest first. */
  resolutions(week: string, limit: number): Promise<{ category: CategoryId; note: string }[]>;
}

/** Everything the peer-support domain offers, as one bundle of ports. */
export interface PeerServices {
  /** Open questions sent to the ambassadors and the answers given in their threads (issue 15). */
  network: Network;
  /** Ambassadors' answers saved as community cards, approved by editors (issue 15). */
  community: CommunityCards;
  obstacles: ObstacleLog;
  ambassadors: AmbassadorDirectory;
  peers: Peers;
  introductions: Introductions;
  feedback: FeedbackLog;
  signals: QuestionSignals;
  subscriptions: Subscriptions;
  conversations: ConversationReferences;
  threads: ThreadMemory;
  privacy: Privacy;
  idempotency: Idempotency;
  stats: WeeklyStats;
}

// ---------------------------------------------------------------------------------------------
// What the domain services are given

/** The clock every domain service reads "now" from (tests pass a fixed one). */
export type Clock = () => Date;

/** Reads text into taxonomy categories, strongest first (knowledge/classify.ts in production). */
export type Classifier = (text: string) => CategoryScore[];
