import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPeerContext } from "../../cli/peer-context.ts";
import { findRunningDynamoLocal, startDynamoLocal } from "../../store/dynamodb-local.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pathfinder-ddb-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("sharing a DynamoDB Local data folder", () => {
  it("lets a CLI command use the DynamoDB Local that already serves the folder, instead of a second Java", async () => {
    // Prepare: what `npm start` does
    const dataDir = tempDir();
    const running = await startDynamoLocal({ dataDir });
    try {
      // Act
      const found = await findRunningDynamoLocal(dataDir);
      const context = await openPeerContext({ PATHFINDER_DATA_DIR: dataDir, PATHFINDER_TABLE: "shared" });
      await context.close();

      // Assess
      expect(found).toBe(running.endpoint);
      expect(context.endpoint).toBe(running.endpoint);
      expect(running.process.exitCode).toBeNull(); // the command did not stop what it did not start
    } finally {
      await running.stop();
    }
    expect(await findRunningDynamoLocal(dataDir)).toBeUndefined();
  });

  it("ignores a record left behind by a process that is gone", async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, ".pathfinder-endpoint.json"),
      JSON.stringify({ endpoint: "http://127.0.0.1:9", pid: 2_147_483_646 }),
    );
    expect(await findRunningDynamoLocal(dataDir)).toBeUndefined();
  });
});
