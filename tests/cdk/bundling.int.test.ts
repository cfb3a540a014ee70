/**
 * The bundles as the stack builds them (cdk/bundling.ts): code split so the OpenAI SDK loads only when asked
 * for, whatwg-url replaced by Node's URL, and every chunk a loadable ES module in a fresh Node process with no
 * configuration at all (the entries read it on the first request). Regression: before splitting, the whole
 * OpenAI SDK was parsed on every Teams and Slack worker cold start.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleFunction,
  coldPathOutputs,
  ENTRY_NAME,
  parseLargeJson,
  REPO_ROOT,
  SIDE_EFFECT_FREE_PACKAGES,
  treeShakeSideEffectFree,
} from "../../cdk/bundling.ts";
import { FUNCTION_SPECS } from "../../cdk/function-specs.ts";

const outdir = mkdtempSync(join(tmpdir(), "pathfinder-bundling-"));
let metafile: Metafile;

beforeAll(() => {
  metafile = bundleFunction(join(REPO_ROOT, FUNCTION_SPECS.teamsMessages.entry), outdir);
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Output files (code only) holding any input whose path contains `fragment`. */
const outputsWith = (fragment: string) =>
  Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith(".mjs"))
    .filter(([, output]) => Object.keys(output.inputs).some((input) => input.includes(fragment)))
    .map(([path]) => path);

/** The entry chunk and everything it imports statically: what a cold start loads. */
const eagerOutputs = () => new Set(coldPathOutputs(metafile));

describe("the Teams function's bundle", () => {
  it("keeps the OpenAI SDK in a chunk the cold start does not load", () => {
    // Act
    const openai = outputsWith("node_modules/openai/");
    const eager = eagerOutputs();

    // Assess
    expect(openai.length).toBeGreaterThan(0);
    for (const chunk of openai) expect(eager.has(chunk), chunk).toBe(false);
  });

  it("keeps botbuilder, the Bot Framework connector and MSAL in chunks the cold start does not load", () => {
    // Regression (teamscold): imported at cold start they were ~900 KB of its 1.8 MB and most of its init CPU;
    // bots/teams/handler.ts imports them (turn-handler.ts) with the first request instead.
    const eager = eagerOutputs();
    for (const fragment of [
      "node_modules/botbuilder/",
      "node_modules/botbuilder-core/",
      "node_modules/botframework-connector/",
      "node_modules/@azure/msal-node/",
      "node_modules/jsonwebtoken/",
      "bots/teams/turn-handler.ts",
      "bots/teams/adapter.ts",
    ]) {
      const chunks = outputsWith(fragment);
      expect(chunks.length, fragment).toBeGreaterThan(0);
      expect(
        chunks.filter((chunk) => eager.has(chunk)),
        fragment,
      ).toEqual([]);
    }
    // ...while the settings checks that must fail a bad cold start stay on it.
    expect(outputsWith("bots/teams/auth-settings.ts").some((chunk) => eager.has(chunk))).toBe(true);
  });

  it("requires node:http and node:https rather than importing them, so Node never builds their namespaces", () => {
    // An ESM import of node:http reads its lazy WebSocket exports, loading Node's undici at every cold start
    // (cdk/esbuild-plugins.ts, requireNodeHttp). The AWS SDK's ESM build imports both.
    const code = Object.keys(metafile.outputs)
      .filter((path) => path.endsWith(".mjs"))
      .map((path) => readFileSync(join(REPO_ROOT, path), "utf8"))
      .join("\n");
    expect(code).not.toMatch(/from\s*["'](?:node:)?https?["']/);
    expect(code).not.toMatch(/import\s*\(\s*["'](?:node:)?https?["']\s*\)/);
    // The shims' `module.exports = require("node:http")`, with esbuild's minified name for require.
    expect(code).toMatch(/exports=\w+\("node:http"\)/);
    expect(code).toMatch(/exports=\w+\("node:https"\)/);
  });

  it("carries no whatwg-url or tr46: node-fetch gets Node's own URL", () => {
    expect(outputsWith("node_modules/tr46/")).toEqual([]);
    expect(outputsWith("node_modules/whatwg-url/")).toEqual([]);
    expect(outputsWith("cdk/shims/whatwg-url.ts").length).toBe(1);
  });

  it("carries none of the modules botbuilder requires but Pathfinder never reaches on Lambda", () => {
    // Regression (issue 12): these were 3.6 MB of the Teams bundle with the duplicates below; mime-db came
    // only with botbuilder's axios (skills), so it goes too.
    for (const fragment of [
      "node_modules/botframework-streaming/",
      "node_modules/ws/",
      "node_modules/@azure/identity/",
      "node_modules/axios/",
      "node_modules/form-data/",
      "node_modules/mime-db/",
      // FileTranscriptStore's fs-extra, with graceful-fs, which would patch fs.close at every cold start.
      "node_modules/fs-extra/",
      "node_modules/graceful-fs/",
    ]) {
      expect(outputsWith(fragment), fragment).toEqual([]);
    }
    // htmlparser2 comes only with linkedom, in the chunk the message action loads on first use (reading a
    // Teams message's HTML); botbuilder's own use of it (SetSpeakMiddleware) is stubbed.
    const linkedom = outputsWith("node_modules/linkedom/");
    expect(outputsWith("node_modules/htmlparser2/").filter((path) => !linkedom.includes(path))).toEqual([]);
    expect(linkedom.filter((path) => eagerOutputs().has(path))).toEqual([]);
  });

  it("carries one copy of botbuilder's zod 3, not the four npm installed", () => {
    const zod3Copies = new Set(
      Object.values(metafile.outputs)
        .flatMap((output) => Object.keys(output.inputs))
        .filter((input) => input.endsWith("/zod/v3/types.cjs"))
        .map((input) => input.replace(/\/v3\/types\.cjs$/, "")),
    );

    expect([...zod3Copies]).toEqual(["node_modules/botbuilder-core/node_modules/zod"]);
  });

  it("leaves out jsonc-parser and csv, which only the CLI's and the playground's ambassador files need", () => {
    // Regression: store/ambassadors.ts takes CSV_COLUMNS from peer/ambassador-file.ts, and jsonc-parser's string
    // caches were built at every cold start though nothing in the function parses a file
    // (cdk/esbuild-plugins.ts, SIDE_EFFECT_FREE_PACKAGES).
    expect(
      Object.keys(metafile.inputs).filter((input) => input.includes("peer/ambassador-file.ts")),
    ).toHaveLength(1);
    for (const name of SIDE_EFFECT_FREE_PACKAGES.map((p) => p.name)) {
      expect(outputsWith(`node_modules/${name}/`), name).toEqual([]);
    }
  });

  it("carries zod without its ~40 locales (a namespace import, not `import { z }`)", () => {
    // Regression: `import { z } from "zod"` in config/config.ts added ~450 KB to every function; with
    // `import * as z from "zod"` esbuild keeps only what is used (~85 KB).
    expect(outputsWith("node_modules/zod/").length).toBeGreaterThan(0);
    const locales = Object.values(metafile.outputs)
      .flatMap((output) => Object.keys(output.inputs))
      .filter((input) => /node_modules\/zod\/v4\/locales\//.test(input));
    // English is zod's default error map, so it stays; the other locales only come with `import { z }`.
    expect(locales.filter((input) => !input.endsWith("/en.js"))).toEqual([]);
  });

  it("carries the knowledge artifact gzipped, as a JSON.parse of its unpacked string, not as an object literal", () => {
    // V8 parses a JSON string faster than the same data as a JavaScript literal, and gzip keeps the cold path small
    // (cdk/esbuild-plugins.ts, parseLargeJson).
    const artifact = Object.entries(metafile.outputs).find(
      ([path, output]) =>
        path.endsWith(".mjs") && Object.keys(output.inputs).includes("knowledge/artifact/index.json"),
    );
    expect(artifact).toBeDefined();
    const code = readFileSync(join(REPO_ROOT, artifact?.[0] ?? ""), "utf8");
    const source = readFileSync(join(REPO_ROOT, "knowledge/artifact/index.json"), "utf8");
    const passageId = (JSON.parse(source) as { passages: { id: string }[] }).passages[0]?.id;
    expect(passageId).toMatch(/\S/);
    // Neither the object literal esbuild's json loader would emit nor the plain text is in the bundle...
    expect(code).not.toContain(`{id:"${passageId}"`);
    expect(code).not.toContain(`${passageId}`);
    // ...but a base64 gzip that unpacks to exactly the artifact's data.
    expect(code).toContain("gunzipSync");
    const packed = [...code.matchAll(/"([A-Za-z0-9+/]{1000,}={0,2})"/g)].map((m) => m[1] ?? "");
    const unpacked = packed.map((b64) => gunzipSync(Buffer.from(b64, "base64")).toString("utf8"));
    expect(unpacked.map((text) => JSON.parse(text))).toContainEqual(JSON.parse(source));
    expect(Math.max(...packed.map((b64) => b64.length))).toBeLessThan(source.length / 2);
    // ASCII only, though the articles have curly quotes and dashes: Node decodes it into a one-byte string.
    expect(/[\u0080-\uffff]/.test(source)).toBe(true);
    for (const text of unpacked) expect(/[\u0080-\uffff]/.test(text)).toBe(false);
  });

  it("loads in a fresh Node with no configuration and exports the handler", () => {
    const url = pathToFileURL(join(outdir, `${ENTRY_NAME}.mjs`)).href;
    const script = `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.handler);`;

    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
    });

    expect(out).toBe("function");
  });
});

describe("treeShakeSideEffectFree", () => {
  it("drops a listed package nothing uses, and keeps the whole of one that is used", async () => {
    // Prepare: one entry imports csv-parse without using it, the other parses with it.
    const dir = mkdtempSync(join(tmpdir(), "pathfinder-pure-"));
    try {
      writeFileSync(
        join(dir, "unused.mjs"),
        `import { parse } from "csv-parse/sync";\nexport const n = 1;\n`,
      );
      writeFileSync(
        join(dir, "used.mjs"),
        `import { parse } from "csv-parse/sync";\nexport const rows = parse("a,b\\n1,2\\n", { columns: true });\n`,
      );
      const esbuild = await import("esbuild");
      const build = (entry: string) =>
        esbuild.build({
          entryPoints: [join(dir, entry)],
          absWorkingDir: REPO_ROOT,
          nodePaths: [join(REPO_ROOT, "node_modules")],
          bundle: true,
          write: false,
          format: "esm",
          platform: "node",
          metafile: true,
          logLevel: "silent",
          plugins: [treeShakeSideEffectFree()],
        });

      // Act
      const [unused, used] = await Promise.all([build("unused.mjs"), build("used.mjs")]);

      // Assess
      // What the output carries (metafile.inputs also lists what was read and then dropped).
      const csvInputs = (result: typeof used) =>
        Object.values(result.metafile.outputs)
          .flatMap((output) => Object.entries(output.inputs))
          .filter(
            ([input, { bytesInOutput }]) => input.includes("node_modules/csv-parse/") && bytesInOutput > 0,
          );
      expect(csvInputs(unused)).toEqual([]);
      expect(csvInputs(used).length).toBeGreaterThan(1);
      writeFileSync(join(dir, "out.mjs"), used.outputFiles[0]?.text ?? "");
      const loaded = (await import(pathToFileURL(join(dir, "out.mjs")).href)) as { rows: unknown };
      expect(loaded.rows).toEqual([{ a: "1", b: "2" }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("parseLargeJson", () => {
  it("bundles non-ASCII text as \\u escapes that parse back to the same value", async () => {
    // Prepare: curly quotes, a dash, an accented name, an emoji (a surrogate pair) and escapes JSON already had.
    const dir = mkdtempSync(join(tmpdir(), "pathfinder-json-"));
    try {
      const data = {
        words: Array.from({ length: 2000 }, (_, i) => `word ${i}`),
        text: 'It\u2019s \u201cmutual\u201d \u2014 Ren\u00e9e \ud83d\ude00, a \\ backslash, a "quote", a\nnewline',
      };
      writeFileSync(join(dir, "big.json"), JSON.stringify(data));
      writeFileSync(
        join(dir, "entry.mjs"),
        `import data from "./big.json" with { type: "json" };\nexport { data };\n`,
      );
      const esbuild = await import("esbuild");

      // Act
      const result = await esbuild.build({
        entryPoints: [join(dir, "entry.mjs")],
        bundle: true,
        write: false,
        format: "esm",
        platform: "node",
        banner: {
          js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
        },
        logLevel: "silent",
        plugins: [parseLargeJson()],
      });
      const code = result.outputFiles[0]?.text ?? "";
      writeFileSync(join(dir, "out.mjs"), code);
      const loaded = (await import(pathToFileURL(join(dir, "out.mjs")).href)) as { data: unknown };

      // Assess
      expect(loaded.data).toEqual(data);
      const packed = /"([A-Za-z0-9+/]{100,}={0,2})"/.exec(code)?.[1] ?? "";
      expect(/[\u0080-\uffff]/.test(gunzipSync(Buffer.from(packed, "base64")).toString("utf8"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the bundle, naming the file, when a large JSON file is malformed", async () => {
    // Prepare: a 20 KB file with a trailing comma, imported as JSON.
    const dir = mkdtempSync(join(tmpdir(), "pathfinder-json-"));
    try {
      writeFileSync(join(dir, "big.json"), `{"words": [${'"word",'.repeat(3000)}]}`);
      writeFileSync(
        join(dir, "entry.mjs"),
        `import words from "./big.json" with { type: "json" };\nexport { words };\n`,
      );
      const esbuild = await import("esbuild");

      // Act
      const build = esbuild.build({
        entryPoints: [join(dir, "entry.mjs")],
        bundle: true,
        write: false,
        logLevel: "silent",
        plugins: [parseLargeJson()],
      });

      // Assess
      await expect(build).rejects.toThrow(/big\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
