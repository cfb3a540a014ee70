/**
 * Peers: people who reported the same obstacle recently (inside the peer window) and agreed to be
 * contacted. Never the asker, one offer per person, identity hidden (only a report id and a reason).
 */
import { assertCategories } from "./errors.ts";
import { PEER_WINDOW_DAYS } from "./limits.ts";
import type { Clock, PeerMatch, Peers, UserRef } from "./ports.ts";
import type { PeerOfferRepository } from "./repositories.ts";
import { categoryLabel } from "./taxonomy.ts";

/** What the peer finder needs. */
export interface PeersDeps {
  peerOffers: PeerOfferRepository;
  hashUser(user: UserRef): string;
  now: Clock;
}

/** "today", "3 days ago", "2 weeks ago": how long ago a peer reported, without a date that could identify. */
export function ago(from: Date, to: Date): string {
  const days = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `${Math.floor(days / 30)} months ago`;
}

/** The peer finder over the peer offers repository. */
export function makePeers(deps: PeersDeps): Peers {
  return {
    async find(request) {
      const categories = assertCategories(request.categories);
      const now = request.now ?? deps.now();
      const limit = Math.max(1, Math.min(request.limit ?? 3, 20));
      const since = new Date(now.getTime() - PEER_WINDOW_DAYS * 86_400_000).toISOString();
      const until = `${now.toISOString()}\uffff`;
      const seen = new Set<string>([deps.hashUser(request.asker)]);
      const matches: PeerMatch[] = [];
      for (const category of categories) {
        if (matches.length >= limit) break;
        // Read a few more than needed: the asker's own reports and repeat reporters are skipped.
        for (const offer of await deps.peerOffers.recent(category, since, until, limit * 4)) {
          if (seen.has(offer.userHash)) continue;
          seen.add(offer.userHash);
          const where = [offer.serviceArea, offer.region].filter(Boolean).join(", ");
          matches.push({
            reportId: offer.reportId,
            category,
            reason: `also reported ${categoryLabel(category).toLowerCase()} ${ago(new Date(offer.createdAt), now)}${
              where ? `; ${where}` : ""
            }`,
          });
          if (matches.length >= limit) break;
        }
      }
      return matches;
    },
  };
}
