/**
 * The Teams function with the real core on DynamoDB Local: signed activities in through the Lambda
 * handler, cards out to a fake Bot Connector, introductions delivered proactively.
 */
import type { Activity } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPathfinder } from "../../app/pathfinder.ts";
import { makeTeamsHandler, type TeamsHandler } from "../../bots/teams/handler.ts";
import { loadConfig } from "../../config/config.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { type FakeBotConnector, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { type FakeOpenId, startFakeOpenId } from "../support/fake-openid.ts";
import { cardTexts, execute } from "./fakes.ts";
import { offlineAuth, sendFixture } from "./http.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const AMBASSADOR = { id: "29:1ambassador", name: "Dee Ambassador", aadObjectId: "aad-ambassador" };

let table: TestTable;
let peer: PeerServices;
let openId: FakeOpenId;
let connector: FakeBotConnector;
let handle: TeamsHandler;

beforeAll(async () => {
  table = await createTestTable("teams-e2e");
  openId = await startFakeOpenId();
  connector = await startFakeBotConnector();
  const config = loadConfig({
    PATHFINDER_TABLE: table.tableName,
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_TENANT_ID: "tenant-0001",
  });
  const app = await createPathfinder({ config, secrets: { hashKey: "e2e-key" }, doc: table.doc });
  peer = app.peer;
  handle = makeTeamsHandler(
    {
      core: app.core,
      peer: app.peer,
      ...offlineAuth({ appId: APP_ID, openId }),
      log: { error: () => {} },
    },
    config,
  );
});

afterAll(async () => {
  await Promise.all([openId.close(), connector.close(), table.drop()]);
});

/** Sends a signed activity and returns the HTTP result and the messages posted to the connector meanwhile. */
async function send(name: string, overrides: Partial<Activity> = {}) {
  const { result, posted } = await sendFixture(handle, { appId: APP_ID, openId, connector }, name, overrides);
  return {
    result,
    posted: posted.filter((a) => a.activity.type === "message"),
    body: result.body ? JSON.parse(result.body) : undefined,
  };
}

/** The `{ actionId, value }` data of every Execute button in a posted card. */
function buttons(activity: Partial<Activity> | undefined): { actionId: string; value?: string }[] {
  const found: { actionId: string; value?: string }[] = [];
  JSON.stringify(activity?.attachments?.[0]?.content ?? {}, (key, value) => {
    if (key === "data" && value && typeof value.actionId === "string") found.push(value);
    return value;
  });
  return found;
}

describe("Teams end to end with the real core", () => {
  it("answers a question with a cited card and Helpful / ambassador / blocker buttons", async () => {
    // Act
    const { result, posted } = await send("personal-message", {
      text: "How do we get the unions on board with a spin-out?",
    });

    // Assess
    expect(result.statusCode).toBe(200);
    const texts = cardTexts(posted[0]?.activity).join("\n");
    expect(texts).toMatch(/Sources/);
    expect(texts).toMatch(/\*\*\[1\]\*\*/);
    expect(buttons(posted[0]?.activity).map((b) => b.actionId)).toEqual(
      expect.arrayContaining(["feedback.helpful", "ambassador.request", "blocker.log"]),
    );
    const helpful = buttons(posted[0]?.activity).find((b) => b.actionId === "feedback.helpful");
    const rated = await send("card-action-invoke", execute("feedback.helpful", helpful?.value ?? ""));
    expect(rated.body).toMatchObject({ statusCode: 200, value: "Thanks for the feedback." });
  });

  it("logs a blocker from a channel mention privately, then lets the reporter correct its category", async () => {
    // Act
    const logged = await send("channel-mention");

    // Assess: the report reaches the reporter's personal chat, not the channel.
    const privateCard = logged.posted.find((a) => a.conversationId.startsWith("a:created-"));
    expect(cardTexts(privateCard?.activity).join(" ")).toMatch(/Logged as/);
    const inChannel = logged.posted.filter((a) => a.conversationId.startsWith("19:spinout"));
    expect(cardTexts(inChannel[0]?.activity)).toEqual([
      "I've replied in your personal chat with Pathfinder.",
    ]);
    const reports = await peer.obstacles.listForUser({ platform: "teams", userId: "29:1colleague-teams-id" });
    expect(reports).toHaveLength(1);

    // Act: correct the category from the dropdown.
    const correct = buttons(privateCard?.activity).find((b) => b.actionId === "blocker.correct");
    expect(correct).toMatchObject({ valueInput: expect.any(String) });
    const corrected = await send("card-action-invoke", {
      from: { id: "29:1colleague-teams-id", name: "Ben Okafor" },
      value: {
        action: {
          type: "Action.Execute",
          data: {
            ...correct,
            [String((correct as { valueInput?: string }).valueInput)]: `${reports[0]?.id}|legal-governance`,
          },
        },
      },
    });

    // Assess
    expect(corrected.body?.value).toMatch(/Legal form and governance/);
    expect((await peer.obstacles.get(reports[0]?.id ?? ""))?.categories.map((c) => c.id)).toEqual([
      "legal-governance",
    ]);
  });

  it("introduces an asker to an ambassador proactively; the ambassador accepts from the card", async () => {
    // Prepare: an ambassador on Teams who has installed Pathfinder (their reference is stored on install).
    await peer.ambassadors.put({
      id: "dee-tupe",
      displayName: "Dee Ambassador",
      teamsUserId: AMBASSADOR.id,
      categories: ["hr-tupe-pensions"],
      serviceAreas: ["adult social care"],
      monthlyCapacity: 3,
    });
    await send("installation-update", {
      from: AMBASSADOR,
      conversation: {
        id: "a:1personal-ambassador",
        conversationType: "personal",
        tenantId: "tenant-0001",
        isGroup: false,
        name: "",
      },
    });
    const mentor = await send("personal-message", { text: "mentor TUPE and pensions" });
    const choose = buttons(mentor.posted[0]?.activity).find((b) => b.actionId === "ambassador.choose");
    expect(choose?.value).toMatch(/^dee-tupe\|/);

    // Act: the asker asks for the introduction.
    const asked = await send("card-action-invoke", execute("ambassador.choose", choose?.value ?? ""));

    // Assess: the ambassador got the request in their personal chat.
    const request = asked.posted.find((a) => a.conversationId === "a:1personal-ambassador");
    expect(cardTexts(request?.activity).join(" ")).toMatch(/Asha Patel\*\* would like to talk to you/);
    const accept = buttons(request?.activity).find((b) => b.actionId === "intro.accept");
    expect(accept?.value).toBeTruthy();

    // Act: the ambassador accepts from the card, in their own chat.
    const accepted = await send("card-action-invoke", {
      from: AMBASSADOR,
      conversation: {
        id: "a:1personal-ambassador",
        conversationType: "personal",
        tenantId: "tenant-0001",
        isGroup: false,
        name: "",
      },
      ...execute("intro.accept", accept?.value ?? ""),
    });

    // Assess: both people get the introduction in their personal chats, each mentioning the other.
    const intros = accepted.posted.filter((a) =>
      cardTexts(a.activity).some((t) => t.includes("A Pathfinder introduction")),
    );
    expect(intros.map((a) => a.conversationId).sort()).toEqual([
      "a:1personal-ambassador",
      "a:1personal-asker",
    ]);
    const introduction = await peer.introductions.get(accept?.value ?? "");
    expect(introduction?.status).toBe("accepted");
  });

  it("answers an unknown card action with core's clear message", async () => {
    // Act
    const { body, posted } = await send("card-action-invoke", execute("no.such.action", "x"));

    // Assess
    expect(body).toMatchObject({
      statusCode: 200,
      value: expect.stringMatching(/expired or isn't one I know/),
    });
    expect(cardTexts(posted[0]?.activity).join(" ")).toMatch(/expired/);
  });

  it("subscribes a channel with its stored reference for the digest", async () => {
    // Act
    await send("channel-mention", { text: "<at>Pathfinder</at> subscribe" });

    // Assess
    const subscriptions = await peer.subscriptions.list();
    const channel = subscriptions.find((s) => s.conversationId === "19:spinout-programme@thread.tacv2");
    expect(channel?.reference).toMatchObject({
      serviceUrl: connector.serviceUrl,
      conversation: { id: "19:spinout-programme@thread.tacv2" },
    });
  });
});
