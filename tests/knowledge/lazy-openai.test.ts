import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../knowledge/index.ts", import.meta.url));

/** Bytes of each output chunk that come from the openai package, as esbuild bundles knowledge/index.ts. */
async function openAiBytesByChunk(): Promise<{ entry: number; lazy: number }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    outdir: "out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  let entryBytes = 0;
  let lazyBytes = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    const bytes = Object.entries(output.inputs)
      .filter(([path]) => path.includes("node_modules/openai/"))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
    if (output.entryPoint?.endsWith("knowledge/index.ts")) entryBytes += bytes;
    else lazyBytes += bytes;
  }
  return { entry: entryBytes, lazy: lazyBytes };
}

describe("the OpenAI SDK", () => {
  // Regression: knowledge imported the SDK statically, so every Lambda evaluated it at cold start
  // even with no key configured.
  it("is not in the knowledge base's static import graph, only in a chunk loaded when a key is set", async () => {
    // Act
    const bytes = await openAiBytesByChunk();

    // Assess
    expect(bytes.entry).toBe(0);
    expect(bytes.lazy).toBeGreaterThan(10_000);
  }, 30_000);
});
