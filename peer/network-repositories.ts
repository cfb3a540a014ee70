/**
 * Storage verbs for the network (peer/network-ports.ts): open questions with the threads they were posted in,
 * and community cards with the claim on their normalised question that keeps duplicates out. No rules here:
 * peer/network.ts and peer/community-cards.ts decide; store/network*.ts and store/memory/network*.ts store.
 */
import type { CommunityCard, CommunityCardStatus, OpenQuestion, ThreadPlace } from "./network-ports.ts";

/** A stored open question: the port's shape plus what the domain needs to change it safely. */
export interface StoredOpenQuestion extends OpenQuestion {
  /** Optimistic-concurrency version; every update names the version it read. */
  version: number;
  /** Epoch seconds; the raw question (with the asker's id) expires with the other personal records. */
  expiresAt: number;
}

export interface OpenQuestionRepository {
  get(id: string): Promise<StoredOpenQuestion | undefined>;
  /** Stores a new question; false (nothing written) when the id exists. */
  create(question: StoredOpenQuestion): Promise<boolean>;
  /** Replaces it when the stored version is still `expectedVersion`; false when someone changed it first. */
  update(question: StoredOpenQuestion, expectedVersion: number): Promise<boolean>;
  /** Links a thread to its question (replaces any link), expiring with the question. */
  link(place: ThreadPlace, questionId: string, expiresAt: number): Promise<void>;
  /** The question id a thread is linked to. */
  findByThread(place: ThreadPlace): Promise<string | undefined>;
  /** Open questions, oldest first. */
  listOpen(limit: number): Promise<StoredOpenQuestion[]>;
  /** Questions first answered at or after `since` (ISO), newest first. */
  listAnsweredSince(since: string, limit: number): Promise<StoredOpenQuestion[]>;
  /** Deletes a question and its thread links (erasure). */
  delete(question: StoredOpenQuestion): Promise<void>;
  /** The questions a person asked (erasure and export). */
  listByAsker(askerHash: string): Promise<StoredOpenQuestion[]>;
}

/** A stored card plus its concurrency version and the normalised question it claims. */
export interface StoredCommunityCard extends CommunityCard {
  version: number;
  /** The normalised question (peer/community-cards.ts normaliseQuestion): one live card per key. */
  questionKey: string;
}

export type CreateCardOutcome = "created" | "exists" | "duplicate";
export type UpdateCardOutcome = "updated" | "conflict" | "duplicate";

export interface CommunityCardRepository {
  get(id: string): Promise<StoredCommunityCard | undefined>;
  /** Stores a card and claims its question key at once; "duplicate" when a live card holds the key. */
  create(card: StoredCommunityCard): Promise<CreateCardOutcome>;
  /**
   * Replaces the card when its version is still `expectedVersion`. `releaseKey` frees the old question key (the
   * card was rejected or removed, or its question changed); `claimKey` claims a new one ("duplicate" if taken).
   */
  update(
    card: StoredCommunityCard,
    expectedVersion: number,
    keys?: { releaseKey?: string; claimKey?: string },
  ): Promise<UpdateCardOutcome>;
  /** Cards with this status, newest first. */
  listByStatus(status: CommunityCardStatus, limit: number): Promise<StoredCommunityCard[]>;
  /** Cards this person authored or proposed (export, erasure). */
  listByPerson(userHash: string): Promise<StoredCommunityCard[]>;
}

/** The network's repositories. */
export interface NetworkRepositories {
  questions: OpenQuestionRepository;
  cards: CommunityCardRepository;
}
