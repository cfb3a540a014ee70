/**
 * A small request/response shim between a Lambda HTTP event (Function URL or API Gateway HTTP API,
 * payload format 2.0; REST API v1 events work too) and botbuilder's CloudAdapter.process, which
 * expects Node/Express-like `req` and `res`. The status and body CloudAdapter writes (including
 * invoke responses for Adaptive Card actions) become the Lambda result.
 */
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import type { CloudAdapter, Request, Response, TurnContext } from "botbuilder";
import * as z from "zod";
import { teamsLogger } from "./log.ts";

/** Bot Framework activities are small; anything bigger than this is not one (bytes). */
export const MAX_BODY_BYTES = 256 * 1024;

export type LambdaHttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEvent;

/** An account or conversation reference inside an activity: botbuilder and the turn read its `id`. */
const ChannelAccount = z.looseObject({ id: z.string() });

/**
 * The envelope of a Bot Framework activity, as far as botbuilder and Pathfinder read it before the turn:
 * a `type`, and where present, ids that are strings and text that is text. Every other field passes through
 * untouched (looseObject), since Teams adds fields over time and botbuilder reads them itself.
 * https://github.com/microsoft/botframework-sdk/blob/main/specs/botframework-activity/botframework-activity.md
 */
export const ActivityBodySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  serviceUrl: z.string().optional(),
  channelId: z.string().optional(),
  from: ChannelAccount.optional(),
  recipient: ChannelAccount.optional(),
  conversation: ChannelAccount.optional(),
  text: z.string().optional(),
});

/** The result of reading a request body: the activity, or the clear reason it is not one. */
export type ActivityBody =
  | { ok: true; activity: z.infer<typeof ActivityBodySchema> }
  | { ok: false; error: string };

/** Reads a request body as an activity; the reason names the field at fault (no body text is echoed). */
export function parseActivityBody(text: string): ActivityBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: "Request body is not JSON" };
  }
  const parsed = ActivityBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const reasons = parsed.error.issues.map((issue) =>
    issue.path.length === 0 ? "it is not a JSON object" : `"${issue.path.join(".")}": ${issue.message}`,
  );
  return { ok: false, error: `Request body is not an activity: ${reasons.join("; ")}` };
}

function methodOf(event: LambdaHttpEvent): string {
  if ("requestContext" in event && event.requestContext && "http" in event.requestContext) {
    return event.requestContext.http.method;
  }
  return (event as APIGatewayProxyEvent).httpMethod ?? "";
}

function headersOf(event: LambdaHttpEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === "string") headers[name.toLowerCase()] = value;
  }
  return headers;
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

/** Collects what CloudAdapter writes to `res`. */
class CapturedResponse implements Response {
  socket: unknown = undefined;
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }
  send(body?: unknown): this {
    this.body = body;
    return this;
  }
  end(): this {
    this.ended = true;
    return this;
  }
}

/** Runs one Lambda HTTP event through CloudAdapter and returns the HTTP result. */
export async function processLambdaEvent(
  adapter: CloudAdapter,
  event: LambdaHttpEvent,
  logic: (context: TurnContext) => Promise<void>,
  log: { error(message: string, detail?: Record<string, unknown>): void } = teamsLogger(),
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = methodOf(event);
  if (method !== "POST") return json(405, { error: "Only POST is accepted" });
  const raw = event.body ?? "";
  const text = event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) return json(413, { error: "Request body too large" });
  // Checked before CloudAdapter sees it: botbuilder would answer a malformed body with a bare 400 and a
  // console.warn. A well-formed activity still goes through CloudAdapter's JWT check; nothing here trusts it.
  const body = parseActivityBody(text);
  if (!body.ok) return json(400, { error: body.error });
  const req: Request = { method, headers: headersOf(event), body: body.activity };
  const res = new CapturedResponse();
  try {
    await adapter.process(req, res, logic);
  } catch (error) {
    // CloudAdapter validates the activity shape before authenticating; anything it throws is ours to map.
    log.error("CloudAdapter.process threw", { error: String(error) });
    return json(500, { error: "Internal error" });
  }
  if (res.statusCode >= 500) {
    // CloudAdapter puts the error message in the body; callers get a plain status instead.
    return json(res.statusCode, { error: "Internal error" });
  }
  if (res.body === undefined) return { statusCode: res.statusCode, headers: res.headers };
  return {
    statusCode: res.statusCode,
    headers: { "content-type": "application/json", ...res.headers },
    body: typeof res.body === "string" ? JSON.stringify({ error: res.body }) : JSON.stringify(res.body),
  };
}
