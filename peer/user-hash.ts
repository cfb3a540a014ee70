/**
 * Keyed hashes of platform user ids. Stored instead of the raw id so a leaked table does not name anyone,
 * while erasure can still find everything a person left (the same key gives the same hash).
 */
import { createHmac } from "node:crypto";
import type { UserRef } from "./ports.ts";

/** HMAC-SHA256 of "platform:userId" under the secret key, hex. */
export function hashUser(key: string, user: UserRef): string {
  if (!key) throw new Error("hashUser needs a non-empty key (PATHFINDER_HASH_KEY / HASH_KEY_SECRET_NAME)");
  return createHmac("sha256", key).update(`${user.platform}:${user.userId}`).digest("hex");
}

/** True when both refs name the same person on the same platform. */
export function isSameUser(a: UserRef | undefined, b: UserRef | undefined): boolean {
  return Boolean(a && b && a.platform === b.platform && a.userId === b.userId);
}
