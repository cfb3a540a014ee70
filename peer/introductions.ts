/**
 * Introductions' rules: proposed at most once per event, never to yourself, only to a peer who still
 * agrees to be contacted; then a small state machine (proposed -> accepted/declined by the target,
 * -> done by either side), where repeating a transition is a no-op and each counts once.
 */

import { londonMonth } from "./availability.ts";
import {
  assertCategories,
  ConcurrentUpdateError,
  InvalidTransitionError,
  NotAllowedError,
  NotFoundError,
  PeerInputError,
} from "./errors.ts";
import type { Ambassador, Clock, Introduction, IntroductionStatus, Introductions, UserRef } from "./ports.ts";
import type {
  AmbassadorRepository,
  IntroductionRepository,
  ReportRepository,
  StoredIntroduction,
} from "./repositories.ts";
import { expiresAfterDays } from "./retention.ts";
import { stableId } from "./stable-id.ts";
import { cleanText } from "./text-input.ts";
import { isSameUser } from "./user-hash.ts";
import { isoWeek } from "./week.ts";

/** What introductions need. */
export interface IntroductionsDeps {
  introductions: IntroductionRepository;
  ambassadors: AmbassadorRepository;
  reports: ReportRepository;
  hashUser(user: UserRef): string;
  now: Clock;
  reportTtlDays: number;
}

/** Which transitions are allowed, and who may make them. */
export const TRANSITIONS: Readonly<
  Record<IntroductionStatus, Partial<Record<IntroductionStatus, "target" | "either">>>
> = {
  proposed: { accepted: "target", declined: "target", done: "either" },
  accepted: { done: "either" },
  declined: {},
  done: {},
};

/** How many times a status change is re-read and retried when the other side moved it first. */
const MAX_ATTEMPTS = 3;
/** Enough for anyone's introductions; bounds the read. */
const LIST_LIMIT = 200;

/** The port's view of a stored introduction (hashes and expiry stripped). */
export function toIntroduction(i: StoredIntroduction | Introduction): Introduction {
  return {
    id: i.id,
    kind: i.kind,
    asker: i.asker,
    targetId: i.targetId,
    ...(i.target ? { target: i.target } : {}),
    ...(i.targetName ? { targetName: i.targetName } : {}),
    topic: i.topic,
    ...(i.note ? { note: i.note } : {}),
    status: i.status,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
}

/** Where to reach an ambassador on the asker's platform, else wherever they are reachable. */
export function ambassadorContact(a: Ambassador, asker: UserRef): UserRef | undefined {
  const slack = a.slackUserId;
  const teams = a.teamsUserId;
  if (asker.platform === "teams" && teams) return { platform: "teams", userId: teams };
  if (slack && asker.platform !== "teams") return { platform: "slack", userId: slack };
  if (teams) return { platform: "teams", userId: teams };
  if (slack) return { platform: "slack", userId: slack };
  return undefined;
}

/** Introductions over their repository. */
export function makeIntroductions(deps: IntroductionsDeps): Introductions {
  const repo = deps.introductions;

  async function get(id: string): Promise<Introduction | undefined> {
    const stored = await repo.get(id);
    return stored ? toIntroduction(stored) : undefined;
  }

  /** Where to reach the target and what to call them, resolved at proposal time. */
  async function resolveTarget(
    kind: "ambassador" | "peer",
    targetId: string,
    asker: UserRef,
    askerHash: string,
  ): Promise<{ target?: UserRef; targetName?: string }> {
    if (kind === "ambassador") {
      const a = await deps.ambassadors.get(targetId);
      if (!a) throw new NotFoundError(`No ambassador "${targetId}".`);
      const target = ambassadorContact(a, asker);
      if (target && isSameUser(target, asker))
        throw new NotAllowedError("You cannot be introduced to yourself.");
      return { ...(target ? { target } : {}), targetName: a.displayName };
    }
    const report = await deps.reports.get(targetId);
    if (!report?.contactable || !report.contact) {
      throw new NotFoundError("That peer is no longer available to contact.");
    }
    if (report.userHash === askerHash) throw new NotAllowedError("You cannot be introduced to yourself.");
    return { target: report.contact };
  }

  return {
    async propose(input) {
      const [topic] = assertCategories([input.topic]);
      if (!topic) throw new PeerInputError("An introduction needs a topic (a category id).");
      if (!input.idempotencyKey) throw new TypeError("propose() needs an idempotencyKey");
      const note = input.note?.trim() ? cleanText(input.note, "The note") : undefined;
      const now = input.now ?? deps.now();
      const askerHash = deps.hashUser(input.asker);
      const id = stableId(askerHash, input.idempotencyKey);
      const existing = await get(id);
      if (existing) return { introduction: existing, created: false };
      const { target, targetName } = await resolveTarget(input.kind, input.targetId, input.asker, askerHash);
      const createdAt = now.toISOString();
      const introduction: Introduction = {
        id,
        kind: input.kind,
        asker: { platform: input.asker.platform, userId: input.asker.userId },
        targetId: input.targetId,
        ...(target ? { target } : {}),
        ...(targetName ? { targetName } : {}),
        topic,
        ...(note ? { note } : {}),
        status: "proposed",
        createdAt,
        updatedAt: createdAt,
      };
      const targetHash = target ? deps.hashUser(target) : undefined;
      const outcome = await repo.create(
        {
          ...introduction,
          askerHash,
          ...(targetHash ? { targetHash } : {}),
          expiresAt: expiresAfterDays(now, deps.reportTtlDays),
        },
        [{ week: isoWeek(now), field: "introductionsProposed", by: 1, shardKey: id }],
        // Capacity is counted per London calendar month; the tally feeds fair matching.
        input.kind === "ambassador"
          ? { ambassadorId: input.targetId, month: londonMonth(now), at: createdAt }
          : undefined,
      );
      if (outcome === "created") return { introduction, created: true };
      if (outcome === "exists") {
        const first = await get(id);
        if (first) return { introduction: first, created: false };
      }
      throw new NotFoundError(`No ambassador "${input.targetId}" (removed while the introduction was made).`);
    },

    async setStatus(id, status, by, at) {
      const now = at ?? deps.now();
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const intro = await get(id);
        if (!intro) throw new NotFoundError(`No introduction "${id}".`);
        if (intro.status === status) return intro; // repeating a transition is a no-op
        const who = TRANSITIONS[intro.status][status];
        if (!who) throw new InvalidTransitionError(intro.status, status);
        const isTarget = isSameUser(by, intro.target);
        if (who === "target" && !isTarget) {
          throw new NotAllowedError(`Only the person being introduced can mark this introduction ${status}.`);
        }
        if (who === "either" && !isTarget && !isSameUser(by, intro.asker)) {
          throw new NotAllowedError("Only the two people in an introduction can change it.");
        }
        const updatedAt = now.toISOString();
        const accepted = status === "accepted";
        // An accepted introduction is "helped one more" on the ambassador's profile, if it still exists.
        const helped =
          accepted && intro.kind === "ambassador" && (await deps.ambassadors.get(intro.targetId))
            ? intro.targetId
            : undefined;
        const moved = await repo.updateStatus(
          id,
          intro.status,
          status,
          updatedAt,
          accepted ? [{ week: isoWeek(now), field: "introductionsAccepted", by: 1, shardKey: id }] : [],
          helped,
        );
        if (moved) return { ...intro, status, updatedAt };
        // Someone moved it first: re-read and decide again (it may now be a no-op).
      }
      throw new ConcurrentUpdateError(`Introduction ${id} kept changing; try again.`);
    },

    get,

    async listForUser(user) {
      const hash = deps.hashUser(user);
      const [asAsker, asTarget] = await Promise.all([
        repo.listByAsker(hash, LIST_LIMIT),
        repo.listByTarget(hash, LIST_LIMIT),
      ]);
      const byId = new Map([...asAsker, ...asTarget].map((i) => [i.id, toIntroduction(i)]));
      return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}
