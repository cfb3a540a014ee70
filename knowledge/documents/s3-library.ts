/**
 * The document library in the stack's documents bucket (the `DocumentLibrary` port on S3), for the CLI
 * against AWS and for the indexer. Layout (knowledge/index-source.ts, S3_LAYOUT):
 *   documents/<file name>        the documents themselves: what an admin uploads (CLI or console)
 *   index/parsed/<etag>-<m>.json  each document's parse, keyed by its bytes (ETag) and description
 *                                (metadata), so a rebuild re-parses only what changed
 * The documents prefix is the single source of truth: a document is in the library while its object
 * exists, so an upload in the S3 console and `pathfinder knowledge add` are the same thing. What the admin
 * says about a document travels as user metadata (title, url, date, added-by; URI-encoded, since S3
 * metadata is ASCII).
 */
import { createHash } from "node:crypto";
import {
  type _Object,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import * as z from "zod";
import { S3_LAYOUT } from "../index-source.ts";
import { DocumentError, DocumentLibraryError, DocumentNotFoundError } from "./errors.ts";
import type { AddDocumentInput, AddResult, DocumentLibrary, DocumentRecord } from "./library.ts";
import type { DocumentPassage, ParseDocumentInput, ParsedDocument } from "./parse.ts";

/**
 * The parsers (pdf.js, mammoth, linkedom) are most of the indexer's bundle and run only on a cache miss, so
 * they load on first use: esbuild splits them into a chunk the indexer's cold start does not read.
 */
async function parseDocument(input: ParseDocumentInput): Promise<ParsedDocument> {
  return (await import("./parse.ts")).parseDocument(input);
}

/** Bump when parsing changes, so every cached parse is redone. */
const PARSE_FORMAT = 1;

/** One document object and what became of it: its record and passages, or why it was refused. */
export type DescribedDocument =
  | { key: string; ok: true; document: DocumentRecord; passages: DocumentPassage[] }
  | { key: string; ok: false; reason: string; message: string; lastModified: string };

const cachedSchema = z.union([
  z.object({
    ok: z.literal(true),
    document: z.custom<DocumentRecord>((value) => typeof value === "object" && value !== null),
    passages: z.array(z.custom<DocumentPassage>((value) => typeof value === "object" && value !== null)),
  }),
  z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
]);

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** The file name a document key stands for (`documents/Guide.pdf` -> `Guide.pdf`). */
export function fileNameOfKey(key: string): string {
  return key.slice(S3_LAYOUT.documents.length);
}

function documentKey(fileName: string): string {
  // The base name only, so "a/../b" cannot put a document outside the prefix the indexer watches.
  const name = fileName.replace(/\\/g, "/").split("/").pop() ?? "";
  return `${S3_LAYOUT.documents}${name && name !== "." && name !== ".." ? name : "document"}`;
}

const decode = (value: string | undefined) => {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/** Options for the S3 library. */
export interface S3DocumentLibraryOptions {
  s3: S3Client;
  bucket: string;
  now?: () => Date;
}

/** The library on S3 (see the module comment). */
export class S3DocumentLibrary implements DocumentLibrary {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly now: () => Date;

  constructor(options: S3DocumentLibraryOptions) {
    this.s3 = options.s3;
    this.bucket = options.bucket;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Parses here first, so a bad file is refused with its one-line message before anything is uploaded,
   * then uploads it; the indexer (triggered by the upload) publishes the new index within seconds.
   */
  async add(input: AddDocumentInput): Promise<AddResult> {
    const parsed = await parseDocument(input);
    const described = await this.describeAll();
    const same = described.find((d) => d.ok && d.document.contentHash === parsed.contentHash);
    if (same?.ok) {
      throw new DocumentError(
        "duplicate",
        input.fileName,
        `"${input.fileName}" is already in the library as "${same.document.title}" (${same.document.id}, added from ${same.document.source}).`,
      );
    }
    const key = documentKey(input.fileName);
    const previous = described.find((d) => d.key === key);
    if (previous && !input.replace) {
      throw new DocumentError(
        "duplicate",
        input.fileName,
        `A document named "${fileNameOfKey(key)}" is already in the library; add it with --replace to replace it.`,
      );
    }
    const metadata: Record<string, string> = { "added-at": this.now().toISOString() };
    if (input.title) metadata.title = encodeURIComponent(input.title);
    if (input.url) metadata.url = encodeURIComponent(input.url);
    if (input.date) metadata.date = input.date;
    if (input.addedBy) metadata["added-by"] = encodeURIComponent(input.addedBy);
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: input.bytes,
          Metadata: metadata,
          // Without --replace, refuse to overwrite a document another admin uploaded meanwhile.
          ...(previous ? {} : { IfNoneMatch: "*" }),
        }),
      );
    } catch (error) {
      if (statusOf(error) === 412) {
        throw new DocumentError(
          "duplicate",
          input.fileName,
          `A document named "${fileNameOfKey(key)}" was just added by someone else; add it with --replace to replace it.`,
        );
      }
      throw this.failure(`upload ${key}`, error);
    }
    const document: DocumentRecord = {
      id: parsed.id,
      title: parsed.title,
      source: fileNameOfKey(key),
      type: parsed.type,
      passages: parsed.passages.length,
      addedAt: metadata["added-at"] as string,
      contentHash: parsed.contentHash,
      ...(input.addedBy ? { addedBy: input.addedBy } : {}),
      ...(parsed.url ? { url: parsed.url } : {}),
      ...(parsed.date ? { date: parsed.date } : {}),
    };
    return previous?.ok ? { document, replaced: previous.document } : { document };
  }

  async list(): Promise<DocumentRecord[]> {
    return (await this.describeAll()).flatMap((d) => (d.ok ? [d.document] : []));
  }

  async get(id: string): Promise<{ document: DocumentRecord; passages: DocumentPassage[] } | undefined> {
    const found = (await this.describeAll()).find((d) => d.ok && d.document.id === id);
    return found?.ok ? { document: found.document, passages: found.passages } : undefined;
  }

  async remove(id: string): Promise<DocumentRecord> {
    const found = (await this.describeAll()).find((d) => d.ok && d.document.id === id);
    if (!found?.ok) throw new DocumentNotFoundError(id);
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: found.key }));
    } catch (error) {
      throw this.failure(`delete ${found.key}`, error);
    }
    return found.document;
  }

  async passages(): Promise<DocumentPassage[]> {
    return (await this.describeAll()).flatMap((d) => (d.ok ? d.passages : []));
  }

  /**
   * Every document object, oldest first, parsed (from the cache when its bytes and description are
   * unchanged). A later upload with the same content as an earlier one is refused as a duplicate, so the
   * same words are never indexed twice. Refusals are returned, not thrown: one bad file must not keep the
   * others out of the index.
   */
  async describeAll(): Promise<DescribedDocument[]> {
    const objects = await this.listDocumentObjects();
    const out: DescribedDocument[] = [];
    const hashes = new Map<string, DocumentRecord>();
    for (const object of objects) {
      const described = await this.describe(object);
      if (described.ok) {
        const earlier = hashes.get(described.document.contentHash);
        if (earlier) {
          out.push({
            key: described.key,
            ok: false,
            reason: "duplicate",
            message: `"${described.document.source}" is already in the library as "${earlier.title}" (${earlier.id}, added from ${earlier.source}).`,
            lastModified: described.document.addedAt,
          });
          continue;
        }
        hashes.set(described.document.contentHash, described.document);
      }
      out.push(described);
    }
    return out;
  }

  private async listDocumentObjects(): Promise<_Object[]> {
    const objects: _Object[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: S3_LAYOUT.documents,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (object.Key && object.Key !== S3_LAYOUT.documents && !object.Key.endsWith("/"))
            objects.push(object);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw this.failure(`list ${S3_LAYOUT.documents}`, error);
    }
    const time = (o: _Object) => o.LastModified?.getTime() ?? 0;
    return objects.sort((a, b) => time(a) - time(b) || ((a.Key ?? "") < (b.Key ?? "") ? -1 : 1));
  }

  /** One document object's parse: cached by ETag and metadata, else downloaded, parsed and cached. */
  private async describe(object: _Object): Promise<DescribedDocument> {
    const key = object.Key as string;
    const lastModified = (object.LastModified ?? this.now()).toISOString();
    // HEAD first: the metadata and ETag say whether the cached parse still holds, without the bytes.
    let head: { Metadata?: Record<string, string>; ETag?: string };
    try {
      head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (statusOf(error) === 404) {
        return { key, ok: false, reason: "removed", message: `${key} was removed meanwhile.`, lastModified };
      }
      throw this.failure(`read ${key}`, error);
    }
    const metadata = head.Metadata ?? {};
    const etag = (head.ETag ?? object.ETag ?? "").replace(/"/g, "");
    const describedBy = createHash("sha256")
      .update(`${PARSE_FORMAT}\n${key}\n${JSON.stringify(Object.entries(metadata).sort())}`)
      .digest("hex")
      .slice(0, 16);
    const cacheKey = `${S3_LAYOUT.index}parsed/${etag}-${describedBy}.json`;
    const cached = await this.readCache(cacheKey);
    if (cached) {
      return cached.ok
        ? { key, ok: true, document: cached.document, passages: cached.passages }
        : { key, ok: false, reason: cached.reason, message: cached.message, lastModified };
    }
    let bytes: Uint8Array;
    try {
      const got = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(head.ETag ? { IfMatch: head.ETag } : {}) }),
      );
      bytes = await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 412) {
        // Removed or replaced between HEAD and GET: the event for that change triggers another rebuild.
        return { key, ok: false, reason: "removed", message: `${key} changed meanwhile.`, lastModified };
      }
      throw this.failure(`read ${key}`, error);
    }
    const fileName = fileNameOfKey(key);
    const title = decode(metadata.title);
    const url = decode(metadata.url);
    const addedBy = decode(metadata["added-by"]);
    let result: z.infer<typeof cachedSchema>;
    try {
      const parsed = await parseDocument({
        bytes,
        fileName,
        ...(title ? { title } : {}),
        ...(url ? { url } : {}),
        ...(metadata.date ? { date: metadata.date } : {}),
      });
      const document: DocumentRecord = {
        id: parsed.id,
        title: parsed.title,
        source: fileName,
        type: parsed.type,
        passages: parsed.passages.length,
        addedAt: metadata["added-at"] ?? lastModified,
        contentHash: parsed.contentHash,
        ...(addedBy ? { addedBy } : {}),
        ...(parsed.url ? { url: parsed.url } : {}),
        ...(parsed.date ? { date: parsed.date } : {}),
      };
      result = { ok: true, document, passages: parsed.passages };
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      result = { ok: false, reason: error.reason, message: error.message };
    }
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: cacheKey,
          Body: JSON.stringify(result),
          ContentType: "application/json",
        }),
      );
    } catch {
      // The cache only saves work; a document that could not be cached is parsed again next time.
    }
    return result.ok
      ? { key, ok: true, document: result.document, passages: result.passages }
      : { key, ok: false, reason: result.reason, message: result.message, lastModified };
  }

  private async readCache(cacheKey: string): Promise<z.infer<typeof cachedSchema> | undefined> {
    try {
      const got = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: cacheKey }));
      const text = await (got.Body as { transformToString(): Promise<string> }).transformToString();
      const parsed = cachedSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // missing or unreadable: parse again
    }
  }

  private failure(what: string, error: unknown): DocumentLibraryError {
    return new DocumentLibraryError(`Cannot ${what} in s3://${this.bucket} (${(error as Error).message}).`, {
      cause: error,
    });
  }
}
