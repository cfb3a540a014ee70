/**
 * Guidance documents added at run time (ARCHITECTURE.md, "Knowledge, in layers": documents). The index
 * build calls `loadDocumentPassages`; the CLI (and later the playground and indexer) use the library.
 */
import { loadLibraryPassages } from "./library.ts";
import type { DocumentPassage } from "./parse.ts";

export {
  DocumentError,
  type DocumentErrorReason,
  DocumentLibraryError,
  DocumentNotFoundError,
} from "./errors.ts";
export {
  type AddDocumentInput,
  type AddResult,
  DEFAULT_DOCUMENTS_DIR,
  type DocumentLibrary,
  type DocumentRecord,
  documentsDirFrom,
  LocalDocumentLibrary,
  librarySignature,
} from "./library.ts";
export {
  type DocumentPassage,
  type DocumentType,
  MAX_DOCUMENT_BYTES,
  type ParsedDocument,
  parseDocument,
} from "./parse.ts";

/**
 * The passages of every document in the local library at `dataDir` (e.g. `.data/knowledge`), for the
 * index build; [] when nothing was ever added. Throws DocumentLibraryError when the library is
 * unreadable, so a build fails and the previous index keeps serving rather than silently dropping them.
 * Each passage's `source` is `document:<id>`: cite it with `kind: "document"`.
 */
export function loadDocumentPassages(dataDir: string): DocumentPassage[] {
  return loadLibraryPassages(dataDir);
}
