/**
 * How every function is bundled: esbuild from node_modules (never Docker), ESM for Node 22 on arm64, minified,
 * tree-shaken, with external source maps, and split into chunks so code a request may never need (the OpenAI
 * SDK, behind a dynamic `import()`) is a separate file loaded on first use instead of at every cold start.
 *
 * Why not NodejsFunction's bundling: it always passes `--outfile`, and esbuild code splitting needs `--outdir`.
 * So the stack bundles in-process with esbuild's own API (also faster than spawning it through npx per
 * function) and hands the directory to a plain `lambda.Function`. The tests and the benches call the same
 * `bundleFunctionAsync`, so they measure exactly what ships.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { AssetHashType, DockerImage } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { BuildOptions, Metafile } from "esbuild";
import {
  dedupeIdenticalPackages,
  parseLargeJson,
  requireNodeHttp,
  stubUnreachableModules,
  treeShakeSideEffectFree,
  useStandIns,
} from "./esbuild-plugins.ts";
import { REPO_ROOT } from "./paths.ts";

/** Raised when the stack cannot be bundled locally (esbuild missing, entry missing). */
export class BundlingSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BundlingSetupError";
  }
}

/** The repository root (cdk/paths.ts), re-exported for the stack, the benches and the tests. */
export { REPO_ROOT } from "./paths.ts";

/** esbuild target for the nodejs22.x runtime. */
export const ESBUILD_TARGET = "node22";

/**
 * Bundled code is ESM (top-level await for cold-start set-up; `import.meta.url`), but some dependencies
 * still call `require` for Node built-ins or read `__dirname`: recreate them at the top of every chunk
 * (each chunk is its own module scope).
 */
export const ESM_BANNER =
  "import{createRequire as __pfCreateRequire}from'node:module';" +
  "import{fileURLToPath as __pfFileURLToPath}from'node:url';" +
  "import{dirname as __pfDirname}from'node:path';" +
  "const require=__pfCreateRequire(import.meta.url);" +
  "const __filename=__pfFileURLToPath(import.meta.url);" +
  "const __dirname=__pfDirname(__filename);";

/** Prefer packages' ESM builds so esbuild can tree-shake them. */
export const MAIN_FIELDS = ["module", "main"];

/**
 * Modules replaced at bundle time. `whatwg-url` (with tr46's Unicode tables, ~270 KB minified) is node-fetch 2's
 * fallback for `URL`; node-fetch prefers Node's own `url.URL` whenever it exists, which on Node 22 is always, so
 * the fallback is dead weight. `mime-db` is a JSON table of MIME types that npm installs twice (1.52 under
 * form-data for axios, 1.54 for express): one copy, the newer superset, serves both (~130 KB off the digest, ~13 KB onto Teams, which had only 1.52).
 */
export const ALIASES: Record<string, string> = {
  "whatwg-url": join(REPO_ROOT, "cdk/shims/whatwg-url.ts"),
  "mime-db": join(REPO_ROOT, "node_modules/mime-db"),
};

export {
  dedupeIdenticalPackages,
  identicalPackageCopies,
  JSON_PARSE_MIN_BYTES,
  parseLargeJson,
  requireNodeHttp,
  SIDE_EFFECT_FREE_PACKAGES,
  type SideEffectFreePackage,
  STAND_IN_MODULES,
  STUBBED_MODULES,
  type StandInModule,
  type StubbedModule,
  stubUnreachableModules,
  treeShakeSideEffectFree,
  useStandIns,
} from "./esbuild-plugins.ts";

/** The bundle's entry module: Lambda's handler string is `index.handler`. */
export const ENTRY_NAME = "index";

/**
 * Fails fast, with the fix, when esbuild is not installed locally: this project never bundles in Docker
 * (and has no network here to pull an image).
 */
export function assertLocalEsbuild(root: string = REPO_ROOT): void {
  try {
    createRequire(join(root, "package.json")).resolve("esbuild");
  } catch (cause) {
    throw new BundlingSetupError("esbuild is not installed in node_modules: run `npm ci` first", { cause });
  }
}

/** Fails with a clear message when a function's entry file does not exist yet. */
export function assertEntry(path: string): void {
  if (!existsSync(path)) throw new BundlingSetupError(`Lambda entry ${path} does not exist`);
}

/** The esbuild options of one function's bundle, written to `outdir` as `index.mjs` plus `chunks/`. */
export function esbuildOptions(entry: string, outdir: string, root: string = REPO_ROOT): BuildOptions {
  return {
    entryPoints: { [ENTRY_NAME]: entry },
    absWorkingDir: root,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: ESBUILD_TARGET,
    mainFields: MAIN_FIELDS,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    banner: { js: ESM_BANNER },
    minify: true,
    treeShaking: true,
    // Stack traces need the mappings, not the sources: leaving them out halves the upload.
    sourcemap: "external",
    sourcesContent: false,
    alias: ALIASES,
    // Stubs first: a stubbed module is never resolved, so its own dependencies never enter the bundle.
    plugins: [
      stubUnreachableModules(),
      useStandIns(),
      treeShakeSideEffectFree(),
      dedupeIdenticalPackages(root),
      parseLargeJson(),
      requireNodeHttp(),
    ],
    // Bundle the AWS SDK too: the version tested here is the one that runs, not whatever the runtime ships.
    external: [],
    metafile: true,
    logLevel: "warning",
  };
}

/** Bundles one function into `outdir` and returns esbuild's metafile (what each output file holds). */
export async function bundleFunctionAsync(
  entry: string,
  outdir: string,
  root: string = REPO_ROOT,
): Promise<Metafile> {
  // esbuild is a dev dependency used only at synth time, so it is loaded here rather than by every importer.
  const esbuild = createRequire(join(root, "package.json"))("esbuild") as typeof import("esbuild");
  const result = await esbuild.build(esbuildOptions(entry, outdir, root));
  if (!result.metafile) throw new BundlingSetupError(`esbuild returned no metafile for ${entry}`);
  return result.metafile;
}

/**
 * The output files a cold start loads: the entry chunk and every chunk it imports statically (lazy chunks behind
 * a dynamic `import()` are left out). Issue 12's size budget applies to their sum.
 */
export function coldPathOutputs(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((path) => path.endsWith(`${ENTRY_NAME}.mjs`));
  const seen = new Set<string>();
  const queue = entry ? [entry] : [];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === "import-statement" && !imported.external) queue.push(imported.path);
    }
  }
  return [...seen];
}

/** Bytes of the code a cold start loads (coldPathOutputs). */
export function coldPathBytes(metafile: Metafile): number {
  return coldPathOutputs(metafile).reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0);
}

/**
 * Bundles one function synchronously, as CDK's local bundling hook must. esbuild's synchronous API refuses
 * plugins (the dedupe above is one), so the build runs in a child Node process (cdk/bundle-function.ts) that
 * this call waits for; the metafile comes back as a file beside the bundle.
 */
export function bundleFunction(entry: string, outdir: string, root: string = REPO_ROOT): Metafile {
  const metafilePath = join(outdir, "..", `.${relative(dirname(outdir), outdir)}.metafile.json`);
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "cdk/bundle-function.ts"), entry, outdir, metafilePath],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] },
  );
  if (child.status !== 0) {
    throw new BundlingSetupError(`bundling ${entry} failed: ${child.stderr || child.error?.message}`, {
      cause: child.error,
    });
  }
  try {
    return JSON.parse(readFileSync(metafilePath, "utf8")) as Metafile;
  } finally {
    rmSync(metafilePath, { force: true });
  }
}

/** The Lambda code asset of `entry`, bundled locally at synth time. */
export function functionCode(entry: string, root: string = REPO_ROOT): lambda.Code {
  assertEntry(entry);
  return lambda.Code.fromAsset(root, {
    // Hash the bundle, not the repository, so an unrelated file change does not redeploy every function.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used (local bundling always succeeds or throws), but CDK requires an image.
      image: DockerImage.fromRegistry("pathfinder-bundles-locally"),
      local: {
        tryBundle(outputDir) {
          bundleFunction(entry, outputDir, root);
          return true;
        },
      },
      // What the asset is bundled from, for CDK's bundling cache key and messages.
      command: ["esbuild", relative(root, entry)],
    },
  });
}
