/**
 * How a behavioural contract gets its PeerServices: the same suites (tests/peer/contract/*.ts) run over
 * the DynamoDB repositories (tests/store/*.test.ts, DynamoDB Local) and the in-memory ones
 * (tests/peer/*.memory.test.ts, no Java), which is what shows the in-memory store is faithful.
 */
import type { Clock, PeerServices } from "../../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { createMemoryState } from "../../../store/memory/repositories.ts";

/** Opened services and how to release them. */
export interface OpenedServices {
  services: PeerServices;
  close(): Promise<void>;
  /** How many stored items still carry this user hash as their owner (what erasure must bring to 0). */
  ownedItems(userHash: string): Promise<number>;
}

/** Opens fresh, empty services with this hash key (and clock, when a suite fixes one). */
export type OpenServices = (options: { hashKey: string; now?: Clock }) => Promise<OpenedServices>;

/** The in-memory opener. */
export const openInMemory: OpenServices = async (options) => {
  const state = createMemoryState();
  return {
    services: createInMemoryPeerServices({ ...options, state }),
    async close() {},
    async ownedItems(userHash) {
      const owned = [
        ...[...state.reports.values()].map((r) => r.userHash),
        ...[...state.quotes.values()].map((q) => q.ownerHash),
        ...[...state.peerOffers.values()].map((p) => p.userHash),
        ...[...state.resolutions.values()].map((r) => r.ownerHash),
        ...[...state.introductions.values()].map((i) => i.askerHash),
        ...[...state.feedback.values()].map((f) => f.userHash),
        ...[...state.subscriptions.values()].map((s) => s.byHash),
      ];
      return owned.filter((hash) => hash === userHash).length;
    },
  };
};
