/**
 * How long Pathfinder keeps what it stores (personal data expires: ARCHITECTURE.md, non-negotiables).
 * Expiry is written as epoch seconds in each item's TTL attribute.
 */
import { PEER_WINDOW_DAYS } from "./limits.ts";

/** Raw reports and other personal records expire after this many days by default (about 13 months). */
export const DEFAULT_REPORT_TTL_DAYS = 395;

/** Epoch seconds `days` after `at`. */
export function expiresAfterDays(at: Date, days: number): number {
  return Math.floor(at.getTime() / 1000) + Math.round(days * 86_400);
}

/** When a report stops being offered as a peer: the peer window, or the report's own expiry if sooner. */
export function peerOfferEnds(createdAt: string, reportExpiresAt: number): number {
  return Math.min(reportExpiresAt, expiresAfterDays(new Date(createdAt), PEER_WINDOW_DAYS));
}

/** True while a report made at `createdAt` is still inside the peer window at `now`. */
export function withinPeerWindow(createdAt: string, now: Date): boolean {
  return now.getTime() < expiresAfterDays(new Date(createdAt), PEER_WINDOW_DAYS) * 1000;
}

/** Throws unless `days` is a usable TTL. */
export function assertTtlDays(days: number): number {
  if (!Number.isFinite(days) || days <= 0) throw new TypeError("reportTtlDays must be a positive number");
  return days;
}
