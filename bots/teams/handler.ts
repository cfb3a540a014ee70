/**
 * The Teams messaging endpoint as a Lambda handler factory: CloudAdapter (authentication) + the
 * Lambda shim + Pathfinder's turn logic. functions/teams-messages.ts builds it once per container.
 */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Config } from "../../config/config.ts";
import type { Secrets } from "../../config/secrets.ts";
import type { PeerServices } from "../../peer/ports.ts";
import type { Core } from "../core/reply.ts";
import { type ChannelAuthEndpoints, type CredentialsFactory, createTeamsAdapter } from "./adapter.ts";
import { createTeamsBot, type TeamsLog, teamsLogger } from "./bot.ts";
import { type LambdaHttpEvent, processLambdaEvent } from "./lambda-shim.ts";
import { createCloudProactiveSender } from "./proactive.ts";

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

/** Makes the handler; throws TeamsConfigError at once when the configuration is unsafe or incomplete. */
export function makeTeamsHandler(deps: TeamsHandlerDeps, config: Pick<Config, "teams">): TeamsHandler {
  const log = deps.log ?? teamsLogger();
  const adapter = createTeamsAdapter({
    teams: config.teams,
    ...(deps.secrets.teamsAppPassword ? { appPassword: deps.secrets.teamsAppPassword } : {}),
    ...(deps.credentialsFactory ? { credentialsFactory: deps.credentialsFactory } : {}),
    ...(deps.channelAuth ? { channelAuth: deps.channelAuth } : {}),
    onTurnError: (error) =>
      log.error("turn error", { error: error instanceof Error ? error.message : String(error) }),
  });
  const proactive = createCloudProactiveSender({
    adapter,
    appId: config.teams.appId ?? "",
    conversations: deps.peer.conversations,
    onError: (message, error) =>
      log.error(message, { error: error instanceof Error ? error.message : String(error) }),
  });
  const bot = createTeamsBot({
    core: deps.core,
    conversations: deps.peer.conversations,
    idempotency: deps.peer.idempotency,
    proactive,
    ...(deps.turnDeadlineMs ? { turnDeadlineMs: deps.turnDeadlineMs } : {}),
    log,
  });
  return (event) => processLambdaEvent(adapter, event, (context) => bot.onTurn(context), log);
}
