/**
 * The local app in-process for server-level tests: the real assembly, bridges, API and routes, on a fresh
 * DynamoDB Local table, listening on a free port on 127.0.0.1.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPathfinder, knowledgeOptions, type Pathfinder } from "../../../app/pathfinder.ts";
import type { WorkerLog } from "../../../bots/slack/worker.ts";
import { loadConfig } from "../../../config/config.ts";
import type { Secrets } from "../../../config/secrets.ts";
import { ARTIFACT_PATH } from "../../../knowledge/build-index.ts";
import { knowledgeBaseWithDocuments } from "../../../knowledge/documents/composite.ts";
import { LocalDocumentLibrary } from "../../../knowledge/documents/library.ts";
import { createSwappableKnowledgeBase } from "../../../knowledge/index-source.ts";
import type { LocalBridges } from "../../../local/bridges/index.ts";
import type { KnowledgeApiDeps } from "../../../local/knowledge-api.ts";
import { loadLocalKnowledgeIndex, watchDocumentLibrary } from "../../../local/knowledge-index.ts";
import { createLocalApp } from "../../../local/local-app.ts";
import { createTestTable, type TestTable } from "../../support/dynamo.ts";

/** A running in-process local server. */
export interface TestServer {
  origin: string;
  pathfinder: Pathfinder;
  bridges: LocalBridges;
  table: TestTable;
  /** Lines the server logged (errors included), for assertions. */
  logged: string[];
  close(): Promise<void>;
}

/** Options: extra environment (SLACK_API_URL, ...), secrets, and the access settings. */
export interface TestServerOptions {
  env?: NodeJS.ProcessEnv;
  secrets?: Partial<Secrets>;
  loopbackOnly?: boolean;
  adminToken?: string;
  /**
   * A document library folder: the knowledge base then serves the committed artifact plus its documents,
   * rebuilt on every change, exactly as `npm start` wires it (local/start-local.ts).
   */
  knowledgeDir?: string;
}

/** Starts the local app on a fresh table. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const table = await createTestTable("local");
  const config = loadConfig({
    ...options.env,
    PATHFINDER_TABLE: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
  });
  const secrets: Secrets = { hashKey: "local-test-hash-key", ...options.secrets };
  const env = { ...process.env, ...options.env };
  let knowledge: KnowledgeApiDeps | undefined;
  let stopWatch = () => {};
  let served: Parameters<typeof createPathfinder>[0]["knowledge"];
  if (options.knowledgeDir) {
    const paths = { artifactPath: ARTIFACT_PATH, documentsDir: options.knowledgeDir };
    const kbOptions = knowledgeOptions(config, secrets);
    const swappable = createSwappableKnowledgeBase(
      knowledgeBaseWithDocuments(await loadLocalKnowledgeIndex(env, paths), kbOptions),
    );
    const watch = watchDocumentLibrary(env, paths, {
      onIndex: (index) => swappable.swap(knowledgeBaseWithDocuments(index, kbOptions)),
      log: () => {},
    });
    stopWatch = () => watch.stop();
    knowledge = { library: new LocalDocumentLibrary(options.knowledgeDir), rebuild: watch.rebuild };
    served = swappable;
  }
  const pathfinder = await createPathfinder({
    config,
    secrets,
    doc: table.doc,
    ...(served ? { knowledge: served } : {}),
  });
  const logged: string[] = [];
  const record =
    (level: string) =>
    (message: string, ...extra: Record<string, unknown>[]) =>
      logged.push(`${level} ${message} ${JSON.stringify(extra)}`);
  const log: WorkerLog = { info: record("info"), warn: record("warn"), error: record("error") };
  const { server, bridges } = await createLocalApp(pathfinder, secrets, {
    loopbackOnly: options.loopbackOnly ?? true,
    log,
    ...(options.adminToken ? { adminToken: options.adminToken } : {}),
    ...(knowledge ? { knowledge } : {}),
  });
  const port = await listen(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    pathfinder,
    bridges,
    table,
    logged,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (bridges.slack.ready) await bridges.slack.value.queue.drain();
      stopWatch();
      await table.drop();
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

/** POSTs JSON to the server (with the same-origin headers a browser sends). */
export async function postJson(
  origin: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
  };
}
