import { describe, expect, it } from "vitest";
import {
  actionJob,
  type BlockActionsPayload,
  commandJob,
  ignoreReason,
  messageJob,
  plainTextFromSlack,
  slackKeyHasher,
} from "../../bots/slack/incoming.ts";
import { fixture } from "./harness.ts";

describe("plainTextFromSlack", () => {
  it("drops the bot's mention, hides other people's ids and keeps link labels", () => {
    // Act
    const text = plainTextFromSlack(
      "<@U0LAN0Z89> ask <@U999|sam> about <https://example.org/tupe|TUPE> in <#C123|spinouts> &amp; <!here> 5 &lt; 6",
      "U0LAN0Z89",
    );

    // Assess
    expect(text).toBe("ask @someone about TUPE in #spinouts & 5 < 6");
  });

  it("drops a leading mention when the bot's id is not configured", () => {
    // Act / Assess
    expect(plainTextFromSlack("<@UABC123> help")).toBe("help");
  });
});

describe("ignoreReason", () => {
  const base = { type: "message", channel: "D1", ts: "1.1", user: "U1", text: "hi" };

  it("ignores bots, itself and edits, and accepts people", () => {
    // Act / Assess
    expect(ignoreReason({ ...base, bot_id: "B9" }, "U0")).toBe("bot");
    expect(ignoreReason({ ...base, subtype: "bot_message" }, "U0")).toBe("bot");
    expect(ignoreReason({ ...base, user: "U0" }, "U0")).toBe("self");
    expect(ignoreReason({ ...base, subtype: "message_changed" }, "U0")).toBe("subtype");
    expect(ignoreReason({ ...base, subtype: "thread_broadcast" }, "U0")).toBeUndefined();
    expect(ignoreReason(base, "U0")).toBeUndefined();
  });
});

describe("jobs", () => {
  it("keys a message on its event id and on channel + ts", () => {
    // Act
    const job = messageJob("Ev1", { type: "app_mention", channel: "C1", ts: "10.5", user: "U1", text: "hi" });

    // Assess
    expect(job.keys).toEqual(["slack:event:Ev1", "slack:message:C1:10.5"]);
    expect(job.request.eventId).toBe("C1:10.5");
    expect(job.target).toMatchObject({ channel: "C1", threadTs: "10.5", personal: false });
  });

  it("treats a slash command in a DM as personal and answers through response_url", () => {
    // Prepare
    const fields: Record<string, string> = {
      ...fixture<Record<string, string>>("slash_command"),
      channel_id: "D77",
      channel_name: "directmessage",
    };

    // Act
    const job = commandJob({
      command: "/pathfinder",
      user_id: fields.user_id ?? "",
      channel_id: "D77",
      channel_name: "directmessage",
      response_url: fields.response_url ?? "",
      trigger_id: "t1",
      text: "help",
    });

    // Assess
    expect(job.request.conversation.kind).toBe("personal");
    expect(job.target).toMatchObject({ publicViaResponseUrl: true, responseUrl: fields.response_url });
  });

  it("keys one-shot buttons on user + button + value too, so a double click does nothing twice", () => {
    // Prepare
    const body = fixture<BlockActionsPayload>("block_actions");

    // Act
    const keyUser = slackKeyHasher("signing-secret");
    const first = actionJob(body, { action_id: "intro.accept", value: "intro-1", action_ts: "1.1" }, keyUser);
    const second = actionJob(
      body,
      { action_id: "intro.accept", value: "intro-1", action_ts: "1.2" },
      keyUser,
    );
    const other = actionJob(
      body,
      { action_id: "blocker.correct#2", value: "r1|funding", action_ts: "1.3" },
      keyUser,
    );

    // Assess
    expect(first.keys[0]).not.toBe(second.keys[0]);
    expect(first.keys[1]).toBeDefined();
    expect(first.keys[1]).toBe(second.keys[1]);
    expect(other.keys).toHaveLength(1);
  });

  it("turns a Home button into the command of the same name, replying by DM", () => {
    // Prepare
    const body = fixture<BlockActionsPayload & { actions: { action_id: string; action_ts: string }[] }>(
      "block_actions_home",
    );
    const [action] = body.actions;

    // Act
    const job = actionJob(
      body,
      { action_id: "home.forget-me", value: "home.forget-me", action_ts: action?.action_ts ?? "" },
      slackKeyHasher("signing-secret"),
    );

    // Assess
    expect(job.kind).toBe("message");
    expect(job.kind === "message" && job.request).toMatchObject({ text: "forget-me", mode: "command" });
    expect(job.target.channel).toBeUndefined();
  });
});
