/**
 * Runs `npm start`'s script as a child process (node --import tsx scripts/start.ts, the command npm start
 * runs minus the tsx CLI wrapper), waits for its ready line, and stops it with a signal.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..", "..");

/** A started local Pathfinder. */
export interface StartedProcess {
  child: ChildProcess;
  /** "http://127.0.0.1:port" */
  origin: string;
  /** The playground URL exactly as printed (with #token= when a token is required). */
  url: string;
  javaPid: number;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Sends `signal` and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds, or throws after `timeoutMs` with `what` in the message. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `scripts/start.ts` with these arguments; rejects with its output if it exits or stalls first. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<StartedProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  try {
    await waitUntil(() => gone || /Pathfinder is ready at /.test(output), "the ready line", timeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  if (gone) throw new Error(`npm start exited before it was ready:\n${output}`);
  const origin = /Pathfinder is ready at (http:\/\/[^/\s]+)\//.exec(output)?.[1] ?? "";
  const url = /Playground\s+(\S+)/.exec(output)?.[1] ?? `${origin}/`;
  const javaPid = Number(/java pid (\d+)/.exec(output)?.[1] ?? Number.NaN);
  return {
    child,
    origin,
    url,
    javaPid,
    output: () => output,
    async stop(signal = "SIGINT", stopTimeoutMs = 30_000) {
      if (!gone) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
