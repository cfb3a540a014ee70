/** Every repository the domain needs, on one DynamoDB table (store/schema.ts, store/keys.ts). */
import type { Repositories } from "../peer/repositories.ts";
import { createAmbassadorRepository } from "./ambassadors.ts";
import type { StoreContext } from "./context.ts";
import { createFeedbackRepository, createSignalRepository } from "./feedback.ts";
import { createIntroductionRepository } from "./introductions.ts";
import { createNetworkRepositories } from "./network.ts";
import { createPersonalDataRepository } from "./personal-data.ts";
import { createPeerOfferRepository, createReportRepository } from "./reports.ts";
import { createStatsRepository } from "./stats.ts";

/** The DynamoDB repositories. */
export function createDynamoRepositories(ctx: StoreContext): Repositories {
  return {
    reports: createReportRepository(ctx),
    peerOffers: createPeerOfferRepository(ctx),
    stats: createStatsRepository(ctx),
    ambassadors: createAmbassadorRepository(ctx),
    introductions: createIntroductionRepository(ctx),
    feedback: createFeedbackRepository(ctx),
    signals: createSignalRepository(ctx),
    personalData: createPersonalDataRepository(ctx),
    network: createNetworkRepositories(ctx),
  };
}
