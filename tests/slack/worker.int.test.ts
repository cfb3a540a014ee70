import { DeleteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoreResult } from "../../bots/core/reply.ts";
import { createSlackDelivery } from "../../bots/slack/deliver.ts";
import type { MessageJob } from "../../bots/slack/jobs.ts";
import { createSlackClient } from "../../bots/slack/web-client.ts";
import { APOLOGY, MalformedJobError, makeSlackWorker, parseJob } from "../../bots/slack/worker.ts";
import { createIdempotencyStore } from "../../store/idempotency.ts";
import { answerReply, BOT_TOKEN, type FakeCore, fakeCore, startSlackHarness } from "./harness.ts";

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

function job(id: string, text = "hello", channel = "D1"): MessageJob {
  return {
    kind: "message",
    keys: [`slack:event:${id}`],
    request: {
      actor: { platform: "slack", userId: "U1" },
      text,
      conversation: { id: channel, kind: "personal" },
      eventId: id,
      mode: "chat",
    },
    target: { userId: "U1", channel, personal: true },
  };
}

/** A promise with its resolve function outside (the test decides when a hung step finishes). */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A Lambda context with this much time left (the worker bounds its in-progress claims by it). */
function lambdaContext(remainingMs: number): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

/** A document client whose calls fail like an unreachable DynamoDB, for the commands `failing` picks. */
function dynamoDown(doc: DynamoDBDocumentClient, failing: (command: unknown) => boolean) {
  const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), {
    name: "TimeoutError",
    code: "ECONNREFUSED",
  });
  return new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return (command: Parameters<DynamoDBDocumentClient["send"]>[0]) =>
        failing(command) ? Promise.reject(unreachable) : target.send(command);
    },
  });
}

/** A worker on the harness's table and fake Slack, with a clock the test moves. */
function workerWith(options: { core: FakeCore; clock: { now: number }; doc?: DynamoDBDocumentClient }) {
  return makeSlackWorker({
    core: options.core,
    peer: h.peer,
    idempotency: createIdempotencyStore({ doc: options.doc ?? h.table.doc, tableName: h.table.tableName }),
    delivery: createSlackDelivery({
      client: createSlackClient(BOT_TOKEN, h.config, { retries: 0 }),
      sleep: async () => {},
    }),
    now: () => new Date(options.clock.now),
  });
}

const postedTo = (channel: string) => h.slack.posted.filter((m) => m.channel === channel).map((m) => m.text);

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

describe("a job whose Lambda died mid-way (issue 12: the claim outlived the Lambda)", () => {
  it("is retried while the invocation could still be alive, then processed exactly once after it ended", async () => {
    // Prepare: core hangs on the first attempt, as a Lambda that times out or runs out of memory.
    const id = `hung-${Math.random()}`;
    const channel = `D${id}`;
    const clock = { now: Date.now() };
    const hung = deferred<CoreResult>();
    const entered = deferred<void>();
    const hangingCore = fakeCore();
    let attempts = 0;
    hangingCore.respond = () => {
      attempts += 1;
      if (attempts === 1) {
        entered.resolve();
        return hung.promise;
      }
      return { replies: [answerReply("the answer")], outbox: [] };
    };
    const worker = workerWith({ core: hangingCore, clock });
    const body = JSON.stringify(job(id, "hello", channel));

    // Act: the first invocation (30 s left) hangs; SQS redelivers during it, then after it ended.
    const dying = worker.handler({ Records: [record("m1", body, 1)] }, lambdaContext(30_000));
    await entered.promise;
    const duringIt = await worker.handler({ Records: [record("m1", body, 2)] }, lambdaContext(30_000));
    clock.now += 31_000;
    const afterIt = await worker.handler({ Records: [record("m1", body, 3)] }, lambdaContext(30_000));
    const copy = await worker.handler({ Records: [record("m1", body, 1)] }, lambdaContext(30_000));
    // A real Lambda never resumes; even if this one did, it must not post a second answer.
    hung.resolve({ replies: [answerReply("the answer")], outbox: [] });
    await dying;

    // Assess
    expect(duringIt.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(afterIt.batchItemFailures).toEqual([]);
    expect(copy.batchItemFailures).toEqual([]);
    expect(attempts).toBe(2);
    expect(postedTo(channel)).toEqual(["the answer"]);
  });

  it("is redone after the deadline when the claim could not be given back because DynamoDB was down", async () => {
    // Prepare: the first attempt fails and every delete (the release) fails too.
    const id = `norelease-${Math.random()}`;
    const channel = `D${id}`;
    const clock = { now: Date.now() };
    const flaky = fakeCore();
    let attempts = 0;
    flaky.respond = () => {
      attempts += 1;
      if (attempts === 1) throw new Error("storage hiccup");
      return { replies: [answerReply("logged")], outbox: [] };
    };
    const worker = workerWith({
      core: flaky,
      clock,
      doc: dynamoDown(h.table.doc, (command) => command instanceof DeleteCommand),
    });
    const body = JSON.stringify(job(id, "blocker x", channel));

    // Act
    const first = await worker.handler({ Records: [record("m2", body, 1)] }, lambdaContext(10_000));
    clock.now += 11_000;
    const second = await worker.handler({ Records: [record("m2", body, 2)] }, lambdaContext(10_000));

    // Assess: not dropped as a duplicate; answered once.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "m2" }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(postedTo(channel)).toEqual(["logged"]);
  });

  it("apologises once on the last attempt even when DynamoDB is unreachable throughout", async () => {
    // Prepare
    const id = `outage-${Math.random()}`;
    const channel = `D${id}`;
    const worker = workerWith({
      core: fakeCore(),
      clock: { now: Date.now() },
      doc: dynamoDown(h.table.doc, () => true),
    });
    const body = JSON.stringify(job(id, "blocker y", channel));

    // Act: every receive fails; the third is the last before the dead-letter queue.
    const outcomes = [];
    for (const receive of [1, 2, 3])
      outcomes.push(await worker.handler({ Records: [record("m3", body, receive)] }, lambdaContext(10_000)));

    // Assess
    expect(outcomes.map((o) => o.batchItemFailures.length)).toEqual([1, 1, 0]);
    expect(postedTo(channel)).toEqual([APOLOGY]);
  });
});

describe("the apology", () => {
  it("is tried once more when Slack refuses it, so the person is not left in silence", async () => {
    // Prepare
    const id = `apology-${Math.random()}`;
    const channel = `D${id}`;
    const failing = fakeCore();
    failing.respond = () => {
      throw new Error("core down");
    };
    const worker = workerWith({ core: failing, clock: { now: Date.now() } });
    h.slack.fail("chat.postMessage", "fatal_error");

    // Act: the last receive.
    const out = await worker.handler({ Records: [record("m4", JSON.stringify(job(id, "hi", channel)), 3)] });

    // Assess
    expect(out.batchItemFailures).toEqual([]);
    expect(postedTo(channel)).toEqual([APOLOGY]);
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
