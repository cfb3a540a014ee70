/**
 * Test wiring for Slack: the real events handler, in-process queue, worker and delivery, on
 * DynamoDB Local, posting to the fake Slack Web API. `core` is passed in (a fake or the real one).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionRequest, Core, CoreResult, MessageRequest, Reply } from "../../bots/core/reply.ts";
import { type Config, loadConfig } from "../../config/config.ts";
import { createInProcessSlack } from "../../local/bridges/slack.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { TEST_SIGNING_SECRET } from "../support/slack-signing.ts";

/** The bot's ids in the fixtures. */
export const BOT_USER_ID = "U0LAN0Z89";
export const BOT_ID = "B0LAN0Z89";
export const BOT_TOKEN = "xoxb-test-token";
export const HASH_KEY = "slack-test-hash-key";

const fixturesDir = join(import.meta.dirname, "..", "fixtures", "slack");

/** A fixture from tests/fixtures/slack, parsed fresh (tests may change it). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), "utf8")) as T;
}

/** A fake core that records requests and answers through `respond`. */
export interface FakeCore extends Core {
  messages: MessageRequest[];
  actions: ActionRequest[];
  respond: (request: MessageRequest | ActionRequest) => Promise<CoreResult> | CoreResult;
}

/** A cited public answer, the shape core gives a question. */
export function answerReply(text: string, visibility: Reply["visibility"] = "public"): Reply {
  return {
    text,
    visibility,
    answerId: "answer-1",
    blocks: [
      { type: "text", text },
      {
        type: "citations",
        citations: [
          {
            n: 1,
            passageId: "p1",
            kind: "article",
            title: "Winning over the unions",
            source: "003.txt",
            quote: "Talk early.",
          },
        ],
      },
      {
        type: "actions",
        actions: [
          { id: "feedback.helpful", label: "Helpful", value: "answer-1" },
          { id: "feedback.unhelpful", label: "Not helpful", value: "answer-1" },
        ],
      },
    ],
  };
}

/** Makes a fake core; by default it answers a chat message publicly and anything else privately. */
export function fakeCore(): FakeCore {
  const core: FakeCore = {
    messages: [],
    actions: [],
    respond: (request) => ({
      replies: [
        answerReply(
          `You said: ${"text" in request ? request.text : request.actionId}`,
          "mode" in request && request.mode === "chat" ? "public" : "private",
        ),
      ],
      outbox: [],
    }),
    async handleMessage(request) {
      core.messages.push(request);
      return core.respond(request);
    },
    async handleAction(request) {
      core.actions.push(request);
      return core.respond(request);
    },
    async openForm() {
      return { result: { replies: [answerReply("No forms in this fake.", "private")], outbox: [] } };
    },
    async submitForm() {
      return { result: { replies: [answerReply("No forms in this fake.", "private")], outbox: [] } };
    },
    async handlePosted() {},
  };
  return core;
}

export interface SlackHarness {
  slack: FakeSlackApi;
  table: TestTable;
  peer: PeerServices;
  config: Config;
  slackApp: ReturnType<typeof createInProcessSlack>;
  close(): Promise<void>;
}

/** Starts the fake Slack and a fresh table, and wires the Slack app to `core`. */
export async function startSlackHarness(
  makeCore: (peer: PeerServices, table: TestTable) => Promise<Core> | Core,
) {
  const slack = await startFakeSlackApi();
  const table = await createTestTable("slack");
  const peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: HASH_KEY });
  const config = loadConfig({
    SLACK_API_URL: slack.apiUrl,
    SLACK_BOT_USER_ID: BOT_USER_ID,
    SLACK_BOT_ID: BOT_ID,
    PATHFINDER_TABLE: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  const core = await makeCore(peer, table);
  const slackApp = createInProcessSlack({
    core,
    peer,
    config,
    secrets: { slackSigningSecret: TEST_SIGNING_SECRET, slackBotToken: BOT_TOKEN },
  });
  return {
    slack,
    table,
    peer,
    config,
    slackApp,
    async close() {
      await slack.close();
      await table.drop();
    },
  } satisfies SlackHarness;
}
