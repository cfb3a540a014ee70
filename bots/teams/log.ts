/**
 * Where the Teams function writes operational problems (never message text). Apart from bot.ts so the
 * Lambda entry and the HTTP shim can log without loading botbuilder at cold start.
 */
import { Logger } from "@aws-lambda-powertools/logger";

/** Where the bot writes operational problems (never message text). */
export interface TeamsLog {
  error(message: string, detail?: Record<string, unknown>): void;
  /** Something an operator should know that is not a failure (a post that may have landed); error when absent. */
  warn?(message: string, detail?: Record<string, unknown>): void;
}

/**
 * The Powertools Logger (JSON, LOG_LEVEL from the environment) behind the TeamsLog shape. Built at the first
 * error, not at cold start: a turn that goes well logs nothing, and building one (its own Console on
 * process.stdout and process.stderr) was several milliseconds of every Teams cold start.
 */
export function teamsLogger(logger?: Logger): TeamsLog {
  let current = logger;
  const get = () => {
    current ??= new Logger({ serviceName: "teams-messages" });
    return current;
  };
  return {
    error: (message, detail) => get().error(message, detail ?? {}),
    warn: (message, detail) => get().warn(message, detail ?? {}),
  };
}

/** The log's warn, or its error when it has none (a test's or caller's log may only have error). */
export function warnOf(log: TeamsLog): (message: string, detail?: Record<string, unknown>) => void {
  return (message, detail) => (log.warn ? log.warn(message, detail) : log.error(message, detail));
}
