/**
 * `npm start`'s command-line flags and environment, parsed once into a typed object.
 * Pure: tests pass an argv array and an env object.
 */

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

/** Parses `npm start`'s arguments (after `--`) and environment. Throws StartOptionsError on bad input. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  const envPort = env.PORT?.trim();
  const options: StartOptions = {
    port: envPort ? parsePort(envPort, "PORT") : 3000,
    host: "127.0.0.1",
    loopbackOnly: true,
    dataDir: env.PATHFINDER_DATA_DIR?.trim() || ".data/dynamodb",
    buildIndex: true,
    loadSamples: true,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT?.trim() || undefined,
    adminToken: env.PATHFINDER_ADMIN_TOKEN?.trim() || undefined,
    help: false,
  };
  let inMemory = false;
  let dataDirGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "" || (inline === undefined && next.startsWith("--"))) {
        throw new StartOptionsError(`${flag} needs a value`);
      }
      return next;
    };
    switch (flag) {
      case "--port":
        options.port = parsePort(value(), "--port");
        break;
      case "--host":
        options.host = value();
        break;
      case "--in-memory":
        inMemory = true;
        break;
      case "--data-dir":
        options.dataDir = value();
        dataDirGiven = true;
        break;
      case "--no-index-build":
        options.buildIndex = false;
        break;
      case "--no-samples":
        options.loadSamples = false;
        break;
      case "-h":
      case "--help":
        options.help = true;
        break;
      default:
        throw new StartOptionsError(`Unknown option "${arg}". Run \`npm start -- --help\` for the options.`);
    }
  }
  if (inMemory && dataDirGiven) {
    throw new StartOptionsError("--in-memory and --data-dir contradict each other: choose one");
  }
  if (inMemory) options.dataDir = undefined;
  options.loopbackOnly = isLoopbackHost(options.host);
  return options;
}
