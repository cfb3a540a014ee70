/**
 * What the Slack and Teams fault runs (tests/slack/fault-run.ts, tests/teams/fault-run.ts; issue 12, "faults
 * lose nothing") share: the tagged blocker reports, a DynamoDB Local that can be killed and restarted on the
 * same port and data, reading back which reports were stored, counting what each person saw, and running one
 * scenario as a script in a fresh process for `npm run bench faults`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient, createDynamoClient } from "../../store/dynamo-client.ts";
import { type DynamoLocal, freePort, startDynamoLocal } from "../../store/dynamodb-local.ts";
import { ensureTable } from "../../store/ensure-table.ts";

const TEXTS = [
  "our union reps are against the spin-out",
  "the council's procurement team wants a full tender",
  "the pension fund will not admit the mutual",
  "we cannot get a decision from the cabinet member",
  "TUPE transfer of care staff is stuck with HR",
];

/** A unique word per report, so a stored report can be matched to the message that sent it. */
export function tagFor(n: number): string {
  let s = "";
  let x = n;
  do {
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26);
  } while (x > 0);
  return `zq${s}`;
}

/** Report n's command text: a blocker from the field, tagged. */
export function blockerText(n: number): string {
  return `blocker ${TEXTS[n % TEXTS.length]} ${tagFor(n)}`;
}

/** Waits `ms`: the load's pace and the outage's length, never synchronisation. */
export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A DynamoDB Local with one table that a scenario can kill (SIGKILL) and restart on the same port and data. */
export interface KillableDynamo {
  readonly endpoint: string;
  readonly tableName: string;
  /** Kills DynamoDB Local, restarts it `restartAfterMs` later, and resolves with the outage's length (ms). */
  killAndRestart(restartAfterMs: number): Promise<number>;
  /** The number of stored copies of each report, by its tag (tagFor). */
  storedReportsByTag(): Promise<Map<string, number>>;
  /** Stops DynamoDB Local and removes its data. */
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on its own data directory with the table `tableName`. */
export async function startKillableDynamo(tableName: string): Promise<KillableDynamo> {
  const dataDir = mkdtempSync(join(tmpdir(), `pathfinder-faults-${tableName}-`));
  const port = await freePort();
  let dynamo: DynamoLocal = await startDynamoLocal({ dataDir, port });
  await ensureTable(createDynamoClient({ endpoint: dynamo.endpoint }), tableName);
  return {
    get endpoint() {
      return dynamo.endpoint;
    },
    tableName,
    async killAndRestart(restartAfterMs) {
      const killedAt = Date.now();
      dynamo.process.kill("SIGKILL");
      await pause(restartAfterMs);
      dynamo = await startDynamoLocal({ dataDir, port });
      return Date.now() - killedAt;
    },
    async storedReportsByTag() {
      const doc = createDocumentClient({ endpoint: dynamo.endpoint });
      const stored = new Map<string, number>();
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
        for (const item of page.Items ?? []) {
          const tag = item.type === "report" ? /zq[a-z]+/.exec(String(item.text))?.[0] : undefined;
          if (tag) stored.set(tag, (stored.get(tag) ?? 0) + 1);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return stored;
    },
    async stop() {
      await dynamo.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What one person sent and saw: every message they got, and how many copies of their report were stored. */
export interface PersonOutcome {
  texts: readonly string[];
  storedCopies: number;
}

/** The figures both runs report, counted over people. */
export interface PeopleTally {
  reportsStored: number;
  duplicateReports: number;
  /** People who got their answer (at least once). */
  toldAnswer: number;
  /** People who got an apology instead. */
  toldApology: number;
  /** People who heard nothing at all. */
  silent: number;
  /** People who got the same message twice or more. */
  duplicatedMessages: number;
  /** People apologised to more than once. */
  repeatedApologies: number;
}

/** Counts what people saw; `isApology` tells an apology from an answer. */
export function tallyPeople(
  people: readonly PersonOutcome[],
  isApology: (text: string) => boolean,
): PeopleTally {
  const tally: PeopleTally = {
    reportsStored: 0,
    duplicateReports: 0,
    toldAnswer: 0,
    toldApology: 0,
    silent: 0,
    duplicatedMessages: 0,
    repeatedApologies: 0,
  };
  for (const { texts, storedCopies } of people) {
    const apologies = texts.filter(isApology).length;
    const answers = texts.filter((t) => !isApology(t));
    if (storedCopies > 0) tally.reportsStored += 1;
    if (storedCopies > 1) tally.duplicateReports += 1;
    if (answers.length > 0) tally.toldAnswer += 1;
    else if (apologies > 0) tally.toldApology += 1;
    else tally.silent += 1;
    if (new Set(answers).size < answers.length) tally.duplicatedMessages += 1;
    if (apologies > 1) tally.repeatedApologies += 1;
  }
  return tally;
}

/** The line `npm run bench faults` reads a scenario's result from (bench/faults.bench.ts). */
export const RESULT_LINE_PREFIX = "FAULT-RUN-RESULT ";

/**
 * `tsx tests/<platform>/fault-run.ts '<options json>'`: when `moduleFile` is the script Node was started with,
 * runs one scenario and prints its result as the last line. The handlers cache their configuration per
 * container, as on Lambda, so each scenario needs a fresh process.
 */
export async function runAsScript<O, R>(moduleFile: string, run: (options: O) => Promise<R>): Promise<void> {
  if (!process.argv[1] || resolve(process.argv[1]) !== moduleFile) return;
  const result = await run(JSON.parse(process.argv[2] ?? "{}") as O);
  process.stdout.write(`\n${RESULT_LINE_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
}
