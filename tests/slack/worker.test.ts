import type { SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageJob } from "../../bots/slack/jobs.ts";
import { APOLOGY, MalformedJobError, parseJob } from "../../bots/slack/worker.ts";
import { answerReply, type FakeCore, fakeCore, startSlackHarness } from "./harness.ts";

type Harness = Awaited<ReturnType<typeof startSlackHarness>>;
let h: Harness;
let core: FakeCore;

beforeAll(async () => {
  h = await startSlackHarness(() => {
    core = fakeCore();
    return core;
  });
});
afterAll(() => h.close());

function job(id: string, text = "hello"): MessageJob {
  return {
    kind: "message",
    keys: [`slack:event:${id}`],
    request: {
      actor: { platform: "slack", userId: "U1" },
      text,
      conversation: { id: "D1", kind: "personal" },
      eventId: id,
      mode: "chat",
    },
    target: { userId: "U1", channel: "D1", personal: true },
  };
}

function record(messageId: string, body: string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-2:000000000000:slack",
    awsRegion: "eu-west-2",
  };
}

describe("SQS handler", () => {
  it("reports only the failed records, drops malformed ones, and apologises on the last attempt", async () => {
    // Prepare
    const id = `${Math.random()}`;
    core.respond = (req) => {
      if ("text" in req && req.text === "boom") throw new Error("core down");
      return { replies: [answerReply(`ok ${"text" in req ? req.text : ""}`)], outbox: [] };
    };
    const event: SQSEvent = {
      Records: [
        record("good", JSON.stringify(job(`${id}-a`))),
        record("failing", JSON.stringify(job(`${id}-b`, "boom")), 1),
        record("last-try", JSON.stringify(job(`${id}-c`, "boom")), 3),
        record("junk", "{not json"),
        record("alien", JSON.stringify({ kind: "launch-missiles" })),
      ],
    };

    // Act
    const result = await h.slackApp.worker.handler(event);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "failing" }]);
    const texts = h.slack.callsOf("chat.postMessage").map((c) => c.args.text);
    expect(texts).toContain("ok hello");
    expect(texts).toContain(APOLOGY);
    expect(texts).toHaveLength(2);
  });
});

describe("parseJob", () => {
  it("refuses bodies that are not Slack jobs", () => {
    // Act / Assess
    expect(() => parseJob("nope")).toThrow(MalformedJobError);
    expect(() => parseJob("null")).toThrow(MalformedJobError);
    expect(parseJob(JSON.stringify({ kind: "home", userId: "U1" }))).toEqual({ kind: "home", userId: "U1" });
  });
});
