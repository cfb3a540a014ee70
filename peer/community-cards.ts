/**
 * Community cards' rules (issue 15): only ambassadors (the directory) and editors (coordinators) propose; an
 * answer must say something and fit (1,500 characters); a card for the same question (normalised) is refused;
 * contact details are scrubbed and the proposer is told what was removed. Editors approve, edit, reject and
 * remove; every change is kept in the card's history (who, when, what). The author is named only with consent.
 */
import { randomBytes } from "node:crypto";
import {
  CardChangedError,
  type CardField,
  CardInputError,
  CardNotEditableError,
  cardRevision,
  DuplicateCardError,
  MAX_CARD_ANSWER,
  MAX_CARD_QUESTION,
  MAX_PHRASINGS,
} from "./community-card-rules.ts";
import { assertCategories, ConcurrentUpdateError, NotAllowedError, NotFoundError } from "./errors.ts";
import { isAmbassadorUser } from "./match-ambassadors.ts";
import type { Actor, CardEdit, CommunityCard, CommunityCardStatus, CommunityCards } from "./network-ports.ts";
import type { CommunityCardRepository, StoredCommunityCard } from "./network-repositories.ts";
import type { Ambassador, Classifier, Clock, UserRef } from "./ports.ts";
import type { AmbassadorRepository } from "./repositories.ts";
import { PLACEHOLDERS, plainText, scrubText } from "./scrub.ts";
import { cleanLabel } from "./text-input.ts";

const LIST_LIMIT = 500;
const MAX_ATTEMPTS = 3;

/** History lines an edit of the text adds (peer/community-cards.ts edit): the last one says who changed it. */
const TEXT_EDIT = /^(edited (question|answer)|topic |phrasings:)/;

/** The key duplicates are found by: case, punctuation and spacing do not make a question new. */
export function normaliseQuestion(question: string): string {
  return plainText(question)
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** What scrubbing removed, as readable kinds ("an email address"), from the placeholders it added. */
export function removedDetails(original: string, scrubbed: string): string[] {
  const names: Record<keyof typeof PLACEHOLDERS, string> = {
    email: "an email address",
    phone: "a phone number",
    niNumber: "a National Insurance number",
    postcode: "a postcode",
    link: "a link carrying a token",
    nhsNumber: "an NHS number",
    dateOfBirth: "a date of birth",
    name: "a person's name",
  };
  const count = (text: string, needle: string) => text.split(needle).length - 1;
  return (Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[]).flatMap((kind) =>
    count(scrubbed, PLACEHOLDERS[kind]) > count(original, PLACEHOLDERS[kind]) ? [names[kind]] : [],
  );
}

/** Trimmed, control characters dropped, length checked; never scrubbed here (the caller reports removals). */
function checked(value: unknown, what: string, max: number, field: CardField): string {
  const text = typeof value === "string" ? plainText(value).trim() : "";
  if (!text) throw new CardInputError(`${what} is empty: please write it out.`, { field });
  if (text.length > max) {
    throw new CardInputError(
      `${what} is ${text.length} characters long; a card keeps at most ${max}. Please shorten it.`,
      { field },
    );
  }
  return text;
}

/** What the card service needs. */
export interface CommunityCardsDeps {
  cards: CommunityCardRepository;
  ambassadors: AmbassadorRepository;
  hashUser(user: UserRef): string;
  classify: Classifier;
  now: Clock;
}

/** The port's view (bookkeeping stripped). */
export function toCommunityCard(card: StoredCommunityCard | CommunityCard): CommunityCard {
  const { version: _v, questionKey: _k, ...rest } = card as StoredCommunityCard;
  return { ...rest, phrasings: [...card.phrasings], history: [...card.history] };
}

/** Community cards over their repository. */
export function makeCommunityCards(deps: CommunityCardsDeps): CommunityCards {
  const repo = deps.cards;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };

  function byHash(actor: Actor): string {
    return deps.hashUser(actor.user);
  }

  function requireEditor(actor: Actor): void {
    if (!actor.editor)
      throw new NotAllowedError("Only editors (coordinators) can approve, edit, reject or remove cards.");
  }

  async function profileOf(user: UserRef): Promise<Ambassador | undefined> {
    if (user.platform !== "slack" && user.platform !== "teams") return undefined;
    return (await deps.ambassadors.list()).find((a) => isAmbassadorUser(a, user));
  }

  function phrasingsOf(values: readonly string[] | undefined, question: string): string[] {
    const list = (values ?? []).map((p) => plainText(p).trim()).filter(Boolean);
    if (list.length > MAX_PHRASINGS)
      throw new CardInputError(
        `A card keeps at most ${MAX_PHRASINGS} extra phrasings; this has ${list.length}. Please remove some.`,
        { field: "phrasings" },
      );
    const seen = new Set([normaliseQuestion(question)]);
    return list.flatMap((p) => {
      const text = scrubText(checked(p, "A phrasing", MAX_CARD_QUESTION, "phrasings"));
      const key = normaliseQuestion(text);
      if (seen.has(key)) return [];
      seen.add(key);
      return [text];
    });
  }

  function topicOf(topic: string | undefined, text: string): string {
    if (topic) return assertCategories([topic])[0] ?? "";
    return deps.classify(text)[0]?.id ?? "";
  }

  /** Reads, changes and writes a card, re-reading when someone else wrote it first. */
  async function change(
    id: string,
    apply: (card: StoredCommunityCard) => {
      next: StoredCommunityCard;
      keys?: { releaseKey?: string; claimKey?: string };
    },
  ): Promise<StoredCommunityCard> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await repo.get(id);
      if (!current) throw new NotFoundError(`There is no card ${id}. \`answers list\` shows the cards.`);
      const { next, keys } = apply(current);
      const stored = { ...next, version: current.version + 1 };
      const outcome = await repo.update(stored, current.version, keys);
      if (outcome === "updated") {
        changed();
        return stored;
      }
      if (outcome === "duplicate") throw new DuplicateCardError();
    }
    throw new ConcurrentUpdateError("The card changed while it was being saved; please try again.");
  }

  /**
   * The refusal of a stale edit, naming who changed the card only when the history shows a name that may be
   * shown: the card's author, who agreed to be named on it. Editors never agreed to be named, and erased people
   * are "erased", so anyone else is "another editor".
   */
  function changedError(card: StoredCommunityCard, editorHash: string): CardChangedError {
    const last = card.history.findLast((h) => TEXT_EDIT.test(h.what));
    const self = last?.byHash === editorHash;
    const name =
      !self && last && card.authorName && last.byHash === card.authorHash ? card.authorName : undefined;
    return new CardChangedError(toCommunityCard(card), { self, ...(name ? { name } : {}) });
  }

  function transition(
    id: string,
    actor: Actor,
    to: CommunityCardStatus,
    from: readonly CommunityCardStatus[],
  ): Promise<StoredCommunityCard> {
    requireEditor(actor);
    return change(id, (card) => {
      if (!from.includes(card.status)) {
        throw new CardInputError(`Card ${id} is ${card.status}; it can't be ${to} from there.`);
      }
      const at = deps.now().toISOString();
      const live = to === "approved";
      return {
        next: {
          ...card,
          status: to,
          updatedAt: at,
          ...(to === "approved" ? { approvedAt: at } : {}),
          history: [...card.history, { byHash: byHash(actor), at, what: to }],
        },
        // A rejected or removed card no longer blocks a new answer to the same question.
        ...(live ? {} : { keys: { releaseKey: card.questionKey } }),
      };
    });
  }

  return {
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async propose(input) {
      const actor = input.actor;
      const profile = await profileOf(actor.user);
      if (!actor.editor && !profile) {
        throw new NotAllowedError(
          "Only ambassadors and editors can save answers. Ask a coordinator to add you to the ambassador directory.",
        );
      }
      const rawQuestion = checked(input.question, "The question", MAX_CARD_QUESTION, "question");
      const rawAnswer = checked(input.answer, "The answer", MAX_CARD_ANSWER, "answer");
      const question = scrubText(rawQuestion);
      const answer = scrubText(rawAnswer);
      const removed = [
        ...new Set([...removedDetails(rawQuestion, question), ...removedDetails(rawAnswer, answer)]),
      ];
      const phrasings = phrasingsOf(input.phrasings, question);
      const topic = topicOf(input.topic, `${question} ${answer}`);
      const authorName = input.nameMe
        ? cleanLabel(profile?.displayName ?? actor.displayName, "Your name")
        : undefined;
      const at = deps.now().toISOString();
      const authorHash = byHash(actor);
      const questionKey = normaliseQuestion(question);
      const history: CardEdit[] = [{ byHash: authorHash, at, what: "proposed" }];
      if (removed.length > 0)
        history.push({ byHash: authorHash, at, what: `scrubbed: ${removed.join(", ")}` });
      const card: StoredCommunityCard = {
        // Random: a question rejected and proposed again at the same instant is a new card.
        id: randomBytes(8).toString("hex"),
        question,
        phrasings,
        answer,
        topic,
        authorHash,
        ...(authorName ? { authorName } : {}),
        proposedByHash: authorHash,
        status: "pending",
        createdAt: at,
        updatedAt: at,
        ...(input.questionId ? { questionId: input.questionId } : {}),
        history,
        version: 1,
        questionKey,
      };
      const outcome = await repo.create(card);
      // "exists" (a random id taken) is as good as impossible; either way nothing was stored.
      if (outcome !== "created") throw new DuplicateCardError();
      return { card: toCommunityCard(card), removed };
    },

    approve: async (id, actor) => toCommunityCard(await transition(id, actor, "approved", ["pending"])),
    reject: async (id, actor) => toCommunityCard(await transition(id, actor, "rejected", ["pending"])),
    remove: async (id, actor) =>
      toCommunityCard(await transition(id, actor, "removed", ["pending", "approved"])),

    async edit(id, actor, changes, options) {
      requireEditor(actor);
      const expected = options?.expectedRevision;
      let removed: string[] = [];
      const card = await change(id, (current) => {
        if (current.status !== "pending" && current.status !== "approved") {
          throw new CardNotEditableError(id, current.status);
        }
        const at = deps.now().toISOString();
        const who = byHash(actor);
        const edits: CardEdit[] = [];
        const next: StoredCommunityCard = { ...current, updatedAt: at };
        removed = [];
        if (changes.question !== undefined) {
          const raw = checked(changes.question, "The question", MAX_CARD_QUESTION, "question");
          next.question = scrubText(raw);
          removed.push(...removedDetails(raw, next.question));
          next.questionKey = normaliseQuestion(next.question);
          if (next.question !== current.question)
            edits.push({ byHash: who, at, what: `edited question (was: ${current.question})` });
        }
        if (changes.answer !== undefined) {
          const raw = checked(changes.answer, "The answer", MAX_CARD_ANSWER, "answer");
          next.answer = scrubText(raw);
          removed.push(...removedDetails(raw, next.answer));
          if (next.answer !== current.answer)
            edits.push({ byHash: who, at, what: `edited answer (was: ${current.answer})` });
        }
        if (changes.topic !== undefined) {
          next.topic = topicOf(changes.topic, next.question);
          if (next.topic !== current.topic)
            edits.push({ byHash: who, at, what: `topic ${current.topic} -> ${next.topic}` });
        }
        if (changes.phrasings !== undefined) {
          next.phrasings = phrasingsOf(changes.phrasings, next.question);
          // A form sends every field back: unchanged phrasings are not an edit worth a history line.
          if (next.phrasings.join("\n") !== current.phrasings.join("\n"))
            edits.push({ byHash: who, at, what: `phrasings: ${next.phrasings.join(" | ") || "(none)"}` });
        }
        // Checked on every attempt of change()'s conditional-write loop, so of two editors saving from the same
        // revision at once, the one whose write lands second re-reads the card, sees the first one's text and
        // stops here. A submit that leaves the card exactly as it now is (both fixed the same typo) saves nothing
        // new either way, so it is not refused.
        if (expected && cardRevision(current) !== expected && cardRevision(next) !== cardRevision(current)) {
          throw changedError(current, who);
        }
        if (removed.length > 0)
          edits.push({ byHash: who, at, what: `scrubbed: ${[...new Set(removed)].join(", ")}` });
        next.history = [...current.history, ...edits];
        return {
          next,
          ...(next.questionKey !== current.questionKey
            ? { keys: { releaseKey: current.questionKey, claimKey: next.questionKey } }
            : {}),
        };
      });
      return { card: toCommunityCard(card), removed: [...new Set(removed)] };
    },

    async get(id) {
      const card = await repo.get(id);
      return card ? toCommunityCard(card) : undefined;
    },

    async list(status) {
      return (await repo.listByStatus(status, LIST_LIMIT)).map(toCommunityCard);
    },
  };
}
