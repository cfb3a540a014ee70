/**
 * Lambda entry: the Teams messaging endpoint (the Azure Bot's messaging endpoint points at this
 * function's URL, ending /api/messages or not: the path is not checked). Thin: it assembles Pathfinder
 * once per container and hands each HTTP event to bots/teams (JWT validation, the turn, the response).
 */

import { createPathfinder } from "../app/pathfinder.ts";
import { makeTeamsHandler, type TeamsHandler } from "../bots/teams/handler.ts";
import type { LambdaHttpEvent } from "../bots/teams/lambda-shim.ts";
import { loadConfig } from "../config/config.ts";
import { getSecrets } from "../config/secrets.ts";

export { makeTeamsHandler } from "../bots/teams/handler.ts";

let cold: Promise<TeamsHandler> | undefined;

async function assemble(): Promise<TeamsHandler> {
  const config = loadConfig();
  const secrets = await getSecrets(config);
  const app = await createPathfinder({ config, secrets });
  // Throws TeamsConfigError here (failing the cold start) when the bot would accept unsigned requests.
  return makeTeamsHandler({ core: app.core, peer: app.peer, secrets }, config);
}

/** Starts assembling at module load so the work happens in Lambda's init phase; a failure is retried. */
function ready(): Promise<TeamsHandler> {
  cold ??= assemble().catch((error: unknown) => {
    cold = undefined;
    throw error;
  });
  return cold;
}
ready().catch(() => {}); // surfaced by the first invocation

/** The Lambda handler (Function URL or API Gateway HTTP API). */
export async function handler(event: LambdaHttpEvent) {
  return (await ready())(event);
}
