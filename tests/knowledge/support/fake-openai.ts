/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: the real `openai` SDK talks to it
 * through its baseURL. Each test scripts how it behaves (answer, error, hang, garbage) and reads
 * back the requests it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat completion request as received. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  /** What the client asked the reply to look like (a strict JSON schema for structured outputs). */
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
}

/** How the fake answers a chat completion. */
export type ChatBehaviour =
  | { kind: "reply"; content: string }
  | { kind: "reply-with"; build: (request: ChatRequest) => string }
  /** A structured-outputs refusal: no content, a `refusal` message instead. */
  | { kind: "refuse"; refusal: string }
  | { kind: "error"; status: number }
  | { kind: "hang" };

/** How the fake answers an embeddings request. */
export type EmbeddingBehaviour = { kind: "vectors" } | { kind: "error"; status: number } | { kind: "hang" };

/** A deterministic toy embedding: hashed word counts in 64 dimensions (similar words, similar vectors). */
export function toyEmbedding(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) {
    let h = 0;
    for (const ch of word) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    vector[h % 64] = (vector[h % 64] ?? 0) + 1;
  }
  vector[0] = (vector[0] ?? 0) + 0.01; // never the zero vector
  return vector;
}

export interface FakeOpenAi {
  baseUrl: string;
  chat: ChatBehaviour;
  embeddings: EmbeddingBehaviour;
  chatRequests: ChatRequest[];
  embeddingInputs: string[][];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Starts the fake on a free port. */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const hanging = new Set<ServerResponse>();
  const fake: FakeOpenAi = {
    baseUrl: "",
    chat: { kind: "reply", content: "{}" },
    embeddings: { kind: "vectors" },
    chatRequests: [],
    embeddingInputs: [],
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
    if (req.url?.endsWith("/chat/completions")) {
      const request = body as unknown as ChatRequest;
      fake.chatRequests.push(request);
      const behaviour = fake.chat;
      if (behaviour.kind === "hang") return void hanging.add(res);
      if (behaviour.kind === "error")
        return send(res, behaviour.status, { error: { message: "boom", type: "server_error" } });
      const message =
        behaviour.kind === "refuse"
          ? { role: "assistant", content: null, refusal: behaviour.refusal }
          : {
              role: "assistant",
              content: behaviour.kind === "reply" ? behaviour.content : behaviour.build(request),
              refusal: null,
            };
      return send(res, 200, {
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 1_700_000_000,
        model: request.model,
        choices: [{ index: 0, message, finish_reason: "stop", logprobs: null }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    if (req.url?.endsWith("/embeddings")) {
      const input = body.input;
      const inputs = Array.isArray(input) ? (input as string[]) : [String(input)];
      fake.embeddingInputs.push(inputs);
      const behaviour = fake.embeddings;
      if (behaviour.kind === "hang") return void hanging.add(res);
      if (behaviour.kind === "error")
        return send(res, behaviour.status, { error: { message: "boom", type: "server_error" } });
      return send(res, 200, {
        object: "list",
        model: body.model,
        data: inputs.map((text, index) => ({ object: "embedding", index, embedding: toyEmbedding(text) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    }
    send(res, 404, { error: { message: "not found" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.baseUrl = `http://127.0.0.1:${port}/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
