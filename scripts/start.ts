/**
 * `npm start`: all of Pathfinder on this machine (see docs/local.md). SIGINT (Ctrl-C), SIGTERM or SIGHUP,
 * sent to this process or to npm, stops the server and DynamoDB Local's Java process before exiting; a
 * second Ctrl-C forces it. npm's script `exec`s Node so npm's forwarded SIGINT/SIGTERM reach this process
 * (without it they reach only `sh -c`, which ignores SIGINT while it waits and dies of SIGTERM alone); a
 * signal npm does not forward (SIGHUP) or npm being killed leaves this process orphaned, which it notices.
 */
import type { ChildProcess } from "node:child_process";
import { parseStartOptions, START_USAGE, StartOptionsError } from "../local/options.ts";
import { type LocalPathfinder, startLocal } from "../local/start-local.ts";

/** The signals that stop Pathfinder gracefully: Ctrl-C, `kill`, and a closed terminal. */
const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Signals this close together are one Ctrl-C that arrived twice (see onSignal). */
const SAME_PRESS_MS = 500;

/**
 * Calls `onGone` once when this process's parent (npm, or the shell) exits and it is re-parented: npm
 * killed outright, or by a signal it does not forward (SIGHUP), must not leave the server and Java running.
 * Polls, because POSIX has no portable "parent died" notification (Linux's PR_SET_PDEATHSIG is not exposed
 * by Node). Returns a function that stops watching.
 */
function watchParent(onGone: () => void): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseStartOptions>;
  try {
    options = parseStartOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof StartOptionsError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(START_USAGE);
    return 0;
  }

  let running: LocalPathfinder | undefined;
  let java: ChildProcess | undefined;
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals | "parent gone") => {
    const now = Date.now();
    if (firstSignalAt !== undefined) {
      // A Ctrl-C in a terminal reaches Node twice: from the terminal (the whole foreground process group) and
      // forwarded by npm, milliseconds apart. Only a press after that is the "second Ctrl-C" that forces exit.
      if (now - firstSignalAt < SAME_PRESS_MS) return;
      process.exit(130); // the exit hook still ends Java
    }
    firstSignalAt = now;
    if (!running) {
      // A signal during start-up: do not wait; the exit hook still ends Java.
      process.exit(130);
    }
    stopWatchingParent();
    console.log(`\n${signal}: stopping Pathfinder and DynamoDB Local…`);
    running
      .stop()
      .then(() => {
        console.log("Stopped.");
        process.exit(0);
      })
      .catch((error: unknown) => {
        console.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const stopWatchingParent = watchParent(() => onSignal("parent gone"));
  // A closed terminal or pipe must not crash the shutdown with EPIPE/EIO: the progress lines are only news.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  // Last resort: however this process ends, DynamoDB Local's Java process must not outlive it.
  process.on("exit", () => {
    if (java && java.exitCode === null && java.signalCode === null) java.kill("SIGKILL");
  });

  try {
    running = await startLocal(options, process.env, {
      stdout: process.stdout,
      stderr: process.stderr,
      onDynamoStarted: (dynamo) => {
        java = dynamo.process;
      },
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    console.error(
      `Pathfinder could not start (${name}): ${error instanceof Error ? error.message : String(error)}`,
    );
    if ((error as { code?: string }).code === "EADDRINUSE") {
      console.error("That port is in use: choose another with --port <n> (or PORT=<n>).");
    }
    return 1;
  }
  return -1; // keep running until a signal
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
