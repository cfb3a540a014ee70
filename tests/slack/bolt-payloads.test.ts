/**
 * The Slack mappers take Bolt's own payload types: documented payloads, typed as Bolt types them, go in
 * without a cast (a Bolt upgrade that changes a shape fails the typecheck), and the events app narrows
 * with Bolt's discriminants instead of `as unknown as`.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { BlockAction, ButtonAction, SlashCommand, types } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import {
  actionJob,
  commandJob,
  ignoreReason,
  messageJob,
  slackKeyHasher,
} from "../../bots/slack/incoming.ts";

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}.json`, import.meta.url), "utf8")) as T;
}

describe("Bolt's payload types", () => {
  it("map a button press typed as Bolt's BlockAction<ButtonAction>", () => {
    // Prepare
    const body = fixture<BlockAction<ButtonAction>>("block_actions");
    const [press] = body.actions;
    if (!press) throw new Error("the fixture has a button press");

    // Act
    const job = actionJob(body, press, slackKeyHasher("test-signing-secret"));

    // Assess: the untyped container and the message's thread are read as before.
    expect(job).toMatchObject({
      kind: "action",
      request: { actionId: "feedback.helpful", value: "answer-1", conversation: { id: "C123ABC456" } },
      target: { channel: "C123ABC456", threadTs: "1515449522.000016", responseUrl: body.response_url },
    });
  });

  it("map a mention typed as Bolt's AppMentionEvent and a DM as its GenericMessageEvent", () => {
    // Prepare
    const mention = fixture<{ event_id: string; event: types.AppMentionEvent }>("app_mention");
    const dm = fixture<{ event_id: string; event: types.GenericMessageEvent }>("message_im");

    // Act
    const mentionJob = messageJob(mention.event_id, mention.event, "U0LAN0Z89");
    const dmJob = messageJob(dm.event_id, dm.event);

    // Assess
    expect(ignoreReason(mention.event, "U0LAN0Z89")).toBeUndefined();
    expect(mentionJob.request.text).toBe("How do we get the unions on board with a spin-out?");
    expect(mentionJob.target).toMatchObject({ channel: "C123ABC456", threadTs: mention.event.ts });
    expect(dmJob.request.conversation.kind).toBe("personal");
  });

  it("map a slash command typed as Bolt's SlashCommand", () => {
    const command = fixture<SlashCommand>("slash_command");
    const job = commandJob(command);
    expect(job.keys).toEqual([`slack:command:${command.trigger_id}`]);
    expect(job.target.responseUrl).toBe(command.response_url);
  });

  it("leave no `as unknown as` cast in the Slack adapter", () => {
    // Prepare
    const dir = new URL("../../bots/slack/", import.meta.url);
    const casts = readdirSync(dir)
      .filter((name) => name.endsWith(".ts"))
      .flatMap((name) =>
        readFileSync(new URL(name, dir), "utf8")
          .split("\n")
          .filter((line) => line.includes("as unknown as"))
          .map((line) => `${name}: ${line.trim()}`),
      );

    // Assess: the last one, a CommonJS interop helper for Bolt's dist/ files, went with them (issue 12).
    expect(casts).toEqual([]);
  });
});
