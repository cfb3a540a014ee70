/** The shapes the local bridges share. */
import type { WorkerLog } from "../../bots/slack/worker.ts";

/** A bridge that is either wired to its handler or explains why not. */
export type Bridge<T> = { ready: true; value: T } | { ready: false; reason: string };

/** Options for the bridges. */
export interface BridgeOptions {
  /** Listening beyond loopback: anonymous Teams (TEAMS_ALLOW_ANONYMOUS) is then refused. */
  exposed: boolean;
  log: WorkerLog;
}
