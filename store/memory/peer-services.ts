/**
 * Every peer-support port in memory: the same domain services (peer/services.ts) as createPeerServices,
 * over in-memory repositories. For unit tests of the domain and bots/core, and a Java-free playground.
 */

import { classifyText } from "../../knowledge/classify.ts";
import type { Classifier, Clock, PeerServices } from "../../peer/ports.ts";
import { makePeerServices } from "../../peer/services.ts";
import type { UkNation } from "../../peer/uk-nations.ts";
import { hashUser } from "../../peer/user-hash.ts";
import { createMemoryDelivery } from "./delivery.ts";
import { createMemoryRepositories, createMemoryState, type MemoryState } from "./repositories.ts";

/** Options for createInMemoryPeerServices; every one has a test-friendly default. */
export interface InMemoryPeerServicesOptions {
  /** The HMAC key for user-id hashes (default "memory"). */
  hashKey?: string;
  /** The clock (default: the system clock). */
  now?: Clock;
  reportTtlDays?: number;
  /** The classifier (default: knowledge/classify.ts, as in production). */
  classify?: Classifier;
  /** The store to use; pass one to look inside it from a test, or to share it between two instances. */
  state?: MemoryState;
  /** Whose bank holidays are not working days (default England and Wales). */
  bankHolidays?: UkNation;
}

/** Every peer-support port, in memory. */
export function createInMemoryPeerServices(options: InMemoryPeerServicesOptions = {}): PeerServices {
  const state = options.state ?? createMemoryState();
  const hashKey = options.hashKey ?? "memory";
  const now = options.now ?? (() => new Date());
  return makePeerServices({
    repositories: createMemoryRepositories(state),
    delivery: createMemoryDelivery(state, { hashUser: (user) => hashUser(hashKey, user), now }),
    hashKey,
    classify: options.classify ?? classifyText,
    now,
    ...(options.reportTtlDays !== undefined ? { reportTtlDays: options.reportTtlDays } : {}),
    ...(options.bankHolidays ? { bankHolidays: options.bankHolidays } : {}),
  });
}
