/**
 * The esbuild plugins every function's bundle uses (cdk/bundling.ts composes them): stubs for code Lambda never
 * reaches, unused side-effect-free packages dropped, one copy of byte-identical packages, large JSON as a gzipped
 * `JSON.parse`, and `node:http` required rather than imported. Each says why it exists; `npm run bench cdk` measures what they save.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Plugin } from "esbuild";
import { REPO_ROOT } from "./paths.ts";

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

/** A module replaced by a small stand-in that answers what its importers ask of it, and the proof. */
export interface StandInModule {
  /** The bare specifier, as the importer `require`s it. */
  module: string;
  /** Replace it only when imported from these packages; others keep the real module. */
  importers: readonly string[];
  /** The stand-in, relative to the repository root. */
  shim: string;
  /** What the importers ask of the module, and why the stand-in answers the same. */
  reason: string;
}

/**
 * Modules replaced by a stand-in (unlike STUBBED_MODULES, their code does run). Proved from the importers'
 * source, as for the stubs:
 * - `semver` from jsonwebtoken 9.0.3: required only by lib/psSupported.js, lib/asymmetricKeyDetailsSupported.js and
 *   lib/rsaPssKeyDetailsSupported.js, each `semver.satisfies(process.version, R)` once at load with R one of
 *   "^6.12.0 || >=8.0.0", ">=15.7.0", ">=16.9.0". cdk/shims/node-version-ranges.cjs answers exactly these ranges
 *   (and throws on any other); tests/cdk/node-version-ranges.test.ts checks it agrees with semver. Loading semver
 *   itself (its ~40 regular expressions, its range parser) cost the Teams cold start several milliseconds.
 */
export const STAND_IN_MODULES: readonly StandInModule[] = [
  {
    module: "semver",
    importers: ["jsonwebtoken"],
    shim: "cdk/shims/node-version-ranges.cjs",
    reason: "jsonwebtoken asks semver three fixed Node version ranges at load",
  },
];

/** Resolves each STAND_IN_MODULES entry, imported from one of its importers, to its stand-in. */
export function useStandIns(standIns: readonly StandInModule[] = STAND_IN_MODULES): Plugin {
  const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return {
    name: "use-stand-ins",
    setup(build) {
      if (standIns.length === 0) return;
      const filter = new RegExp(`^(?:${standIns.map((s) => literal(s.module)).join("|")})$`);
      build.onResolve({ filter }, (args) => {
        const from = packageDirOf(relative(REPO_ROOT, args.importer).split(sep).join("/"));
        const standIn = standIns.find(
          (s) => s.module === args.path && s.importers.some((p) => from?.endsWith(`node_modules/${p}`)),
        );
        return standIn ? { path: join(REPO_ROOT, standIn.shim) } : undefined;
      });
    },
  };
}

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

/** A package whose modules do nothing at load but define what they export, and the proof. */
export interface SideEffectFreePackage {
  /** The package name, as importers write it (any subpath of it is covered). */
  name: string;
  /** What its modules run at load, and why dropping them when nothing of theirs is used changes nothing. */
  reason: string;
}

/**
 * Packages esbuild may drop when nothing they export is used, as it would if their package.json said
 * `"sideEffects": false` (none of them says anything, so esbuild keeps whatever runs at their top level). All three
 * are imported only by peer/ambassador-file.ts, whose parsers and writers only the CLI and the playground call; the
 * functions reach that file through store/ambassadors.ts, which takes its CSV_COLUMNS list. Without this, every
 * function's cold start ran jsonc-parser's string caches (1,200 strings built at load) and csv's constants.
 * Proved from jsonc-parser 3.3.1's lib/esm and csv-parse 6 / csv-stringify 6's lib (ESM builds, which MAIN_FIELDS
 * picks): their top levels only declare functions, constants, regular expressions and TypeScript enums
 * (`(function (E) { ... })(E || (E = {}))` on a module-local variable); none touches a global, a prototype, the
 * process or another module. A function that does call them keeps them whole: only unused modules are dropped.
 */
export const SIDE_EFFECT_FREE_PACKAGES: readonly SideEffectFreePackage[] = [
  {
    name: "jsonc-parser",
    reason: "enums and string caches (cachedSpaces, cachedBreakLinesWithSpaces) built at load, nothing else",
  },
  { name: "csv-parse", reason: "constants (line-break codes, byte-order marks) and functions" },
  { name: "csv-stringify", reason: "constants, regular expressions and functions" },
];

/** Marks imports of the SIDE_EFFECT_FREE_PACKAGES side-effect free, so unused ones leave the bundle. */
export function treeShakeSideEffectFree(
  packages: readonly SideEffectFreePackage[] = SIDE_EFFECT_FREE_PACKAGES,
): Plugin {
  const literal = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return {
    name: "tree-shake-side-effect-free",
    setup(build) {
      if (packages.length === 0) return;
      const filter = new RegExp(`^(?:${packages.map((p) => literal(p.name)).join("|")})(?:/.*)?$`);
      build.onResolve({ filter }, async (args) => {
        // A resolution asked for by a plugin (this one, or the dedupe below) goes the ordinary way.
        if (args.pluginData !== undefined) return undefined;
        const { path, errors, external, namespace } = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: "side-effect-free",
        });
        if (errors.length > 0 || !path || external) return undefined; // esbuild reports it with its own message
        // The package's own files import each other by relative path, and are dropped with the entry that does.
        return { path, namespace, sideEffects: false };
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

/**
 * The same JSON with every non-ASCII character written as a `\uXXXX` escape (each UTF-16 unit, so a surrogate pair
 * becomes two escapes): `JSON.parse` returns the same value. The articles' curly quotes and dashes (a few hundred
 * among the artifact's million characters) made the unpacked text multibyte UTF-8, which Node decodes slowly into a
 * two-byte string of twice the size: about 9 ms for the artifact, against about 4 ms for the same text in ASCII,
 * which becomes a one-byte string (profiles of the Teams cold start).
 */
export function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** JSON files at least this large are bundled as a `JSON.parse` of a string rather than as an object literal. */
export const JSON_PARSE_MIN_BYTES = 10 * 1024;

/**
 * Bundles large JSON files (the knowledge artifact, ~1 MB; word lists) as `JSON.parse` of a string: V8 parses a
 * JSON string much faster than the same data written as a JavaScript object literal, which is what esbuild's json
 * loader emits (https://v8.dev/blog/cost-of-javascript-2019#json). The string travels gzipped in base64 (the
 * artifact: 410 KB so), because every function that answers questions carries it on its cold path and the Teams
 * function sits near the 2 MB budget; `gunzipSync` (native) undoes it at load. The text is ASCII (asciiJson), so
 * it decodes into a one-byte string. CommonJS, so `require("./x.json")` and
 * `import x from "./x.json" with { type: "json" }` both get the object itself, as with the json loader (`require`
 * is defined by ESM_BANNER).
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
          compact = asciiJson(JSON.stringify(JSON.parse(text)));
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
