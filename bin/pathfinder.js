#!/usr/bin/env node
// Launches the TypeScript CLI through tsx, so `pathfinder` works from a clone without a build step.
import { register } from "tsx/esm/api";

register();
process.env.PATHFINDER_CLI_ENTRY = "1";
await import("../cli/main.ts");
