/**
 * How every function is bundled: esbuild from node_modules (never Docker), ESM for Node 22 on arm64,
 * minified with external source maps. The tests and the bench reuse these settings so they measure what ships.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, LogLevel, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

/** Raised when the stack cannot be bundled locally (esbuild missing, entry missing). */
export class BundlingSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BundlingSetupError";
  }
}

/** The repository root (the directory holding package-lock.json), whatever the working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** esbuild target for the nodejs22.x runtime. */
export const ESBUILD_TARGET = "node22";

/**
 * Bundled code is ESM (top-level await for cold-start set-up; `import.meta.url`), but some dependencies
 * still call `require` for Node built-ins or read `__dirname`: recreate them once at the top of the bundle.
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
 * Fails fast, with the fix, when esbuild is not installed locally: otherwise the CDK silently falls back
 * to Docker, which this project never uses (and which has no network here).
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

/** The NodejsFunction bundling options every function uses. */
export function bundlingOptions(_root: string = REPO_ROOT): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: ESBUILD_TARGET,
    mainFields: MAIN_FIELDS,
    banner: ESM_BANNER,
    minify: true,
    sourceMap: true,
    // Stack traces need the mappings, not the sources: leaving them out halves the upload.
    sourcesContent: false,
    // Bundle the AWS SDK too: the version tested here is the one that runs, not whatever the runtime ships.
    externalModules: [],
    logLevel: LogLevel.WARNING,
  };
}
