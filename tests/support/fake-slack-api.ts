/**
 * A stand-in for Slack's Web API on 127.0.0.1: the real WebClient (and Bolt) talk to it via
 * `slackApiUrl`. It records every call (method, token, arguments) and every POST to a
 * response_url (`<url>/response/<id>`), answers the way Slack documents, and can be told to
 * fail a method.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One recorded Web API call or response_url post. */
export interface SlackCall {
  method: string;
  token?: string;
  args: Record<string, unknown>;
}

export interface FailOptions {
  times?: number;
  after?: number;
  retryAfter?: number;
  afterDelivery?: boolean;
}

/** How one call fails. */
export type FaultRule = FailOptions & { error: string | number };

/** A message the fake accepted, with its metadata (conversations.history/replies return these). */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  metadata?: unknown;
}

export interface FakeSlackApi {
  /** Base URL for WebClient's slackApiUrl ("http://127.0.0.1:port/api/"). */
  apiUrl: string;
  /** The server's origin, for response_urls. */
  origin: string;
  /** A fresh response_url on this server. */
  responseUrl(): string;
  calls: SlackCall[];
  /** Calls of one method ("response_url" for response_url posts), with blocks parsed. */
  callsOf(method: string): SlackCall[];
  /**
   * Make calls of `method` fail with Slack's error (or an HTTP status): `times` calls (default 1),
   * after letting `after` calls through (default 0). `retryAfter` adds Slack's Retry-After header (a 429);
   * `afterDelivery` does the call and then answers with the failure (a lost response).
   */
  fail(method: string, error: string | number, options?: FailOptions): void;
  /** Decide per call whether it fails (fault runs); consulted before `fail`'s rules. */
  setFault(fault?: (method: string, args: Record<string, unknown>) => FaultRule | undefined): void;
  /** Messages chat.postMessage accepted, in order (what people actually see). */
  posted: PostedMessage[];
  /** Bytes uploaded to the file upload URLs (files.uploadV2's second step), by file id. */
  uploads: Map<string, string>;
  /** Calls that took effect (answered ok, or done before a lost response), in order. */
  delivered: SlackCall[];
  /** Resolves when at least `count` calls of `method` have arrived, or rejects after `timeoutMs`. */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<SlackCall[]>;
  reset(): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** WebClient sends form bodies with nested values (blocks, view) as JSON strings; decode them. */
function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  const raw: Record<string, unknown> = contentType?.includes("application/json")
    ? (JSON.parse(body) as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(body));
  for (const key of ["blocks", "view", "attachments", "metadata"]) {
    const value = raw[key];
    if (typeof value === "string") {
      try {
        raw[key] = JSON.parse(value);
      } catch {
        // leave as sent
      }
    }
  }
  return raw;
}

function answer(
  method: string,
  args: Record<string, unknown>,
  posted: PostedMessage[],
  origin = "",
): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
  switch (method) {
    case "chat.postMessage": {
      const message: PostedMessage = {
        channel: String(args.channel),
        ts,
        text: String(args.text ?? ""),
        ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
        ...(args.metadata ? { metadata: args.metadata } : {}),
      };
      posted.push(message);
      return { ok: true, channel: args.channel, ts, message: { text: args.text, ts } };
    }
    case "conversations.replies":
      return {
        ok: true,
        messages: posted.filter((m) => m.channel === args.channel && m.thread_ts === args.ts),
      };
    case "conversations.history":
      return { ok: true, messages: posted.filter((m) => m.channel === args.channel).reverse() };
    case "chat.postEphemeral":
      return { ok: true, message_ts: ts };
    case "reactions.add":
      return { ok: true };
    case "conversations.open": {
      const users = String(args.users ?? "");
      const id = `${users.includes(",") ? "G" : "D"}${users.replaceAll(",", "").toUpperCase()}`;
      return { ok: true, channel: { id } };
    }
    case "views.open":
      // A new view id per modal; views.update then names it (Slack's documented response shapes).
      return {
        ok: true,
        view: { id: `V${randomUUID().slice(0, 8).toUpperCase()}`, hash: ts, ...(args.view as object) },
      };
    case "views.update":
      if (!args.view_id) return { ok: false, error: "invalid_arguments" };
      return { ok: true, view: { id: args.view_id, hash: ts, ...(args.view as object) } };
    case "views.publish":
      return {
        ok: true,
        view: { id: `V${randomUUID().slice(0, 8).toUpperCase()}`, ...(args.view as object) },
      };
    // files.uploadV2 is three steps: an upload URL (on this server), the bytes, then completion into a channel.
    case "files.getUploadURLExternal": {
      const fileId = `F${randomUUID().slice(0, 8).toUpperCase()}`;
      return { ok: true, file_id: fileId, upload_url: `${origin}/upload/${fileId}` };
    }
    case "files.completeUploadExternal":
      return { ok: true, files: [{ id: "F", title: "file" }] };
    case "auth.test":
      return { ok: true, user_id: "UFAKEBOT", bot_id: "BFAKEBOT", team_id: "T0001" };
    default:
      return { ok: false, error: "unknown_method" };
  }
}

/** Starts the fake Slack Web API on a free port on 127.0.0.1. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const failures = new Map<
    string,
    Required<Omit<FailOptions, "retryAfter">> & FailOptions & { error: string | number }
  >();
  const posted: PostedMessage[] = [];
  const uploads = new Map<string, string>();
  const delivered: SlackCall[] = [];
  let faultRule: ((method: string, args: Record<string, unknown>) => FaultRule | undefined) | undefined;
  const waiters = new Set<() => void>();

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    if (url.pathname.startsWith("/upload/")) {
      // The WebClient sends the bytes as multipart form data (a "body" part): keep the file's text.
      const contentType = req.headers["content-type"] ?? "application/octet-stream";
      const form = contentType.startsWith("multipart/")
        ? await new Response(body, { headers: { "content-type": contentType } }).formData()
        : undefined;
      const part = form ? (form.get("body") ?? form.get("file")) : body;
      uploads.set(
        url.pathname.slice("/upload/".length),
        typeof part === "string" ? part : await (part as Blob).text(),
      );
      res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${Buffer.byteLength(body)}`);
      return;
    }
    let args: Record<string, unknown>;
    try {
      args = parseArgs(body, req.headers["content-type"]);
    } catch {
      res.writeHead(400).end("bad body");
      return;
    }
    const isResponseUrl = url.pathname.startsWith("/response/");
    const method = isResponseUrl ? "response_url" : url.pathname.replace(/^\/api\//, "");
    const auth = req.headers.authorization;
    const call: SlackCall = { method, args, ...(auth ? { token: auth.replace(/^Bearer /, "") } : {}) };
    calls.push(call);
    for (const wake of waiters) wake();

    const ruled = faultRule?.(method, args);
    const failure = ruled ? { ...ruled, times: 1, after: 0 } : failures.get(method);
    if (failure && failure.after > 0) failure.after -= 1;
    else if (failure && failure.times > 0) {
      failure.times -= 1;
      if (failure.afterDelivery) {
        delivered.push(call);
        if (!isResponseUrl) answer(method, args, posted);
      }
      if (failure.retryAfter !== undefined) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": String(failure.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      } else if (typeof failure.error === "number") {
        res.writeHead(failure.error, { "content-type": "text/plain" }).end("failure");
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, error: failure.error }));
      }
      return;
    }
    delivered.push(call);
    if (isResponseUrl) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer(method, args, posted, origin)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const callsOf = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `${origin}/api/`,
    origin,
    responseUrl: () => `${origin}/response/${randomUUID()}`,
    calls,
    callsOf,
    posted,
    uploads,
    delivered,
    setFault(fault) {
      faultRule = fault;
    },
    fail(method, error, options = {}) {
      failures.set(method, {
        ...options,
        error,
        times: options.times ?? 1,
        after: options.after ?? 0,
        afterDelivery: options.afterDelivery ?? false,
      });
    },
    waitFor(method, count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = callsOf(method);
          if (found.length < count) return false;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`timed out waiting for ${count} ${method} call(s); got ${callsOf(method).length}`),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    reset() {
      calls.length = 0;
      posted.length = 0;
      delivered.length = 0;
      uploads.clear();
      faultRule = undefined;
      failures.clear();
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
