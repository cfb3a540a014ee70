/**
 * The Slack events function exactly as it ships (cdk/bundling.ts: Bolt imported from its package index, with
 * Express, Socket Mode, raw-body and OAuth replaced by stubs), run in-process end to end: its own configuration
 * and secrets from the environment, its own SQS client sending to the fake SQS on 127.0.0.1. A signed event, a
 * signed slash command and a signed button press must be acknowledged and queued; a forged signature refused.
 * Regression guard for issue 12's "no imports from Bolt's dist/": a stub on a path the handler does reach
 * fails here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundleFunctionAsync, ENTRY_NAME, REPO_ROOT, STUBBED_MODULES } from "../../cdk/bundling.ts";
import { FUNCTION_SPECS } from "../../cdk/function-specs.ts";
import type * as SlackEventsEntry from "../../functions/slack-events.ts";
import { type FakeSqs, startFakeSqs } from "../support/fake-sqs.ts";
import {
  commandRequest,
  eventRequest,
  interactionRequest,
  TEST_SIGNING_SECRET,
} from "../support/slack-signing.ts";

const BOT_USER_ID = "U0LAN0Z89";
const outdir = mkdtempSync(join(tmpdir(), "pathfinder-slack-bundle-"));
const savedEnv = { ...process.env };

let metafile: Metafile;
let sqs: FakeSqs;
let handler: typeof SlackEventsEntry.handler;

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, "tests/fixtures/slack", `${name}.json`), "utf8")) as T;
}

/** The jobs the function queued since the last reset, as the worker would parse them. */
function queuedJobs(): Array<{ kind: string; keys?: string[] }> {
  return sqs.messages.map((m) => JSON.parse(m.body) as { kind: string; keys?: string[] });
}

beforeAll(async () => {
  metafile = await bundleFunctionAsync(join(REPO_ROOT, FUNCTION_SPECS.slackEvents.entry), outdir);
  sqs = await startFakeSqs({ visibilityMs: 30_000, maxReceiveCount: 3, lambdaTimeoutMs: 10_000 });
  // The entry reads its configuration and (outside Lambda) its secrets from the environment on first request.
  Object.assign(process.env, {
    AWS_REGION: "eu-west-2",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_SQS: sqs.origin,
    SLACK_QUEUE_URL: sqs.queueUrl,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_USER_ID: BOT_USER_ID,
    SLACK_BOT_ID: "B0LAN0Z89",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    LOG_LEVEL: "SILENT",
  });
  const bundled = (await import(
    pathToFileURL(join(outdir, `${ENTRY_NAME}.mjs`)).href
  )) as typeof SlackEventsEntry;
  handler = bundled.handler;
}, 180_000);

afterAll(async () => {
  process.env = savedEnv;
  await sqs?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

beforeEach(() => {
  sqs.messages.length = 0;
});

describe("the bundled Slack events handler", () => {
  it("acknowledges a signed app_mention with 200 and queues one message job for it", async () => {
    // Prepare
    const mention = fixture<{ event_id: string; event: Record<string, unknown> }>("app_mention");

    // Act
    const response = await handler(eventRequest(mention), {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queuedJobs()).toEqual([
      expect.objectContaining({
        kind: "message",
        keys: expect.arrayContaining([`slack:event:${mention.event_id}`]),
      }),
    ]);
  });

  it("acknowledges a signed slash command at once with 'Looking' and queues it", async () => {
    // Prepare
    const command = fixture<Record<string, string>>("slash_command");

    // Act
    const response = await handler(commandRequest(command), {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ response_type: "ephemeral", text: ":mag: Looking…" });
    expect(queuedJobs()).toEqual([
      expect.objectContaining({ kind: "message", keys: [`slack:command:${command.trigger_id}`] }),
    ]);
  });

  it("acknowledges a signed button press and queues the action", async () => {
    // Prepare
    const press = fixture<Record<string, unknown>>("block_actions");

    // Act
    const response = await handler(interactionRequest(press), {});

    // Assess
    expect(response.statusCode).toBe(200);
    expect(queuedJobs()).toEqual([expect.objectContaining({ kind: "action" })]);
  });

  it.each([
    ["a bad signature", { signature: `v0=${"0".repeat(64)}` }],
    ["a signature by another secret", { secret: "not-the-signing-secret" }],
    ["no signature", { signed: false }],
  ])("refuses %s with 401 and queues nothing", async (_label, options) => {
    // Prepare
    const mention = fixture<Record<string, unknown>>("app_mention");
    const command = fixture<Record<string, string>>("slash_command");

    // Act
    const event = await handler(eventRequest(mention, options), {});
    const slash = await handler(commandRequest(command, options), {});

    // Assess
    expect(event.statusCode).toBe(401);
    expect(slash.statusCode).toBe(401);
    expect(sqs.messages).toEqual([]);
  });

  it("carries none of the modules Bolt's index requires but AwsLambdaReceiver never reaches", () => {
    // Regression (issue 12): importing "@slack/bolt" without the stubs bundles Express, Socket Mode's undici,
    // raw-body's iconv-lite tables and OAuth's jsonwebtoken: about 1.4 MB more on every cold start.
    const inputs = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    for (const fragment of [
      "node_modules/@slack/socket-mode/",
      "node_modules/undici/",
      "node_modules/express/",
      "node_modules/raw-body/",
      "node_modules/iconv-lite/",
      "node_modules/@slack/oauth/",
      "node_modules/jsonwebtoken/",
    ]) {
      expect(
        inputs.filter((input) => input.includes(fragment)),
        fragment,
      ).toEqual([]);
    }
    // The stubs are what replaced them (so the index still loads), not a missing import.
    const slackStubs = STUBBED_MODULES.filter((s) => s.importers?.includes("@slack/bolt")).map(
      (s) => s.module,
    );
    expect(slackStubs.sort()).toEqual(["@slack/oauth", "@slack/socket-mode", "express", "raw-body"]);
    expect(inputs).toEqual(expect.arrayContaining(slackStubs.map((module) => `unreachable:${module}`)));
  });
});
