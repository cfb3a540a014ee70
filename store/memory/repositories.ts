/**
 * The repositories in memory: plain Maps with the same contracts as the DynamoDB ones (atomic writes,
 * conditional creates, version checks, newest-first reads), so the domain and bots/core can be tested in
 * milliseconds without Java. Records are cloned in and out, as a real store would, so a caller holding a
 * record cannot change what is stored.
 */
import type { Ambassador, CategoryId } from "../../peer/ports.ts";
import type {
  CounterDelta,
  CounterRow,
  FeedbackRecord,
  PeerEntry,
  QuoteEntry,
  ReportChange,
  Repositories,
  ResolutionEntry,
  StoredIntroduction,
  StoredReport,
} from "../../peer/repositories.ts";
import {
  createMemoryNetworkRepositories,
  createNetworkMemoryState,
  type NetworkMemoryState,
} from "./network.ts";

/** A subscription as the in-memory delivery stores keep it (byHash: who made it, until erased). */
export interface MemorySubscription {
  platform: "slack" | "teams";
  conversationId: string;
  reference?: unknown;
  subscribedAt: string;
  byHash?: string;
  /** Absent: a digest subscription. */
  kind?: "ambassadors";
}

/** Everything stored, shared by the in-memory repositories and delivery stores. */
export interface MemoryState {
  reports: Map<string, StoredReport>;
  quotes: Map<string, QuoteEntry>;
  peerOffers: Map<string, PeerEntry>;
  resolutions: Map<string, ResolutionEntry>;
  counters: Map<string, { week: string; row: CounterRow }>;
  ambassadors: Map<string, Ambassador>;
  introductions: Map<string, StoredIntroduction>;
  feedback: Map<string, FeedbackRecord>;
  signals: Set<string>;
  subscriptions: Map<string, MemorySubscription>;
  conversations: Map<string, string>;
  threads: Map<string, { question: string; topics: CategoryId[]; expiresAt: number }>;
  claims: Map<string, number>;
  /** Open questions and community cards (store/memory/network.ts). */
  network: NetworkMemoryState;
}

/** An empty store. */
export function createMemoryState(): MemoryState {
  return {
    reports: new Map(),
    quotes: new Map(),
    peerOffers: new Map(),
    resolutions: new Map(),
    counters: new Map(),
    ambassadors: new Map(),
    introductions: new Map(),
    feedback: new Map(),
    signals: new Set(),
    subscriptions: new Map(),
    conversations: new Map(),
    threads: new Map(),
    claims: new Map(),
    network: createNetworkMemoryState(),
  };
}

const clone = <T>(value: T): T => structuredClone(value);
const joinKey = (...parts: string[]) => parts.join("\u0000");
const quoteKey = (week: string, category: string, createdAt: string, reportId: string) =>
  joinKey(week, category, createdAt, reportId);
const peerKey = (category: string, createdAt: string, reportId: string) =>
  joinKey(category, createdAt, reportId);

/** Newest first by `at`, then by id, the order the table's sort keys give. */
function newestFirst<T>(items: T[], at: (item: T) => string): T[] {
  return items.sort((a, b) => at(b).localeCompare(at(a)));
}

function applyCounters(state: MemoryState, deltas: readonly CounterDelta[]): void {
  for (const d of deltas) {
    // One row per week and category: the shards the table spreads hot counters over add up the same.
    const key = joinKey(d.week, d.category ?? "");
    const entry = state.counters.get(key) ?? {
      week: d.week,
      row: { ...(d.category !== undefined ? { category: d.category } : {}), values: {} },
    };
    entry.row.values[d.field] = (entry.row.values[d.field] ?? 0) + d.by;
    state.counters.set(key, entry);
  }
}

function applyChange(state: MemoryState, change: ReportChange): void {
  applyCounters(state, change.counters ?? []);
  for (const k of change.deleteQuotes ?? [])
    state.quotes.delete(quoteKey(k.week ?? "", k.category, k.createdAt, k.reportId));
  for (const q of change.putQuotes ?? [])
    state.quotes.set(quoteKey(q.week, q.category, q.createdAt, q.reportId), clone(q));
  for (const k of change.deletePeers ?? [])
    state.peerOffers.delete(peerKey(k.category, k.createdAt, k.reportId));
  for (const p of change.putPeers ?? [])
    state.peerOffers.set(peerKey(p.category, p.createdAt, p.reportId), clone(p));
  const r = change.putResolution;
  if (r) state.resolutions.set(joinKey(r.week, r.resolvedAt, r.reportId), clone(r));
}

/** Keeps the profile's statistics (and the ambassador's own away date) when a profile is saved over one. */
function saveProfile(state: MemoryState, profile: Ambassador): Ambassador {
  const before = state.ambassadors.get(profile.id);
  const saved: Ambassador = {
    ...clone(profile),
    introductionsByMonth: before?.introductionsByMonth ?? {},
    helpedCount: before?.helpedCount ?? 0,
    ...(before?.lastIntroducedAt ? { lastIntroducedAt: before.lastIntroducedAt } : {}),
    ...(before?.awayUntil ? { awayUntil: before.awayUntil } : {}),
  };
  state.ambassadors.set(profile.id, saved);
  return clone(saved);
}

/** The in-memory repositories over `state` (one per services instance, or shared to inspect it in a test). */
export function createMemoryRepositories(state: MemoryState = createMemoryState()): Repositories {
  return {
    reports: {
      async get(id) {
        const r = state.reports.get(id);
        return r ? clone(r) : undefined;
      },
      async create(report, change) {
        if (state.reports.has(report.id)) return false;
        state.reports.set(report.id, clone(report));
        applyChange(state, change);
        return true;
      },
      async update(report, expectedVersion, change) {
        if (state.reports.get(report.id)?.version !== expectedVersion) return false;
        state.reports.set(report.id, clone(report));
        applyChange(state, change);
        return true;
      },
      async listByOwner(userHash, limit) {
        const mine = [...state.reports.values()].filter((r) => r.userHash === userHash);
        return newestFirst(mine, (r) => `${r.createdAt}#${r.id}`)
          .slice(0, limit)
          .map(clone);
      },
    },

    peerOffers: {
      async recent(category, since, until, limit) {
        const offers = [...state.peerOffers.values()].filter((p) => {
          const sk = `${p.createdAt}#${p.reportId}`;
          return p.category === category && sk >= since && sk <= until;
        });
        return newestFirst(offers, (p) => `${p.createdAt}#${p.reportId}`)
          .slice(0, limit)
          .map(clone);
      },
    },

    stats: {
      async add(deltas) {
        applyCounters(state, deltas);
      },
      async counters(week) {
        return [...state.counters.values()].filter((c) => c.week === week).map((c) => clone(c.row));
      },
      async quotes(week, category, limit) {
        const quotes = [...state.quotes.values()].filter((q) => q.week === week && q.category === category);
        return newestFirst(quotes, (q) => `${q.createdAt}#${q.reportId}`)
          .slice(0, limit)
          .map(clone);
      },
      async resolutions(week, limit) {
        const notes = [...state.resolutions.values()].filter((r) => r.week === week);
        return newestFirst(notes, (r) => `${r.resolvedAt}#${r.reportId}`)
          .slice(0, limit)
          .map(clone);
      },
    },

    ambassadors: {
      async list() {
        return [...state.ambassadors.values()].sort((a, b) => a.id.localeCompare(b.id)).map(clone);
      },
      async get(id) {
        const a = state.ambassadors.get(id);
        return a ? clone(a) : undefined;
      },
      async save(profile) {
        return saveProfile(state, profile);
      },
      async saveMany(profiles) {
        for (const profile of profiles) saveProfile(state, profile);
      },
      async delete(id) {
        return state.ambassadors.delete(id);
      },
      async setSnooze(id, until) {
        const a = state.ambassadors.get(id);
        if (!a) return undefined;
        if (until) a.snoozedUntil = until;
        else delete a.snoozedUntil;
        return clone(a);
      },
      async setAway(id, until) {
        const a = state.ambassadors.get(id);
        if (!a) return undefined;
        if (until) a.awayUntil = until;
        else delete a.awayUntil;
        return clone(a);
      },
    },

    introductions: {
      async get(id) {
        const i = state.introductions.get(id);
        return i ? clone(i) : undefined;
      },
      async create(intro, counters, tally) {
        if (state.introductions.has(intro.id)) return "exists";
        const ambassador = tally ? state.ambassadors.get(tally.ambassadorId) : undefined;
        if (tally && !ambassador) return "ambassador-missing";
        state.introductions.set(intro.id, clone(intro));
        applyCounters(state, counters);
        if (tally && ambassador) {
          ambassador.lastIntroducedAt = tally.at;
          const byMonth = ambassador.introductionsByMonth ?? {};
          byMonth[tally.month] = (byMonth[tally.month] ?? 0) + 1;
          ambassador.introductionsByMonth = byMonth;
        }
        return "created";
      },
      async updateStatus(id, from, to, updatedAt, counters, helpedAmbassadorId) {
        const intro = state.introductions.get(id);
        if (intro?.status !== from) return false;
        const helped = helpedAmbassadorId ? state.ambassadors.get(helpedAmbassadorId) : undefined;
        if (helpedAmbassadorId && !helped) return false;
        intro.status = to;
        intro.updatedAt = updatedAt;
        applyCounters(state, counters);
        if (helped) helped.helpedCount = (helped.helpedCount ?? 0) + 1;
        return true;
      },
      async listByAsker(askerHash, limit) {
        const mine = [...state.introductions.values()].filter((i) => i.askerHash === askerHash);
        return newestFirst(mine, (i) => `${i.createdAt}#${i.id}`)
          .slice(0, limit)
          .map(clone);
      },
      async listByTarget(targetHash, limit) {
        const mine = [...state.introductions.values()].filter((i) => i.targetHash === targetHash);
        return newestFirst(mine, (i) => `${i.createdAt}#${i.id}`)
          .slice(0, limit)
          .map(clone);
      },
    },

    feedback: {
      async create(record) {
        const key = joinKey(record.answerId, record.marker);
        if (state.feedback.has(key)) return false;
        state.feedback.set(key, clone(record));
        return true;
      },
    },

    signals: {
      async record(marker, _expiresAt, counters) {
        if (state.signals.has(marker)) return false;
        state.signals.add(marker);
        applyCounters(state, counters);
        return true;
      },
    },

    network: createMemoryNetworkRepositories(state.network),

    personalData: {
      async find(userHash) {
        const introductions = [...state.introductions.values()].filter(
          (i) => i.askerHash === userHash || i.targetHash === userHash,
        );
        return {
          reports: [...state.reports.values()].filter((r) => r.userHash === userHash).map(clone),
          introductions: introductions.map(clone),
          feedback: [...state.feedback.values()].filter((f) => f.userHash === userHash).map(clone),
          subscriptionsMade: [...state.subscriptions.values()]
            .filter((s) => s.byHash === userHash)
            .map((s) => ({
              platform: s.platform,
              conversationId: s.conversationId,
              subscribedAt: s.subscribedAt,
            })),
          otherItems:
            [...state.quotes.values()].filter((q) => q.ownerHash === userHash).length +
            [...state.peerOffers.values()].filter((p) => p.userHash === userHash).length +
            [...state.resolutions.values()].filter((r) => r.ownerHash === userHash).length,
        };
      },
      async deleteOwned(userHash) {
        let deleted = 0;
        const drop = <T>(map: Map<string, T>, owned: (value: T) => boolean) => {
          for (const [key, value] of map) {
            if (owned(value)) {
              map.delete(key);
              deleted++;
            }
          }
        };
        drop(state.reports, (r) => r.userHash === userHash);
        drop(state.quotes, (q) => q.ownerHash === userHash);
        drop(state.peerOffers, (p) => p.userHash === userHash);
        drop(state.resolutions, (r) => r.ownerHash === userHash);
        drop(state.introductions, (i) => i.askerHash === userHash || i.targetHash === userHash);
        drop(state.feedback, (f) => f.userHash === userHash);
        return deleted;
      },
      async anonymiseSubscriptions(userHash, rewrite) {
        let changed = 0;
        for (const s of state.subscriptions.values()) {
          if (s.byHash === userHash) {
            delete s.byHash;
            // Stored as JSON text, like the DynamoDB store (store/memory/delivery.ts).
            if (rewrite && typeof s.reference === "string") {
              s.reference = JSON.stringify(rewrite(JSON.parse(s.reference)));
            }
            changed++;
          }
        }
        return changed;
      },
      async replaceConversationReference(key, reference) {
        if (!state.conversations.has(key)) return false;
        state.conversations.set(key, JSON.stringify(reference));
        return true;
      },
      async conversationReference(key) {
        const text = state.conversations.get(key);
        return text === undefined ? undefined : JSON.parse(text);
      },
      async deleteConversationReference(key) {
        return state.conversations.delete(key);
      },
    },
  };
}
