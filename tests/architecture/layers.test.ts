/**
 * The layers import in one direction only: entry -> adapter -> core -> domain -> repository, with the digest
 * between the core's reply model and the adapters that post it (docs/architecture.md, "Dependencies").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { layerCycles, layerGraph, layerOf } from "./import-graph.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** A throwaway tree of .ts files (path -> contents). */
function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), "layers-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return scratch;
}

describe("layers", () => {
  it("have no import cycle between top-level folders (bots/ counted as core, slack and teams)", () => {
    // Act
    const cycles = layerCycles(layerGraph(ROOT));

    // Assess: a failure lists, per cycle, one import for each edge that closes it.
    expect(cycles).toEqual([]);
  });

  it("keep the adapters out of the core and the digest, and the composition root out of everything below it", () => {
    // Act
    const graph = layerGraph(ROOT);
    const reaches = (from: string, to: string) => graph.get(from)?.get(to);

    // Assess
    for (const below of ["bots/core", "digest", "peer", "store", "knowledge"]) {
      for (const above of ["bots/slack", "bots/teams", "app", "functions", "local", "cli"]) {
        expect(reaches(below, above), `${below} -> ${above}`).toBeUndefined();
      }
    }
    expect(reaches("peer", "store"), "the domain imports no repository").toBeUndefined();
  });

  it("finds a cycle through type-only and dynamic imports, and names the files that make it", () => {
    // Prepare: digest -> bots/slack only as a type; bots/slack -> digest only through import().
    const root = tree({
      "digest/posters.ts": `import type { Poster } from "../bots/slack/poster.ts";\nexport type P = Poster;\n`,
      "bots/slack/poster.ts": `export type Poster = 1;\nexport const load = () => import("../../digest/posters.ts");\n`,
      "bots/core/reply.ts": `export type Reply = 1;\n`,
      "digest/render.ts": `import type { Reply } from "../bots/core/reply.ts";\nexport type R = Reply;\n`,
    });

    // Act
    const cycles = layerCycles(layerGraph(root));

    // Assess: the core import is not a cycle; the adapter one is.
    expect(cycles).toEqual([
      ["bots/slack/poster.ts -> digest/posters.ts", "digest/posters.ts -> bots/slack/poster.ts"],
    ]);
  });

  it("counts bots/core, bots/slack and bots/teams as separate layers, and a root file as the root's", () => {
    expect(layerOf("bots/core/reply.ts")).toBe("bots/core");
    expect(layerOf("bots/teams/handler.ts")).toBe("bots/teams");
    expect(layerOf("digest/deliver.ts")).toBe("digest");
    expect(layerOf("vitest.config.ts")).toBe(".");
  });
});
