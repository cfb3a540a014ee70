/** The shape every `pathfinder` subcommand module exports (cli/commands/<name>.ts). */
import type { Readable, Writable } from "node:stream";

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  /** The word typed after `pathfinder`. */
  name: string;
  /** One line for `pathfinder help`. */
  summary: string;
  /** Full usage text, printed by `pathfinder help <name>` and on a usage error. */
  usage: string;
  /** Returns the process exit code: 0 done, 1 failed, 2 usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A user-facing CLI error: printed as one clear sentence, never a stack trace. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliUsageError";
  }
}

/** Writes a line. */
export function println(stream: Writable, text = ""): void {
  stream.write(`${text}\n`);
}
