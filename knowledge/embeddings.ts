/**
 * Optional OpenAI embeddings: computed for passages at index build (cached in the artifact as
 * int8-quantised vectors, which keeps the artifact small) and for a question at run time.
 */
import type OpenAI from "openai";

/** Passage vectors as stored in the artifact. */
export interface StoredEmbeddings {
  model: string;
  dimensions: number;
  /** Passage id to base64 int8 vector (scaled so the largest component is 127). */
  vectors: Record<string, string>;
}

/** Settings for talking to OpenAI (or any OpenAI-compatible endpoint). */
export interface OpenAiSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  embeddingModel: string;
  /** The whole OpenAI part of an answer must finish within this, or the offline answer is used. */
  deadlineMs: number;
}

/**
 * An OpenAI client that never retries on its own: the caller owns the deadline. The SDK is
 * imported here, on first use, so a deployment without a key never loads or evaluates it
 * (it is the largest dependency of the knowledge base, and every Lambda's cold start paid for it).
 */
export async function makeOpenAiClient(settings: OpenAiSettings): Promise<OpenAI> {
  const { default: OpenAI } = await import("openai");
  return new OpenAI({
    apiKey: settings.apiKey,
    ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}),
    maxRetries: 0,
    timeout: settings.deadlineMs,
  });
}

/** Embeds texts in batches; vectors come back in input order. */
export async function embedTexts(
  client: OpenAI,
  model: string,
  texts: readonly string[],
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<number[][]> {
  const out: number[][] = [];
  for (let start = 0; start < texts.length; start += 64) {
    const batch = texts.slice(start, start + 64);
    const response = await client.embeddings.create(
      { model, input: [...batch] },
      {
        ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const data = [...response.data].sort((a, b) => a.index - b.index);
    if (data.length !== batch.length)
      throw new Error(`expected ${batch.length} embeddings, got ${data.length}`);
    for (const item of data) {
      if (!Array.isArray(item.embedding) || item.embedding.some((v) => typeof v !== "number")) {
        throw new Error("embedding response is not a list of numbers");
      }
      out.push(item.embedding);
    }
  }
  return out;
}

/** Quantises a vector to base64 int8 (direction is what cosine similarity needs). */
export function quantiseVector(vector: readonly number[]): string {
  const max = Math.max(...vector.map(Math.abs)) || 1;
  const bytes = Int8Array.from(vector, (v) => Math.round((v / max) * 127));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** The unit-length float vector behind a quantised one. */
export function dequantiseVector(encoded: string): Float32Array {
  const buffer = Buffer.from(encoded, "base64");
  const bytes = new Int8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return normalise(Float32Array.from(bytes));
}

/** Scales a vector to unit length. */
export function normalise(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] as number) ** 2;
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from(vector, (v) => v / norm);
}

/** Dot product of two unit vectors: their cosine similarity. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}
