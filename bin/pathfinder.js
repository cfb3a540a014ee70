#!/usr/bin/env node
// Launches the TypeScript CLI through tsx, so `pathfinder` works from a clone without a build step.
// Pathfinder needs Node.js 22.12 or newer (package.json engines; the Lambda runtime is Node 22). On an older
// Node this re-runs itself under the Node 22 that `npm ci` installs (the `node` package), or says what to do,
// instead of starting and printing the AWS SDK's unsupported-version warning.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const bundled = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  // The guard variable stops a loop should the bundled Node somehow be old too.
  if (existsSync(bundled) && process.env.PATHFINDER_NODE_REEXEC !== "1") {
    const run = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, PATHFINDER_NODE_REEXEC: "1" },
    });
    process.exit(run.status ?? 1);
  }
  process.stderr.write(
    `pathfinder needs Node.js 22.12 or newer; this is Node ${process.version}.\n` +
      "Run `npm ci` in the repository (it installs Node 22 for Pathfinder's scripts), or install Node 22.\n",
  );
  process.exit(1);
}

const { register } = await import("tsx/esm/api");
register();
process.env.PATHFINDER_CLI_ENTRY = "1";
await import("../cli/main.ts");
