/**
 * The network's ports (issue 15): open questions Pathfinder could not answer, posted to the ambassadors' place
 * and answered in its threads, and community cards (an ambassador's answer an editor approved) that then answer
 * future questions. bots/core, the CLI, the digest and the adapters call these; peer/network.ts and
 * peer/community-cards.ts implement them over repositories (peer/network-repositories.ts).
 */
import type { CategoryId, Platform, UserRef } from "./ports.ts";

/** The chat platforms the ambassadors' place can be on. */
export type ChannelPlatform = "slack" | "teams";

/** Where a post landed: a channel and the thread its replies carry (Slack ts, Teams activity id). */
export interface ThreadPlace {
  platform: ChannelPlatform;
  conversationId: string;
  threadId: string;
}

/**
 * Who is acting, as the caller established it. `editor` is a coordinator (config/roles.ts; the CLI, which holds
 * the table's credentials, acts as one); whether someone is an ambassador the domain reads from the directory.
 */
export interface Actor {
  user: UserRef;
  displayName?: string;
  editor: boolean;
}

export type OpenQuestionStatus = "open" | "answered" | "closed";

/** One answer given in an open question's thread. */
export interface NetworkAnswer {
  id: string;
  /** Keyed hash of the answerer (never their raw id). */
  byHash: string;
  /** The answerer agreed to be named to the asker; anonymous by default. */
  named: boolean;
  /** Only when named. */
  byName?: string;
  /** Scrubbed of contact details. */
  text: string;
  at: string;
  /** The thread it was given in. */
  place: ThreadPlace;
}

/** A question Pathfinder could not answer, sent to the ambassadors. */
export interface OpenQuestion {
  id: string;
  /** Scrubbed of contact details. */
  text: string;
  /** The classifier's strongest topic (peer/taxonomy.json), "" when none. */
  topic: CategoryId;
  askerHash: string;
  /** The asker's platform id: kept only so Pathfinder can message them the answer; erased with them. */
  asker: UserRef;
  /** The asker chose to be named in the post; anonymous otherwise. */
  named: boolean;
  askerName?: string;
  status: OpenQuestionStatus;
  askedAt: string;
  answeredAt?: string;
  /** Where it was posted, per platform (set when the adapter reports the post, Core.handlePosted). */
  posts: ThreadPlace[];
  answers: NetworkAnswer[];
  /** Set when the 3-working-day reminder went out. */
  remindedAt?: string;
}

/** One topic's row in `gaps`: most asked first. */
export interface GapTopic {
  topic: CategoryId;
  open: number;
  answered: number;
  questions: {
    id: string;
    text: string;
    status: OpenQuestionStatus;
    askedAt: string;
    /** Whole days it waited (open: so far; answered: until the first answer). */
    waitingDays: number;
  }[];
}

/** The open questions and what the network answered, for the digest. */
export interface NetworkWeek {
  /** Questions that got their first answer in [since, until), per topic. */
  answeredByTopic: Record<CategoryId, number>;
  /** Open questions that have waited more than 3 working days, oldest first (scrubbed text). */
  waiting: { id: string; text: string; topic: CategoryId; askedAt: string; waitingDays: number }[];
}

/** Open questions: asked, posted, answered in threads, reminded, shown as gaps. */
export interface Network {
  /** Records an open question (once per idempotencyKey: a retried press returns the first, created: false). */
  ask(input: {
    asker: UserRef;
    askerName?: string;
    text: string;
    named: boolean;
    idempotencyKey: string;
  }): Promise<{ question: OpenQuestion; created: boolean }>;
  get(id: string): Promise<OpenQuestion | undefined>;
  /** Records where an adapter posted the question, so replies in that thread are routed back. Idempotent. */
  recordPost(id: string, at: ThreadPlace): Promise<void>;
  /** One key read: is this thread an open question's? (The Slack events function asks before loading core.) */
  isTrackedThread(platform: Platform, conversationId: string, threadId: string): Promise<boolean>;
  /** The question a thread belongs to. */
  questionForThread(place: ThreadPlace): Promise<OpenQuestion | undefined>;
  /**
   * Records an answer given in a tracked thread (once per idempotencyKey). `first` is true for the question's
   * first answer (the asker is told then). Undefined when the thread is not tracked.
   */
  answer(input: {
    by: UserRef;
    byName?: string;
    place: ThreadPlace;
    text: string;
    named?: boolean;
    idempotencyKey: string;
  }): Promise<
    { question: OpenQuestion; answer: NetworkAnswer; first: boolean; created: boolean } | undefined
  >;
  /** The answerer agrees to be named ("Name me"); only they may. */
  nameAnswerer(questionId: string, answerId: string, by: UserRef, byName: string): Promise<NetworkAnswer>;
  /** Open questions (oldest first) and those answered in the last `days` days (default 30), by topic. */
  gaps(options?: { days?: number }): Promise<GapTopic[]>;
  /**
   * Open questions unanswered for 3 working days and not yet reminded: marks each reminded (once) and returns
   * them, so the caller raises them once more in the ambassadors' place.
   */
  claimReminders(): Promise<OpenQuestion[]>;
  /** The questions claimReminders would claim now, without claiming them (`pathfinder network remind`). */
  dueReminders(): Promise<OpenQuestion[]>;
  /**
   * Marks one question reminded, once its reminder is in every place (the scheduled run). Undefined when it
   * was already reminded, answered or erased since it was listed.
   */
  claimReminder(id: string): Promise<OpenQuestion | undefined>;
  /**
   * Whether today (the London date) is a working day: Monday to Friday and not one of the configured nation's
   * bank holidays (PATHFINDER_BANK_HOLIDAYS). The scheduled reminders post nothing on other days.
   */
  isWorkingDay(): boolean;
  /** What the network did in [since, until), and what is still waiting, for the digest. */
  week(since: Date, until: Date): Promise<NetworkWeek>;
}

export type CommunityCardStatus = "pending" | "approved" | "rejected" | "removed";

/** One entry in a card's history: who did what, when. */
export interface CardEdit {
  /** Keyed hash of the person ("erased" once they were erased). */
  byHash: string;
  at: string;
  /** e.g. "proposed", "approved", "edited answer", "rejected", "removed", "author anonymised". */
  what: string;
}

/** An answer an ambassador gave, saved to answer the next person. */
export interface CommunityCard {
  id: string;
  question: string;
  /** Other ways people ask it (an editor adds them). */
  phrasings: string[];
  /** Scrubbed of contact details. */
  answer: string;
  topic: CategoryId;
  authorHash: string;
  /** Only when the author agreed to be named. */
  authorName?: string;
  /** Who proposed it (an editor may save someone's answer). */
  proposedByHash: string;
  status: CommunityCardStatus;
  createdAt: string;
  updatedAt: string;
  approvedAt?: string;
  /** The open question it came from, when it did. */
  questionId?: string;
  history: CardEdit[];
}

/** What a proposal carries. */
export interface ProposeCardInput {
  actor: Actor;
  question: string;
  answer: string;
  topic?: CategoryId;
  phrasings?: string[];
  /** The author agreed to be named on the card. */
  nameMe?: boolean;
  questionId?: string;
}

/** A card stored, and what scrubbing removed from its text (shown to the editor). */
export interface ProposeCardResult {
  card: CommunityCard;
  /** Kinds of contact details removed ("an email address"), empty when nothing was. */
  removed: string[];
}

/** Community cards: proposed by ambassadors and editors, approved, edited, rejected or removed by editors. */
export interface CommunityCards {
  propose(input: ProposeCardInput): Promise<ProposeCardResult>;
  approve(id: string, actor: Actor): Promise<CommunityCard>;
  reject(id: string, actor: Actor): Promise<CommunityCard>;
  remove(id: string, actor: Actor): Promise<CommunityCard>;
  /**
   * An editor changes the question, phrasings, answer or topic (each change kept in the history). With
   * `expectedRevision` (peer/community-cards.ts `cardRevision` of the card the editor's form was opened on), the
   * edit is refused with CardChangedError when someone changed the card's text since, even when both save at once.
   */
  edit(
    id: string,
    actor: Actor,
    changes: { question?: string; answer?: string; topic?: CategoryId; phrasings?: string[] },
    options?: { expectedRevision?: string },
  ): Promise<ProposeCardResult>;
  get(id: string): Promise<CommunityCard | undefined>;
  /** Cards with this status, newest first. */
  list(status: CommunityCardStatus): Promise<CommunityCard[]>;
  /**
   * Calls `listener` after a card is approved, edited, rejected or removed in this process (knowledge/community.ts
   * refreshes at once); returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void;
}
