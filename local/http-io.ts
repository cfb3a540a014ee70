/** Small request/response helpers for the local server (node:http, no framework). */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An error the local server answers with its own status and a message written for the person. */
export class HttpError extends Error {
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    status: number,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = "HttpError";
    this.status = status;
    this.details = options?.details;
  }
}

/** Request bodies the playground sends are small; an ambassador import file may be up to 5 MB. */
export const MAX_JSON_BYTES = 6 * 1024 * 1024;

/** Reads the raw body, refusing more than `limit` bytes (413) before buffering it all. */
export async function readBody(req: IncomingMessage, limit = MAX_JSON_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, `The request is larger than ${Math.round(limit / 1024)} KB.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `The request is larger than ${Math.round(limit / 1024)} KB.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON object body. Requiring `application/json` also keeps other web sites out: a browser
 * only sends that content type cross-origin after a CORS preflight, which this server never approves.
 */
export async function readJsonObject(
  req: IncomingMessage,
  options: { emptyBodyWithoutType?: boolean } = {},
): Promise<Record<string, unknown>> {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  const text = (await readBody(req)).toString("utf8");
  // An optional body may be left out altogether (`curl -X POST …`); a body that is there must be
  // declared JSON, which a cross-site form cannot do.
  if (options.emptyBodyWithoutType && !text.trim()) return {};
  if (type !== "application/json") {
    throw new HttpError(415, "Send the request as JSON (Content-Type: application/json).");
  }
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

/** Security headers for every response: nothing may load from elsewhere, nothing may frame the page. */
export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

/** Sends a plain-text response. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A string field of a JSON body, trimmed; undefined when absent or not a string. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}
