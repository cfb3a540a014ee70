/**
 * The DynamoDB document client every adapter uses: bounded retries with exponential backoff and jitter
 * (the SDK's "standard" mode retries throttling, 5xx, timeouts and refused connections), and short
 * connection/request timeouts so an unreachable table fails in seconds, not minutes.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Options for createDocumentClient. */
export interface DocumentClientOptions {
  /** Any DynamoDB endpoint (DynamoDB Local, another account); unset means the AWS service for `region`. */
  endpoint?: string;
  region?: string;
  /** Total attempts per request, first try included (default 4). */
  maxAttempts?: number;
  /** Milliseconds to establish a connection (default 1,000). */
  connectionTimeoutMs?: number;
  /** Milliseconds to wait for a response (default 5,000). */
  requestTimeoutMs?: number;
}

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
  } catch {
    return false;
  }
}

/** A low-level DynamoDB client with Pathfinder's retry and timeout policy. */
export function createDynamoClient(options: DocumentClientOptions = {}): DynamoDBClient {
  const local = options.endpoint !== undefined && isLoopback(options.endpoint);
  return new DynamoDBClient({
    region: options.region ?? "eu-west-2",
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    // DynamoDB Local accepts any credentials; a developer machine may have none configured.
    ...(local && !process.env.AWS_ACCESS_KEY_ID
      ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    maxAttempts: options.maxAttempts ?? 4,
    retryMode: "standard",
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 1_000,
      requestTimeout: options.requestTimeoutMs ?? 5_000,
    },
  });
}

/** A document client (plain JS values in and out) over createDynamoClient. */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
}
