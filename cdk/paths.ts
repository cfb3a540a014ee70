import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the directory holding package-lock.json), whatever the working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
