/**
 * Open questions' rules (issue 15): a question Pathfinder could not answer is stored scrubbed, anonymous unless
 * the asker chose to be named, once per press; adapters report where they posted it, and the answers given in
 * those threads are recorded once each. The asker is told on the first answer (bots/core does the telling).
 * Unanswered for 3 working days, a question is raised once more, then shows in the digest.
 */
import { DEFAULT_NATION, isWorkingDay, type UkNation, workingDaysBetween } from "./bank-holidays.ts";
import { ConcurrentUpdateError, NotAllowedError, NotFoundError } from "./errors.ts";
import type {
  GapTopic,
  Network,
  NetworkAnswer,
  NetworkWeek,
  OpenQuestion,
  ThreadPlace,
} from "./network-ports.ts";
import type { OpenQuestionRepository, StoredOpenQuestion } from "./network-repositories.ts";
import type { Classifier, Clock, UserRef } from "./ports.ts";
import { expiresAfterDays } from "./retention.ts";
import { stableId } from "./stable-id.ts";
import { cleanLabel, cleanText } from "./text-input.ts";

/** Longest question or thread answer kept (a chat message; longer is refused with a clear message). */
export const MAX_NETWORK_TEXT = 2_000;
/** Working days an open question waits before it is raised once more. */
export const REMINDER_WORKING_DAYS = 3;
/** Bounds every list read: far more open questions than a network of ambassadors could have at once. */
const LIST_LIMIT = 500;
const MAX_ATTEMPTS = 3;
const DAY_MS = 86_400_000;

/** What the network service needs. */
export interface NetworkDeps {
  questions: OpenQuestionRepository;
  hashUser(user: UserRef): string;
  classify: Classifier;
  now: Clock;
  reportTtlDays: number;
  /** Whose bank holidays are not working days (PATHFINDER_BANK_HOLIDAYS); England and Wales by default. */
  bankHolidays?: UkNation;
}

// Re-exported: the network's working days are peer/bank-holidays.ts's (London calendar, bank holidays out).
export { workingDaysBetween } from "./bank-holidays.ts";

/** Whole days between two instants. */
function daysBetween(from: string, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / DAY_MS));
}

function samePlace(a: ThreadPlace, b: ThreadPlace): boolean {
  return a.platform === b.platform && a.conversationId === b.conversationId && a.threadId === b.threadId;
}

/** The port's view (bookkeeping stripped). */
export function toOpenQuestion(q: StoredOpenQuestion | OpenQuestion): OpenQuestion {
  const { version: _v, expiresAt: _e, ...rest } = q as StoredOpenQuestion;
  return { ...rest, posts: [...q.posts], answers: [...q.answers] };
}

/** The network over its repository. */
export function makeNetwork(deps: NetworkDeps): Network {
  const repo = deps.questions;

  /** Reads, changes and writes a question, re-reading when someone else wrote it first. */
  async function change(
    id: string,
    apply: (q: StoredOpenQuestion) => StoredOpenQuestion | undefined,
  ): Promise<StoredOpenQuestion> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await repo.get(id);
      if (!current) throw new NotFoundError("That question no longer exists (it may have been erased).");
      const next = apply(current);
      if (!next) return current;
      if (await repo.update({ ...next, version: current.version + 1 }, current.version)) {
        return { ...next, version: current.version + 1 };
      }
    }
    throw new ConcurrentUpdateError("The question changed while it was being saved; please try again.");
  }

  const nation = deps.bankHolidays ?? DEFAULT_NATION;

  /** Open, unanswered for REMINDER_WORKING_DAYS working days (peer/bank-holidays.ts), not yet reminded. */
  async function due(): Promise<StoredOpenQuestion[]> {
    const now = deps.now();
    return (await repo.listOpen(LIST_LIMIT)).filter(
      (q) => !q.remindedAt && workingDaysBetween(new Date(q.askedAt), now, nation) >= REMINDER_WORKING_DAYS,
    );
  }

  /** Marks `id` reminded unless it already is, or is no longer open (or no longer exists). */
  async function claimReminder(id: string): Promise<OpenQuestion | undefined> {
    const now = deps.now();
    let mine = false;
    try {
      const after = await change(id, (current) => {
        mine = false;
        if (current.remindedAt || current.status !== "open") return undefined;
        mine = true;
        return { ...current, remindedAt: now.toISOString() };
      });
      return mine ? toOpenQuestion(after) : undefined;
    } catch (error) {
      // Erased since it was listed: nothing left to remind anyone of.
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  return {
    async ask(input) {
      const text = cleanText(input.text, "The question", MAX_NETWORK_TEXT);
      const now = deps.now();
      const id = stableId("network-question", input.asker.platform, input.idempotencyKey);
      const existing = await repo.get(id);
      if (existing) return { question: toOpenQuestion(existing), created: false };
      const askerName = input.named ? cleanLabel(input.askerName, "Your name") : undefined;
      const question: StoredOpenQuestion = {
        id,
        text,
        topic: deps.classify(text)[0]?.id ?? "",
        askerHash: deps.hashUser(input.asker),
        asker: { platform: input.asker.platform, userId: input.asker.userId },
        named: input.named,
        ...(askerName ? { askerName } : {}),
        status: "open",
        askedAt: now.toISOString(),
        posts: [],
        answers: [],
        version: 1,
        expiresAt: expiresAfterDays(now, deps.reportTtlDays),
      };
      if (await repo.create(question)) return { question: toOpenQuestion(question), created: true };
      const first = await repo.get(id);
      if (!first) throw new ConcurrentUpdateError("The question could not be saved; please try again.");
      return { question: toOpenQuestion(first), created: false };
    },

    async get(id) {
      const q = await repo.get(id);
      return q ? toOpenQuestion(q) : undefined;
    },

    async recordPost(id, at) {
      const q = await change(id, (current) =>
        current.posts.some((p) => samePlace(p, at))
          ? undefined
          : { ...current, posts: [...current.posts, at] },
      );
      await repo.link(at, id, q.expiresAt);
    },

    async isTrackedThread(platform, conversationId, threadId) {
      if (platform !== "slack" && platform !== "teams") return false;
      if (!conversationId || !threadId) return false;
      return (await repo.findByThread({ platform, conversationId, threadId })) !== undefined;
    },

    async questionForThread(place) {
      const id = await repo.findByThread(place);
      const q = id ? await repo.get(id) : undefined;
      return q ? toOpenQuestion(q) : undefined;
    },

    async answer(input) {
      const id = await repo.findByThread(input.place);
      if (!id) return undefined;
      const text = cleanText(input.text, "The answer", MAX_NETWORK_TEXT);
      const answerId = stableId("network-answer", input.place.platform, input.idempotencyKey);
      const byName = input.named ? cleanLabel(input.byName, "Your name") : undefined;
      const now = deps.now().toISOString();
      let created = false;
      let first = false;
      const q = await change(id, (current) => {
        created = false;
        first = false;
        if (current.answers.some((a) => a.id === answerId)) return undefined;
        created = true;
        first = current.answers.length === 0;
        const answer: NetworkAnswer = {
          id: answerId,
          byHash: deps.hashUser(input.by),
          named: byName !== undefined,
          ...(byName ? { byName } : {}),
          text,
          at: now,
          place: input.place,
        };
        return {
          ...current,
          answers: [...current.answers, answer],
          ...(current.status === "open" ? { status: "answered" as const, answeredAt: now } : {}),
        };
      });
      const answer = q.answers.find((a) => a.id === answerId);
      if (!answer) throw new ConcurrentUpdateError("The answer could not be saved; please try again.");
      return { question: toOpenQuestion(q), answer, first, created };
    },

    async nameAnswerer(questionId, answerId, by, byName) {
      const name = cleanLabel(byName, "Your name");
      if (!name) throw new NotAllowedError("I don't know the name to give: please set a display name first.");
      const q = await change(questionId, (current) => {
        const found = current.answers.find((a) => a.id === answerId);
        if (!found) throw new NotFoundError("That answer no longer exists.");
        if (found.byHash !== deps.hashUser(by)) {
          throw new NotAllowedError("Only the person who answered can agree to be named.");
        }
        if (found.named && found.byName === name) return undefined;
        return {
          ...current,
          answers: current.answers.map((a) => (a.id === answerId ? { ...a, named: true, byName: name } : a)),
        };
      });
      const answer = q.answers.find((a) => a.id === answerId);
      if (!answer) throw new NotFoundError("That answer no longer exists.");
      return answer;
    },

    async gaps(options = {}) {
      const now = deps.now();
      const since = new Date(now.getTime() - (options.days ?? 30) * DAY_MS).toISOString();
      const [open, answered] = await Promise.all([
        repo.listOpen(LIST_LIMIT),
        repo.listAnsweredSince(since, LIST_LIMIT),
      ]);
      const byTopic = new Map<string, GapTopic>();
      for (const q of [...open, ...answered]) {
        const row = byTopic.get(q.topic) ?? { topic: q.topic, open: 0, answered: 0, questions: [] };
        if (q.status === "open") row.open++;
        else row.answered++;
        row.questions.push({
          id: q.id,
          text: q.text,
          status: q.status,
          askedAt: q.askedAt,
          waitingDays:
            q.status === "open" || !q.answeredAt
              ? daysBetween(q.askedAt, now)
              : daysBetween(q.askedAt, new Date(q.answeredAt)),
        });
        byTopic.set(q.topic, row);
      }
      for (const row of byTopic.values()) row.questions.sort((a, b) => a.askedAt.localeCompare(b.askedAt));
      // Most asked first; among equals, the one with more still open, then by name for a stable order.
      return [...byTopic.values()].sort(
        (a, b) =>
          b.open + b.answered - (a.open + a.answered) || b.open - a.open || a.topic.localeCompare(b.topic),
      );
    },

    async dueReminders() {
      return (await due()).map(toOpenQuestion);
    },

    async claimReminders() {
      const claimed: OpenQuestion[] = [];
      for (const q of await due()) {
        const mine = await claimReminder(q.id);
        if (mine) claimed.push(mine);
      }
      return claimed;
    },

    claimReminder,

    isWorkingDay: () => isWorkingDay(deps.now(), nation),

    async week(since, until): Promise<NetworkWeek> {
      const now = deps.now();
      const answered = await repo.listAnsweredSince(since.toISOString(), LIST_LIMIT);
      const answeredByTopic: Record<string, number> = {};
      for (const q of answered) {
        if (q.answeredAt && q.answeredAt < until.toISOString()) {
          answeredByTopic[q.topic] = (answeredByTopic[q.topic] ?? 0) + 1;
        }
      }
      const waiting = (await repo.listOpen(LIST_LIMIT))
        .filter((q) => workingDaysBetween(new Date(q.askedAt), now, nation) > REMINDER_WORKING_DAYS)
        .map((q) => ({
          id: q.id,
          text: q.text,
          topic: q.topic,
          askedAt: q.askedAt,
          waitingDays: daysBetween(q.askedAt, now),
        }));
      return { answeredByTopic, waiting };
    },
  };
}
