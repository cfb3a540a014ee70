/**
 * The Teams network tests' rig: the real core on DynamoDB Local with one editor (coordinator) and one ambassador,
 * the Lambda handler behind signed tokens (fake OpenID metadata), and the fake Bot Connector catching what is
 * posted. `send` signs a fixture activity and returns the invoke body and the messages posted meanwhile.
 */
import type { Activity } from "botbuilder";
import { vi } from "vitest";
import { createPathfinder } from "../../app/pathfinder.ts";
import { makeTeamsHandler } from "../../bots/teams/handler.ts";
import { loadConfig } from "../../config/config.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createTestTable } from "../support/dynamo.ts";
import { type FakeBotConnector, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { startFakeOpenId } from "../support/fake-openid.ts";
import { offlineAuth, sendFixture } from "./http.ts";

export const APP_ID = "11111111-2222-3333-4444-555555555555";

/** What a test drives and inspects. */
export interface TeamsNetworkRig {
  peer: PeerServices;
  connector: FakeBotConnector;
  send(
    name: string,
    overrides?: Partial<Activity>,
  ): Promise<{
    posted: FakeBotConnector["activities"];
    body: ReturnType<typeof JSON.parse>;
    statusCode?: number;
  }>;
  close(): Promise<void>;
}

/** Starts the rig; `editorId` becomes the coordinator, `ambassadorId` Janet Price's Teams id. */
export async function startTeamsNetworkRig(options: {
  tableName: string;
  hashKey: string;
  editorId: string;
  ambassadorId: string;
}): Promise<TeamsNetworkRig> {
  // Core reads its editors (coordinators) from the environment, as on Lambda.
  vi.stubEnv("PATHFINDER_COORDINATORS", `teams:${options.editorId}`);
  const table = await createTestTable(options.tableName);
  const openId = await startFakeOpenId();
  const connector = await startFakeBotConnector();
  const channel = { appId: APP_ID, openId, connector };
  const config = loadConfig({
    PATHFINDER_TABLE: table.tableName,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_TENANT_ID: "tenant-0001",
  });
  const app = await createPathfinder({ config, secrets: { hashKey: options.hashKey }, doc: table.doc });
  await app.peer.ambassadors.put({
    id: "amb-janet",
    displayName: "Janet Price",
    teamsUserId: options.ambassadorId,
    categories: ["hr-tupe-pensions"],
    serviceAreas: ["adult social care"],
    monthlyCapacity: 3,
  });
  const handle = makeTeamsHandler(
    {
      core: app.core,
      peer: app.peer,
      ...offlineAuth(channel),
      log: { error: () => {} },
    },
    config,
  );
  return {
    peer: app.peer,
    connector,
    async send(name, overrides = {}) {
      const { result, posted } = await sendFixture(handle, channel, name, overrides);
      return {
        posted: posted.filter((a) => a.activity.type === "message"),
        statusCode: result.statusCode,
        body: result.body ? JSON.parse(result.body) : undefined,
      };
    },
    async close() {
      vi.unstubAllEnvs();
      await Promise.all([openId.close(), connector.close(), table.drop()]);
    },
  };
}
