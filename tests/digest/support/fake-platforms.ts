/**
 * Small HTTP servers on 127.0.0.1 standing in for Slack's Web API and the Bot Framework Connector, so the
 * real SDK clients (WebClient, CloudAdapter) do the talking. Each records what it received and can be told
 * to fail for a given conversation: with a platform error, an HTTP status, or a number of failures first.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** How a fake answers for one conversation. */
export type FakeFailure =
  | { kind: "platform"; error: string } // Slack `{ ok: false, error }`
  | { kind: "status"; status: number; times?: number }; // HTTP status; the first `times` requests only

export interface SlackPost {
  channel: string;
  text: string;
  blocks: { type: string; text?: { text: string } }[];
  authorization: string | undefined;
}

/** A fake Slack Web API: `chat.postMessage` only. */
export async function startFakeSlack() {
  const posts: SlackPost[] = [];
  const attempts = new Map<string, number>();
  const failures = new Map<string, FakeFailure>();
  const server = createServer(async (req, res) => {
    const body = new URLSearchParams(await readBody(req));
    const channel = body.get("channel") ?? "";
    attempts.set(channel, (attempts.get(channel) ?? 0) + 1);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    if (req.url !== "/api/chat.postMessage") return send(404, { ok: false, error: "unknown_method" });
    const failure = failures.get(channel);
    if (failure?.kind === "platform") return send(200, { ok: false, error: failure.error });
    if (
      failure?.kind === "status" &&
      (failure.times === undefined || (attempts.get(channel) ?? 0) <= failure.times)
    ) {
      return send(failure.status, { ok: false, error: "fatal_error" });
    }
    posts.push({
      channel,
      text: body.get("text") ?? "",
      blocks: JSON.parse(body.get("blocks") ?? "[]"),
      authorization: req.headers.authorization,
    });
    send(200, { ok: true, channel, ts: `${Date.now()}.000${posts.length}` });
  });
  const url = await listen(server);
  return {
    /** What to configure as SLACK_API_URL. */
    apiUrl: `${url}/api/`,
    posts,
    attempts,
    fail(channel: string, failure: FakeFailure | undefined) {
      if (failure) failures.set(channel, failure);
      else failures.delete(channel);
    },
    /** Forgets posts, attempts and failures (between tests). */
    reset() {
      posts.length = 0;
      attempts.clear();
      failures.clear();
    },
    close: () => close(server),
  };
}

export interface ConnectorPost {
  conversationId: string;
  activity: { type?: string; summary?: string; attachments?: { contentType: string; content: unknown }[] };
  authorization: string | undefined;
}

/** A fake Bot Framework Connector: `POST /v3/conversations/{id}/activities` only. */
export async function startFakeConnector() {
  const posts: ConnectorPost[] = [];
  const attempts = new Map<string, number>();
  const failures = new Map<string, FakeFailure>();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? "");
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    if (req.method !== "POST" || !match?.[1]) return send(404, { error: { code: "NotFound" } });
    const conversationId = decodeURIComponent(match[1]);
    attempts.set(conversationId, (attempts.get(conversationId) ?? 0) + 1);
    const failure = failures.get(conversationId);
    if (
      failure?.kind === "status" &&
      (failure.times === undefined || (attempts.get(conversationId) ?? 0) <= failure.times)
    ) {
      return send(failure.status, { error: { code: "BotNotInConversationRoster", message: "no" } });
    }
    posts.push({ conversationId, activity: JSON.parse(raw), authorization: req.headers.authorization });
    send(200, { id: `activity-${posts.length}` });
  });
  const url = await listen(server);
  return {
    /** The serviceUrl stored in conversation references. */
    serviceUrl: `${url}/`,
    posts,
    attempts,
    fail(conversationId: string, failure: FakeFailure | undefined) {
      if (failure) failures.set(conversationId, failure);
      else failures.delete(conversationId);
    },
    /** Forgets posts, attempts and failures (between tests). */
    reset() {
      posts.length = 0;
      attempts.clear();
      failures.clear();
    },
    close: () => close(server),
  };
}
