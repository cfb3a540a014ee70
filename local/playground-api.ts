/**
 * The playground's JSON API: chat with core as a practitioner on the "web" platform, the blockers
 * dashboard, the digest preview as Slack and Teams will show it, and the ambassador directory.
 * Every route calls the same domain code the bots and the CLI use.
 */
import { randomUUID } from "node:crypto";
import type { Pathfinder } from "../app/types.ts";
import type { ActionRequest, CoreResult, MessageRequest } from "../bots/core/reply.ts";
import { renderReply } from "../bots/slack/render.ts";
import { renderReplyCardContent } from "../bots/teams/render.ts";
import { detectSignals } from "../digest/signals.ts";
import { detectFormat, parseAmbassadorRows } from "../peer/ambassador-file.ts";
import { applyImport, planImportInto } from "../peer/ambassador-import.ts";
import { type AmbassadorDraft, validateAmbassador } from "../peer/ambassador-validation.ts";
import { type DirectoryEntry, directoryEntry } from "../peer/availability.ts";
import { AmbassadorValidationError } from "../peer/errors.ts";
import { ambassadorContact } from "../peer/introductions.ts";
import type { Ambassador, AmbassadorMatch, UserRef } from "../peer/ports.ts";
import { REGIONS } from "../peer/regions.ts";
import { CATEGORIES } from "../peer/taxonomy.ts";
import { addWeeks, isoWeek, isValidWeek, previousWeek } from "../peer/week.ts";
import { colourOf, renderBlockerChart } from "./blocker-chart.ts";
import { HttpError, stringField } from "./http-io.ts";
import { adaptiveCardToHtml, slackBlocksToHtml } from "./platform-preview.ts";

/** Weeks the dashboard shows. */
export const DASHBOARD_WEEKS = 12;

/** The most a playground message may carry (the bots' own limits are similar). */
export const MAX_CHAT_CHARS = 4000;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** What the page needs to draw its forms and status line. */
export interface PlaygroundMeta {
  week: string;
  categories: { id: string; label: string; description: string; colour: string }[];
  regions: readonly string[];
  platforms: { slack: string; teams: string };
}

/** The dashboard: counts, chart, early warnings. */
export interface DashboardData {
  weeks: string[];
  categories: { id: string; label: string; colour: string }[];
  /** reports[weekIndex][categoryId] */
  reports: Record<string, number>[];
  total: number;
  chartSvg: string;
  signals: {
    thisWeek: { week: string; items: ReturnType<typeof detectSignals> };
    lastWeek: { week: string; items: ReturnType<typeof detectSignals> };
  };
}

/** The digest as each surface shows it. */
export interface DigestPreviewData {
  week: string;
  weeks: { week: string; label: string }[];
  text: string;
  slackHtml: string;
  teamsHtml: string;
  slack: ReturnType<typeof renderReply>;
  teams: ReturnType<typeof renderReplyCardContent>;
}

/** The playground API over an assembled Pathfinder. */
export interface PlaygroundApi {
  meta(): PlaygroundMeta;
  chat(body: Record<string, unknown>): Promise<CoreResult>;
  action(body: Record<string, unknown>): Promise<CoreResult>;
  dashboard(): Promise<DashboardData>;
  digest(week: string | undefined): Promise<DigestPreviewData>;
  listAmbassadors(): Promise<DirectoryEntry[]>;
  saveAmbassador(body: Record<string, unknown>, id?: string): Promise<Ambassador>;
  removeAmbassador(id: string): Promise<{ removed: boolean }>;
  snoozeAmbassador(id: string, body: Record<string, unknown>): Promise<Ambassador>;
  importAmbassadors(
    body: Record<string, unknown>,
  ): Promise<{ imported: number; added: number; updated: number; unchanged: number }>;
  matchAmbassadors(body: Record<string, unknown>): Promise<AmbassadorMatch[]>;
}

/** Options: the platform status lines shown on the page. */
export interface PlaygroundApiOptions {
  platforms: { slack: string; teams: string };
  now?: () => Date;
}

function requiredId(body: Record<string, unknown>, name: string, what: string): string {
  const value = stringField(body, name)?.trim();
  if (!value || !ID_PATTERN.test(value)) {
    throw new HttpError(
      400,
      `${what} is missing or malformed: letters, digits, "-" and "_" only, at most 64.`,
    );
  }
  return value;
}

function actorOf(body: Record<string, unknown>) {
  const userId = requiredId(body, "userId", "The browser's user id");
  return { platform: "web" as const, userId, displayName: "Playground user" };
}

type Actor = UserRef & { displayName?: string };

/**
 * Who a chat message or button press comes from. Normally the browser's practitioner on the "web" platform;
 * with `actingAs: <ambassador id>` the playground plays that ambassador (issue 17.8), as the identity an
 * introduction from a web practitioner is addressed to (their Slack or Teams id, as peer/introductions.ts
 * resolves it), so `my introductions` lists the request and Accept/Decline pass the "only the person being
 * introduced" rule exactly as they would in Slack or Teams.
 */
async function actorFor(pathfinder: Pathfinder, body: Record<string, unknown>): Promise<Actor> {
  const actingAs = stringField(body, "actingAs")?.trim();
  if (!actingAs) return actorOf(body);
  if (!ID_PATTERN.test(actingAs)) {
    throw new HttpError(400, 'actingAs must be an ambassador id: letters, digits, "-" and "_" only.');
  }
  const ambassador = await pathfinder.peer.ambassadors.get(actingAs);
  if (!ambassador) throw new HttpError(404, `There is no ambassador with id "${actingAs}" to act as.`);
  const practitioner = {
    platform: "web" as const,
    userId: requiredId(body, "userId", "The browser's user id"),
  };
  const contact = ambassadorContact(ambassador, practitioner);
  if (!contact) {
    throw new HttpError(
      400,
      `${ambassador.displayName} has no Slack or Teams user id, so no introduction can reach them; add one in the Ambassadors tab to act as them.`,
    );
  }
  return { ...contact, displayName: ambassador.displayName };
}

/** The platform's own delivery id: a retried request (same requestId) is the same event to core. */
function eventIdOf(body: Record<string, unknown>, userId: string): string {
  const given = stringField(body, "requestId")?.trim();
  if (given !== undefined && !ID_PATTERN.test(given)) {
    throw new HttpError(400, 'requestId must be letters, digits, "-" and "_" only, at most 64.');
  }
  return `web:${userId}:${given ?? randomUUID()}`;
}

function weekLabel(week: string, current: string): string {
  if (week === current) return `${week} (this week so far)`;
  if (week === addWeeks(current, -1)) return `${week} (last week: what Monday's digest reports)`;
  return week;
}

/** Builds the API. */
export function createPlaygroundApi(pathfinder: Pathfinder, options: PlaygroundApiOptions): PlaygroundApi {
  const { core, peer } = pathfinder;
  const now = options.now ?? (() => new Date());

  async function countsFor(weeks: string[]) {
    return Promise.all(weeks.map((w) => peer.stats.counts(w)));
  }

  return {
    meta() {
      return {
        week: isoWeek(now()),
        categories: CATEGORIES.map((c, i) => ({
          id: c.id,
          label: c.label,
          description: c.description,
          colour: colourOf(i),
        })),
        regions: REGIONS,
        platforms: options.platforms,
      };
    },

    async chat(body) {
      const actor = await actorFor(pathfinder, body);
      const text = stringField(body, "text") ?? "";
      if (!text.trim()) throw new HttpError(400, "Type a question or a command first.");
      if (text.length > MAX_CHAT_CHARS) {
        throw new HttpError(
          400,
          `That message is ${text.length.toLocaleString("en-GB")} characters; Pathfinder reads up to ${MAX_CHAT_CHARS.toLocaleString("en-GB")}. Nothing was stored.`,
        );
      }
      const request: MessageRequest = {
        actor,
        text,
        conversation: { id: `web-${actor.userId}`, kind: "personal" },
        eventId: eventIdOf(body, actor.userId),
        mode: "chat",
      };
      return core.handleMessage(request);
    },

    async action(body) {
      const actor = await actorFor(pathfinder, body);
      const actionId = stringField(body, "actionId")?.trim();
      const value = stringField(body, "value");
      if (!actionId || value === undefined) {
        throw new HttpError(400, "An action needs an actionId and a value (both strings).");
      }
      if (value.length > MAX_CHAT_CHARS) throw new HttpError(400, "That action's value is too long.");
      const request: ActionRequest = {
        actor,
        actionId,
        value,
        conversation: { id: `web-${actor.userId}`, kind: "personal" },
        eventId: eventIdOf(body, actor.userId),
      };
      return core.handleAction(request);
    },

    async dashboard() {
      const current = isoWeek(now());
      const weeks = Array.from({ length: DASHBOARD_WEEKS }, (_, i) =>
        addWeeks(current, i - (DASHBOARD_WEEKS - 1)),
      );
      const counts = await countsFor(weeks);
      const reports = counts.map((c) => c.reports);
      const categories = CATEGORIES.map((c, i) => ({ id: c.id, label: c.label, colour: colourOf(i) }));
      const total = reports.reduce((sum, r) => sum + Object.values(r).reduce((a, b) => a + b, 0), 0);
      const last = reports.length - 1;
      // Signals compare a week with the four before it, as the digest does (digest/signals.ts).
      const signalsAt = (index: number) =>
        detectSignals(reports[index] ?? {}, reports.slice(Math.max(0, index - 4), index));
      return {
        weeks,
        categories,
        reports,
        total,
        chartSvg: renderBlockerChart(
          weeks.map((week, i) => ({ week, reports: reports[i] ?? {} })),
          categories,
        ),
        signals: {
          thisWeek: { week: current, items: signalsAt(last) },
          lastWeek: { week: weeks[last - 1] ?? previousWeek(now()), items: signalsAt(last - 1) },
        },
      };
    },

    async digest(requested) {
      const current = isoWeek(now());
      const week = requested?.trim() || current;
      if (!isValidWeek(week)) {
        throw new HttpError(400, `"${week}" is not an ISO week. Use the form 2026-W47.`);
      }
      const reply = await pathfinder.digest.preview(week);
      const slack = renderReply(reply);
      const teams = renderReplyCardContent(reply);
      return {
        week,
        weeks: Array.from({ length: DASHBOARD_WEEKS }, (_, i) => {
          const w = addWeeks(current, -i);
          return { week: w, label: weekLabel(w, current) };
        }),
        text: reply.text,
        slackHtml: slackBlocksToHtml(slack.blocks),
        teamsHtml: adaptiveCardToHtml(teams),
        slack,
        teams,
      };
    },

    async listAmbassadors() {
      // Status and label come from peer/availability.ts, so the page says what the CLI and the bots say.
      const at = now();
      return (await peer.ambassadors.list()).map((a) => directoryEntry(a, at));
    },

    async saveAmbassador(body, id) {
      const draft: AmbassadorDraft = { ...(body as AmbassadorDraft) };
      // Statistics are the directory's to keep; a form never sets them.
      delete draft.helpedCount;
      delete draft.introductionsByMonth;
      delete draft.lastIntroducedAt;
      if (id !== undefined) {
        if (!(await peer.ambassadors.get(id)))
          throw new HttpError(404, `There is no ambassador with id "${id}".`);
        draft.id = id;
      }
      const { ambassador, issues } = validateAmbassador(draft);
      if (!ambassador) throw new AmbassadorValidationError(issues);
      if (id === undefined && (await peer.ambassadors.get(ambassador.id))) {
        throw new AmbassadorValidationError([`id "${ambassador.id}" is already taken by another ambassador`]);
      }
      return peer.ambassadors.put(ambassador);
    },

    async removeAmbassador(id) {
      return { removed: await peer.ambassadors.remove(id) };
    },

    async snoozeAmbassador(id, body) {
      const until = body.until;
      if (until !== null && until !== undefined && typeof until !== "string") {
        throw new HttpError(400, "until must be a date like 2026-03-31, or null to wake the ambassador.");
      }
      if (!(await peer.ambassadors.get(id)))
        throw new HttpError(404, `There is no ambassador with id "${id}".`);
      return peer.ambassadors.snooze(id, until?.trim() ? until.trim() : undefined);
    },

    async importAmbassadors(body) {
      const content = stringField(body, "content");
      const fileName = stringField(body, "fileName") ?? "";
      if (!content?.trim()) throw new AmbassadorValidationError(["the file is empty"]);
      // The same upsert as `pathfinder ambassadors import`: re-importing a file updates people (by id, e-mail,
      // then platform id) instead of adding them twice; the playground never prunes.
      const plan = await planImportInto(
        peer.ambassadors,
        parseAmbassadorRows(content, detectFormat(fileName, content)),
      );
      await applyImport(peer.ambassadors, plan);
      return {
        imported: plan.added.length + plan.updated.length,
        added: plan.added.length,
        updated: plan.updated.length,
        unchanged: plan.unchanged.length,
      };
    },

    async matchAmbassadors(body) {
      const text = stringField(body, "text")?.trim();
      const serviceArea = stringField(body, "serviceArea")?.trim();
      const region = stringField(body, "region")?.trim();
      if (!text && !serviceArea && !region) {
        throw new HttpError(400, "Describe the obstacle, or give a service area or region, to find a match.");
      }
      const at = now();
      const matches = await peer.ambassadors.match({
        ...(text ? { text: text.slice(0, MAX_CHAT_CHARS) } : {}),
        ...(serviceArea ? { serviceArea } : {}),
        ...(region ? { region } : {}),
        limit: 5,
        now: at,
      });
      return matches.map((m) => ({ ...m, ambassador: directoryEntry(m.ambassador, at) }));
    },
  };
}
