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
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { AssetHashType, DockerImage } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { BuildOptions, Metafile, Plugin } from "esbuild";

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

/** A module replaced by cdk/shims/unreachable.cjs, and the proof that Pathfinder never reaches its code. */
export interface StubbedModule {
  /** The bare specifier, as the importer `require`s it. */
  module: string;
  /** Stub it only when imported from these packages (others keep the real module); everywhere when absent. */
  importers?: readonly string[];
  /** Why the code path cannot run on Lambda: the stub's error repeats it if it ever does. */
  reason: string;
}

/**
 * Modules botbuilder and Bolt `require` at load but whose code Pathfinder's functions can never reach on Lambda.
 * Each is replaced by cdk/shims/unreachable.cjs: every export exists (botbuilder `extends` some at load) and any
 * use throws an error naming the module and the reason. Proved from botbuilder 4.23.3's source (Pathfinder calls
 * none of the APIs named below: `grep -rn` them in bots/ and app/):
 * - `botframework-streaming` (+ its own `ws`, ~80 KB): CloudAdapter uses it only in `connect()`, reached from
 *   `process()` when given a socket and head (an HTTP Upgrade to a WebSocket), and in `connectNamedPipe()`;
 *   the legacy BotFrameworkAdapter in `useNamedPipe`/`useWebSocket`. bots/teams/lambda-shim.ts calls
 *   `process(req, res, logic)`, and a Lambda function URL cannot upgrade a connection anyway.
 * - `@azure/identity` (+ its own @azure/msal-node 5, a second MSAL, ~270 KB): botframework-connector uses it
 *   only in JwtTokenProviderFactory, for `MicrosoftAppType: UserAssignedMSI`, whose token comes from Azure's
 *   instance metadata endpoint, which Lambda does not have; cdk/settings.ts refuses UserAssignedMSI.
 * - `axios` from botbuilder/botframework-connector (+ form-data, mime-db, ~250 KB): used only to call skills
 *   (BotFrameworkClientImpl, built by `createBotFrameworkClient()`, and the deprecated BotFrameworkHttpClient),
 *   a bot calling another bot. Replies go through ConnectorClient (@azure/core-rest-pipeline), not axios.
 *   @slack/web-api keeps the real axios (the importer rule).
 * - `htmlparser2` from botbuilder (+ entities, domhandler, ~110 KB): used only by SetSpeakMiddleware, which a bot
 *   must add itself (for voice channels).
 * - `fs-extra` from botbuilder (+ graceful-fs, which patches `fs.close` at load, ~30 KB): used only inside
 *   FileTranscriptStore's methods (transcripts written to a local folder), which Pathfinder never constructs;
 *   Lambda's file system is read-only but for /tmp anyway.
 * tests/cdk/teams-bundle.int.test.ts runs the bundled Teams handler: it verifies a signed activity and replies
 * through the Bot Connector fake.
 *
 * Bolt's package index (what bots/slack/events-app.ts imports, as Bolt documents) `require`s every receiver at
 * load; the Slack events function runs only AwsLambdaReceiver, which needs none of the modules below. Proved from
 * @slack/bolt 5.1.0's dist/ (events-app.ts passes `receiver` and `authorize`, and neither `socketMode` nor
 * `clientId`/`clientSecret`/`installationStore`):
 * - `@slack/socket-mode` (+ undici, ~550 KB): constructed only in SocketModeReceiver's constructor, which App
 *   builds only in `initReceiver` when `socketMode: true` and no receiver is given.
 * - `express` (+ body-parser, qs, send, router, mime-db, ~300 KB): used only by ExpressReceiver, which Bolt never
 *   constructs itself (an app must `new ExpressReceiver()`); `npm start` serves Slack through local/, unbundled.
 * - `raw-body` (+ iconv-lite's code tables, ~480 KB): reads a Node `IncomingMessage` stream, in
 *   HTTPModuleFunctions' `bufferIncomingMessage` (HTTPReceiver) and ExpressReceiver. AwsLambdaReceiver receives
 *   the body as a string inside the Lambda event and does not load HTTPModuleFunctions.
 * - `@slack/oauth` (+ jsonwebtoken, semver, ~70 KB): InstallProvider, built by the HTTP, Express and Socket Mode
 *   receivers only when OAuth install options are given; the index re-exports its installation stores through
 *   getters, read only by an app that names them. Pathfinder is installed once per workspace with a bot token.
 * tests/cdk/slack-bundle.int.test.ts runs the bundled Slack events handler: a signed event and a signed slash
 * command are queued, a forged signature is refused.
 */
export const STUBBED_MODULES: readonly StubbedModule[] = [
  {
    module: "botframework-streaming",
    reason: "WebSocket and named-pipe streaming; a Lambda function URL serves plain HTTPS POSTs",
  },
  {
    module: "@azure/identity",
    reason:
      "a UserAssignedMSI bot needs an Azure managed identity, which AWS Lambda does not have: use SingleTenant or MultiTenant",
  },
  {
    module: "axios",
    importers: ["botbuilder", "botframework-connector"],
    reason:
      "calling Bot Framework skills (createBotFrameworkClient, BotFrameworkHttpClient), which Pathfinder never does",
  },
  {
    module: "htmlparser2",
    importers: ["botbuilder"],
    reason: "SetSpeakMiddleware (voice channels), which Pathfinder never adds",
  },
  {
    module: "fs-extra",
    importers: ["botbuilder"],
    reason: "FileTranscriptStore (transcripts in a local folder), which Pathfinder never constructs",
  },
  {
    module: "@slack/socket-mode",
    importers: ["@slack/bolt"],
    reason: "Bolt's SocketModeReceiver (socketMode: true); the Lambda functions receive Slack over HTTPS",
  },
  {
    module: "express",
    importers: ["@slack/bolt"],
    reason:
      "Bolt's ExpressReceiver, which only an app that constructs one uses; Lambda uses AwsLambdaReceiver",
  },
  {
    module: "raw-body",
    importers: ["@slack/bolt"],
    reason:
      "reading a Node HTTP request stream (Bolt's HTTPReceiver and ExpressReceiver); a Lambda event carries its body",
  },
  {
    module: "@slack/oauth",
    importers: ["@slack/bolt"],
    reason: "Bolt's OAuth install flow (InstallProvider, installation stores); Pathfinder uses one bot token",
  },
];

/** The package directory a bundled file lies in ("node_modules/a/node_modules/b"), relative to the root. */
function packageDirOf(relativePath: string): string | undefined {
  return /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(relativePath)?.[1];
}

/**
 * `node:http` and `node:https` are required, not imported. An ESM `import { request } from "node:http"` (the AWS
 * SDK's ESM build has one) makes Node build the module's namespace, which reads every export, and `node:http`'s
 * lazy WebSocket exports then load Node's built-in undici: about 15 ms of every cold start, for nothing Pathfinder
 * uses. A `require` (defined by ESM_BANNER) reads only what is used; esbuild's interop keeps named imports working.
 */
export function requireNodeHttp(): Plugin {
  return {
    name: "require-node-http",
    setup(build) {
      build.onResolve({ filter: /^(?:node:)?https?$/ }, (args) =>
        // The shim's own require is Node's module itself, left external.
        args.namespace === "node-http-required"
          ? { path: args.path, external: true }
          : { path: args.path.replace(/^node:/, ""), namespace: "node-http-required" },
      );
      build.onLoad({ filter: /.*/, namespace: "node-http-required" }, (args) => ({
        contents: `module.exports = require("node:${args.path}");`,
        loader: "js",
      }));
    },
  };
}

/** Resolves the STUBBED_MODULES to cdk/shims/unreachable.cjs, each with its own name and reason. */
export function stubUnreachableModules(stubs: readonly StubbedModule[] = STUBBED_MODULES): Plugin {
  const shim = join(REPO_ROOT, "cdk/shims/unreachable.cjs");
  const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return {
    name: "stub-unreachable-modules",
    setup(build) {
      const filter = new RegExp(`^(?:${stubs.map((s) => literal(s.module)).join("|")})$`);
      build.onResolve({ filter }, (args) => {
        const from = packageDirOf(relative(REPO_ROOT, args.importer).split(sep).join("/"));
        const stub = stubs.find(
          (s) =>
            s.module === args.path &&
            (!s.importers || s.importers.some((p) => from?.endsWith(`node_modules/${p}`))),
        );
        return stub ? { path: stub.module, namespace: "unreachable", pluginData: stub } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: "unreachable" }, (args) => {
        const stub = args.pluginData as StubbedModule;
        return {
          contents: `module.exports = require(${JSON.stringify(shim)})(${JSON.stringify(stub.module)}, ${JSON.stringify(stub.reason)});`,
          loader: "js",
          resolveDir: dirname(shim),
        };
      });
    },
  };
}

/** A package directory in package-lock.json ("node_modules/a/node_modules/b") and what identifies its contents. */
interface LockedPackage {
  version?: string;
  integrity?: string;
}

/**
 * The copies of one package npm installed more than once with byte-identical contents (same name, version and
 * registry integrity hash), mapped to one canonical copy: the first such directory in sorted order, so every
 * build picks the same one and the asset hash is stable. Read from package-lock.json, which records every copy.
 */
export function identicalPackageCopies(root: string = REPO_ROOT): Map<string, string> {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages?: Record<string, LockedPackage>;
  };
  const byContent = new Map<string, string[]>();
  for (const [dir, pkg] of Object.entries(lock.packages ?? {})) {
    if (!dir || !pkg.integrity || !pkg.version) continue;
    const name = dir.slice(dir.lastIndexOf("node_modules/") + "node_modules/".length);
    const key = `${name}@${pkg.version}#${pkg.integrity}`;
    byContent.set(key, [...(byContent.get(key) ?? []), dir]);
  }
  const canonical = new Map<string, string>();
  for (const dirs of byContent.values()) {
    if (dirs.length < 2) continue;
    const [first, ...rest] = dirs.sort();
    for (const dir of rest) if (first) canonical.set(dir, first);
  }
  return canonical;
}

/**
 * Resolves every import of a package npm duplicated byte for byte (botbuilder's four nested zod 3.25.76, ~200 KB
 * on Teams and the digest) to one copy, as `npm dedupe` would if the tree allowed it. esbuild's `alias` cannot
 * do this: it is keyed by package name, and the root `zod` is version 4. Only identical copies are merged, so
 * no importer sees different code; they now share one module instance, as they would in a deduped tree.
 */
export function dedupeIdenticalPackages(root: string = REPO_ROOT): Plugin {
  const canonical = identicalPackageCopies(root);
  return {
    name: "dedupe-identical-packages",
    setup(build) {
      if (canonical.size === 0) return;
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === "dedupe") return undefined;
        const { path, errors } = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "dedupe",
        });
        if (errors.length > 0 || !path) return undefined; // esbuild reports it with its own message
        const relativePath = relative(root, path).split(sep).join("/");
        const from = packageDirOf(relativePath);
        const to = from && canonical.get(from);
        if (!from || !to) return undefined;
        const rewritten = join(root, to, relativePath.slice(from.length));
        return existsSync(rewritten) ? { path: rewritten } : undefined;
      });
    },
  };
}

/** JSON files at least this large are bundled as a `JSON.parse` of a string rather than as an object literal. */
export const JSON_PARSE_MIN_BYTES = 10 * 1024;

/**
 * Bundles large JSON files (the knowledge artifact, ~330 KB; word lists) as `JSON.parse` of a string: V8 parses a
 * JSON string much faster than the same data written as a JavaScript object literal, which is what esbuild's json
 * loader emits (https://v8.dev/blog/cost-of-javascript-2019#json). The string travels gzipped in base64 (the
 * artifact: 382 KB as an escaped literal, 120 KB so), because every function that answers questions carries it on
 * its cold path and the Teams function sits near the 2 MB budget; `gunzipSync` (native) undoes it in about a
 * millisecond at load. CommonJS, so `require("./x.json")` and `import x from "./x.json" with { type: "json" }` both
 * get the object itself, as with the json loader (`require` is defined by ESM_BANNER).
 */
export function parseLargeJson(minBytes: number = JSON_PARSE_MIN_BYTES): Plugin {
  return {
    name: "parse-large-json",
    setup(build) {
      build.onLoad({ filter: /\.json$/ }, (args) => {
        const text = readFileSync(args.path, "utf8");
        if (Buffer.byteLength(text) < minBytes) return undefined;
        // Parsed here as well, so a malformed file fails the bundle (naming it) instead of a cold start.
        let compact: string;
        try {
          compact = JSON.stringify(JSON.parse(text));
        } catch (error) {
          return { errors: [{ text: `${args.path} is not valid JSON: ${(error as Error).message}` }] };
        }
        const packed = gzipSync(compact, { level: 9 }).toString("base64");
        return {
          contents: `module.exports = JSON.parse(require("node:zlib").gunzipSync(Buffer.from(${JSON.stringify(packed)}, "base64")).toString("utf8"));`,
          loader: "js",
        };
      });
    },
  };
}

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
    plugins: [stubUnreachableModules(), dedupeIdenticalPackages(root), parseLargeJson(), requireNodeHttp()],
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
