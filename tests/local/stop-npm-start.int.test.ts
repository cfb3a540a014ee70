/**
 * Stopping a backgrounded `npm start` by pid (issue 17.3). Regression: `kill -INT <npm pid>` did nothing (npm
 * forwarded it to `sh -c`, which ignores SIGINT while it waits) and `kill -TERM <npm pid>` killed only npm and
 * `sh`, leaving Node serving the port and DynamoDB Local's Java running. Here `npm start` runs exactly as a person
 * runs it in the background, each of SIGINT, SIGTERM and SIGHUP goes to the npm pid and, separately, to the Node
 * pid, and then every process of the tree must be gone and the port free.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

/** The pids of every process below `pid` (Linux /proc: the kernel's own list of each thread's children). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (text) children = children.concat(text.split(/\s+/).map(Number));
    }
  } catch {
    return []; // gone meanwhile
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * True while the process runs. A zombie (exited, not yet reaped by whoever adopted it) counts as gone: it
 * holds no port, memory or files, and reaping is the adopting init's business, not Pathfinder's.
 */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
}

/** True when nothing listens on the port any more (a new server can take it). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** Polls an observable condition, bounded: throws naming `what` if it does not hold in time. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface RunningNpm {
  npm: ChildProcess;
  npmPid: number;
  nodePid: number;
  javaPid: number;
  port: number;
  /** npm, Node, Java, the watchdog and any other process started below npm. */
  tree: number[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

let started: RunningNpm | undefined;
let library: string;

/** `npm start -- --in-memory --port 0 --no-index-build` in the background, as a person would start it. */
async function startNpm(): Promise<RunningNpm> {
  library = mkdtempSync(join(tmpdir(), "pathfinder-stop-"));
  const npm = spawn("npm", ["start", "--", "--in-memory", "--port", "0", "--no-index-build"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    // A scratch document library, so the run neither reads nor writes the developer's own.
    env: { ...process.env, PATHFINDER_KNOWLEDGE_DIR: library },
  });
  let output = "";
  npm.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  npm.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await waitFor(() => gone || /Pathfinder is ready at /.test(output), "the ready line", 150_000);
  if (gone) throw new Error(`npm start exited before it was ready:\n${output}`);
  const npmPid = npm.pid as number;
  const javaPid = Number(/java pid (\d+)/.exec(output)?.[1]);
  const port = Number(/Pathfinder is ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)?.[1]);
  const tree = [npmPid, ...descendants(npmPid)];
  const nodePid = tree.find((pid) => commandOf(pid).includes("scripts/start.ts") && pid !== npmPid) ?? 0;
  return { npm, npmPid, nodePid, javaPid, port, tree, exited, output: () => output };
}

afterEach(() => {
  // A failed assertion must not leave a server or Java behind for the next test.
  for (const pid of started?.tree ?? []) {
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  started = undefined;
  if (library) rmSync(library, { recursive: true, force: true });
});

describe("stopping a backgrounded npm start by pid (regression, issue 17.3)", () => {
  const cases: { signal: NodeJS.Signals; to: "npm" | "node" }[] = [
    { signal: "SIGINT", to: "npm" },
    { signal: "SIGTERM", to: "npm" },
    { signal: "SIGHUP", to: "npm" },
    { signal: "SIGINT", to: "node" },
    { signal: "SIGTERM", to: "node" },
    { signal: "SIGHUP", to: "node" },
  ];

  it.each(cases)(
    "$signal to the $to pid stops Node and Java, frees the port and leaves no orphan",
    async ({ signal, to }) => {
      // Prepare
      started = await startNpm();
      const { npmPid, nodePid, javaPid, port, tree } = started;
      expect(nodePid).toBeGreaterThan(0);
      expect(javaPid).toBeGreaterThan(0);
      expect(tree).toContain(javaPid);
      expect(await portIsFree(port)).toBe(false);

      // Act
      process.kill(to === "npm" ? npmPid : nodePid, signal);

      // Assess: npm exits, and so does every process that was below it; the port is free again
      const exit = await started.exited;
      await waitFor(() => tree.every((pid) => !isAlive(pid)), "every process of the tree to end", 40_000);
      await waitFor(() => portIsFree(port), `port ${port} to be free`, 10_000);
      expect(tree.filter(isAlive)).toEqual([]);
      // Node stopped gracefully, not killed: it printed its goodbye after cleaning up
      expect(started.output()).toContain("Stopped.");
      if (to === "node") expect(exit).toEqual({ code: 0, signal: null });
    },
    240_000,
  );
});
