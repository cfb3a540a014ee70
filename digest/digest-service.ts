/**
 * The digest as a service: `build` for data (CLI --json, delivery), `preview` for the on-demand Reply that
 * bots/core shows privately for `/pathfinder digest` and the playground displays.
 */
import type { Reply } from "../bots/core/reply.ts";
import type { WeeklyStats } from "../peer/ports.ts";
import { isoWeek } from "../peer/week.ts";
import { type BuildOptions, buildDigest } from "./build.ts";
import type { Digest } from "./digest.ts";
import { renderDigest } from "./render.ts";

export { DigestWeekError } from "./build.ts";
export type { Digest } from "./digest.ts";

/** Builds and shows the weekly digest. */
export interface DigestService {
  /** The digest for an ISO week ("2026-W47"); throws DigestWeekError for a malformed or future week. */
  build(week: string): Promise<Digest>;
  /**
   * The digest as a private Reply; default: the current ISO week so far (Europe/London), labelled partial,
   * so what someone just logged shows. Monday's post (weekly-run.ts) names last week explicitly.
   */
  preview(week?: string): Promise<Reply>;
}

/** Dependencies and tuning for the digest service. */
export interface DigestServiceDeps {
  stats: WeeklyStats;
  /** The clock (tests pass a fake one). */
  now?: () => Date;
  options?: Omit<BuildOptions, "now">;
}

/** Creates the digest service over the WeeklyStats port. */
export function createDigestService(deps: DigestServiceDeps): DigestService {
  const now = deps.now ?? (() => new Date());
  const build = (week: string) => buildDigest(deps.stats, week, { ...deps.options, now: now() });
  return {
    build,
    async preview(week) {
      const digest = await build(week?.trim() || isoWeek(now()));
      return renderDigest(digest, "private");
    },
  };
}
