/**
 * A turn's own reply (context.sendActivity) is posted at most once. The fake Bot Connector records each POST in the
 * asker's chat and then destroys the socket (Teams took it, the bot never hears so): the real handler, CloudAdapter
 * and the turn's claim on DynamoDB Local must count the reply as sent, so the SDK does not re-POST it, no apology
 * follows it, and Teams redelivering the activity answers nothing. A 503 is the opposite case: nothing was posted,
 * the turn fails as before, and the redelivery answers once.
 *
 * Regression: before, the SDK re-POSTed the typing indicator three more times, the turn then failed (its claim given
 * back, an apology posted four times), and a redelivery of the activity answered it again.
 */
import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { TEAMS_MESSAGES } from "../../bots/teams/bot.ts";
import type { TeamsHandler } from "../../bots/teams/handler.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { cardTexts, fixture, reply, ScriptedCore } from "./fakes.ts";
import { signedEvent } from "./http.ts";
import { APP_ID, useOnceRig } from "./once-rig.ts";

const ASKER_CHAT = "a:1personal-asker"; // the personal-message fixture's conversation

const rig = useOnceRig("turn-once");

/** The Teams Lambda handler on the test table, answering from `core`. */
function teamsHandler(core: ScriptedCore): {
  handle: TeamsHandler;
  peer: ReturnType<typeof createPeerServices>;
} {
  const peer = createPeerServices({
    doc: rig.table.doc,
    tableName: rig.table.tableName,
    hashKey: "once-key",
  });
  return { handle: rig.teamsHandler(core, peer), peer };
}

/** Delivers a signed activity to the handler, as the Bot Connector does (again, for a redelivery). */
async function deliver(handle: TeamsHandler, activity: Activity) {
  return handle(signedEvent(rig.channel, activity));
}

/** Activities of one type Teams took in the asker's chat. */
const posted = (type: string) =>
  rig.connector.activities.filter((a) => a.conversationId === ASKER_CHAT && a.activity.type === type);

const question = () =>
  fixture("personal-message", { id: `act-${randomUUID()}`, serviceUrl: rig.connector.serviceUrl });

describe("a reply in a turn", () => {
  it("is posted once when Teams took it but the answer was lost, and a redelivery answers nothing", async () => {
    // Prepare
    const core = new ScriptedCore();
    const { handle } = teamsHandler(core);
    const activity = question();
    rig.connector.lostResponses.add(ASKER_CHAT);

    // Act: every POST in the chat loses its answer; then Teams delivers the same activity again.
    const first = await deliver(handle, activity);
    rig.connector.lostResponses.clear();
    const again = await deliver(handle, { ...activity });

    // Assess: one typing indicator and one answer (the SDK did not re-POST either), no apology, core asked once.
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(posted("typing")).toHaveLength(1);
    expect(posted("message").map((a) => cardTexts(a.activity))).toEqual([[`You said: ${activity.text}`]]);
    expect(JSON.stringify(posted("message"))).not.toContain(TEAMS_MESSAGES.failed);
    expect(core.messages).toHaveLength(1);
    expect(rig.logs.filter((l) => l.level === "error")).toEqual([]);
    expect(rig.logs).toEqual(
      ["typing", "message"].map((type) => ({
        level: "warn",
        message: expect.stringMatching(/may have posted a reply .*not posted again, and the turn carries on/),
        detail: {
          activityType: "message",
          replyTypes: [type],
          reason: expect.stringMatching(/no answer came back: socket hang up/),
        },
      })),
    );
  });

  it("fails the turn when Teams refused it (503), so the redelivery answers once", async () => {
    // Prepare
    const core = new ScriptedCore();
    const { handle } = teamsHandler(core);
    const activity = question();
    rig.connector.unavailable.add(ASKER_CHAT);

    // Act
    await deliver(handle, activity);
    const refusedFirst = [...rig.connector.refused];
    const postedFirst = rig.connector.activities.length;
    rig.connector.unavailable.clear();
    await deliver(handle, { ...activity });

    // Assess: refused (the SDK retried the 503, nothing posted), the claim given back, answered once on redelivery.
    expect(refusedFirst.length).toBeGreaterThan(1);
    expect(refusedFirst.every((r) => r.conversationId === ASKER_CHAT && r.status === 503)).toBe(true);
    expect(postedFirst).toBe(0);
    expect(posted("message").map((a) => cardTexts(a.activity))).toEqual([[`You said: ${activity.text}`]]);
    expect(rig.logs.filter((l) => l.level === "warn")).toEqual([]);
    expect(rig.logs.filter((l) => l.level === "error").map((l) => l.message)).toContain("turn failed");
  });

  it("that may have been posted does not stop the turn: core's outbox after it is still delivered, once", async () => {
    // Prepare: core answers the asker and sends a keyed direct message to a colleague who installed Pathfinder.
    const colleague = { id: "29:1colleague-once", chat: "a:1personal-colleague-once" };
    const core = new ScriptedCore();
    core.onMessage = async () => ({
      replies: [reply("Passed on.")],
      outbox: [
        {
          kind: "direct",
          to: { platform: "teams", userId: colleague.id },
          reply: reply("Asha asked about the unions."),
          key: "turn-once:colleague",
        },
      ],
    });
    const { handle, peer } = teamsHandler(core);
    await peer.conversations.save(colleague.id, {
      channelId: "msteams",
      serviceUrl: rig.connector.serviceUrl,
      conversation: { id: colleague.chat, conversationType: "personal", isGroup: false },
      bot: { id: `28:${APP_ID}`, name: "Pathfinder" },
      user: { id: colleague.id, name: "" },
    });
    const activity = question();
    rig.connector.lostResponses.add(ASKER_CHAT);

    // Act
    await deliver(handle, activity);
    rig.connector.lostResponses.clear();
    await deliver(handle, { ...activity });

    // Assess: the asker's answer once, the colleague's message once, nobody apologised to.
    const toColleague = rig.connector.activities.filter(
      (a) => a.conversationId === colleague.chat && a.activity.type === "message",
    );
    expect(posted("message").map((a) => cardTexts(a.activity))).toEqual([["Passed on."]]);
    expect(toColleague.map((a) => cardTexts(a.activity))).toEqual([["Asha asked about the unions."]]);
    expect(rig.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("that may have been posted after a button press still answers the card, and the press is not redone", async () => {
    // Prepare
    const core = new ScriptedCore();
    const { handle } = teamsHandler(core);
    const press = fixture("card-action-invoke", {
      id: `act-${randomUUID()}`,
      serviceUrl: rig.connector.serviceUrl,
    });
    rig.connector.lostResponses.add(ASKER_CHAT);

    // Act: the reply the press posts in the chat loses its answer; then Teams delivers the press again.
    const first = await deliver(handle, press);
    rig.connector.lostResponses.clear();
    const again = await deliver(handle, { ...press });

    // Assess: the card shows the outcome (not an error), the reply is in the chat once, core ran the action once.
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body ?? "{}")).toMatchObject({
      statusCode: 200,
      value: "Pressed feedback.helpful with answer-0001",
    });
    expect(JSON.parse(again.body ?? "{}")).toMatchObject({ value: TEAMS_MESSAGES.alreadyDone });
    expect(posted("message").map((a) => cardTexts(a.activity))).toEqual([
      ["Pressed feedback.helpful with answer-0001"],
    ]);
    expect(core.actions).toHaveLength(1);
  });
});
