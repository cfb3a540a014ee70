/**
 * The botbuilder half of the Teams handler: CloudAdapter (authentication) + the Lambda shim + Pathfinder's
 * turn logic. bots/teams/handler.ts imports this module on the first request, not at cold start: it is what
 * brings botbuilder, the Bot Framework connector and MSAL (about 900 KB minified) into the process.
 */
import type { Config } from "../../config/config.ts";
import { createTeamsAdapter } from "./adapter.ts";
import { tenantAllowed } from "./auth-settings.ts";
import { createTeamsBot } from "./bot.ts";
import type { TeamsHandler, TeamsHandlerDeps } from "./handler.ts";
import { processLambdaEvent } from "./lambda-shim.ts";
import type { TeamsLog } from "./log.ts";
import { createCloudProactiveSender } from "./proactive.ts";

const FORBIDDEN = JSON.stringify({ error: "This bot does not serve your organisation" });

/** Builds the adapter, the proactive sender and the bot, and returns the per-event handler. */
export function createTurnHandler(
  deps: TeamsHandlerDeps,
  config: Pick<Config, "teams">,
  log: TeamsLog,
): TeamsHandler {
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
