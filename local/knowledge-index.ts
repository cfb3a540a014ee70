/**
 * Keeps the knowledge index current for a local run: the artifact records a hash of the seeds it was
 * built from, so a changed article (or thesaurus) is noticed in milliseconds and rebuilt before the
 * knowledge base is loaded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashSources } from "../knowledge/artifact.ts";
import { ARTIFACT_PATH, buildFromDisk, SEEDS_DIR } from "../knowledge/build-index.ts";
import { readSeedFiles } from "../knowledge/corpus.ts";

/** Where the seeds and the artifact live (tests point these at a scratch copy). */
export interface IndexPaths {
  seedsDir: string;
  artifactPath: string;
}

/** Whether the artifact matches the seeds, and what it was built from. */
export interface IndexState {
  stale: boolean;
  reason?: "missing" | "unreadable" | "seeds changed";
  seedsHash: string;
}

const DEFAULT_PATHS: IndexPaths = { seedsDir: SEEDS_DIR, artifactPath: ARTIFACT_PATH };

/** Compares the seeds' hash with the one recorded in the artifact (no index is built). */
export function checkKnowledgeIndex(paths: IndexPaths = DEFAULT_PATHS): IndexState {
  const seedsHash = hashSources(readSeedFiles(paths.seedsDir));
  if (!existsSync(paths.artifactPath)) return { stale: true, reason: "missing", seedsHash };
  let recorded: unknown;
  try {
    recorded = (JSON.parse(readFileSync(paths.artifactPath, "utf8")) as { sourceHash?: unknown }).sourceHash;
  } catch {
    return { stale: true, reason: "unreadable", seedsHash };
  }
  return recorded === seedsHash
    ? { stale: false, seedsHash }
    : { stale: true, reason: "seeds changed", seedsHash };
}

/** Rebuilds the artifact when it is stale; returns what happened, for the start-up log. */
export async function refreshKnowledgeIndex(
  env: NodeJS.ProcessEnv,
  paths: IndexPaths = DEFAULT_PATHS,
): Promise<{ rebuilt: boolean; reason?: IndexState["reason"]; passages?: number }> {
  const state = checkKnowledgeIndex(paths);
  if (!state.stale) return { rebuilt: false };
  const { artifact, json } = await buildFromDisk(env, paths);
  mkdirSync(dirname(paths.artifactPath), { recursive: true });
  writeFileSync(paths.artifactPath, json);
  return {
    rebuilt: true,
    passages: artifact.passages.length,
    ...(state.reason ? { reason: state.reason } : {}),
  };
}
