/**
 * The Slack events handler's checks before Bolt: signature and clock (both ways), what unsigned
 * requests may write to the logs, and Slack's http_timeout retries (issue 13 items 11 and 16).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { makeSlackEventsHandler, type SlackEventsHandler } from "../../bots/slack/events-app.ts";
import type { SlackJob } from "../../bots/slack/jobs.ts";
import {
  eventRequest,
  interactionRequest,
  slackRequest,
  TEST_SIGNING_SECRET,
} from "../support/slack-signing.ts";
import { fixture } from "./harness.ts";

let queued: SlackJob[];
let logged: string[];
let handle: SlackEventsHandler;

beforeEach(() => {
  queued = [];
  logged = [];
  const record =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      logged.push(`${level} ${message} ${JSON.stringify(extra)}`);
  handle = makeSlackEventsHandler(
    {
      queue: { send: async (job) => void queued.push(job) },
      signingSecret: TEST_SIGNING_SECRET,
      log: { info: record("info"), warn: record("warn"), error: record("error") },
    },
    { slack: { botUserId: "U0BOT", botId: "B0BOT", apiUrl: undefined, queueUrl: undefined } },
  );
});

function mention(eventId: string) {
  const payload = fixture<{ event_id: string; event: Record<string, unknown> }>("app_mention");
  return { ...payload, event_id: eventId, event: { ...payload.event, ts: `1700000000.${eventId.length}` } };
}

describe("Slack events handler: checks before Bolt", () => {
  it("regression (issue 13.16): refuses a signed request stamped more than five minutes in the future", async () => {
    // Prepare: a valid signature over a timestamp two hours ahead (a captured or pre-made request).
    const future = Math.floor(Date.now() / 1000) + 2 * 60 * 60;

    // Act
    const response = await handle(eventRequest(mention("EvFuture"), { timestamp: future }), {});

    // Assess
    expect(response.statusCode).toBe(401);
    expect(queued).toHaveLength(0);
  });

  it("accepts a signed request a little in the future (clock skew under five minutes)", async () => {
    // Act
    const ahead = Math.floor(Date.now() / 1000) + 60;
    const response = await handle(eventRequest(mention("EvSkew"), { timestamp: ahead }), {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queued).toHaveLength(1);
  });

  it("regression (issue 13.11): an unsigned request writes none of its text to the logs", async () => {
    // Prepare: an attacker-chosen Content-Type and body, which Bolt logged before verifying.
    const request = slackRequest("FORGED-LINE not json", { contentType: "application/json", signed: false });
    request.headers["content-type"] = "text/evil FORGED-HEADER";

    // Act
    const response = await handle(request, {});

    // Assess
    expect(response.statusCode).toBe(401);
    expect(logged.join("\n")).not.toContain("FORGED");
    expect(queued).toHaveLength(0);
  });

  it("regression (issue 13.16): acknowledges an http_timeout retry without queueing it again", async () => {
    // Prepare
    const payload = mention("EvRetried");

    // Act
    const first = await handle(eventRequest(payload), {});
    const retry = await handle(eventRequest(payload, { retryNum: 1 }), {});

    // Assess
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(queued).toHaveLength(1);
  });

  it("queues a retry for any other reason, so a first delivery that failed to queue is not lost", async () => {
    // Prepare: Slack retries a 500 (our queue failed) as http_error.
    const request = eventRequest(mention("EvHttpError"), { retryNum: 1 });
    request.headers["x-slack-retry-reason"] = "http_error";

    // Act
    const response = await handle(request, {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queued).toHaveLength(1);
  });

  it("still refuses an unsigned http_timeout retry", async () => {
    // Act
    const response = await handle(eventRequest(mention("EvUnsigned"), { retryNum: 1, signed: false }), {});

    // Assess
    expect(response.statusCode).toBe(401);
  });

  it("regression (issue 13.12): a button press's idempotency keys carry a keyed hash, never the raw user id", async () => {
    // Prepare: a one-shot button (two keys: the press, and user + button + value for a day).
    const payload = fixture<Record<string, unknown> & { actions: Record<string, unknown>[] }>(
      "block_actions",
    );
    payload.user = { id: "U0RAWUSER1", username: "asha", name: "asha" };
    payload.actions = [
      { ...payload.actions[0], action_id: "intro.accept", value: "intro-1", action_ts: "1.5" },
    ];

    // Act
    const response = await handle(interactionRequest(payload), {});

    // Assess: the keys (claims in DynamoDB, log lines, markers derived from the event id) hold no raw id;
    // the job still names the user where it must, to reply.
    expect(response.statusCode).toBe(200);
    const job = queued[0];
    if (job?.kind !== "action") throw new Error(`expected an action job, got ${JSON.stringify(job)}`);
    expect(job.keys).toHaveLength(2);
    for (const key of [...job.keys, job.request.eventId]) {
      expect(key).not.toContain("U0RAWUSER1");
      expect(key).toMatch(/^slack:(action|once):[0-9a-f]{32}:/);
    }
    expect(job.target.userId).toBe("U0RAWUSER1");
  });
});
