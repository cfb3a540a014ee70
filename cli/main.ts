/**
 * `pathfinder`: the command-line entry. Subcommands live one per file in cli/commands/ and are
 * discovered by file name, so adding a command never edits this file.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type CliCommand, type CliIo, CliUsageError, println } from "./command.ts";
import { extractTargetArgs } from "./target.ts";

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), "commands");

async function loadCommands(): Promise<Map<string, CliCommand>> {
  const commands = new Map<string, CliCommand>();
  const files = readdirSync(commandsDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { command?: CliCommand };
    if (mod.command) commands.set(mod.command.name, mod.command);
  }
  return commands;
}

function printHelp(io: CliIo, commands: Map<string, CliCommand>): void {
  println(io.stdout, "Pathfinder: answers and peer support for people spinning out public-service mutuals.");
  println(io.stdout);
  println(io.stdout, "Usage: pathfinder <command> [options]");
  println(io.stdout);
  const width = Math.max(...[...commands.keys()].map((k) => k.length), 4);
  for (const cmd of commands.values()) println(io.stdout, `  ${cmd.name.padEnd(width)}  ${cmd.summary}`);
  println(io.stdout);
  println(io.stdout, "Run `pathfinder help <command>` for a command's options.");
  println(
    io.stdout,
    "Storage commands take --target aws [--stack NAME] (or PATHFINDER_TARGET=aws) to work on the deployed stack.",
  );
}

/** Runs the CLI with these arguments; returns the exit code. Exported for tests. */
export async function runCli(argvIn: string[], ioIn: CliIo): Promise<number> {
  const commands = await loadCommands();
  // --target/--stack apply to every storage command, so they are taken off here rather than in each command.
  let argv: string[];
  let io: CliIo;
  try {
    const extracted = extractTargetArgs(argvIn, ioIn.env);
    argv = extracted.argv;
    io = { ...ioIn, env: extracted.env };
  } catch (error) {
    println(ioIn.stderr, (error as Error).message);
    return 2;
  }
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const target = rest[0] ? commands.get(rest[0]) : undefined;
    if (target) println(io.stdout, target.usage);
    else printHelp(io, commands);
    return 0;
  }
  const command = commands.get(name);
  if (!command) {
    println(io.stderr, `Unknown command "${name}".`);
    printHelp(io, commands);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      println(io.stderr, error.message);
      println(io.stderr, command.usage);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    println(io.stderr, `pathfinder ${name}: ${message}`);
    if (io.env.PATHFINDER_DEBUG) println(io.stderr, (error as Error).stack ?? "");
    return 1;
  }
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry || process.env.PATHFINDER_CLI_ENTRY === "1") {
  // A reader that stops early (`pathfinder ask ... | head -3`) closes the pipe: stop quietly, as
  // Unix tools do, rather than die on the unhandled EPIPE with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(0);
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
  process.exitCode = code;
}
