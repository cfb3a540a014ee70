import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HomeJob, SlackJob } from "../../bots/slack/jobs.ts";
import { inProcessWorkQueue, QueueError, sqsWorkQueue } from "../../bots/slack/work-queue.ts";

/** A stand-in for SQS's JSON protocol: records SendMessage bodies, or fails when told. */
let server: Server;
let endpoint: string;
const sent: { target: string | undefined; body: { QueueUrl: string; MessageBody: string } }[] = [];
let failWith: number | undefined;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (failWith) {
      res.writeHead(failWith, { "content-type": "application/x-amz-json-1.0" });
      res.end(JSON.stringify({ __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "no queue" }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      QueueUrl: string;
      MessageBody: string;
    };
    sent.push({ target: req.headers["x-amz-target"] as string | undefined, body });
    res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
    res.end(
      JSON.stringify({
        MessageId: `m-${sent.length}`,
        MD5OfMessageBody: createHash("md5").update(body.MessageBody).digest("hex"),
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client() {
  return new SQSClient({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

const home: HomeJob = { kind: "home", userId: "U1" };

describe("sqsWorkQueue", () => {
  it("sends the job as JSON to the configured queue", async () => {
    // Prepare
    failWith = undefined;
    const queue = sqsWorkQueue({ client: client(), queueUrl: `${endpoint}/000000000000/slack-work` });

    // Act
    await queue.send(home);

    // Assess
    expect(sent.at(-1)?.target).toBe("AmazonSQS.SendMessage");
    expect(sent.at(-1)?.body.QueueUrl).toBe(`${endpoint}/000000000000/slack-work`);
    expect(JSON.parse(sent.at(-1)?.body.MessageBody ?? "")).toEqual(home);
  });

  it("wraps SQS failures in QueueError so the events handler answers 500 and Slack retries", async () => {
    // Prepare
    failWith = 400;
    const queue = sqsWorkQueue({ client: client(), queueUrl: `${endpoint}/000000000000/missing` });

    // Act / Assess
    await expect(queue.send(home)).rejects.toBeInstanceOf(QueueError);
    failWith = undefined;
  });
});

describe("inProcessWorkQueue", () => {
  it("runs each job after send returns, as a JSON copy, and drain waits for all of them", async () => {
    // Prepare
    const ran: SlackJob[] = [];
    const failures: unknown[] = [];
    const queue = inProcessWorkQueue(
      async (job) => {
        if (job.kind === "home" && job.userId === "bad") throw new Error("worker failed");
        ran.push(job);
      },
      (error) => failures.push(error),
    );
    const job: HomeJob = { kind: "home", userId: "U1" };

    // Act
    await queue.send(job);
    await queue.send({ kind: "home", userId: "bad" });
    const ranBeforeDrain = ran.length;
    await queue.drain();

    // Assess
    expect(ranBeforeDrain).toBe(0);
    expect(ran).toEqual([job]);
    expect(ran[0]).not.toBe(job);
    expect(failures).toHaveLength(1);
  });
});
