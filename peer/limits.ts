/** Input limits and windows shared by the adapters, the bots and the CLI. */

/** Longest obstacle report, resolution note or question Pathfinder stores (characters). */
export const MAX_TEXT_LENGTH = 2_000;
/** Longest organisation, service area or region label (characters). */
export const MAX_LABEL_LENGTH = 120;
/** How far back a report still offers its reporter as a peer (days). */
export const PEER_WINDOW_DAYS = 90;
/** Thread memory lives this long (seconds). */
export const THREAD_TTL_SECONDS = 86_400;
/** Default life of an idempotency claim (seconds): longer than any platform's retry window. */
export const IDEMPOTENCY_TTL_SECONDS = 86_400;
