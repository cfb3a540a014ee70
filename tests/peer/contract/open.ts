/**
 * How a behavioural contract gets its PeerServices: the same suites (tests/peer/contract/*.ts) run over
 * the DynamoDB repositories (tests/store/*.test.ts, DynamoDB Local) and the in-memory ones
 * (tests/peer/*.memory.test.ts, no Java), which is what shows the in-memory store is faithful.
 */
import type { Clock, PeerServices } from "../../../peer/ports.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";

/** Opened services and how to release them. */
export interface OpenedServices {
  services: PeerServices;
  close(): Promise<void>;
}

/** Opens fresh, empty services with this hash key (and clock, when a suite fixes one). */
export type OpenServices = (options: { hashKey: string; now?: Clock }) => Promise<OpenedServices>;

/** The in-memory opener. */
export const openInMemory: OpenServices = async (options) => ({
  services: createInMemoryPeerServices(options),
  async close() {},
});
