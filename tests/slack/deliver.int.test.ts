import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { textReply } from "../../bots/core/replies.ts";
import { createSlackDelivery, SlackDeliveryError, SlackRateLimitedError } from "../../bots/slack/deliver.ts";
import { createSlackClient } from "../../bots/slack/web-client.ts";
import { loadConfig } from "../../config/config.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.ts";

let slack: FakeSlackApi;
beforeAll(async () => {
  slack = await startFakeSlackApi();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

/** A delivery on the fake Slack whose clock only moves when it waits, so waits are recorded, not slept. */
function delivery() {
  const clock = { now: 1_000_000 };
  const waits: number[] = [];
  const client = createSlackClient("xoxb-test", loadConfig({ SLACK_API_URL: slack.apiUrl }), { retries: 0 });
  const d = createSlackDelivery({
    client,
    now: () => clock.now,
    sleep: async (ms) => {
      waits.push(ms);
      clock.now += ms;
    },
  });
  return { d, waits };
}

const target = { userId: "U1", channel: "C1", threadTs: "1700000000.000100", personal: false };
const answer = textReply("the answer", "public");

describe("Slack rate limits (issue 12: the next attempt came 1.9 s after Retry-After: 5)", () => {
  it("waits out a short Retry-After before the next attempt", async () => {
    // Prepare
    const { d, waits } = delivery();
    slack.fail("chat.postMessage", 429, { retryAfter: 5 });

    // Act
    await d.reply(target, answer, { key: "job-1:reply:0" });

    // Assess: the retry waited the full 5 s (p-retry's own short backoff comes on top).
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(5_000);
    expect(slack.callsOf("chat.postMessage")).toHaveLength(2);
    expect(slack.posted.map((m) => m.text)).toEqual(["the answer"]);
  });

  it("hands a long Retry-After back to the queue instead of holding the Lambda", async () => {
    const { d, waits } = delivery();
    slack.fail("chat.postMessage", 429, { retryAfter: 60 });

    const error = await d.reply(target, answer, { key: "job-3:reply:0" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackRateLimitedError);
    expect((error as SlackRateLimitedError).retryAfterSeconds).toBe(60);
    expect(slack.callsOf("chat.postMessage")).toHaveLength(1);
    expect(waits).toEqual([]);
    // Other jobs in this container wait for the window instead of spending their attempts on it.
    slack.reset();
    const next = await d.reply(target, answer, { key: "job-3b:reply:0" }).catch((e: unknown) => e);
    expect((next as SlackRateLimitedError).retryAfterSeconds).toBe(60);
    expect(slack.calls).toEqual([]);
  });
});

describe("a 500 after Slack accepted the post (issue 12: answers posted two or more times)", () => {
  it("finds the earlier post by its metadata and does not post again", async () => {
    // Prepare
    const { d } = delivery();
    slack.fail("chat.postMessage", 500, { afterDelivery: true });

    // Act
    await d.reply(target, answer, { key: "job-4:reply:0" });

    // Assess
    expect(slack.posted.map((m) => m.text)).toEqual(["the answer"]);
    expect(slack.callsOf("conversations.replies")).toHaveLength(1);
  });

  it("retries a post that really failed, once the search shows it is not there", async () => {
    const { d } = delivery();
    slack.fail("chat.postMessage", 500);

    await d.reply(target, answer, { key: "job-5:reply:0" });

    expect(slack.posted.map((m) => m.text)).toEqual(["the answer"]);
    expect(slack.callsOf("chat.postMessage")).toHaveLength(2);
  });

  it("looks before posting when an earlier invocation may have posted it", async () => {
    const { d } = delivery();
    await d.reply(target, answer, { key: "job-6:reply:0" });

    await d.reply(target, answer, { key: "job-6:reply:0", mayHaveBeenSent: true });

    expect(slack.posted).toHaveLength(1);
  });

  it("still posts when the lookup itself is refused (a workspace without the history scopes)", async () => {
    const { d } = delivery();
    slack.fail("conversations.replies", "missing_scope");

    await d.reply(target, answer, { key: "job-7:reply:0", mayHaveBeenSent: true });

    expect(slack.posted.map((m) => m.text)).toEqual(["the answer"]);
  });

  it("never re-sends a post it cannot look up afterwards", async () => {
    const { d } = delivery();
    slack.fail("chat.postMessage", 500, { afterDelivery: true });

    const error = await d.reply(target, answer).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(slack.callsOf("chat.postMessage")).toHaveLength(1);
  });
});

describe("a reply's file (issue 16: the export's JSON attached)", () => {
  const exported = {
    ...textReply("What Pathfinder holds about you", "private"),
    attachment: {
      filename: "pathfinder-export-2026-12-01.json",
      mediaType: "application/json",
      content: '{"reports":[]}',
    },
  };

  it("uploads the file to the person's DM, never to the channel a private reply was asked in", async () => {
    const { d } = delivery();
    await d.reply(target, exported, { key: "job-9:reply:0" });

    expect(slack.callsOf("chat.postEphemeral")).toHaveLength(1); // the summary, seen only by them
    const [complete] = slack.callsOf("files.completeUploadExternal");
    expect(complete?.args.channel_id).toBe("DU1"); // the fake's DM id for U1
    expect([...slack.uploads.values()]).toEqual(['{"reports":[]}']);
  });

  it("says the file could not be attached when the upload fails, without re-sending anything", async () => {
    const { d } = delivery();
    slack.fail("files.getUploadURLExternal", 500);
    await d.reply({ ...target, channel: "D9", personal: true }, exported, { key: "job-10:reply:0" });

    expect(slack.callsOf("files.getUploadURLExternal")).toHaveLength(1); // tried once, not retried blindly
    expect(slack.posted.map((m) => m.text)).toEqual([
      "What Pathfinder holds about you",
      expect.stringMatching(/couldn't attach the JSON file/),
    ]);
    expect(slack.uploads.size).toBe(0);
  });
});
