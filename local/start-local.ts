/**
 * Everything `npm start` does, in order: refresh a stale knowledge index, start DynamoDB Local,
 * create the table, assemble Pathfinder, load the sample ambassadors into an empty directory, and
 * serve the playground and the platform bridges. `stop()` undoes it all, DynamoDB Local included.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Writable } from "node:stream";
import type { WorkerLog } from "../bots/slack/worker.ts";
import { loadConfig } from "../config/config.ts";
import { loadSecrets } from "../config/secrets.ts";
import { ARTIFACT_PATH } from "../knowledge/build-index.ts";
import { documentsDirFrom, LocalDocumentLibrary } from "../knowledge/documents/library.ts";
import { createSwappableKnowledgeBase } from "../knowledge/index-source.ts";
import { type DynamoLocal, findRunningDynamoLocal, startDynamoLocal } from "../store/dynamodb-local.ts";
import { watchChildProcess } from "./dynamo-watchdog.ts";
import { loadLocalKnowledgeIndex, refreshKnowledgeIndex, watchDocumentLibrary } from "./knowledge-index.ts";
import type { StartOptions } from "./options.ts";
import { startReminderTimer } from "./reminder-timer.ts";

/** A running local Pathfinder. */
export interface LocalPathfinder {
  /** The playground's address (with `#token=` when an admin token is required). */
  url: string;
  /** The address without the token. */
  origin: string;
  port: number;
  adminToken: string | undefined;
  /** The Java process, when this run started DynamoDB Local. */
  dynamo: DynamoLocal | undefined;
  /** Closes the server, finishes queued Slack work and stops DynamoDB Local. Safe to call twice. */
  stop(): Promise<void>;
}

/** Where start-up progress and the request log go. */
export interface StartIo {
  stdout: Writable;
  stderr: Writable;
  /** Told as soon as DynamoDB Local runs, so a signal during start-up can still end its Java process. */
  onDynamoStarted?: (dynamo: DynamoLocal) => void;
}

function line(stream: Writable, text = ""): void {
  stream.write(`${text}\n`);
}

function consoleLog(io: StartIo): WorkerLog {
  const write = (level: string, message: string, extra: Record<string, unknown>[]) => {
    const detail = extra.length ? ` ${JSON.stringify(Object.assign({}, ...extra))}` : "";
    line(level === "info" ? io.stdout : io.stderr, `[${level}] ${message}${detail}`);
  };
  return {
    info: (message, ...extra) => write("info", message, extra),
    warn: (message, ...extra) => write("warn", message, extra),
    error: (message, ...extra) => write("error", message, extra),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The line tests (and people) wait for: everything is up. */
export const READY_PREFIX = "Pathfinder is ready at ";

/** Starts Pathfinder locally. On failure everything already started is stopped before the error is thrown. */
export async function startLocal(
  options: StartOptions,
  env: NodeJS.ProcessEnv,
  io: StartIo,
): Promise<LocalPathfinder> {
  const log = consoleLog(io);
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log.warn("shutdown step failed", { error: String(error) });
      }
    }
  };
  let dynamo: DynamoLocal | undefined;
  try {
    if (options.buildIndex) {
      const index = await refreshKnowledgeIndex(env);
      line(
        io.stdout,
        index.rebuilt
          ? `Knowledge index rebuilt (${index.reason}): ${index.passages} passages.`
          : "Knowledge index is up to date.",
      );
    }

    let endpoint = options.dynamodbEndpoint;
    // Two Java processes must never open one data folder: share one already serving it (another npm start).
    const shared = !endpoint && options.dataDir ? await findRunningDynamoLocal(options.dataDir) : undefined;
    if (endpoint) {
      line(io.stdout, `Using the DynamoDB at ${endpoint} (DYNAMODB_ENDPOINT).`);
    } else if (shared) {
      endpoint = shared;
      line(
        io.stdout,
        `Using the DynamoDB Local already serving ${options.dataDir} at ${shared} (left running on exit).`,
      );
    } else {
      dynamo = await startDynamoLocal(options.dataDir ? { dataDir: options.dataDir } : {});
      const started = dynamo;
      cleanups.push(() => started.stop());
      io.onDynamoStarted?.(started);
      if (started.process.pid) watchChildProcess(started.process.pid);
      endpoint = dynamo.endpoint;
      line(
        io.stdout,
        `DynamoDB Local started on ${endpoint} (java pid ${dynamo.process.pid}; ${options.dataDir ? `data kept in ${options.dataDir}` : "in memory: discarded on exit"}).`,
      );
    }

    const config = loadConfig({ ...env, DYNAMODB_ENDPOINT: endpoint });
    const secrets = await loadSecrets({ ...config, runtime: "local" }, env);
    // Loaded only now: the knowledge base reads the index artifact when its module is first imported.
    const [
      { createPathfinder, knowledgeOptions },
      { loadSampleAmbassadorsIfEmpty },
      { createLocalApp },
      { knowledgeBaseWithDocuments },
    ] = await Promise.all([
      import("../app/pathfinder.ts"),
      import("../peer/sample-ambassadors.ts"),
      import("./local-app.ts"),
      import("../knowledge/documents/composite.ts"),
    ]);
    // The committed artifact plus the documents an admin added (.data/knowledge/index.json), swapped in
    // whenever the library changes (the CLI in another terminal, or the playground).
    const paths = { artifactPath: ARTIFACT_PATH, documentsDir: documentsDirFrom(env) };
    const kbOptions = knowledgeOptions(config, secrets);
    const knowledge = createSwappableKnowledgeBase(
      knowledgeBaseWithDocuments(await loadLocalKnowledgeIndex(env, paths), kbOptions),
    );
    const libraryWatch = watchDocumentLibrary(env, paths, {
      onIndex: (index) => knowledge.swap(knowledgeBaseWithDocuments(index, kbOptions)),
      log: (text) => line(io.stdout, text),
    });
    cleanups.push(async () => libraryWatch.stop());
    const pathfinder = await createPathfinder({ config, secrets, ensureTable: true, knowledge });
    cleanups.push(async () => pathfinder.doc.destroy());
    line(io.stdout, `Table "${config.tableName}" is ready.`);

    if (options.loadSamples) {
      const { loaded } = await loadSampleAmbassadorsIfEmpty(pathfinder.peer);
      if (loaded > 0) {
        line(
          io.stdout,
          `Loaded ${loaded} SAMPLE ambassadors (fictional people, labelled "sample") so matching can be tried.`,
        );
      }
    }

    const adminToken =
      options.adminToken ?? (options.loopbackOnly ? undefined : randomBytes(24).toString("base64url"));
    const { server, bridges } = await createLocalApp(pathfinder, secrets, {
      loopbackOnly: options.loopbackOnly,
      log,
      ...(adminToken ? { adminToken } : {}),
      // The Knowledge tab changes the same library the CLI does; awaiting the rebuild makes a change serve at once.
      knowledge: { library: new LocalDocumentLibrary(paths.documentsDir), rebuild: libraryWatch.rebuild },
    });
    const port = await listen(server, options.port, options.host);
    cleanups.push(async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (bridges.slack.ready) await bridges.slack.value.queue.drain();
    });
    // The deployed schedule's local stand-in (cdk/constructs/reminders.ts): weekdays 09:00 UK time.
    const stopReminders = startReminderTimer({
      run: (event) => bridges.runReminders(event),
      log: (message, detail) => log.error(message, detail ?? {}),
    });
    cleanups.push(async () => stopReminders());

    // Listening on every interface: this machine reaches it on loopback; others use its own address.
    const everywhere = options.host === "0.0.0.0" || options.host === "::";
    const shownHost = everywhere
      ? "127.0.0.1"
      : options.host.includes(":") && !options.host.startsWith("[")
        ? `[${options.host}]`
        : options.host;
    const origin = `http://${shownHost}:${port}`;
    const url = `${origin}/${adminToken ? `#token=${adminToken}` : ""}`;
    line(io.stdout);
    line(io.stdout, `  Playground        ${url}`);
    line(
      io.stdout,
      `  Slack events      POST ${origin}/slack/events  ${bridges.slack.ready ? "(signatures verified)" : "(not configured)"}`,
    );
    line(
      io.stdout,
      `  Teams / Emulator  POST ${origin}/api/messages  ${bridges.teams.ready ? "" : "(not configured)"}`,
    );
    line(io.stdout, `  Weekly digest     POST ${origin}/digest/run  {"week":"2026-W47"} optional`);
    line(io.stdout, `  Network reminders weekdays 09:00 UK time; now: POST ${origin}/network/remind`);
    if (!bridges.slack.ready) line(io.stdout, `  ${bridges.slack.reason}`);
    if (!bridges.teams.ready) line(io.stdout, `  ${bridges.teams.reason}`);
    if (everywhere)
      line(io.stdout, `  Listening on every network interface (${options.host}), port ${port}.`);
    if (adminToken) {
      line(
        io.stdout,
        `  Admin token       ${options.adminToken ? "from PATHFINDER_ADMIN_TOKEN" : adminToken}`,
      );
      line(io.stdout, "  Every API call needs the header  Authorization: Bearer <admin token>");
    }
    line(io.stdout);
    line(io.stdout, `${READY_PREFIX}${origin}/  (press Ctrl-C to stop)`);

    let stopping: Promise<void> | undefined;
    return {
      url,
      origin,
      port,
      adminToken,
      dynamo,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
