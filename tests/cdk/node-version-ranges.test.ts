/**
 * cdk/shims/node-version-ranges.cjs, the stand-in for `semver` where jsonwebtoken requires it (STAND_IN_MODULES in
 * cdk/esbuild-plugins.ts): for the three ranges jsonwebtoken asks at load it must answer as semver does, on the
 * Lambda runtime's Node and on older ones, and any other range must throw rather than be guessed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Satisfies = { satisfies(version: string, range: string): boolean };
const standIn = require("../../cdk/shims/node-version-ranges.cjs") as Satisfies;
// The real semver, as jsonwebtoken resolves it (a dependency of its, not of Pathfinder's).
const semver = createRequire(require.resolve("jsonwebtoken"))("semver") as Satisfies;

/** The ranges in jsonwebtoken's lib/psSupported.js, asymmetricKeyDetailsSupported.js and rsaPssKeyDetailsSupported.js. */
const JSONWEBTOKEN_RANGES = ["^6.12.0 || >=8.0.0", ">=15.7.0", ">=16.9.0"];
const VERSIONS = [
  process.version,
  "v22.12.0",
  "v20.0.0",
  "v16.9.0",
  "v16.8.9",
  "v15.7.0",
  "v15.6.0",
  "v8.0.0",
  "v7.10.1",
  "v6.12.0",
  "v6.11.5",
];

describe("the semver stand-in for jsonwebtoken", () => {
  it("answers jsonwebtoken's ranges as semver does", () => {
    for (const range of JSONWEBTOKEN_RANGES) {
      for (const version of VERSIONS) {
        expect({ range, version, answer: standIn.satisfies(version, range) }).toEqual({
          range,
          version,
          answer: semver.satisfies(version, range),
        });
      }
    }
  });

  it("asks exactly the ranges jsonwebtoken's source asks (an upgrade that changes them fails here)", () => {
    const dir = require.resolve("jsonwebtoken").replace(/index\.js$/, "lib/");
    const asked = ["psSupported.js", "asymmetricKeyDetailsSupported.js", "rsaPssKeyDetailsSupported.js"].map(
      (file) => /satisfies\(process\.version, '([^']+)'\)/.exec(readFileSync(`${dir}${file}`, "utf8"))?.[1],
    );
    expect(asked).toEqual(JSONWEBTOKEN_RANGES);
  });

  it("refuses a range it does not read instead of guessing", () => {
    expect(() => standIn.satisfies("v22.0.0", "~1.2.3")).toThrow(/does not read the range "~1.2.3"/);
    expect(() => standIn.satisfies("v22.0.0", "^0.5.0")).toThrow(/does not read the range/);
    expect(() => standIn.satisfies("not-a-version", ">=1.0.0")).toThrow(/not a version/);
  });
});
