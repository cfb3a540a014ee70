/**
 * The document library: guidance documents an admin added at run time, behind a small port so the
 * local file-system implementation here can be joined by an S3 one without touching its callers.
 *
 * Local layout under the data dir (default `.data/knowledge/`):
 *   manifest.json            the documents, the library's single commit point
 *   files/<id>/<file name>   the original file, as added
 *   passages/<id>.json       its parsed passages
 * A document's files are written first, under names nothing refers to yet; only then is the manifest
 * replaced (write a temporary file, then rename, which is atomic on one file system). A crash at any
 * point leaves the old manifest or the new one, never half of either; stray files it leaves are ignored
 * and swept on the next change.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { DocumentError, DocumentLibraryError, DocumentNotFoundError } from "./errors.ts";
import {
  type DocumentPassage,
  type ParseDocumentInput,
  type ParsedDocument,
  parseDocument,
} from "./parse.ts";

/** One document in the library (the manifest entry). */
export interface DocumentRecord {
  id: string;
  title: string;
  /** The file name it was added as. */
  source: string;
  type: "markdown" | "text" | "html" | "pdf" | "docx";
  /** Number of passages. */
  passages: number;
  /** ISO timestamp. */
  addedAt: string;
  addedBy?: string;
  /** sha256 of the file's bytes, hex. */
  contentHash: string;
  url?: string;
  /** YYYY-MM-DD */
  date?: string;
}

/** A document to add: the file, what the admin said about it, and whether it may replace a same-named one. */
export interface AddDocumentInput extends ParseDocumentInput {
  addedBy?: string;
  /** Replace the document already added under this file name (otherwise that is refused). */
  replace?: boolean;
}

/** What `add` did. */
export interface AddResult {
  document: DocumentRecord;
  /** The document this one replaced, when `replace` was used. */
  replaced?: DocumentRecord;
}

/** The library port: what the CLI, playground and indexer need, whatever stores the documents. */
export interface DocumentLibrary {
  /** Parses and stores a document. Throws DocumentError (e.g. `duplicate`) and changes nothing on failure. */
  add(input: AddDocumentInput): Promise<AddResult>;
  /** Every document, oldest first. */
  list(): Promise<DocumentRecord[]>;
  /** One document and its passages, or undefined. */
  get(id: string): Promise<{ document: DocumentRecord; passages: DocumentPassage[] } | undefined>;
  /** Removes a document; throws DocumentNotFoundError for an unknown id. */
  remove(id: string): Promise<DocumentRecord>;
  /** The passages of every document, in library order: what the index build reads. */
  passages(): Promise<DocumentPassage[]>;
}

const recordSchema = z.object({
  id: z.string().regex(/^d-[0-9a-f]{8}$/),
  title: z.string().min(1),
  source: z.string().min(1),
  type: z.enum(["markdown", "text", "html", "pdf", "docx"]),
  passages: z.number().int().nonnegative(),
  addedAt: z.string(),
  addedBy: z.string().optional(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string().optional(),
  date: z.string().optional(),
});

const manifestSchema = z.object({ format: z.literal(1), documents: z.array(recordSchema) });
type Manifest = z.infer<typeof manifestSchema>;

const passageSchema = z
  .object({
    id: z.string(),
    postId: z.string(),
    title: z.string(),
    source: z.string(),
    author: z.string().optional(),
    date: z.string().optional(),
    text: z.string(),
    url: z.string().optional(),
    page: z.number().int().positive().optional(),
  })
  .strict();
const passagesSchema = z.array(passageSchema);

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Where the local library lives unless PATHFINDER_KNOWLEDGE_DIR says otherwise. */
export const DEFAULT_DOCUMENTS_DIR = join(root, ".data", "knowledge");

/**
 * The local library's directory: PATHFINDER_KNOWLEDGE_DIR (relative to the working directory) or
 * `.data/knowledge/` in the repository. Not PATHFINDER_DATA_DIR: `npm start` already uses that for
 * DynamoDB Local's files (local/options.ts).
 */
export function documentsDirFrom(env: NodeJS.ProcessEnv): string {
  const configured = env.PATHFINDER_KNOWLEDGE_DIR?.trim();
  return configured ? resolve(configured) : DEFAULT_DOCUMENTS_DIR;
}

const MANIFEST = "manifest.json";
const LOCK = ".lock";

/** True while a process with this id exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists but belongs to someone else
  }
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DocumentLibraryError(
      `The document library's ${what} (${path}) cannot be read: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** Reads the manifest; a library that was never written is empty. Synchronous for the index build. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return { format: 1, documents: [] };
  const parsed = manifestSchema.safeParse(readJson(path, "manifest"));
  if (!parsed.success) {
    throw new DocumentLibraryError(
      `The document library's manifest (${path}) is not in the expected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/** Reads one document's stored passages. Synchronous for the index build. */
export function readPassages(dir: string, id: string): DocumentPassage[] {
  const path = join(dir, "passages", `${id}.json`);
  const parsed = passagesSchema.safeParse(readJson(path, `passages for ${id}`));
  if (!parsed.success) {
    throw new DocumentLibraryError(
      `The document library's passages for ${id} (${path}) are not in the expected shape.`,
    );
  }
  return parsed.data.map((passage) => {
    const out: DocumentPassage = {
      id: passage.id,
      postId: passage.postId,
      title: passage.title,
      source: passage.source,
      text: passage.text,
    };
    if (passage.author !== undefined) out.author = passage.author;
    if (passage.date !== undefined) out.date = passage.date;
    if (passage.url !== undefined) out.url = passage.url;
    if (passage.page !== undefined) out.page = passage.page;
    return out;
  });
}

/** Writes a file so that readers see the old bytes or the new ones, never a torn write. */
async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(data);
    await handle.sync(); // the bytes are on disk before the rename makes them visible
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A file name safe to store: the base name only, so "../x" cannot escape the library's folder. */
function storedName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, "/"));
  return name && name !== "." && name !== ".." ? name : "document";
}

/** The document library on the local file system (see the module comment for the layout). */
export class LocalDocumentLibrary implements DocumentLibrary {
  readonly dir: string;
  private readonly now: () => Date;
  private readonly lockTimeoutMs: number;

  /** `lockTimeoutMs`: how long a change waits for another process's change to finish (default 10 s). */
  constructor(dir: string, options: { now?: () => Date; lockTimeoutMs?: number } = {}) {
    this.dir = dir;
    this.now = options.now ?? (() => new Date());
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
  }

  async add(input: AddDocumentInput): Promise<AddResult> {
    // Parsing is the slow part and touches nothing stored, so it runs before the lock is taken.
    const parsed = await parseDocument(input);
    return this.withLock(() => this.commitAdd(input, parsed));
  }

  private async commitAdd(input: AddDocumentInput, parsed: ParsedDocument): Promise<AddResult> {
    const manifest = readManifest(this.dir);
    const source = storedName(input.fileName);
    const same = manifest.documents.find((doc) => doc.contentHash === parsed.contentHash);
    if (same) {
      throw new DocumentError(
        "duplicate",
        input.fileName,
        `"${input.fileName}" is already in the library as "${same.title}" (${same.id}, added from ${same.source}).`,
      );
    }
    const previous = manifest.documents.find((doc) => doc.source === source);
    if (previous && !input.replace) {
      throw new DocumentError(
        "duplicate",
        input.fileName,
        `A document named "${source}" is already in the library (${previous.id}); add it with --replace to replace it.`,
      );
    }
    const document: DocumentRecord = {
      id: parsed.id,
      title: parsed.title,
      source,
      type: parsed.type,
      passages: parsed.passages.length,
      addedAt: this.now().toISOString(),
      contentHash: parsed.contentHash,
    };
    if (input.addedBy) document.addedBy = input.addedBy;
    if (parsed.url) document.url = parsed.url;
    if (parsed.date) document.date = parsed.date;

    await writeAtomically(join(this.dir, "files", document.id, source), input.bytes);
    await writeAtomically(
      join(this.dir, "passages", `${document.id}.json`),
      JSON.stringify(parsed.passages, null, 1),
    );
    const documents = manifest.documents.filter((doc) => doc !== previous).concat(document);
    await this.commit({ format: 1, documents });
    if (previous) await this.sweep(documents);
    return previous ? { document, replaced: previous } : { document };
  }

  async list(): Promise<DocumentRecord[]> {
    return readManifest(this.dir).documents;
  }

  async get(id: string): Promise<{ document: DocumentRecord; passages: DocumentPassage[] } | undefined> {
    const document = readManifest(this.dir).documents.find((doc) => doc.id === id);
    return document ? { document, passages: readPassages(this.dir, id) } : undefined;
  }

  async remove(id: string): Promise<DocumentRecord> {
    return this.withLock(async () => {
      const manifest = readManifest(this.dir);
      const document = manifest.documents.find((doc) => doc.id === id);
      if (!document) throw new DocumentNotFoundError(id);
      const documents = manifest.documents.filter((doc) => doc !== document);
      await this.commit({ format: 1, documents });
      await this.sweep(documents);
      return document;
    });
  }

  /**
   * Runs one change at a time across processes (the CLI and `npm start` may both change the library), so
   * two adds never both rewrite the manifest from the same old copy and lose one. A lock file created
   * with O_EXCL holds the owner's pid; a lock whose process is gone is stale and broken. No lock-file
   * library is installed, and this is the whole of what one machine's library needs.
   */
  private async withLock<T>(change: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    const lock = join(this.dir, LOCK);
    const deadline = Date.now() + this.lockTimeoutMs;
    for (;;) {
      try {
        const handle = await open(lock, "wx");
        try {
          await handle.writeFile(String(process.pid));
        } finally {
          await handle.close();
        }
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const owner = Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
        if (Number.isInteger(owner) && owner > 0 && !isRunning(owner)) {
          await rm(lock, { force: true });
          continue;
        }
        if (Date.now() >= deadline) {
          throw new DocumentLibraryError(
            `The document library (${this.dir}) is being changed by another process${Number.isInteger(owner) ? ` (pid ${owner})` : ""}; try again in a moment.`,
          );
        }
        await sleep(50); // waiting for another process's change, not standing in for a test's synchronisation
      }
    }
    try {
      return await change();
    } finally {
      await rm(lock, { force: true });
    }
  }

  async passages(): Promise<DocumentPassage[]> {
    return loadLibraryPassages(this.dir);
  }

  private async commit(manifest: Manifest): Promise<void> {
    await writeAtomically(join(this.dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /** Deletes stored files no manifest entry refers to (removed documents, or leftovers of a crash). */
  private async sweep(documents: readonly DocumentRecord[]): Promise<void> {
    const keep = new Set(documents.map((doc) => doc.id));
    const filesDir = join(this.dir, "files");
    const passagesDir = join(this.dir, "passages");
    for (const name of existsSync(filesDir) ? await readdir(filesDir) : []) {
      if (!keep.has(name)) await rm(join(filesDir, name), { recursive: true, force: true });
    }
    for (const name of existsSync(passagesDir) ? await readdir(passagesDir) : []) {
      if (!keep.has(name.replace(/\.json$/, ""))) await rm(join(passagesDir, name), { force: true });
    }
  }
}

/**
 * Every document's passages, in manifest order (synchronous: the index build is). A removal that
 * commits between reading the manifest and a passages file deletes that file; reading again from the
 * new manifest is then right, so a missing file is retried before it counts as damage.
 */
export function loadLibraryPassages(dir: string): DocumentPassage[] {
  for (let attempt = 1; ; attempt++) {
    const manifest = readManifest(dir);
    const missing = manifest.documents.some((doc) => !existsSync(join(dir, "passages", `${doc.id}.json`)));
    if (!missing || attempt >= 3) return manifest.documents.flatMap((doc) => readPassages(dir, doc.id));
  }
}

/**
 * A hash of what the library holds (each document's id, content and description), read from the
 * manifest alone: the index build records it, and a different value means the index is stale.
 */
export function librarySignature(dir: string): string {
  const hash = createHash("sha256");
  for (const doc of readManifest(dir).documents) {
    hash.update(`${doc.id}\n${doc.contentHash}\n${doc.title}\n${doc.date ?? ""}\n${doc.url ?? ""}\n`);
  }
  return hash.digest("hex");
}
