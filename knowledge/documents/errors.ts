/** Why a document was refused, as a named error the CLI, playground and indexer turn into one clear line. */

/** The reasons a document can be refused; each maps to one sentence naming the file. */
export type DocumentErrorReason =
  | "unsupported-type"
  | "empty"
  | "no-text"
  | "encrypted"
  | "corrupt"
  | "too-large"
  | "duplicate";

/** A document that cannot be added. `message` is one sentence that names the file and says what to do. */
export class DocumentError extends Error {
  readonly reason: DocumentErrorReason;
  readonly fileName: string;

  constructor(reason: DocumentErrorReason, fileName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocumentError";
    this.reason = reason;
    this.fileName = fileName;
  }
}

/** The library (manifest or stored passages) cannot be read or written; nothing was changed. */
export class DocumentLibraryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DocumentLibraryError";
  }
}

/** No document in the library has this id. */
export class DocumentNotFoundError extends Error {
  readonly id: string;

  constructor(id: string) {
    super(`No document with id "${id}" is in the library; \`pathfinder knowledge list\` shows the ids.`);
    this.name = "DocumentNotFoundError";
    this.id = id;
  }
}
