/**
 * The assembled core over in-memory repositories (store/memory): the real knowledge base, domain services,
 * digest and core, with no DynamoDB, so core features are unit-tested in milliseconds. The same behaviour
 * on DynamoDB Local is covered by the shared contract suites (tests/peer/contract) and the integration tests.
 */

import type { Pathfinder } from "../../app/types.ts";
import { createCore } from "../../bots/core/create-core.ts";
import { createDigestService } from "../../digest/digest-service.ts";
import { withCommunityCards } from "../../knowledge/community.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import type { KnowledgeBase } from "../../knowledge/types.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

export interface MemoryPathfinder {
  app: Pick<Pathfinder, "core" | "peer" | "knowledge" | "digest">;
  /** Moves the app's clock. */
  setNow(date: Date): void;
  /** The app's clock now. */
  now(): Date;
}

/** A Pathfinder whose peer services keep everything in memory, with a controllable clock. */
export function createMemoryPathfinder(
  start = new Date(),
  options: { knowledge?: KnowledgeBase } = {},
): MemoryPathfinder {
  let current = start;
  const now = () => current;
  const peer: PeerServices = createInMemoryPeerServices({ hashKey: "test-hash-key", now });
  // Approved community cards answer too, as in app/pathfinder.ts (issue 15).
  const knowledge = withCommunityCards(options.knowledge ?? loadKnowledgeBase(), { cards: peer.community });
  const digest = createDigestService({ stats: peer.stats, now, options: { network: peer } });
  const core = createCore({ knowledge, peer, digest, now });
  return {
    app: { core, peer, knowledge, digest },
    setNow(date) {
      current = date;
    },
    now,
  };
}
