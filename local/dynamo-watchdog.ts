/**
 * Makes sure DynamoDB Local's Java process never outlives `npm start`, even when Node is killed
 * without a chance to clean up (SIGKILL, a crash, tsx or npm giving up on a slow shutdown).
 * A tiny detached shell polls both processes once a second and ends Java when Node is gone;
 * it exits by itself as soon as Java has stopped normally.
 */
import { spawn } from "node:child_process";

/** How long the watchdog gives Java to stop on SIGTERM before it sends SIGKILL (seconds). */
const GRACE_SECONDS = 5;

/**
 * Starts the watchdog for `childPid`, guarding it on behalf of `parentPid` (default: this process).
 * Returns false where no POSIX shell exists (Windows); the exit hooks in scripts/start.ts still apply.
 */
export function watchChildProcess(childPid: number, parentPid: number = process.pid): boolean {
  if (process.platform === "win32") return false;
  if (!Number.isInteger(childPid) || !Number.isInteger(parentPid)) return false;
  const script = [
    `while kill -0 ${parentPid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 1; done`,
    `if kill -0 ${childPid} 2>/dev/null; then`,
    `  kill -TERM ${childPid} 2>/dev/null`,
    `  i=0; while [ $i -lt ${GRACE_SECONDS} ] && kill -0 ${childPid} 2>/dev/null; do sleep 1; i=$((i+1)); done`,
    `  kill -KILL ${childPid} 2>/dev/null`,
    "fi",
  ].join("\n");
  try {
    // Detached: its own process group, so a Ctrl-C aimed at npm's group does not take it down early.
    const watchdog = spawn("/bin/sh", ["-c", script], { detached: true, stdio: "ignore" });
    watchdog.on("error", () => {}); // no shell: nothing more to do
    watchdog.unref();
    return true;
  } catch {
    return false;
  }
}
