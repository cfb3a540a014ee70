/**
 * The obstacle log's rules: a report is classified (or takes the reporter's categories), scrubbed before it
 * is stored, counted once per week and category, indexed for quoting and peer offers only with consent, and
 * changed only by the person who reported it. The repository stores what this decides, atomically.
 */
import { assertCategories, ConcurrentUpdateError, NotAllowedError, NotFoundError } from "./errors.ts";
import { MAX_TEXT_LENGTH } from "./limits.ts";
import type {
  CategoryScore,
  Classifier,
  Clock,
  LogObstacleInput,
  ObstacleLog,
  ObstacleReport,
  UserRef,
} from "./ports.ts";
import type {
  PeerEntry,
  QuoteEntry,
  ReportChange,
  ReportIndexKey,
  ReportRepository,
  StoredReport,
} from "./repositories.ts";
import { expiresAfterDays, peerOfferEnds, withinPeerWindow } from "./retention.ts";
import { stableId } from "./stable-id.ts";
import { cleanLabel, cleanText } from "./text-input.ts";
import { isoWeek } from "./week.ts";

/** What the obstacle log needs. */
export interface ObstacleLogDeps {
  reports: ReportRepository;
  hashUser(user: UserRef): string;
  classify: Classifier;
  now: Clock;
  /** Raw reports expire after this many days. */
  reportTtlDays: number;
}

/** How many times a change is re-read and retried when another writer got there first. */
const MAX_ATTEMPTS = 3;

/** The port's view of a stored report (bookkeeping and the contact id stripped). */
export function toReport(r: StoredReport): ObstacleReport {
  return {
    id: r.id,
    userHash: r.userHash,
    platform: r.platform,
    text: r.text,
    categories: r.categories ?? [],
    suggested: r.suggested ?? [],
    corrected: Boolean(r.corrected),
    ...(r.organisation ? { organisation: r.organisation } : {}),
    ...(r.serviceArea ? { serviceArea: r.serviceArea } : {}),
    ...(r.region ? { region: r.region } : {}),
    allowQuote: Boolean(r.allowQuote),
    contactable: Boolean(r.contactable),
    status: r.status,
    ...(r.resolutionNote ? { resolutionNote: r.resolutionNote } : {}),
    ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
    createdAt: r.createdAt,
    week: r.week,
    expiresAt: r.expiresAt,
  };
}

function explicitScores(ids: string[]): CategoryScore[] {
  return ids.map((id) => ({ id, confidence: 1 }));
}

function quoteOf(r: StoredReport, category: string): QuoteEntry {
  return {
    week: r.week,
    category,
    createdAt: r.createdAt,
    reportId: r.id,
    text: r.text,
    expiresAt: r.expiresAt,
    ownerHash: r.userHash,
  };
}

function peerOf(r: StoredReport, category: string): PeerEntry {
  return {
    category,
    createdAt: r.createdAt,
    reportId: r.id,
    userHash: r.userHash,
    ...(r.serviceArea ? { serviceArea: r.serviceArea } : {}),
    ...(r.region ? { region: r.region } : {}),
    expiresAt: peerOfferEnds(r.createdAt, r.expiresAt),
  };
}

function indexKey(r: StoredReport, category: string): ReportIndexKey {
  return { category, createdAt: r.createdAt, reportId: r.id, week: r.week };
}

/** The obstacle log over a report repository. */
export function makeObstacleLog(deps: ObstacleLogDeps): ObstacleLog {
  const { reports } = deps;

  /** The report, if `user` reported it; NotFound / NotAllowed otherwise. */
  async function ownReport(user: UserRef, reportId: string): Promise<StoredReport> {
    const item = await reports.get(reportId);
    if (!item) throw new NotFoundError(`No obstacle report "${reportId}" (it may have expired).`);
    if (item.userHash !== deps.hashUser(user)) {
      throw new NotAllowedError("Only the person who reported an obstacle can change it.");
    }
    return item;
  }

  /** Re-reads and retries `attempt` while another writer keeps changing the report first. */
  async function withRetries(
    reportId: string,
    doing: string,
    attempt: () => Promise<ObstacleReport | undefined>,
  ): Promise<ObstacleReport> {
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const done = await attempt();
      if (done) return done;
    }
    throw new ConcurrentUpdateError(`Report ${reportId} kept changing while ${doing}; try again.`);
  }

  async function log(input: LogObstacleInput): Promise<{ report: ObstacleReport; created: boolean }> {
    const text = cleanText(input.text, "The obstacle", MAX_TEXT_LENGTH);
    if (!input.idempotencyKey) throw new TypeError("log() needs an idempotencyKey");
    const explicit = input.categories ? assertCategories(input.categories) : undefined;
    // Classify the unscrubbed words (they are not stored); placeholders would only dilute the match.
    const suggested = explicit ? explicitScores(explicit) : deps.classify(input.text);
    const now = input.now ?? deps.now();
    const userHash = deps.hashUser(input.user);
    const id = stableId(userHash, input.idempotencyKey);
    const organisation = cleanLabel(input.organisation, "The organisation");
    const serviceArea = cleanLabel(input.serviceArea, "The service area")?.toLowerCase();
    const region = cleanLabel(input.region, "The region");
    const report: StoredReport = {
      id,
      userHash,
      platform: input.user.platform,
      text,
      categories: suggested,
      suggested,
      corrected: false,
      ...(organisation ? { organisation } : {}),
      ...(serviceArea ? { serviceArea } : {}),
      ...(region ? { region } : {}),
      allowQuote: Boolean(input.allowQuote),
      contactable: Boolean(input.contactable),
      // The raw platform id is kept only when the reporter agreed to be contacted.
      ...(input.contactable ? { contact: { platform: input.user.platform, userId: input.user.userId } } : {}),
      status: "open",
      createdAt: now.toISOString(),
      week: isoWeek(now),
      expiresAt: expiresAfterDays(now, deps.reportTtlDays),
      version: 1,
    };
    const categories = report.categories.map((c) => c.id);
    const created = await reports.create(report, {
      counters: categories.map((c) => ({
        week: report.week,
        category: c,
        field: "reports",
        by: 1,
        shardKey: id,
      })),
      putQuotes: report.allowQuote ? categories.map((c) => quoteOf(report, c)) : [],
      putPeers: report.contactable ? categories.map((c) => peerOf(report, c)) : [],
    });
    if (created) return { report: toReport(report), created: true };
    const existing = await reports.get(id);
    if (!existing) throw new ConcurrentUpdateError(`Report ${id} was claimed but cannot be read back`);
    return { report: toReport(existing), created: false };
  }

  async function correct(user: UserRef, reportId: string, categoryIds: string[]): Promise<ObstacleReport> {
    const wanted = assertCategories(categoryIds);
    if (wanted.length === 0) throw new TypeError("Give at least one category to correct to.");
    return withRetries(reportId, "it was being corrected", async () => {
      const item = await ownReport(user, reportId);
      const before = item.categories.map((c) => c.id);
      if (before.length === wanted.length && before.every((c) => wanted.includes(c))) return toReport(item);
      const removed = before.filter((c) => !wanted.includes(c));
      const added = wanted.filter((c) => !before.includes(c));
      const next: StoredReport = {
        ...item,
        categories: explicitScores(wanted),
        corrected: true,
        version: item.version + 1,
      };
      const counter = (week: string, field: "reports" | "resolved", c: string, by: number) => ({
        week,
        category: c,
        field,
        by,
        shardKey: item.id,
      });
      const change: ReportChange = {
        counters: [
          ...removed.map((c) => counter(item.week, "reports", c, -1)),
          ...added.map((c) => counter(item.week, "reports", c, 1)),
        ],
      };
      if (item.status === "resolved" && item.resolvedWeek) {
        const week = item.resolvedWeek;
        change.counters?.push(...removed.map((c) => counter(week, "resolved", c, -1)));
        change.counters?.push(...added.map((c) => counter(week, "resolved", c, 1)));
      }
      if (item.allowQuote) {
        change.deleteQuotes = removed.map((c) => indexKey(item, c));
        change.putQuotes = added.map((c) => quoteOf(next, c));
      }
      // Past the peer window the offers have expired: do not bring them back under new categories.
      if (item.contactable && withinPeerWindow(item.createdAt, deps.now())) {
        change.deletePeers = removed.map((c) => indexKey(item, c));
        change.putPeers = added.map((c) => peerOf(next, c));
      }
      return (await reports.update(next, item.version, change)) ? toReport(next) : undefined;
    });
  }

  async function resolve(user: UserRef, reportId: string, note: string, at?: Date): Promise<ObstacleReport> {
    const cleanNote = note?.trim() ? cleanText(note, "The resolution note") : undefined;
    const now = at ?? deps.now();
    return withRetries(reportId, "it was being resolved", async () => {
      const item = await ownReport(user, reportId);
      if (item.status === "resolved") return toReport(item);
      const resolvedAt = now.toISOString();
      const resolvedWeek = isoWeek(now);
      const categories = item.categories.map((c) => c.id);
      const next: StoredReport = {
        ...item,
        status: "resolved",
        resolvedAt,
        resolvedWeek,
        ...(cleanNote ? { resolutionNote: cleanNote } : {}),
        version: item.version + 1,
      };
      const ok = await reports.update(next, item.version, {
        counters: categories.map((c) => ({
          week: resolvedWeek,
          category: c,
          field: "resolved",
          by: 1,
          shardKey: reportId,
        })),
        ...(cleanNote
          ? {
              putResolution: {
                week: resolvedWeek,
                resolvedAt,
                reportId,
                category: categories[0] ?? "uncategorised",
                note: cleanNote,
                expiresAt: item.expiresAt,
                ownerHash: item.userHash,
              },
            }
          : {}),
      });
      return ok ? toReport(next) : undefined;
    });
  }

  async function listForUser(user: UserRef, options: { limit?: number } = {}): Promise<ObstacleReport[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
    return (await reports.listByOwner(deps.hashUser(user), limit)).map(toReport);
  }

  async function get(reportId: string): Promise<ObstacleReport | undefined> {
    const item = await reports.get(reportId);
    return item ? toReport(item) : undefined;
  }

  async function setConsent(
    user: UserRef,
    reportId: string,
    consent: { allowQuote?: boolean; contactable?: boolean },
  ): Promise<ObstacleReport> {
    return withRetries(reportId, "consent was updated", async () => {
      const item = await ownReport(user, reportId);
      const allowQuote = consent.allowQuote ?? item.allowQuote;
      const contactable = consent.contactable ?? item.contactable;
      if (allowQuote === item.allowQuote && contactable === item.contactable) return toReport(item);
      const next: StoredReport = { ...item, allowQuote, contactable, version: item.version + 1 };
      // The raw platform id is kept only while the reporter agrees to be contacted.
      if (contactable) next.contact = { platform: user.platform, userId: user.userId };
      else delete next.contact;
      const categories = item.categories.map((c) => c.id);
      const change: ReportChange = {};
      if (allowQuote !== item.allowQuote) {
        if (allowQuote) change.putQuotes = categories.map((c) => quoteOf(next, c));
        else change.deleteQuotes = categories.map((c) => indexKey(item, c));
      }
      // Withdrawing always removes the offers; agreeing late adds them only inside the peer window.
      if (
        contactable !== item.contactable &&
        (!contactable || withinPeerWindow(item.createdAt, deps.now()))
      ) {
        if (contactable) change.putPeers = categories.map((c) => peerOf(next, c));
        else change.deletePeers = categories.map((c) => indexKey(item, c));
      }
      return (await reports.update(next, item.version, change)) ? toReport(next) : undefined;
    });
  }

  return { log, correct, resolve, listForUser, get, setConsent };
}

/**
 * How many of a week's reports in a category came from other people: the week's counter less the reporter's
 * own reports there (issue 17 item 2: "You're not alone" counted the reporter's earlier report). `own` is the
 * reporter's reports, newest first, as `listForUser` returns them.
 */
export function reportsByOthers(
  weekTotal: number,
  own: readonly ObstacleReport[],
  week: string,
  category: string,
): number {
  const mine = own.filter((r) => r.week === week && r.categories.some((c) => c.id === category)).length;
  return Math.max(0, weekTotal - mine);
}
