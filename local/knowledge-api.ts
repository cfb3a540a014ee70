/**
 * The playground's Knowledge tab over the same document library the CLI uses (`pathfinder knowledge`):
 * `GET /api/knowledge`, `POST /api/knowledge` (the file's bytes as the body, its name in `X-File-Name`),
 * `DELETE /api/knowledge/:id`. After a change the index is rebuilt before the answer is sent, so the
 * chat answers from (or stops answering from) the document as soon as the page shows it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  DocumentError,
  type DocumentLibrary,
  DocumentLibraryError,
  DocumentNotFoundError,
  type DocumentRecord,
  MAX_DOCUMENT_BYTES,
} from "../knowledge/documents/index.ts";
import { HttpError, readBody, sendJson } from "./http-io.ts";

/** What the Knowledge routes need: the library and a way to rebuild the served index now. */
export interface KnowledgeApiDeps {
  library: DocumentLibrary;
  /** Resolves once the index reflects the library (local: the library watcher's rebuild). */
  rebuild: () => Promise<void>;
}

/** One document as the Knowledge tab lists it. */
export interface KnowledgeListItem {
  id: string;
  title: string;
  source: string;
  type: DocumentRecord["type"];
  date?: string;
  url?: string;
  passages: number;
  addedAt: string;
  addedBy?: string;
}

/** Who the playground records as having added a document (the library keeps it as `addedBy`). */
export const PLAYGROUND_ADDED_BY = "Playground";

function listItem(doc: DocumentRecord): KnowledgeListItem {
  return {
    id: doc.id,
    title: doc.title,
    source: doc.source,
    type: doc.type,
    ...(doc.date ? { date: doc.date } : {}),
    ...(doc.url ? { url: doc.url } : {}),
    passages: doc.passages,
    addedAt: doc.addedAt,
    ...(doc.addedBy ? { addedBy: doc.addedBy } : {}),
  };
}

/** The uploaded file's name: URI-encoded in the header, since HTTP headers carry Latin-1 only. */
function fileNameOf(req: IncomingMessage): string {
  const raw = req.headers["x-file-name"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  let name = "";
  try {
    name = decodeURIComponent(value ?? "").trim();
  } catch {
    throw new HttpError(400, "The X-File-Name header is not a valid URI-encoded file name.");
  }
  if (!name) throw new HttpError(400, "Say which file this is: send its name in the X-File-Name header.");
  if (name.length > 255) throw new HttpError(400, "That file name is longer than 255 characters.");
  return name;
}

/**
 * Requiring `application/octet-stream` and the custom X-File-Name header keeps other web sites out, as
 * JSON does for the other routes: a browser sends neither cross-site without a preflight this server never
 * approves.
 */
function checkUploadType(req: IncomingMessage): void {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (type !== "application/octet-stream") {
    throw new HttpError(
      415,
      "Send the document's bytes as the body (Content-Type: application/octet-stream) with its name in X-File-Name.",
    );
  }
}

async function readUpload(req: IncomingMessage, fileName: string): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(
      413,
      `"${fileName}" is over the 20 MB limit for a document; split it or compress its images.`,
      { details: { reason: "too-large" } },
    );
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES) {
    req.resume(); // drain, so the client reads the answer instead of a reset connection
    throw tooLarge();
  }
  try {
    return new Uint8Array(await readBody(req, MAX_DOCUMENT_BYTES));
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw tooLarge();
    throw error;
  }
}

/** Turns the library's named errors into answers the page shows; anything else goes to the server's handler. */
function asHttpError(error: unknown): unknown {
  if (error instanceof DocumentError) {
    return new HttpError(error.reason === "too-large" ? 413 : 400, error.message, {
      details: { reason: error.reason, fileName: error.fileName },
    });
  }
  if (error instanceof DocumentNotFoundError) return new HttpError(404, error.message);
  if (error instanceof DocumentLibraryError) return new HttpError(503, error.message, { cause: error });
  return error;
}

const ID_PATH = /^\/api\/knowledge\/(d-[0-9a-f]{8})$/;

/**
 * Serves the Knowledge routes; returns false for any other path, so the server's own router goes on.
 * Without a library (a server built without one) the routes answer 503 with the reason.
 */
export async function routeKnowledge(
  req: IncomingMessage,
  res: ServerResponse,
  deps: KnowledgeApiDeps | undefined,
): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path !== "/api/knowledge" && !path.startsWith("/api/knowledge/")) return false;
  if (!deps) throw new HttpError(503, "This server has no document library.");
  const method = req.method ?? "GET";
  try {
    if (path === "/api/knowledge" && method === "GET") {
      const documents = (await deps.library.list()).map(listItem);
      sendJson(res, 200, { documents });
      return true;
    }
    if (path === "/api/knowledge" && method === "POST") {
      checkUploadType(req);
      const fileName = fileNameOf(req);
      const bytes = await readUpload(req, fileName);
      const { document } = await deps.library.add({ bytes, fileName, addedBy: PLAYGROUND_ADDED_BY });
      await deps.rebuild();
      sendJson(res, 201, { added: listItem(document) });
      return true;
    }
    const one = ID_PATH.exec(path);
    if (one?.[1] && method === "DELETE") {
      const removed = await deps.library.remove(one[1]);
      await deps.rebuild();
      sendJson(res, 200, { removed: { id: removed.id, title: removed.title } });
      return true;
    }
  } catch (error) {
    throw asHttpError(error);
  }
  if (path !== "/api/knowledge" && !ID_PATH.test(path)) {
    throw new HttpError(404, `No document id in ${path}: ids look like d-1a2b3c4d.`);
  }
  throw new HttpError(405, `${method} is not supported on ${path}.`);
}
