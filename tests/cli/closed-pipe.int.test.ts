import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/pathfinder.js", import.meta.url));

describe("pathfinder piped to a reader that stops early", () => {
  it("stops quietly when the pipe closes, with no stack trace", async () => {
    // Prepare: `pathfinder guide | head -1`: the reader closes its end after the first chunk,
    // while the guide (a long listing) is still being written.
    const child = spawn(process.execPath, [bin, "guide"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());

    // Act
    const code = await new Promise<number | null>((resolve) =>
      child.on("close", (status) => resolve(status)),
    );

    // Assess
    expect(stderr).not.toMatch(/EPIPE|Error:|at /);
    expect(code).toBe(0);
  });
});
