/**
 * The local server behind `npm start`: the playground (static files in web/), its JSON API, and the
 * real platform handlers through thin bridges. node:http only. On loopback it refuses requests whose
 * Host is not loopback (DNS rebinding) and whose Origin is another site; with an admin token it
 * requires that token on every API call.
 */
import { timingSafeEqual } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join } from "node:path";
import type { WorkerLog } from "../bots/slack/worker.ts";
import { DigestWeekError } from "../digest/digest-service.ts";
import { DigestDeliveryError, DigestEventError } from "../digest/weekly-run.ts";
import { ReminderDeliveryError } from "../functions/network-reminders.ts";
import { AmbassadorValidationError, NotFoundError, PeerInputError } from "../peer/errors.ts";
import { StorageUnavailableError } from "../store/errors.ts";
import { type LocalBridges, sendUnavailable } from "./bridges/index.ts";
import { HttpError, readJsonObject, SECURITY_HEADERS, sendJson, sendText } from "./http-io.ts";
import { type KnowledgeApiDeps, routeKnowledge } from "./knowledge-api.ts";
import type { NetworkApi } from "./network-api.ts";
import type { PlaygroundApi } from "./playground-api.ts";

/** Where the playground's static files live. */
export const WEB_DIR = join(import.meta.dirname, "..", "web");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
};

/** What the server needs. */
export interface LocalServerDeps {
  api: PlaygroundApi;
  /** The Ambassadors' channel routes (/api/network…, local/network-api.ts). */
  network?: NetworkApi;
  bridges: LocalBridges;
  /** When set, every API call must carry `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** True when bound to loopback only: then Host must be a loopback name. */
  loopbackOnly: boolean;
  log: WorkerLog;
  webDir?: string;
  /** The document library behind the Knowledge tab (absent: its routes answer 503). */
  knowledge?: KnowledgeApiDeps;
}

/** Reads the playground's files once: a fixed map of path to bytes, so no request can reach other files. */
function loadStaticFiles(dir: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    files.set(`/${name}`, { body, type });
    if (name === "index.html") files.set("/", { body, type });
  }
  return files;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Turns an error into the status and body the page shows; unexpected errors are logged, not shown. */
function sendError(res: ServerResponse, error: unknown, log: WorkerLog): void {
  const [status, body] = describeError(error);
  if (status === 500) {
    log.error("request failed", {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  sendJson(res, status, body);
}

function describeError(error: unknown): [number, Record<string, unknown>] {
  if (error instanceof HttpError) return [error.status, { error: error.message, ...error.details }];
  if (error instanceof AmbassadorValidationError)
    return [400, { error: error.message, issues: error.issues }];
  if (error instanceof NotFoundError) return [404, { error: error.message }];
  if (
    error instanceof PeerInputError ||
    error instanceof DigestWeekError ||
    error instanceof DigestEventError
  ) {
    return [400, { error: error.message }];
  }
  if (error instanceof StorageUnavailableError) return [503, { error: error.message }];
  return [500, { error: "Something went wrong on the Pathfinder server; the details are in its log." }];
}

/** Creates the HTTP server (not yet listening). */
export function createLocalServer(deps: LocalServerDeps): Server {
  const files = loadStaticFiles(deps.webDir ?? WEB_DIR);
  const { api, bridges, log } = deps;

  /** Platform endpoints carry their own authentication (Slack signature, Bot Framework JWT). */
  const selfAuthenticated = new Set(["/slack/events", "/api/messages"]);

  function checkAccess(req: IncomingMessage, path: string): void {
    const host = req.headers.host ?? "";
    if (deps.loopbackOnly && !LOOPBACK_HOST.test(host)) {
      throw new HttpError(421, "This Pathfinder only answers on 127.0.0.1 or localhost.");
    }
    const origin = req.headers.origin;
    if (origin && req.method !== "GET" && !selfAuthenticated.has(path) && origin !== `http://${host}`) {
      throw new HttpError(403, "Requests from other web sites are not accepted.");
    }
    const needsToken = path.startsWith("/api/") || path === "/digest/run" || path === "/network/remind";
    if (deps.adminToken && needsToken && !selfAuthenticated.has(path)) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim() ?? "";
      if (!sameToken(given, deps.adminToken)) {
        throw new HttpError(
          401,
          "This Pathfinder needs its admin token: open the address printed at start (it carries the token).",
        );
      }
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const method = req.method ?? "GET";
    checkAccess(req, path);

    if (method === "GET" || method === "HEAD") {
      const file = files.get(path);
      if (file) {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "content-type": file.type,
          "content-length": file.body.length,
        });
        res.end(method === "HEAD" ? undefined : file.body);
        return;
      }
    }
    if (path === "/healthz") return sendJson(res, 200, { ok: true });

    if (path === "/slack/events") {
      if (!bridges.slack.ready) return sendUnavailable(res, bridges.slack.reason);
      return bridges.slack.value.serve(req, res);
    }
    if (path === "/api/messages") {
      if (!bridges.teams.ready) return sendUnavailable(res, bridges.teams.reason);
      return bridges.teams.value.serve(req, res);
    }
    if (path === "/digest/run") {
      if (method !== "POST") throw new HttpError(405, "POST to run the weekly digest now.");
      const body = await readJsonObject(req, { emptyBodyWithoutType: true });
      try {
        return sendJson(res, 200, await bridges.runDigest(body));
      } catch (error) {
        if (error instanceof DigestDeliveryError) {
          return sendJson(res, 502, { error: error.message, result: error.result });
        }
        throw error;
      }
    }
    if (path === "/network/remind") {
      if (method !== "POST") throw new HttpError(405, "POST to run the network reminders now.");
      const body = await readJsonObject(req, { emptyBodyWithoutType: true });
      try {
        return sendJson(res, 200, await bridges.runReminders(body));
      } catch (error) {
        if (error instanceof ReminderDeliveryError) {
          return sendJson(res, 502, { error: error.message, result: error.result });
        }
        throw error;
      }
    }
    if (await routeKnowledge(req, res, deps.knowledge)) return;
    return routeApi(req, res, method, path, url);
  }

  async function routeApi(req: IncomingMessage, res: ServerResponse, method: string, path: string, url: URL) {
    const key = `${method} ${path}`;
    switch (key) {
      case "GET /api/meta":
        return sendJson(res, 200, api.meta());
      case "POST /api/chat":
        return sendJson(res, 200, await api.chat(await readJsonObject(req)));
      case "POST /api/action":
        return sendJson(res, 200, await api.action(await readJsonObject(req)));
      case "GET /api/dashboard":
        return sendJson(res, 200, await api.dashboard());
      case "GET /api/digest":
        return sendJson(res, 200, await api.digest(url.searchParams.get("week") ?? undefined));
      case "GET /api/ambassadors":
        return sendJson(res, 200, { ambassadors: await api.listAmbassadors() });
      case "POST /api/ambassadors":
        return sendJson(res, 201, await api.saveAmbassador(await readJsonObject(req)));
      case "POST /api/ambassadors/import":
        return sendJson(res, 200, await api.importAmbassadors(await readJsonObject(req)));
      case "POST /api/ambassadors/match":
        return sendJson(res, 200, { matches: await api.matchAmbassadors(await readJsonObject(req)) });
    }
    if (await deps.network?.handle(req, res, method, path)) return;
    const one = /^\/api\/ambassadors\/([a-z0-9][a-z0-9-]{0,63})(\/snooze)?$/.exec(path);
    if (one?.[1]) {
      const id = one[1];
      if (one[2] && method === "POST") {
        return sendJson(res, 200, await api.snoozeAmbassador(id, await readJsonObject(req)));
      }
      if (!one[2] && method === "PUT")
        return sendJson(res, 200, await api.saveAmbassador(await readJsonObject(req), id));
      if (!one[2] && method === "DELETE") return sendJson(res, 200, await api.removeAmbassador(id));
    }
    if (path.startsWith("/api/")) throw new HttpError(404, `No such API: ${method} ${path}`);
    sendText(res, 404, "Not found. The playground is at /");
  }

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        log.error("response failed after it started", { error: String(error) });
        res.destroy();
        return;
      }
      sendError(res, error, log);
    });
  });
}
