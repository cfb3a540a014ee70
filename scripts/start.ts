/**
 * `npm start`: all of Pathfinder on this machine (see docs/local.md). Ctrl-C (SIGINT) or SIGTERM
 * stops the server and DynamoDB Local's Java process before exiting; a second Ctrl-C forces it.
 */
import type { ChildProcess } from "node:child_process";
import { parseStartOptions, START_USAGE, StartOptionsError } from "../local/options.ts";
import { type LocalPathfinder, startLocal } from "../local/start-local.ts";

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
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1 || !running) {
      // Second Ctrl-C, or a signal during start-up: do not wait; the exit hook still ends Java.
      process.exit(130);
    }
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
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
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
