/** Start-up's knowledge index check: a changed seed is noticed and rebuilt; an unchanged one is left alone. */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GUIDE_DIR, SEEDS_DIR } from "../../knowledge/build-index.ts";
import { checkKnowledgeIndex, refreshKnowledgeIndex } from "../../local/knowledge-index.ts";

let dir: string;
let paths: { seedsDir: string; artifactPath: string };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pathfinder-index-"));
  paths = { seedsDir: join(dir, "seeds"), artifactPath: join(dir, "artifact", "index.json") };
  mkdirSync(paths.seedsDir);
  for (const name of readdirSync(SEEDS_DIR)) copyFileSync(join(SEEDS_DIR, name), join(paths.seedsDir, name));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("refreshKnowledgeIndex", () => {
  it("builds a missing artifact, then leaves it alone while the seeds are unchanged", async () => {
    // Act
    const first = await refreshKnowledgeIndex({}, paths);
    const built = statSync(paths.artifactPath).mtimeMs;
    const second = await refreshKnowledgeIndex({}, paths);

    // Assess
    expect(first).toMatchObject({ rebuilt: true, reason: "missing" });
    expect(first.passages).toBeGreaterThan(10);
    expect(second).toEqual({ rebuilt: false });
    expect(statSync(paths.artifactPath).mtimeMs).toBe(built);
    expect(checkKnowledgeIndex(paths).stale).toBe(false);
  });

  it("notices a changed seed article and rebuilds with it", async () => {
    // Prepare
    await refreshKnowledgeIndex({}, paths);
    writeFileSync(
      join(paths.seedsDir, "999_local_test.txt"),
      "Title: A zebra-crossing mutual\n\nThe zebracrossing cooperative negotiated a seven-year contract with the council.\n",
    );

    // Act
    const state = checkKnowledgeIndex(paths);
    const result = await refreshKnowledgeIndex({}, paths);

    // Assess
    expect(state).toMatchObject({ stale: true, reason: "seeds changed" });
    expect(result.rebuilt).toBe(true);
    expect(readFileSync(paths.artifactPath, "utf8")).toContain("zebracrossing");
  });

  it("reads the committed artifact (seeds and guide) as current, so npm start serves it as committed", () => {
    // Regression: the check hashed the seeds without the guide's cards, so every start read the committed
    // artifact as stale and rebuilt it without them, answering from passages alone and dirtying the work tree.
    expect(checkKnowledgeIndex()).toMatchObject({ stale: false });
  });

  it("keeps the guide's cards when a changed seed makes it rebuild, then leaves it alone", async () => {
    // Prepare
    const withGuide = { ...paths, guideDir: GUIDE_DIR };
    await refreshKnowledgeIndex({}, withGuide);
    writeFileSync(
      join(paths.seedsDir, "999_local_test.txt"),
      "Title: A zebra-crossing mutual\n\nThe zebracrossing cooperative negotiated a seven-year contract with the council.\n",
    );

    // Act
    const rebuilt = await refreshKnowledgeIndex({}, withGuide);
    const again = await refreshKnowledgeIndex({}, withGuide);

    // Assess
    const artifact = JSON.parse(readFileSync(paths.artifactPath, "utf8")) as { cards?: unknown[] };
    expect(rebuilt).toMatchObject({ rebuilt: true, reason: "seeds changed" });
    expect(artifact.cards?.length).toBeGreaterThanOrEqual(40);
    expect(again).toEqual({ rebuilt: false });
    expect(checkKnowledgeIndex(withGuide).stale).toBe(false);
  });

  it("rebuilds an unreadable artifact rather than failing to start", async () => {
    // Prepare
    mkdirSync(join(dir, "artifact"));
    writeFileSync(paths.artifactPath, "{ not json");

    // Act
    const result = await refreshKnowledgeIndex({}, paths);

    // Assess
    expect(result).toMatchObject({ rebuilt: true, reason: "unreadable" });
  });
});
