/**
 * The Teams messaging endpoint as a Lambda handler factory: CloudAdapter (authentication) + the
 * Lambda shim + Pathfinder's turn logic. functions/teams-messages.ts builds it once per container.
 */
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Activity } from "botbuilder";
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
  return async (event) => {
    let otherTenant = false;
    const result = await processLambdaEvent(
      adapter,
      event,
      async (context) => {
        // Runs only after CloudAdapter has authenticated the request, so a forged token stays a 401.
        if (!tenantAllowed(config.teams, context.activity)) {
          otherTenant = true;
          // No ids or text: the activity type is enough to see the refusals in the logs.
          log.error("activity from another tenant refused", { type: context.activity.type });
          return;
        }
        await bot.onTurn(context);
      },
      log,
    );
    return otherTenant
      ? { statusCode: 403, headers: { "content-type": "application/json" }, body: FORBIDDEN }
      : result;
  };
}

const FORBIDDEN = JSON.stringify({ error: "This bot does not serve your organisation" });

/**
 * A correctly signed activity may come from any tenant the Bot Framework serves (the token is the
 * Bot Framework's, not the tenant's), so a SingleTenant bot must check the tenant itself.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/authentication/bot-sso-register-aad
 * A MultiTenant bot, and local development with no app id, accept every tenant.
 */
export function tenantAllowed(teams: Config["teams"], activity: Activity): boolean {
  if (!teams.appId || teams.appType.toLowerCase() === "multitenant") return true;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenant = channelData?.tenant?.id ?? activity.conversation?.tenantId;
  return typeof tenant === "string" && tenant === teams.tenantId;
}
