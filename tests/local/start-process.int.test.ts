/**
 * `npm start` as a process: it prints where to go, serves the playground, and leaves no Java process
 * behind whether it is stopped with Ctrl-C (SIGINT), SIGTERM, or killed outright.
 */
import { describe, expect, it } from "vitest";
import { isAlive, startProcess, waitUntil } from "./support/start-process.ts";

const FAST = ["--in-memory", "--port", "0", "--no-index-build"];

describe("npm start", () => {
  it("prints where to go, serves the playground and stops DynamoDB Local's Java process on SIGINT", async () => {
    // Prepare
    const started = await startProcess(FAST);
    expect(started.javaPid).toBeGreaterThan(0);
    expect(isAlive(started.javaPid)).toBe(true);
    const output = started.output();
    expect(output).toMatch(/Playground\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(output).toMatch(/Slack events\s+POST http:\/\/127\.0\.0\.1:\d+\/slack\/events/);
    expect(output).toMatch(/Teams \/ Emulator\s+POST http:\/\/127\.0\.0\.1:\d+\/api\/messages/);
    expect(output).toMatch(/SAMPLE ambassadors/);
    const page = await fetch(`${started.origin}/`);
    const ambassadors = (await fetch(`${started.origin}/api/ambassadors`).then((r) => r.json())) as {
      ambassadors: { sample?: boolean }[];
    };
    expect(page.status).toBe(200);
    expect(ambassadors.ambassadors.length).toBeGreaterThan(0);
    expect(ambassadors.ambassadors.every((a) => a.sample === true)).toBe(true);

    // Act
    const code = await started.stop("SIGINT");

    // Assess
    expect(code).toBe(0);
    expect(started.output()).toContain("Stopped.");
    expect(isAlive(started.javaPid)).toBe(false);
  }, 180_000);

  it("stops cleanly on SIGTERM too", async () => {
    // Prepare
    const started = await startProcess(FAST);

    // Act
    const code = await started.stop("SIGTERM");

    // Assess
    expect(code).toBe(0);
    expect(isAlive(started.javaPid)).toBe(false);
  }, 180_000);

  it("does not orphan Java even when Node is killed without a chance to clean up (the watchdog ends it)", async () => {
    // Prepare
    const started = await startProcess(FAST);

    // Act
    await started.stop("SIGKILL");

    // Assess: the watchdog polls once a second and allows Java a few seconds to stop
    await waitUntil(() => !isAlive(started.javaPid), "the Java process to end", 20_000);
    expect(isAlive(started.javaPid)).toBe(false);
  }, 180_000);

  it("refuses a contradictory command line with a clear message and starts nothing", async () => {
    // Act
    const attempt = startProcess(["--in-memory", "--data-dir", "/tmp/x", "--port", "0"]);

    // Assess
    await expect(attempt).rejects.toThrow(/--in-memory and --data-dir contradict each other/);
  }, 60_000);

  it("with --host, generates an admin token, prints it, and requires it on API calls", async () => {
    // Prepare
    const started = await startProcess([...FAST, "--host", "0.0.0.0"]);
    try {
      const token = /#token=([A-Za-z0-9_-]+)/.exec(started.url)?.[1] ?? "";
      expect(token.length).toBeGreaterThanOrEqual(24);

      // Act
      const without = await fetch(`${started.origin}/api/meta`);
      const withToken = await fetch(`${started.origin}/api/meta`, {
        headers: { authorization: `Bearer ${token}` },
      });

      // Assess
      expect(without.status).toBe(401);
      expect(withToken.status).toBe(200);
    } finally {
      await started.stop("SIGINT");
    }
  }, 180_000);
});
