/**
 * Packages are imported through their public entry points only (issue 12: "no imports from Bolt's internal
 * `dist/` paths"). Bolt's package.json has no `exports` map, so Node would load any of its files, but only the
 * index is its API: internal paths move between minor versions without notice. What the Lambda bundle does not
 * need from the index is stubbed at bundle time instead (STUBBED_MODULES in cdk/esbuild-plugins.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { packageImportsOf, sourceFiles } from "./import-graph.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Packages whose only public entry point is the bare name: any subpath reaches into their internals. */
const INDEX_ONLY = ["@slack/bolt"];

/** Every import of an internal path of an INDEX_ONLY package under `root` (sources and tests), as "file: specifier". */
function internalImports(root: string): string[] {
  const files = [...sourceFiles(root), ...sourceFiles(root, join(root, "tests"))];
  return files.flatMap((file) =>
    packageImportsOf(root, file)
      .filter((specifier) => INDEX_ONLY.some((name) => specifier.startsWith(`${name}/`)))
      .map((specifier) => `${file}: ${specifier}`),
  );
}

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe("package entry points", () => {
  it("no source or test file imports from @slack/bolt's internal paths (dist/...)", () => {
    // Act
    const found = internalImports(ROOT);

    // Assess: a failure names each file and the internal path it imports.
    expect(found).toEqual([]);
  });

  it("catches a static, a type-only and a dynamic import of an internal path, and allows the index", () => {
    // Prepare
    scratch = mkdtempSync(join(tmpdir(), "entry-points-"));
    const files: Record<string, string> = {
      "bots/slack/a.ts": `import App from "@slack/bolt/dist/App.js";\nexport { App };\n`,
      "bots/slack/b.ts": `import type { AwsEvent } from "@slack/bolt/dist/receivers/AwsLambdaReceiver";\nexport type E = AwsEvent;\n`,
      "tests/c.ts": `export const load = () => import("@slack/bolt/dist/receivers/verify-request.js");\n`,
      "bots/slack/ok.ts": `import { App, type Logger } from "@slack/bolt";\nexport { App, type Logger };\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }

    // Act
    const found = internalImports(scratch);

    // Assess
    expect(found.sort()).toEqual([
      "bots/slack/a.ts: @slack/bolt/dist/App.js",
      "bots/slack/b.ts: @slack/bolt/dist/receivers/AwsLambdaReceiver",
      "tests/c.ts: @slack/bolt/dist/receivers/verify-request.js",
    ]);
  });
});
