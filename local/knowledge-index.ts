/**
 * Keeps the knowledge index current for a local run: the artifact records a hash of the seeds and guide
 * cards it was built from, so a changed article, card (or thesaurus) is noticed and rebuilt before the
 * knowledge base is loaded. Documents added with `pathfinder knowledge add` (or the playground) go into a
 * documents shard beside the library, `.data/knowledge/index.json`, served next to the committed artifact
 * (seeds + guide, what the Lambdas bundle, never re-indexed with them); `npm start` rebuilds the shard
 * whenever the library changes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, watch, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadConfig } from "../config/config.ts";
import { loadSecrets } from "../config/secrets.ts";
import { type KnowledgeArtifact, sourceHashOf } from "../knowledge/artifact.ts";
import {
  buildFromDisk,
  DEFAULT_SOURCE_PATHS,
  guideCardLoader,
  readPractitionerQuestions,
  type SourcePaths,
} from "../knowledge/build-index.ts";
import { readSeedFiles } from "../knowledge/corpus.ts";
import { loadDocumentPassages } from "../knowledge/documents/index.ts";
import { librarySignature, readManifest } from "../knowledge/documents/library.ts";
import { type DocumentShard, isDocumentShard } from "../knowledge/documents/shard-format.ts";
import { serialiseWithDocuments, type WithDocumentsOptions } from "../knowledge/documents/with-documents.ts";
import { embedTexts, makeOpenAiClient, type StoredEmbeddings } from "../knowledge/embeddings.ts";

/** Where the seeds and the artifact live (tests point these at a scratch copy): what `npm run build:index` reads. */
export type IndexPaths = SourcePaths;

/** Whether the artifact matches the seeds, and what it was built from. */
export interface IndexState {
  stale: boolean;
  reason?: "missing" | "unreadable" | "seeds changed";
  seedsHash: string;
}

/** Compares the seeds' hash with the one recorded in the artifact (no index is built). */
export function checkKnowledgeIndex(paths: IndexPaths = DEFAULT_SOURCE_PATHS): IndexState {
  const seedsHash = sourceHashOf(
    readSeedFiles(paths.seedsDir),
    guideCardLoader(paths.guideDir),
    readPractitionerQuestions(paths.questionsPath),
  );
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
  paths: IndexPaths = DEFAULT_SOURCE_PATHS,
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

/** The documents index `npm start` and the CLI serve, beside the library (`.data/knowledge/`): a documents shard. */
export const LOCAL_INDEX_FILE = "index.json";
const LOCAL_INDEX_META = "index.meta.json";

/** Where the committed artifact (seeds + guide) and the document library are. */
export interface LocalKnowledgePaths {
  artifactPath: string;
  documentsDir: string;
}

/**
 * What is served locally: the committed artifact, and the library's documents shard when it has documents
 * (knowledge/documents/composite.ts's `knowledgeBaseWithDocuments` serves it). This module does not import the knowledge
 * base itself: `npm start` imports that only after the artifact was refreshed (it reads the artifact on import).
 */
export interface LocalKnowledgeIndex {
  base: KnowledgeArtifact;
  shard?: DocumentShard;
}

/** What the local index was built from: a different value of either means it is stale. */
interface LocalIndexMeta {
  baseSourceHash: string;
  librarySignature: string;
}

function readBase(artifactPath: string): KnowledgeArtifact {
  return JSON.parse(readFileSync(artifactPath, "utf8")) as KnowledgeArtifact;
}

function readMeta(dir: string): LocalIndexMeta | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, LOCAL_INDEX_META), "utf8")) as LocalIndexMeta;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half an index. */
function writeAtomically(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * Builds the library's documents into a shard at `<documentsDir>/index.json` (embedding new passages when a
 * key is set, reusing the previous index's vectors). Throws when the library cannot be read or the build
 * fails; the previous index file is then left as it was.
 */
export async function buildLocalDocumentsIndex(
  env: NodeJS.ProcessEnv,
  paths: LocalKnowledgePaths,
): Promise<{ index: LocalKnowledgeIndex; documents: number; passages: number }> {
  const base = readBase(paths.artifactPath);
  const signature = librarySignature(paths.documentsDir);
  const documents = loadDocumentPassages(paths.documentsDir);
  const indexPath = join(paths.documentsDir, LOCAL_INDEX_FILE);
  let previous: { embeddings?: StoredEmbeddings } | undefined;
  try {
    // A shard, or a whole artifact from before shards: either carries reusable vectors.
    previous = existsSync(indexPath)
      ? (JSON.parse(readFileSync(indexPath, "utf8")) as { embeddings?: StoredEmbeddings })
      : undefined;
  } catch {
    previous = undefined; // a damaged index is simply rebuilt
  }
  const options: WithDocumentsOptions = previous ? { previous } : {};
  const config = loadConfig(env);
  const secrets = await loadSecrets({ ...config, runtime: "local" }, env);
  if (secrets.openaiApiKey && documents.length > 0) {
    const settings = { ...config.openai, apiKey: secrets.openaiApiKey, deadlineMs: 60_000 };
    const client = await makeOpenAiClient(settings);
    options.embeddingModel = settings.embeddingModel;
    options.embed = (texts) => embedTexts(client, settings.embeddingModel, texts);
  }
  const { json, shard, passages } = await serialiseWithDocuments(base, documents, options);
  writeAtomically(indexPath, json);
  const meta: LocalIndexMeta = { baseSourceHash: base.sourceHash, librarySignature: signature };
  writeAtomically(join(paths.documentsDir, LOCAL_INDEX_META), `${JSON.stringify(meta)}\n`);
  const documentCount = new Set(documents.map((p) => p.source)).size;
  return { index: { base, shard }, documents: documentCount, passages };
}

/**
 * The index to serve locally: the committed artifact alone while the library is empty; otherwise with the
 * shard at `<documentsDir>/index.json`, rebuilt first when the library or the artifact changed since it was
 * built (or it is damaged, or from before shards).
 */
export async function loadLocalKnowledgeIndex(
  env: NodeJS.ProcessEnv,
  paths: LocalKnowledgePaths,
): Promise<LocalKnowledgeIndex> {
  const base = readBase(paths.artifactPath);
  if (readManifest(paths.documentsDir).documents.length === 0) return { base };
  const meta = readMeta(paths.documentsDir);
  const indexPath = join(paths.documentsDir, LOCAL_INDEX_FILE);
  const current =
    meta?.baseSourceHash === base.sourceHash &&
    meta.librarySignature === librarySignature(paths.documentsDir);
  if (current && existsSync(indexPath)) {
    try {
      const stored: unknown = JSON.parse(readFileSync(indexPath, "utf8"));
      if (isDocumentShard(stored)) return { base, shard: stored };
    } catch {
      // damaged: rebuilt below
    }
  }
  return (await buildLocalDocumentsIndex(env, paths)).index;
}

/** A running watch on the library. */
export interface LibraryWatch {
  /** Rebuilds now (the playground calls this after an upload, so the change serves at once). */
  rebuild(): Promise<void>;
  stop(): void;
}

/**
 * Watches the library's manifest (its single commit point: the CLI and the playground both rename a new one
 * into place) and, on a change, rebuilds the index and hands it to `onIndex`. Rebuilds run one at a time; a
 * change during a rebuild triggers one more. A failed rebuild logs one line and the old index keeps serving.
 */
export function watchDocumentLibrary(
  env: NodeJS.ProcessEnv,
  paths: LocalKnowledgePaths,
  handlers: { onIndex: (index: LocalKnowledgeIndex) => void; log: (line: string) => void },
): LibraryWatch {
  let running: Promise<void> | undefined;
  let again = false;
  let lastSignature = existsSync(paths.documentsDir) ? safeSignature(paths.documentsDir) : "";

  const runOnce = async () => {
    const signature = safeSignature(paths.documentsDir);
    if (signature === lastSignature) return;
    try {
      const built = await buildLocalDocumentsIndex(env, paths);
      lastSignature = signature;
      handlers.onIndex(built.index);
      handlers.log(`Knowledge index rebuilt: ${built.documents} documents, ${built.passages} passages.`);
    } catch (error) {
      // One line per library state: the same broken state is not retried on every event, only a new change.
      lastSignature = signature;
      handlers.log(
        `Knowledge index NOT rebuilt (still serving the previous one): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const rebuild = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  mkdirSync(paths.documentsDir, { recursive: true });
  const watcher = watch(paths.documentsDir, (_event, name) => {
    if (name === "manifest.json") void rebuild();
  });
  return {
    rebuild,
    stop: () => watcher.close(),
  };
}

function safeSignature(dir: string): string {
  try {
    return librarySignature(dir);
  } catch {
    return "unreadable";
  }
}
