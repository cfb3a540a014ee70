/**
 * Lambda entry: the Teams messaging endpoint (the Azure Bot's messaging endpoint points at this
 * function's URL, ending /api/messages or not: the path is not checked). Thin: it assembles Pathfinder
 * once per container (again if the secrets rotate) and hands each HTTP event to bots/teams (JWT
 * validation, the turn, the response). botbuilder is not imported here: bots/teams/handler.ts loads it with
 * the first request (a lazy chunk), which keeps it out of the cold init (docs/deploy.md, "Measured").
 */

import { perContainer } from "../app/container.ts";
import { createPathfinder } from "../app/pathfinder.ts";
import { makeTeamsHandler } from "../bots/teams/handler.ts";
import type { LambdaHttpEvent } from "../bots/teams/lambda-shim.ts";

export { makeTeamsHandler } from "../bots/teams/handler.ts";

const ready = perContainer(async (config, secrets) => {
  const app = await createPathfinder({ config, secrets });
  // Throws TeamsConfigError here (failing the cold start) when the bot would accept unsigned requests.
  return makeTeamsHandler({ core: app.core, peer: app.peer, secrets }, config);
});
// Starts assembling at module load so the work happens in Lambda's init phase; a failure is retried.
ready().catch(() => {}); // surfaced by the first invocation

/** The Lambda handler (Function URL or API Gateway HTTP API). */
export async function handler(event: LambdaHttpEvent) {
  return (await ready())(event);
}
