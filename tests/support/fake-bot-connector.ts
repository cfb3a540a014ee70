/**
 * A stand-in for the Bot Connector service (the activity's serviceUrl) on 127.0.0.1: it records what
 * botbuilder's real ConnectorClient posts (replies, new messages, created conversations). Outgoing
 * calls are signed by a credentials factory that needs no Entra ID token endpoint, so tests run offline.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Activity, ConversationParameters } from "botbuilder";
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";

export interface RecordedActivity {
  conversationId: string;
  /** Set when posted as a reply (POST /v3/conversations/{id}/activities/{replyToId}). */
  replyToId?: string;
  authorization?: string;
  activity: Partial<Activity>;
}

export interface FakeBotConnector {
  serviceUrl: string;
  activities: RecordedActivity[];
  createdConversations: ConversationParameters[];
  /** Conversation ids whose POSTs fail with 403 (the user blocked the bot). */
  forbidden: Set<string>;
  /**
   * Conversation ids whose POSTs are recorded (Teams took them) and then answered by destroying the socket:
   * the response is lost, so the bot cannot tell the post from a failure ("*": every conversation).
   */
  lostResponses: Set<string>;
  /**
   * Conversation ids whose POSTs are answered 503 with `Retry-After: 0` and not recorded (Teams briefly down,
   * nothing posted; the zero wait lets the SDK's own retries of a 503 run at once). "*": every conversation.
   */
  unavailable: Set<string>;
  /** Activity POSTs answered with an error status (forbidden, unavailable): nothing was posted. */
  refused: { conversationId: string; status: number }[];
  /** Forgets what was recorded and every fault set, for the next test (the server keeps running). */
  reset(): void;
  close(): Promise<void>;
}

/** The bearer token the test credentials put on outgoing calls. */
export const FAKE_OUTBOUND_TOKEN = "fake-outbound-token";

type Credentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory["createCredentials"]>>;

/** Credentials that sign outgoing calls with a fixed token instead of fetching one from Entra ID. */
export class OfflineCredentialsFactory extends ConfigurationServiceClientCredentialFactory {
  constructor(appId: string, tenantId = "tenant-0001") {
    super({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: "unused-in-tests",
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: tenantId,
    });
  }
  override async createCredentials(): Promise<Credentials> {
    return {
      async signRequest(resource) {
        resource.headers.set("authorization", `Bearer ${FAKE_OUTBOUND_TOKEN}`);
        return resource;
      },
    };
  }
}

async function readJson(req: import("node:http").IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

/** Starts the fake Bot Connector. */
export async function startFakeBotConnector(): Promise<FakeBotConnector> {
  const activities: RecordedActivity[] = [];
  const createdConversations: ConversationParameters[] = [];
  const forbidden = new Set<string>();
  const lostResponses = new Set<string>();
  const unavailable = new Set<string>();
  const refused: FakeBotConnector["refused"] = [];
  const faulty = (set: Set<string>, conversationId: string) => set.has(conversationId) || set.has("*");
  let counter = 0;

  const server: Server = createServer(async (req, res) => {
    res.setHeader("content-type", "application/json");
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const body = await readJson(req);
    const authorization = req.headers.authorization;
    // POST /v3/conversations
    if (req.method === "POST" && parts.length === 2 && parts[0] === "v3" && parts[1] === "conversations") {
      createdConversations.push(body as ConversationParameters);
      counter++;
      res.statusCode = 201;
      res.end(JSON.stringify({ id: `a:created-${counter}`, serviceUrl: "" }));
      return;
    }
    // POST /v3/conversations/{id}/activities[/{replyToId}]
    if (
      req.method === "POST" &&
      parts[0] === "v3" &&
      parts[1] === "conversations" &&
      parts[3] === "activities"
    ) {
      const conversationId = parts[2] ?? "";
      if (forbidden.has(conversationId)) {
        refused.push({ conversationId, status: 403 });
        res.statusCode = 403;
        res.end(JSON.stringify({ error: { code: "BotDisabledByAdmin", message: "blocked" } }));
        return;
      }
      if (faulty(unavailable, conversationId)) {
        refused.push({ conversationId, status: 503 });
        res.statusCode = 503;
        res.setHeader("retry-after", "0");
        res.end(JSON.stringify({ error: { code: "ServiceUnavailable", message: "try again" } }));
        return;
      }
      activities.push({
        conversationId,
        ...(parts[4] ? { replyToId: parts[4] } : {}),
        ...(authorization ? { authorization } : {}),
        activity: body as Partial<Activity>,
      });
      if (faulty(lostResponses, conversationId)) {
        // Posted, but the answer never arrives: the client sees the connection reset after its request.
        req.socket.destroy();
        return;
      }
      counter++;
      res.statusCode = 201;
      // Teams message ids are numeric (a channel reply chain is `;messageid=<id>`, bots/teams/activity.ts).
      res.end(JSON.stringify({ id: String(1_700_000_900_000 + counter) }));
      return;
    }
    res.statusCode = 404;
    res.end(JSON.stringify({ error: { code: "NotFound", message: url.pathname } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    activities,
    createdConversations,
    forbidden,
    lostResponses,
    unavailable,
    refused,
    reset() {
      activities.length = 0;
      createdConversations.length = 0;
      refused.length = 0;
      forbidden.clear();
      lostResponses.clear();
      unavailable.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
