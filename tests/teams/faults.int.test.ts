/**
 * Issue 12, "the same for the Teams endpoint": DynamoDB killed and restarted during a burst of blocker
 * reports through the real Teams handler (tests/teams/fault-run.ts), plus the two defects the run found,
 * pinned one by one. The full run is `npm run bench faults` (teams-* scenarios).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTeamsHandler } from "../../bots/teams/handler.ts";
import { TEAMS_MESSAGES } from "../../bots/teams/messages.ts";
import { loadConfig } from "../../config/config.ts";
import type { ConversationReferences, Idempotency } from "../../peer/ports.ts";
import { StorageUnavailableError } from "../../store/errors.ts";
import { type FakeBotConnector, startFakeBotConnector } from "../support/fake-bot-connector.ts";
import { type FakeOpenId, startFakeOpenId } from "../support/fake-openid.ts";
import { cardTexts, fixture, ScriptedCore } from "./fakes.ts";
import { runTeamsFaultScenario } from "./fault-run.ts";
import { offlineAuth, signedEvent } from "./http.ts";

describe("Teams: DynamoDB killed and restarted mid-burst", () => {
  it("loses no report, duplicates nothing, and tells every person", { timeout: 240_000 }, async () => {
    // Act: 30 reports, one every 100 ms; DynamoDB Local is SIGKILLed after 8 answers, restarted 1.5 s later
    // (its start-up makes the outage several seconds); the channel re-sends after a 5xx, twice, 1 s apart.
    const result = await runTeamsFaultScenario({
      name: "kill-restart",
      reports: 30,
      gapMs: 100,
      channelRetries: 2,
      retryDelayMs: 1_000,
      dynamoOutage: { afterAnswered: 8, restartAfterMs: 1_500 },
    });

    // Assess
    expect(result.lost).toBe(0);
    expect(result.silent).toBe(0);
    expect(result.duplicateReports).toBe(0);
    expect(result.duplicatedMessages).toBe(0);
    expect(result.repeatedApologies).toBe(0);
    expect(result.toldAnswer + result.toldApology).toBe(30);
    expect(result.toldApology, "the outage reached some reports").toBeGreaterThan(0);
  });
});

const APP_ID = "33333333-4444-5555-6666-777777777777";
const config = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: "tenant-0001" });
const storageDown = () =>
  new StorageUnavailableError("claim an event", 4, { cause: new Error("ECONNREFUSED") });

let openId: FakeOpenId;
let connector: FakeBotConnector;
beforeAll(async () => {
  [openId, connector] = await Promise.all([startFakeOpenId(), startFakeBotConnector()]);
});
afterAll(async () => {
  await Promise.all([openId.close(), connector.close()]);
});

/** The real handler over a scripted core and the given stores; returns what the person saw. */
async function turnWith(peer: { idempotency: Idempotency; conversations: ConversationReferences }) {
  const core = new ScriptedCore();
  const channel = { appId: APP_ID, openId, connector };
  const handle = makeTeamsHandler(
    {
      core,
      peer,
      ...offlineAuth(channel),
      log: { error: () => {} },
    },
    config,
  );
  const conversationId = `a:${randomUUID()}`;
  const activity = fixture("personal-message", {
    id: `act-${randomUUID()}`,
    serviceUrl: connector.serviceUrl,
    conversation: {
      id: conversationId,
      conversationType: "personal",
      tenantId: "tenant-0001",
      isGroup: false,
      name: "",
    },
  });
  const result = await handle(signedEvent(channel, activity));
  const seen = connector.activities
    .filter((a) => a.conversationId === conversationId && a.activity.type === "message")
    .flatMap((a) => cardTexts(a.activity));
  return { status: result.statusCode, seen, core };
}

const workingReferences: ConversationReferences = { save: async () => {}, get: async () => undefined };
const workingClaims: Idempotency = { claim: async () => true, release: async () => {} };

describe("Teams turn when storage fails", () => {
  it("regression: apologises (200, no retry needed) when the activity cannot even be claimed", async () => {
    // Before: the claim's error escaped the turn, botbuilder answered 500 and the person heard nothing.
    const { status, seen, core } = await turnWith({
      idempotency: { claim: async () => Promise.reject(storageDown()), release: async () => {} },
      conversations: workingReferences,
    });

    expect(status).toBe(200);
    expect(core.messages).toHaveLength(0);
    expect(seen).toEqual([TEAMS_MESSAGES.failed]);
  });

  it("regression: answers when only saving the conversation reference failed", async () => {
    // Before: the failed save failed the turn after core had done the work (a stored report, then
    // "nothing was saved"), or, when core failed first, ended the process as an unhandled rejection.
    const { status, seen, core } = await turnWith({
      idempotency: workingClaims,
      conversations: { save: async () => Promise.reject(storageDown()), get: async () => undefined },
    });

    expect(status).toBe(200);
    expect(core.messages).toHaveLength(1);
    expect(seen).toEqual([`You said: ${core.messages[0]?.text}`]);
  });
});
