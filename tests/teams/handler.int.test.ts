import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TeamsConfigError } from "../../bots/teams/adapter.ts";
import { makeTeamsHandler, type TeamsHandler } from "../../bots/teams/handler.ts";
import { loadConfig } from "../../config/config.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import {
  FAKE_OUTBOUND_TOKEN,
  type FakeBotConnector,
  startFakeBotConnector,
} from "../support/fake-bot-connector.ts";
import { type FakeOpenId, startFakeOpenId } from "../support/fake-openid.ts";
import { cardTexts, fixture, reply, ScriptedCore } from "./fakes.ts";
import { functionUrlEvent, offlineAuth, channelToken as signedToken } from "./http.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const config = loadConfig({
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_TENANT_ID: "tenant-0001",
});

let table: TestTable;
let peer: PeerServices;
let openId: FakeOpenId;
let connector: FakeBotConnector;
let core: ScriptedCore;
let handle: TeamsHandler;

beforeAll(async () => {
  table = await createTestTable("teams-http");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-key" });
  openId = await startFakeOpenId();
  connector = await startFakeBotConnector();
});

afterAll(async () => {
  await Promise.all([openId.close(), connector.close(), table.drop()]);
});

beforeEach(() => {
  connector.activities.splice(0);
  connector.createdConversations.splice(0);
  core = new ScriptedCore();
  handle = makeTeamsHandler(
    {
      core,
      peer,
      ...offlineAuth(channel()),
      log: { error: () => {} },
    },
    config,
  );
});

/** A Teams activity from a fixture, aimed at the fake connector, with a fresh id. */
function activity(name: string, overrides: Partial<Activity> = {}): Activity {
  return fixture(name, { id: `act-${randomUUID()}`, serviceUrl: connector.serviceUrl, ...overrides });
}

/** The fake channel this file's handlers are signed for. */
const channel = () => ({ appId: APP_ID, openId, connector });

/** A token as the Bot Framework channel signs it for this bot and this serviceUrl. */
const channelToken = (claims: Record<string, unknown> = {}) => signedToken(channel(), claims);

describe("Teams Lambda handler with authentication configured", () => {
  it("refuses a request with no token: 401, core not called, nothing posted or claimed", async () => {
    // Prepare
    const message = activity("personal-message");

    // Act
    const result = await handle(functionUrlEvent(message));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(core.messages).toHaveLength(0);
    expect(connector.activities).toHaveLength(0);
    expect(await peer.idempotency.claim(`teams:${message.conversation.id}:${message.id}`)).toBe(true);
    expect(await peer.conversations.get("aad-asker-0001")).toBeUndefined();
  });

  it.each([
    [
      "signed by a key the Bot Framework does not publish",
      () => openId.sign({ aud: APP_ID }, { key: openId.strangerKey }),
    ],
    ["for another bot", () => channelToken({ aud: "another-bot" })],
    ["for another serviceUrl", () => channelToken({ serviceurl: "https://smba.trafficmanager.net/uk/" })],
    ["expired", () => channelToken({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ["from another issuer", () => channelToken({ iss: "https://sts.windows.net/evil/" })],
    ["that is not a JWT", () => "not-a-token"],
  ])("refuses a token %s with 401 and no side effect", async (_label, token) => {
    // Act
    const result = await handle(functionUrlEvent(activity("personal-message"), { token: token() }));

    // Assess
    expect(result.statusCode).toBe(401);
    expect(core.messages).toHaveLength(0);
    expect(connector.activities).toHaveLength(0);
  });

  it("accepts a properly signed message and posts typing and the answer card to the Bot Connector", async () => {
    // Prepare
    const message = activity("personal-message");

    // Act
    const result = await handle(functionUrlEvent(message, { token: channelToken() }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(core.messages[0]?.text).toBe("How do we get the unions on board with a spin-out?");
    expect(connector.activities.map((a) => a.activity.type)).toEqual(["typing", "message"]);
    const posted = connector.activities[1];
    expect(posted).toMatchObject({
      conversationId: "a:1personal-asker",
      replyToId: message.id,
      authorization: `Bearer ${FAKE_OUTBOUND_TOKEN}`,
    });
    expect(cardTexts(posted?.activity)).toEqual([
      "You said: How do we get the unions on board with a spin-out?",
    ]);
    expect(openId.keyFetches).toBeGreaterThan(0);
  });

  it("posts a retried activity's reply only once", async () => {
    // Prepare
    const message = activity("personal-message");
    const event = functionUrlEvent(message, { token: channelToken() });

    // Act
    const first = await handle(event);
    const retry = await handle(event);

    // Assess
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(connector.activities.filter((a) => a.activity.type === "message")).toHaveLength(1);
    expect(core.messages).toHaveLength(1);
  });

  it("regression (issue 13.4): refuses a correctly signed activity from another tenant with 403, logging no ids", async () => {
    // Prepare: a genuine Bot Framework token, but the activity comes from a tenant this SingleTenant bot does not serve.
    const logged: string[] = [];
    const guarded = makeTeamsHandler(
      {
        core,
        peer,
        ...offlineAuth(channel()),
        log: { error: (message, detail) => logged.push(JSON.stringify({ message, detail })) },
      },
      config,
    );
    const stranger = activity("personal-message", {
      from: { id: "29:1stranger", name: "Eve", aadObjectId: "aad-stranger" },
      conversation: {
        id: "a:1personal-stranger",
        conversationType: "personal",
        tenantId: "tenant-evil",
        isGroup: false,
        name: "",
      },
      channelData: { tenant: { id: "tenant-evil" } },
    });

    // Act
    const result = await guarded(functionUrlEvent(stranger, { token: channelToken() }));

    // Assess
    expect(result.statusCode).toBe(403);
    expect(core.messages).toHaveLength(0);
    expect(connector.activities).toHaveLength(0);
    expect(await peer.conversations.get("aad-stranger")).toBeUndefined();
    expect(await peer.conversations.get("29:1stranger")).toBeUndefined();
    expect(logged.join()).toContain("another tenant");
    expect(logged.join()).not.toMatch(/tenant-evil|29:|aad-|stranger/);
  });

  it("refuses an activity whose tenant is missing on a SingleTenant bot, but a MultiTenant bot serves any tenant", async () => {
    // Prepare
    const noTenant = activity("personal-message", {
      conversation: { id: "a:1personal-x", conversationType: "personal", isGroup: false, name: "" },
      channelData: {},
    });
    const multi = makeTeamsHandler(
      {
        core,
        peer,
        ...offlineAuth(channel()),
        log: { error: () => {} },
      },
      loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: "MultiTenant" }),
    );
    const elsewhere = activity("personal-message", { channelData: { tenant: { id: "tenant-other" } } });

    // Act
    const refused = await handle(functionUrlEvent(noTenant, { token: channelToken() }));
    const served = await multi(functionUrlEvent(elsewhere, { token: channelToken() }));

    // Assess
    expect(refused.statusCode).toBe(403);
    expect(served.statusCode).toBe(200);
    expect(core.messages).toHaveLength(1);
  });

  it("returns an Adaptive Card action's invoke response with its status and body", async () => {
    // Prepare
    core.onAction = async () => ({ replies: [reply("Thanks for the feedback.")], outbox: [] });
    const invoke = activity("card-action-invoke");

    // Act
    const result = await handle(functionUrlEvent(invoke, { token: channelToken() }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body))).toEqual({
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
      value: "Thanks for the feedback.",
    });
    expect(core.actions[0]).toMatchObject({ actionId: "feedback.helpful", value: "answer-0001" });
    expect(cardTexts(connector.activities.at(-1)?.activity)).toEqual(["Thanks for the feedback."]);
  });

  it("opens a personal chat for a private reply to someone who wrote in a channel", async () => {
    // Prepare
    core.onMessage = async () => ({ replies: [reply("Your data", { visibility: "private" })], outbox: [] });
    const mention = activity("channel-mention", { text: "<at>Pathfinder</at> export" });

    // Act
    const result = await handle(functionUrlEvent(mention, { token: channelToken() }));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(connector.createdConversations).toHaveLength(1);
    expect(connector.createdConversations[0]).toMatchObject({
      isGroup: false,
      members: [{ id: "29:1colleague-teams-id" }],
      tenantId: "tenant-0001",
    });
    const privately = connector.activities.find((a) => a.conversationId.startsWith("a:created-"));
    expect(cardTexts(privately?.activity)).toEqual(["Your data"]);
    const inChannel = connector.activities.filter((a) => a.conversationId.startsWith("19:spinout"));
    expect(JSON.stringify(inChannel)).not.toContain("Your data");
    // The new chat's reference is kept for the next proactive message.
    expect(await peer.conversations.get("29:1colleague-teams-id")).toMatchObject({
      conversation: { id: expect.stringMatching(/^a:created-/) },
    });
  });

  it("reaches an ambassador proactively through their stored conversation reference", async () => {
    // Prepare: the ambassador talked to Pathfinder once, so their reference is stored.
    const ambassadorHello = activity("personal-message", {
      from: { id: "29:1ambassador", name: "Dee", aadObjectId: "aad-ambassador" },
      conversation: {
        id: "a:1personal-ambassador",
        conversationType: "personal",
        tenantId: "tenant-0001",
        isGroup: false,
        name: "",
      },
    });
    await handle(functionUrlEvent(ambassadorHello, { token: channelToken() }));
    connector.activities.splice(0);
    core.onAction = async () => ({
      replies: [reply("I've asked Dee.")],
      outbox: [
        {
          kind: "direct",
          to: { platform: "teams", userId: "29:1ambassador" },
          reply: reply("Asha would like to talk"),
        },
      ],
    });

    // Act
    const result = await handle(
      functionUrlEvent(
        activity("card-action-invoke", {
          value: {
            action: { type: "Action.Execute", data: { actionId: "ambassador.choose", value: "amb|topic" } },
          },
        }),
        { token: channelToken() },
      ),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    const toAmbassador = connector.activities.find((a) => a.conversationId === "a:1personal-ambassador");
    expect(cardTexts(toAmbassador?.activity)).toEqual(["Asha would like to talk"]);
    expect(connector.createdConversations).toHaveLength(0);
  });
});

describe("Teams Lambda handler: start-up and malformed HTTP", () => {
  it("refuses to start without an app id unless anonymous local development is explicitly allowed", () => {
    // Prepare
    const deps = { core, peer, secrets: {} };

    // Act / Assess
    expect(() => makeTeamsHandler(deps, loadConfig({}))).toThrow(TeamsConfigError);
    expect(() => makeTeamsHandler(deps, loadConfig({}))).toThrow(/TEAMS_ALLOW_ANONYMOUS/);
    expect(() => makeTeamsHandler(deps, loadConfig({ TEAMS_ALLOW_ANONYMOUS: "true" }))).not.toThrow();
  });

  it("regression (issue 13.9): refuses to start on Lambda with TEAMS_ALLOW_ANONYMOUS set", () => {
    // Act / Assess: AWS_LAMBDA_FUNCTION_NAME is how the config knows it runs on Lambda.
    expect(() =>
      loadConfig({
        AWS_LAMBDA_FUNCTION_NAME: "pathfinder-teams-messages",
        HASH_KEY_SECRET_NAME: "Pathfinder/hashKey",
        TEAMS_ALLOW_ANONYMOUS: "true",
      }),
    ).toThrow(/TEAMS_ALLOW_ANONYMOUS.*refused on Lambda/);
    expect(
      loadConfig({ AWS_LAMBDA_FUNCTION_NAME: "fn", HASH_KEY_SECRET_NAME: "k" }).teams.allowAnonymous,
    ).toBe(false);
  });

  it("refuses to start a single-tenant bot without its tenant id or password", () => {
    // Act / Assess
    expect(() =>
      makeTeamsHandler(
        { core, peer, secrets: { teamsAppPassword: "p" } },
        loadConfig({ MICROSOFT_APP_ID: APP_ID }),
      ),
    ).toThrow(/MICROSOFT_APP_TENANT_ID/);
    expect(() => makeTeamsHandler({ core, peer, secrets: {} }, config)).toThrow(/app password/);
  });

  it("refuses to start a managed-identity bot given a password, although botbuilder loads only with the first request", () => {
    // Prepare: the check botbuilder's credentials factory makes; the factory itself is built on the first request.
    const msi = loadConfig({
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_TYPE: "UserAssignedMSI",
      MICROSOFT_APP_TENANT_ID: "tenant-0001",
    });

    // Act / Assess
    expect(() => makeTeamsHandler({ core, peer, secrets: { teamsAppPassword: "p" } }, msi)).toThrow(
      TeamsConfigError,
    );
    expect(() => makeTeamsHandler({ core, peer, secrets: { teamsAppPassword: "p" } }, msi)).toThrow(
      /MicrosoftAppPassword must not be set for MSI/,
    );
    expect(() => makeTeamsHandler({ core, peer, secrets: {} }, msi)).not.toThrow();
  });

  it("loads botbuilder's half on the first request, not before, once for the warm ones, and again after a failed load", async () => {
    // Prepare: a loader that counts its calls and fails the first one (a chunk that could not be read).
    let loads = 0;
    const lazy = makeTeamsHandler(
      {
        core,
        peer,
        ...offlineAuth(channel()),
        log: { error: () => {} },
      },
      config,
      async () => {
        loads += 1;
        if (loads === 1) throw new Error("chunk unreadable");
        return import("../../bots/teams/turn-handler.ts");
      },
    );
    const message = () => functionUrlEvent(activity("personal-message"), { token: channelToken() });
    const loadsBefore = loads;

    // Act
    const first = await lazy(message()).then(
      () => "answered",
      (error: Error) => error.message,
    );
    const second = await lazy(message());
    const third = await lazy(message());

    // Assess: nothing was posted for the failed request; the next ones answered with one more load between them.
    expect(loadsBefore).toBe(0);
    expect(first).toBe("chunk unreadable");
    expect([second.statusCode, third.statusCode]).toEqual([200, 200]);
    expect(loads).toBe(2);
    expect(connector.activities.filter((a) => a.activity.type === "message")).toHaveLength(2);
  });

  it("serves anonymous requests only in explicit local development mode", async () => {
    // Prepare
    const local = makeTeamsHandler(
      { core, peer, secrets: {}, log: { error: () => {} } },
      loadConfig({ TEAMS_ALLOW_ANONYMOUS: "true" }),
    );

    // Act
    const result = await local(functionUrlEvent(activity("personal-message")));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(connector.activities.map((a) => a.activity.type)).toEqual(["typing", "message"]);
    expect(connector.activities[1]?.authorization).toBeUndefined();
  });

  it("reads a base64-encoded body", async () => {
    // Act
    const result = await handle(
      functionUrlEvent(activity("personal-message"), { token: channelToken(), base64: true }),
    );

    // Assess
    expect(result.statusCode).toBe(200);
    expect(core.messages).toHaveLength(1);
  });

  it.each([
    ["a GET", functionUrlEvent("{}", { method: "GET" }), 405],
    ["a body that is not JSON", functionUrlEvent("{not json"), 400],
    ["a JSON array", functionUrlEvent("[]"), 400],
    ["an activity without a type", functionUrlEvent({ id: "x" }), 400],
    [
      "an oversized body",
      functionUrlEvent(JSON.stringify({ type: "message", text: "x".repeat(300_000) })),
      413,
    ],
  ])("answers %s with status %s and calls nothing", async (_label, event, status) => {
    // Act
    const result = await handle(event);

    // Assess
    expect(result.statusCode).toBe(status);
    expect(core.messages).toHaveLength(0);
  });
});
