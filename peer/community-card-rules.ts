/**
 * The rules a community card's input must meet and the errors that say why one was refused (issue 15): its
 * limits, the fields a form shows a message beside, and the revision an edit form carries. Kept apart from the
 * service (peer/community-cards.ts) so forms and renderers can read them without the service.
 */
import { createHash } from "node:crypto";
import { PeerInputError } from "./errors.ts";
import type { CommunityCard, CommunityCardStatus } from "./network-ports.ts";

/** The longest answer a card keeps: a chat answer, not an article. */
export const MAX_CARD_ANSWER = 1_500;
/** The longest question or phrasing. */
export const MAX_CARD_QUESTION = 300;
/** At most this many extra phrasings per card. */
export const MAX_PHRASINGS = 10;

/** The part of a card an input error is about, so a form can show the message next to that input. */
export type CardField = "question" | "answer" | "topic" | "phrasings";

/** A proposal or edit that cannot be stored as given; the message says why and what to do. */
export class CardInputError extends PeerInputError {
  /** The input at fault, when one is (a form shows the message beside it). */
  readonly field: CardField | undefined;
  constructor(message: string, options?: { cause?: unknown; field?: CardField }) {
    super(message, options);
    this.name = "CardInputError";
    this.field = options?.field;
  }
}

/**
 * The card left the editable states (rejected or removed) after the editor opened it: the edit is refused
 * whole, so a stale form never brings a rejected answer back.
 */
export class CardNotEditableError extends CardInputError {
  readonly status: CommunityCardStatus;
  constructor(id: string, status: CommunityCardStatus) {
    super(`Card ${id} is ${status}; only pending and approved cards can be edited.`);
    this.name = "CardNotEditableError";
    this.status = status;
  }
}

/**
 * What a card says, as a short fingerprint: its question, answer, topic and phrasings. The edit form carries the
 * revision it was opened on, and an edit from a form opened on an older revision is refused.
 *
 * A hash of the text rather than `updatedAt`: two saves in the same millisecond (two Lambda instances, or clocks
 * a little apart) share an `updatedAt`, so a timestamp can let a stale form through, while a hash changes
 * whenever the text does. It also ignores approval, which changes `updatedAt` but not the text the editor saw, so
 * an editor who opened a pending card is not stopped because a colleague approved it meanwhile. A card edited and
 * then changed back has its old hash again: the editor's form then shows what the card says, so nothing is lost.
 */
export function cardRevision(
  card: Pick<CommunityCard, "question" | "answer" | "topic" | "phrasings">,
): string {
  return createHash("sha256")
    .update(JSON.stringify([card.question, card.answer, card.topic, card.phrasings]))
    .digest("hex")
    .slice(0, 16);
}

/** The shape of a revision from `cardRevision` (a form's state is checked against it before it is trusted). */
export const CARD_REVISION = /^[0-9a-f]{16}$/;

/**
 * Someone changed the card's text after the editor opened the form: the edit is refused whole (nothing is
 * saved) so it never silently overwrites a colleague's words. Carries the card as it is now and who changed it,
 * by name only when that name may be shown.
 */
export class CardChangedError extends PeerInputError {
  /** The card as it is now. */
  readonly card: CommunityCard;
  /** The name of whoever changed it last, when the card shows that name anyway (its named author). */
  readonly changedByName: string | undefined;
  /** The change was the same editor's (another window, a double submit). */
  readonly changedBySelf: boolean;
  constructor(card: CommunityCard, by: { name?: string; self: boolean }) {
    super(
      `Card ${card.id} was changed by ${by.self ? "you" : (by.name ?? "another editor")} after the form was opened; the edit was not saved.`,
    );
    this.name = "CardChangedError";
    this.card = card;
    this.changedByName = by.name;
    this.changedBySelf = by.self;
  }
}

/** Another live card (pending or approved) already answers this question. */
export class DuplicateCardError extends CardInputError {
  constructor(options?: { cause?: unknown }) {
    super(
      "A card for that question already exists (waiting for approval or approved). Edit that card instead of adding another.",
      { ...options, field: "question" },
    );
    this.name = "DuplicateCardError";
  }
}
