/**
 * Bundle-time stand-in for `semver` where jsonwebtoken requires it (see VERSION_RANGE_IMPORTERS in
 * cdk/esbuild-plugins.ts). jsonwebtoken 9 calls semver only at load, three times, to ask whether the running Node
 * is new enough for a key feature: `satisfies(process.version, R)` for R in "^6.12.0 || >=8.0.0", ">=15.7.0" and
 * ">=16.9.0". Loading semver to answer them (its ~40 regular expressions and range parser) was a measurable share
 * of the Teams cold start. Hand-written because these are the only ranges asked: `>=` and `^` comparisons joined
 * by `||`; any other range throws, so a jsonwebtoken upgrade that asks something new fails the bundle's tests
 * instead of answering wrongly.
 */
"use strict";

/** [major, minor, patch] of "v22.12.0" or "6.12.0". */
function parts(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Whether `version` satisfies one comparator: ">=X.Y.Z" or "^X.Y.Z" (X > 0). */
function satisfiesOne(version, comparator) {
  const match = /^(>=|\^)(\d+\.\d+\.\d+)$/.exec(comparator.trim());
  if (!match) throw new Error(`the semver stand-in does not read the range "${comparator}"`);
  const floor = parts(match[2]);
  if (match[1] === "^" && floor[0] === 0)
    throw new Error(`the semver stand-in does not read the range "${comparator}"`);
  if (compare(version, floor) < 0) return false;
  return match[1] === ">=" || version[0] === floor[0];
}

module.exports = {
  satisfies(version, range) {
    const v = parts(version);
    return range.split("||").some((comparator) => satisfiesOne(v, comparator));
  },
};
