/**
 * The network's repositories in memory (peer/network-repositories.ts), with the DynamoDB ones' contracts:
 * conditional creates, version checks, one live card per normalised question, records cloned in and out.
 */
import type { CommunityCardStatus, ThreadPlace } from "../../peer/network-ports.ts";
import type {
  CommunityCardRepository,
  NetworkRepositories,
  OpenQuestionRepository,
  StoredCommunityCard,
  StoredOpenQuestion,
} from "../../peer/network-repositories.ts";

/** What the in-memory network keeps. */
export interface NetworkMemoryState {
  questions: Map<string, StoredOpenQuestion>;
  /** "platform#conversation#thread" -> question id. */
  threads: Map<string, string>;
  cards: Map<string, StoredCommunityCard>;
  /** Normalised question -> the live card holding it. */
  cardKeys: Map<string, string>;
}

export function createNetworkMemoryState(): NetworkMemoryState {
  return { questions: new Map(), threads: new Map(), cards: new Map(), cardKeys: new Map() };
}

const clone = <T>(value: T): T => structuredClone(value);
const threadKey = (p: ThreadPlace) => `${p.platform}#${p.conversationId}#${p.threadId}`;

function createQuestions(state: NetworkMemoryState): OpenQuestionRepository {
  const all = () => [...state.questions.values()];
  return {
    async get(id) {
      const q = state.questions.get(id);
      return q ? clone(q) : undefined;
    },
    async create(question) {
      if (state.questions.has(question.id)) return false;
      state.questions.set(question.id, clone(question));
      return true;
    },
    async update(question, expectedVersion) {
      const current = state.questions.get(question.id);
      if (!current || current.version !== expectedVersion) return false;
      state.questions.set(question.id, clone(question));
      return true;
    },
    async link(place, questionId) {
      state.threads.set(threadKey(place), questionId);
    },
    async findByThread(place) {
      const id = state.threads.get(threadKey(place));
      // A link outlives an erased question only in memory's absence of TTL: treat it as untracked.
      return id && state.questions.has(id) ? id : undefined;
    },
    async listOpen(limit) {
      return all()
        .filter((q) => q.status === "open")
        .sort((a, b) => a.askedAt.localeCompare(b.askedAt) || a.id.localeCompare(b.id))
        .slice(0, limit)
        .map(clone);
    },
    async listAnsweredSince(since, limit) {
      return all()
        .filter((q) => q.answeredAt !== undefined && q.answeredAt >= since)
        .sort((a, b) => (b.answeredAt ?? "").localeCompare(a.answeredAt ?? "") || a.id.localeCompare(b.id))
        .slice(0, limit)
        .map(clone);
    },
    async delete(question) {
      state.questions.delete(question.id);
      for (const [key, id] of state.threads) if (id === question.id) state.threads.delete(key);
    },
    async listByAsker(askerHash) {
      return all()
        .filter((q) => q.askerHash === askerHash)
        .sort((a, b) => b.askedAt.localeCompare(a.askedAt))
        .map(clone);
    },
  };
}

function createCards(state: NetworkMemoryState): CommunityCardRepository {
  return {
    async get(id) {
      const card = state.cards.get(id);
      return card ? clone(card) : undefined;
    },
    async create(card) {
      if (state.cards.has(card.id)) return "exists";
      if (state.cardKeys.has(card.questionKey)) return "duplicate";
      state.cards.set(card.id, clone(card));
      state.cardKeys.set(card.questionKey, card.id);
      return "created";
    },
    async update(card, expectedVersion, keys = {}) {
      const current = state.cards.get(card.id);
      if (!current || current.version !== expectedVersion) return "conflict";
      if (keys.claimKey !== undefined) {
        const holder = state.cardKeys.get(keys.claimKey);
        if (holder !== undefined && holder !== card.id) return "duplicate";
      }
      if (keys.releaseKey !== undefined && state.cardKeys.get(keys.releaseKey) === card.id) {
        state.cardKeys.delete(keys.releaseKey);
      }
      if (keys.claimKey !== undefined) state.cardKeys.set(keys.claimKey, card.id);
      state.cards.set(card.id, clone(card));
      return "updated";
    },
    async listByStatus(status: CommunityCardStatus, limit) {
      return [...state.cards.values()]
        .filter((c) => c.status === status)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
        .slice(0, limit)
        .map(clone);
    },
    async listByPerson(userHash) {
      return [...state.cards.values()]
        .filter((c) => c.authorHash === userHash || c.proposedByHash === userHash)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map(clone);
    },
  };
}

/** The network's repositories over `state`. */
export function createMemoryNetworkRepositories(
  state: NetworkMemoryState = createNetworkMemoryState(),
): NetworkRepositories {
  return { questions: createQuestions(state), cards: createCards(state) };
}
