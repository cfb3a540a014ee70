/**
 * The Teams messaging endpoint as a Lambda handler factory. functions/teams-messages.ts builds it once per
 * container. The settings are checked here, at once, so an unsafe or incomplete configuration still fails the
 * cold start; botbuilder (CloudAdapter, JWT validation, the turn: turn-handler.ts) is imported on the first
 * request and kept for the warm ones. It is most of the function's bundle, and loading it at import time put
 * the cold init near its 300 ms budget (docs/deploy.md, "Cold start").
 */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Config } from "../../config/config.ts";
import type { Secrets } from "../../config/secrets.ts";
import type { PeerServices } from "../../peer/ports.ts";
import type { Core } from "../core/reply.ts";
import type { CredentialsFactory } from "./adapter.ts";
import { assertCredentialsComplete, type ChannelAuthEndpoints, teamsAuthSettings } from "./auth-settings.ts";
import type { LambdaHttpEvent } from "./lambda-shim.ts";
import { type TeamsLog, teamsLogger } from "./log.ts";

export interface TeamsHandlerDeps {
  core: Core;
  peer: Pick<PeerServices, "conversations" | "idempotency">;
  secrets: Pick<Secrets, "teamsAppPassword">;
  /** Outgoing-call credentials; tests pass one that signs requests for a fake Bot Connector. */
  credentialsFactory?: CredentialsFactory;
  /** Where inbound tokens' signing keys come from; tests serve them on 127.0.0.1. */
  channelAuth?: ChannelAuthEndpoints;
  turnDeadlineMs?: number;
  log?: TeamsLog;
}

export type TeamsHandler = (event: LambdaHttpEvent) => Promise<APIGatewayProxyStructuredResultV2>;

/** Loads the botbuilder half of the handler (turn-handler.ts); tests pass one that fails or counts. */
export type TurnHandlerLoader = () => Promise<Pick<typeof import("./turn-handler.ts"), "createTurnHandler">>;

// A dynamic import, so esbuild puts botbuilder in chunks the cold start does not load (cdk/bundling.ts).
const loadTurnHandler: TurnHandlerLoader = () => import("./turn-handler.ts");

/** Makes the handler; throws TeamsConfigError at once when the configuration is unsafe or incomplete. */
export function makeTeamsHandler(
  deps: TeamsHandlerDeps,
  config: Pick<Config, "teams">,
  load: TurnHandlerLoader = loadTurnHandler,
): TeamsHandler {
  const log = deps.log ?? teamsLogger();
  // The checks createTeamsAdapter makes on the settings, made now: building the adapter waits for the first request.
  const settings = teamsAuthSettings(config.teams, deps.secrets.teamsAppPassword);
  if (!deps.credentialsFactory) assertCredentialsComplete(settings);
  let loaded: Promise<TeamsHandler> | undefined;
  const turnHandler = (): Promise<TeamsHandler> => {
    if (loaded) return loaded;
    const attempt = load().then((m) => m.createTurnHandler(deps, config, log));
    loaded = attempt;
    // A failed load fails only this request (nothing was claimed or posted); the next one tries again.
    attempt.catch(() => {
      if (loaded === attempt) loaded = undefined;
    });
    return attempt;
  };
  return async (event) => (await turnHandler())(event);
}
