/**
 * The Slack events handler: Bolt on AWS Lambda. It verifies Slack's signature (Bolt does),
 * acknowledges at once, and queues the slow work for the worker. It never calls Slack's Web
 * API, so it needs no bot token and makes no network call but the queue's.
 */
// From the package index, as Bolt documents it. The index also loads Express, Socket Mode (undici) and OAuth,
// which this function never runs: the Lambda bundle replaces them with stubs (STUBBED_MODULES, cdk/esbuild-plugins.ts).
import { App, AwsLambdaReceiver, isValidSlackRequest, type Logger, type LogLevel } from "@slack/bolt";
import type { Config } from "../../config/config.ts";
import {
  actionJob,
  commandJob,
  homeJob,
  ignoreReason,
  messageJob,
  type SlackMessageEvent,
  slackKeyHasher,
} from "./incoming.ts";
import type { ModalOpener } from "./network-events.ts";
import { registerFormListeners } from "./network-events.ts";
import type { WorkQueue } from "./work-queue.ts";
import type { WorkerLog } from "./worker.ts";

/** The receiver's Lambda handler; the index exports the class but not its event types, so they are read off it. */
type BoltLambdaHandler = ReturnType<AwsLambdaReceiver["toHandler"]>;
/** An API Gateway or function URL event, as Bolt's AwsLambdaReceiver reads it. */
export type AwsEvent = Parameters<BoltLambdaHandler>[0];
/** What the handler answers API Gateway or the function URL. */
export type AwsResponse = Awaited<ReturnType<BoltLambdaHandler>>;

/** Bolt's Logger, writing warnings and errors to our log (Bolt's info is per-request noise). */
function boltLogger(log: WorkerLog): Logger {
  let level = "warn" as LogLevel;
  let name = "bolt";
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" ");
  return {
    debug() {},
    info() {},
    warn: (...parts: unknown[]) => log.warn(text(parts), { source: name }),
    error: (...parts: unknown[]) => log.error(text(parts), { source: name }),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

/** A Lambda handler for API Gateway / Function URL events (two arguments: Node 24 runtimes require it). */
export type SlackEventsHandler = (event: AwsEvent, context: unknown) => Promise<AwsResponse>;

export interface SlackEventsDeps {
  queue: WorkQueue;
  signingSecret: string;
  log?: WorkerLog;
  /**
   * Opens modals (views.open with the bot token) for form buttons and the "Save answer" shortcut: a trigger_id
   * lasts 3 s, so this one call happens here rather than in the worker. Without it, form buttons go to core's
   * fallback and the shortcut says it is unavailable.
   */
  views?: ModalOpener;
}

/** What a slash command shows at once, while the worker works. */
export const LOOKING = ":mag: Looking…";

/** The slash command this app registers (slack/manifest.yaml). */
export const SLASH_COMMAND = "/pathfinder";

const quiet: WorkerLog = { info() {}, warn() {}, error() {} };

function header(headers: AwsEvent["headers"], name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

/**
 * Bolt's receiver decodes base64 bodies as ASCII, which breaks the signature of any non-ASCII
 * message; decode as UTF-8 here instead.
 */
function decodeBody(event: AwsEvent): AwsEvent {
  if (!event.isBase64Encoded || !event.body) return event;
  return { ...event, body: Buffer.from(event.body, "base64").toString("utf8"), isBase64Encoded: false };
}

/** Builds the handler. `config.slack.botUserId`/`botId` spare Bolt an auth.test call on a cold start. */
export function makeSlackEventsHandler(
  deps: SlackEventsDeps,
  config: Pick<Config, "slack">,
): SlackEventsHandler {
  const { queue, signingSecret } = deps;
  const keyUser = slackKeyHasher(signingSecret);
  const log = deps.log ?? quiet;
  const { botUserId, botId } = config.slack;

  const logger = boltLogger(log);
  const receiver = new AwsLambdaReceiver({ signingSecret, logger });
  const app = new App({
    receiver,
    // No token: this function never calls Slack. Bolt's ignoreSelf middleware reads these ids.
    authorize: async () => ({ ...(botUserId ? { botUserId } : {}), ...(botId ? { botId } : {}) }),
    convoStore: false,
    logger,
  });

  app.error(async (error) => {
    log.error("Slack event could not be queued", { error: String(error) });
    // Rethrown, the receiver answers 500 and Slack retries the event later.
    throw error;
  });

  async function onMessage(eventId: string, event: SlackMessageEvent): Promise<void> {
    const reason = ignoreReason(event, botUserId);
    if (reason) {
      log.info("Slack message ignored", { reason, eventId });
      return;
    }
    await queue.send(messageJob(eventId, event, botUserId));
  }

  app.event("app_mention", async ({ event, body }) => {
    await onMessage(body.event_id, event);
  });

  app.event("message", async ({ event, body }) => {
    if (event.channel_type !== "im") {
      // Channel messages otherwise reach Pathfinder as app_mention; a reply in a thread may be an ambassador
      // answering an open question, which the worker checks (network-events.ts) before anything is written.
      if (ignoreReason(event, botUserId) === undefined) await forms.onThreadReply(body.event_id, event);
      return;
    }
    await onMessage(body.event_id, event);
  });

  app.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    await queue.send(homeJob(event.user));
  });

  app.command(SLASH_COMMAND, async ({ command, ack }) => {
    try {
      await queue.send(commandJob(command));
      await ack({ response_type: "ephemeral", text: LOOKING });
    } catch (error) {
      log.error("slash command could not be queued", { error: String(error) });
      await ack({
        response_type: "ephemeral",
        text: "Sorry, Pathfinder couldn't take that just now. Please try again in a minute.",
      });
    }
  });

  const forms = registerFormListeners(app, {
    queue,
    log,
    ...(deps.views ? { views: deps.views } : {}),
    ...(botUserId ? { botUserId } : {}),
  });

  app.action(/.+/, async ({ body, ack }) => {
    await ack();
    // Narrowed by Bolt's own discriminants: a block_actions payload carries the pressed element first,
    // and only buttons mean anything to Pathfinder (legacy attachments and dialogs are not used).
    if (body.type !== "block_actions") return;
    const action = body.actions[0];
    if (action?.type !== "button") return;
    if (await forms.openFromButton(body, action)) return;
    try {
      await queue.send(actionJob(body, action, keyUser));
    } catch (error) {
      // The press is acknowledged already (Slack shows no error); the person can press again.
      log.error("button press could not be queued", { error: String(error) });
    }
  });

  const bolt = receiver.toHandler();

  return async (event, context) => {
    const decoded = decodeBody(event);
    // Verified before Bolt sees the request: Bolt parses the body and logs the attacker's
    // Content-Type before it checks the signature, and it accepts timestamps in the future.
    if (!signedRecently(decoded, signingSecret)) return { statusCode: 401, body: "" };
    if (header(decoded.headers, "x-slack-retry-reason") === "http_timeout") {
      // Slack sends an http_timeout retry when our answer took over 3 s, so the original reached us and
      // queued its job (or answered 500, which Slack retries as http_error, not skipped here).
      // https://api.slack.com/apis/events-api#retries
      log.info("Slack retry acknowledged without queueing", {
        retry: header(decoded.headers, "x-slack-retry-num") ?? "",
      });
      return { statusCode: 200, body: "" };
    }
    try {
      return await bolt(decoded, context);
    } catch (error) {
      if (error instanceof SyntaxError) return { statusCode: 400, body: "Malformed request body" };
      log.error("Slack request failed", { error: String(error) });
      return { statusCode: 500, body: "Internal server error" };
    }
  };
}

/** Slack's documented replay window, applied both ways (Bolt checks only the past). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * True when the request carries Slack's signature over its body, made within five minutes of now
 * either way. https://api.slack.com/authentication/verifying-requests-from-slack
 */
function signedRecently(event: AwsEvent, signingSecret: string, nowMs = Date.now()): boolean {
  const signature = header(event.headers, "x-slack-signature");
  const timestamp = Number(header(event.headers, "x-slack-request-timestamp"));
  if (signature === undefined || !Number.isSafeInteger(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) return false;
  return isValidSlackRequest({
    signingSecret,
    body: event.body ?? "",
    headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp },
    nowMilliseconds: nowMs,
  });
}
