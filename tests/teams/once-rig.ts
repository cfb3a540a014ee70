/**
 * The rig of the Teams at-most-once tests (proactive-once, turn-once, digest-once): the fake Bot Connector and
 * OpenID metadata started once per file and the connector's recordings and faults forgotten before each test, a
 * table of its own for each test on DynamoDB Local, the log lines recorded, and the Teams handler as the
 * function builds it, signed offline. Its fields are filled by the hooks, so read them inside a test.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Core } from "../../bots/core/reply.ts";
import { makeTeamsHandler, type TeamsHandler } from "../../bots/teams/handler.ts";
import { type Config, loadConfig } from "../../config/config.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { type FakeBotConnector, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { type FakeOpenId, startFakeOpenId } from "../support/fake-openid.ts";
import { type LoggedLine, logRecorder } from "../support/log-recorder.ts";
import { type OfflineChannel, offlineAuth } from "./http.ts";

export const APP_ID = "11111111-2222-3333-4444-555555555555";

/** What the tests drive and inspect. */
export interface OnceRig {
  connector: FakeBotConnector;
  openId: FakeOpenId;
  table: TestTable;
  logs: LoggedLine[];
  record: ReturnType<typeof logRecorder>["record"];
  /** The fake channel the handler's activities are signed for. */
  channel: OfflineChannel;
  /** The Teams settings on this test's table (SingleTenant, tenant-0001). */
  config(): Config;
  /** The Teams Lambda handler answering from `core`, on `peer`, logging errors and warnings to `logs`. */
  teamsHandler(core: Core, peer: Pick<PeerServices, "conversations" | "idempotency">): TeamsHandler;
}

/** Registers the file's hooks; `tablePrefix` names the test tables. */
export function useOnceRig(tablePrefix: string): OnceRig {
  const rig = {
    config: () =>
      loadConfig({
        PATHFINDER_TABLE: rig.table.tableName,
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_TENANT_ID: "tenant-0001",
      }),
    teamsHandler: (core, peer) =>
      makeTeamsHandler(
        {
          core,
          peer,
          ...offlineAuth(rig.channel),
          log: { error: rig.record("error"), warn: rig.record("warn") },
        },
        rig.config(),
      ),
  } as OnceRig; // the rest is filled by the hooks below, before any test reads it
  beforeAll(async () => {
    [rig.connector, rig.openId] = await Promise.all([startFakeBotConnector(), startFakeOpenId()]);
    rig.channel = { appId: APP_ID, openId: rig.openId, connector: rig.connector };
  });
  afterAll(async () => {
    await Promise.all([rig.connector.close(), rig.openId.close()]);
  });
  beforeEach(async () => {
    rig.table = await createTestTable(tablePrefix);
    ({ lines: rig.logs, record: rig.record } = logRecorder());
    rig.connector.reset();
  });
  afterEach(async () => {
    await rig.table.drop();
  });
  return rig;
}
