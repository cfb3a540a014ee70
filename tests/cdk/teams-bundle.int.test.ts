/**
 * The Teams function exactly as it ships (cdk/bundling.ts: stubs for the modules botbuilder requires but
 * Pathfinder never reaches, one copy of duplicated packages), run in-process against DynamoDB Local, the fake
 * OpenID metadata and the fake Bot Connector: it must still verify a signed activity, refuse a forged one and
 * reply. Regression guard for issue 12's bundle cuts: a stub on a path the handler does reach fails here.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPathfinder } from "../../app/pathfinder.ts";
import { bundleFunctionAsync, ENTRY_NAME, REPO_ROOT } from "../../cdk/bundling.ts";
import { FUNCTION_SPECS } from "../../cdk/function-specs.ts";
import { loadConfig } from "../../config/config.ts";
import type * as TeamsEntry from "../../functions/teams-messages.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import {
  type FakeBotConnector,
  OfflineCredentialsFactory,
  startFakeBotConnector,
} from "../support/fake-bot-connector.ts";
import { type FakeOpenId, startFakeOpenId } from "../support/fake-openid.ts";
import { fixture } from "../teams/fakes.ts";
import { functionUrlEvent } from "../teams/http.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const outdir = mkdtempSync(join(tmpdir(), "pathfinder-teams-bundle-"));

let table: TestTable;
let openId: FakeOpenId;
let connector: FakeBotConnector;
let handle: ReturnType<typeof TeamsEntry.makeTeamsHandler>;

beforeAll(async () => {
  await bundleFunctionAsync(join(REPO_ROOT, FUNCTION_SPECS.teamsMessages.entry), outdir);
  // The bundled entry module: its makeTeamsHandler carries the bundled (stubbed, deduplicated) botbuilder.
  const bundled = (await import(pathToFileURL(join(outdir, `${ENTRY_NAME}.mjs`)).href)) as typeof TeamsEntry;
  [table, openId, connector] = await Promise.all([
    createTestTable("teams-bundle"),
    startFakeOpenId(),
    startFakeBotConnector(),
  ]);
  const config = loadConfig({
    PATHFINDER_TABLE: table.tableName,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_TENANT_ID: "tenant-0001",
  });
  const app = await createPathfinder({ config, secrets: { hashKey: "bundle-key" }, doc: table.doc });
  handle = bundled.makeTeamsHandler(
    {
      core: app.core,
      peer: app.peer,
      secrets: { teamsAppPassword: "unused" },
      credentialsFactory: new OfflineCredentialsFactory(APP_ID),
      channelAuth: { openIdMetadataUrl: openId.metadataUrl },
      log: { error: () => {} },
    },
    config,
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([openId?.close(), connector?.close(), table?.drop()]);
  rmSync(outdir, { recursive: true, force: true });
});

describe("the bundled Teams handler", () => {
  it("verifies a signed activity and replies through the Bot Connector", async () => {
    // Prepare
    const activity = fixture("personal-message", {
      id: `act-${randomUUID()}`,
      serviceUrl: connector.serviceUrl,
      text: "How do we get the unions on board with a spin-out?",
    });
    const token = openId.sign({ aud: APP_ID, serviceurl: connector.serviceUrl });
    const before = connector.activities.length;

    // Act
    const result = await handle(functionUrlEvent(activity, { token }));

    // Assess
    expect(result.statusCode).toBe(200);
    const replies = connector.activities.slice(before).filter((a) => a.activity.type === "message");
    expect(replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(replies[0]?.activity.attachments)).toMatch(/Sources/);
  });

  it("refuses an activity signed with the wrong audience, and posts nothing", async () => {
    // Prepare
    const activity = fixture("personal-message", {
      id: `act-${randomUUID()}`,
      serviceUrl: connector.serviceUrl,
    });
    const token = openId.sign({ aud: "someone-else", serviceurl: connector.serviceUrl });
    const before = connector.activities.length;

    // Act
    const result = await handle(functionUrlEvent(activity, { token }));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(connector.activities.length).toBe(before);
  });

  it("regression (issue 13.13): answers a 3,000-character button value with 'expired', not a 500", async () => {
    // Prepare: an Action.Execute whose data a client forged (Teams passes card data through as sent).
    const activity = fixture("card-action-invoke", {
      id: `act-${randomUUID()}`,
      serviceUrl: connector.serviceUrl,
      value: {
        action: { type: "Action.Execute", data: { actionId: "intro.accept", value: "x".repeat(3000) } },
      },
    });
    const token = openId.sign({ aud: APP_ID, serviceurl: connector.serviceUrl });

    // Act
    const result = await handle(functionUrlEvent(activity, { token }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? "{}")).toMatchObject({
      statusCode: 200,
      value: expect.stringMatching(/expired or isn't one I recognise/),
    });
  });
});
