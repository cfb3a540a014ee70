/** Storage failures, surfaced as named errors once retries are spent (never swallowed). */

/** DynamoDB was unreachable, timed out or kept throttling after every retry; the write did not happen. */
export class StorageUnavailableError extends Error {
  /** Attempts made, first try included, when the SDK reported it. */
  readonly attempts: number | undefined;
  readonly operation: string;
  constructor(operation: string, attempts: number | undefined, options?: { cause?: unknown }) {
    const reason = describeCause(options?.cause);
    super(
      `Storage is unavailable: could not ${operation}${attempts ? ` after ${attempts} attempts` : ""} (${reason}). ` +
        "Nothing was lost on purpose; please try again shortly.",
      options,
    );
    this.name = "StorageUnavailableError";
    this.attempts = attempts;
    this.operation = operation;
  }
}

/** The table does not exist (not created yet, or the wrong PATHFINDER_TABLE). */
export class TableMissingError extends Error {
  constructor(tableName: string, options?: { cause?: unknown }) {
    super(
      `The DynamoDB table "${tableName}" does not exist. Create it (ensureTable) or check PATHFINDER_TABLE.`,
      options,
    );
    this.name = "TableMissingError";
  }
}

function describeCause(cause: unknown): string {
  const error = cause as { name?: string; code?: string; message?: string } | undefined;
  return (
    [error?.name, error?.code, error?.message].filter(Boolean).join(": ").slice(0, 200) || "unknown error"
  );
}

const UNAVAILABLE_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TransactionConflictException",
]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** True for errors that mean "DynamoDB could not be reached or kept refusing", not "your request is wrong". */
export function isUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: unknown;
  };
  if (!e) return false;
  if (UNAVAILABLE_NAMES.has(e.name ?? "") || NETWORK_CODES.has(e.code ?? "")) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return e.cause !== undefined && e.cause !== error && isUnavailable(e.cause);
}
