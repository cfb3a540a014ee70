/**
 * `npm start`'s command-line flags and environment, parsed once into a typed object.
 * Pure: tests pass an argv array and an env object. Flags are read by node:util `parseArgs`.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** A flag or environment value `npm start` cannot use; the message says what to type instead. */
export class StartOptionsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartOptionsError";
  }
}

/** What `npm start` was asked to do. */
export interface StartOptions {
  /** TCP port for the playground and bridges; 0 picks a free one. */
  port: number;
  /** Interface to bind; loopback unless `--host` says otherwise. */
  host: string;
  /** True when `host` is a loopback address (then no admin token is needed). */
  loopbackOnly: boolean;
  /** Where DynamoDB Local keeps its files; undefined with `--in-memory`. */
  dataDir: string | undefined;
  /** Rebuild the knowledge index when its seeds hash is stale (default true; `--no-index-build` skips). */
  buildIndex: boolean;
  /** Load the labelled sample ambassadors into an empty directory (default true; `--no-samples` skips). */
  loadSamples: boolean;
  /** An existing DynamoDB to use instead of starting DynamoDB Local (DYNAMODB_ENDPOINT). */
  dynamodbEndpoint: string | undefined;
  /** PATHFINDER_ADMIN_TOKEN, when set. */
  adminToken: string | undefined;
  help: boolean;
}

/** The usage text `npm start -- --help` prints. */
export const START_USAGE = `Usage: npm start -- [options]

Runs all of Pathfinder on this machine: DynamoDB Local, the knowledge index, the Slack and Teams
endpoints, the weekly digest on demand, and a web playground.

Options:
  --port <n>         Port to listen on (default: PORT or 3000; 0 picks a free port)
  --host <address>   Listen on another interface (default 127.0.0.1). Anything but loopback
                     requires an admin token on every API call (PATHFINDER_ADMIN_TOKEN, or one
                     generated and printed at start).
  --in-memory        Keep DynamoDB Local's data in memory only (discarded on exit)
  --data-dir <dir>   Where DynamoDB Local keeps its data (default .data/dynamodb)
  --no-index-build   Do not rebuild a stale knowledge index (use the committed one)
  --no-samples       Do not load the sample ambassadors into an empty directory
  -h, --help         Show this help
`;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for the addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartOptionsError(`${source} must be a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

/** The flags, as node:util parseArgs reads them (strict: anything else is refused). */
const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  "in-memory": { type: "boolean" },
  "data-dir": { type: "string" },
  "no-index-build": { type: "boolean" },
  "no-samples": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

/** parseArgs' own errors, reworded as one instruction (its wording mentions positionals and `--`). */
function reworded(error: unknown): StartOptionsError {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'(-[^' ]+|[^' ]+)/.exec(message ?? "")?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return new StartOptionsError(
      /does not take an argument/.test(message ?? "")
        ? `${quoted} takes no value`
        : `${quoted} needs a value`,
      { cause: error },
    );
  }
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new StartOptionsError(`Unknown option "${quoted}". Run \`npm start -- --help\` for the options.`, {
      cause: error,
    });
  }
  return new StartOptionsError(message ?? String(error), { cause: error });
}

/** Parses `npm start`'s arguments (after `--`) and environment. Throws StartOptionsError on bad input. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  let values: { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]["type"] extends "string" ? string : boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw reworded(error);
  }
  // parseArgs accepts `--port=` (an empty value); an empty port, host or directory is never meant.
  for (const name of ["port", "host", "data-dir"] as const) {
    if (values[name] === "") throw new StartOptionsError(`--${name} needs a value`);
  }
  if (values["in-memory"] && values["data-dir"] !== undefined) {
    throw new StartOptionsError("--in-memory and --data-dir contradict each other: choose one");
  }
  const envPort = env.PORT?.trim();
  const host = values.host ?? "127.0.0.1";
  return {
    port:
      values.port !== undefined
        ? parsePort(values.port, "--port")
        : envPort
          ? parsePort(envPort, "PORT")
          : 3000,
    host,
    loopbackOnly: isLoopbackHost(host),
    dataDir: values["in-memory"]
      ? undefined
      : (values["data-dir"] ?? (env.PATHFINDER_DATA_DIR?.trim() || ".data/dynamodb")),
    buildIndex: !values["no-index-build"],
    loadSamples: !values["no-samples"],
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
    adminToken: env.PATHFINDER_ADMIN_TOKEN?.trim() || undefined,
    help: values.help === true,
  };
}
