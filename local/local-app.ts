/**
 * Wires an assembled Pathfinder into the local server: bridges, playground API and HTTP routes.
 * `npm start` and the server tests build the app the same way.
 */
import type { Server } from "node:http";
import type { Pathfinder } from "../app/types.ts";
import type { WorkerLog } from "../bots/slack/worker.ts";
import type { Secrets } from "../config/secrets.ts";
import { createLocalBridges, type LocalBridges } from "./bridges/index.ts";
import type { KnowledgeApiDeps } from "./knowledge-api.ts";
import { createNetworkApi } from "./network-api.ts";
import { createPlaygroundApi } from "./playground-api.ts";
import { createLocalServer } from "./server.ts";

/** Options for the local app. */
export interface LocalAppOptions {
  loopbackOnly: boolean;
  adminToken?: string;
  log: WorkerLog;
  now?: () => Date;
  /** The document library behind the playground's Knowledge tab. */
  knowledge?: KnowledgeApiDeps;
}

/** The server (not yet listening) and the bridges behind it. */
export async function createLocalApp(
  pathfinder: Pathfinder,
  secrets: Secrets,
  options: LocalAppOptions,
): Promise<{ server: Server; bridges: LocalBridges }> {
  const bridges = await createLocalBridges(pathfinder, secrets, {
    exposed: !options.loopbackOnly,
    log: options.log,
  });
  const api = createPlaygroundApi(pathfinder, {
    platforms: {
      slack: bridges.slack.ready
        ? "Slack events are served at /slack/events (signatures verified)."
        : bridges.slack.reason,
      teams: bridges.teams.ready ? "Teams activities are served at /api/messages." : bridges.teams.reason,
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const server = createLocalServer({
    api,
    network: createNetworkApi(pathfinder),
    bridges,
    loopbackOnly: options.loopbackOnly,
    log: options.log,
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    ...(options.knowledge ? { knowledge: options.knowledge } : {}),
  });
  return { server, bridges };
}
