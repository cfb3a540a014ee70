/**
 * Composes the domain services into the PeerServices facade bots/core, the digest and the CLI consume.
 * Storage comes in as repositories (DynamoDB or in memory); the delivery ports (subscriptions, conversation
 * references, thread memory, idempotency) come in ready-made, since they carry no peer-support rules.
 */
import { makeAmbassadorDirectory } from "./ambassadors.ts";
import { makeCommunityCards } from "./community-cards.ts";
import { makeFeedbackLog, makeQuestionSignals } from "./feedback.ts";
import { makeIntroductions } from "./introductions.ts";
import { makeNetwork } from "./network.ts";
import { makeObstacleLog } from "./obstacles.ts";
import { makePeers } from "./peers.ts";
import type { Classifier, Clock, PeerServices, UserRef } from "./ports.ts";
import { makePrivacy } from "./privacy.ts";
import type { Repositories } from "./repositories.ts";
import { assertTtlDays, DEFAULT_REPORT_TTL_DAYS } from "./retention.ts";
import type { UkNation } from "./uk-nations.ts";
import { hashUser } from "./user-hash.ts";
import { makeWeeklyStats } from "./weekly-stats.ts";

/** What the domain is built from. */
export interface PeerDomainDeps {
  repositories: Repositories;
  delivery: Pick<PeerServices, "subscriptions" | "conversations" | "threads" | "idempotency">;
  /** The HMAC key for user-id hashes (Secrets.hashKey). */
  hashKey: string;
  classify: Classifier;
  now: Clock;
  /** Raw reports and other personal records expire after this many days (default 395). */
  reportTtlDays?: number;
  /** Whose bank holidays are not working days (open questions' reminders); England and Wales by default. */
  bankHolidays?: UkNation;
}

/** Every peer-support port, with the domain's rules over the given repositories. */
export function makePeerServices(deps: PeerDomainDeps): PeerServices {
  if (!deps.hashKey) throw new TypeError("The peer services need a hashKey for user-id hashes");
  const reportTtlDays = assertTtlDays(deps.reportTtlDays ?? DEFAULT_REPORT_TTL_DAYS);
  const repos = deps.repositories;
  const key = deps.hashKey;
  const shared = { hashUser: (user: UserRef) => hashUser(key, user), now: deps.now, reportTtlDays };
  return {
    network: makeNetwork({
      ...shared,
      questions: repos.network.questions,
      classify: deps.classify,
      ...(deps.bankHolidays ? { bankHolidays: deps.bankHolidays } : {}),
    }),
    community: makeCommunityCards({
      ...shared,
      cards: repos.network.cards,
      ambassadors: repos.ambassadors,
      classify: deps.classify,
    }),
    obstacles: makeObstacleLog({ ...shared, reports: repos.reports, classify: deps.classify }),
    ambassadors: makeAmbassadorDirectory({
      ambassadors: repos.ambassadors,
      classify: deps.classify,
      now: deps.now,
    }),
    peers: makePeers({ ...shared, peerOffers: repos.peerOffers }),
    introductions: makeIntroductions({
      ...shared,
      introductions: repos.introductions,
      ambassadors: repos.ambassadors,
      reports: repos.reports,
    }),
    feedback: makeFeedbackLog({ ...shared, feedback: repos.feedback }),
    signals: makeQuestionSignals({ signals: repos.signals, now: deps.now }),
    privacy: makePrivacy({
      ...shared,
      personalData: repos.personalData,
      ambassadors: repos.ambassadors,
      network: repos.network,
    }),
    stats: makeWeeklyStats({ stats: repos.stats }),
    ...deps.delivery,
  };
}
