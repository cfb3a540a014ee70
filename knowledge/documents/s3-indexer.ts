/**
 * The indexer's work (functions/indexer.ts is its thin entry): rebuild the whole index from what the
 * documents bucket holds now and publish it as `index/<version>.json`, then move the pointer
 * (`index/current.json`) with a conditional write.
 *
 * Why rebuilding everything, serialised by a conditional pointer rather than a FIFO queue: S3 event
 * notifications cannot target FIFO queues, and a rebuild reads the whole `documents/` prefix, so any
 * rebuild that starts after an upload includes it. The function runs with reserved concurrency 1, and the
 * pointer is written If-Match the ETag read before the rebuild began: if another rebuild published
 * meanwhile (concurrency raised, or a manual run), the write fails with 412 and this one starts again from
 * the new state, so neither can publish a view that misses the other's document. A failed rebuild throws
 * before the pointer moves: a half index is never published, and the bots keep serving the previous one.
 */
import { createHash } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type IndexPointer, pointerSchema, S3_LAYOUT } from "../index-source.ts";
import type { DocumentPassage } from "./parse.ts";
import { type DescribedDocument, S3DocumentLibrary } from "./s3-library.ts";

/** Builds the index JSON (seeds + guide + these documents), reusing the previous index's embeddings. */
export type BuildIndex = (
  documents: DocumentPassage[],
  previous: unknown | undefined,
) => Promise<{ json: string; passages: number }>;

/** Options for one rebuild. */
export interface PublishIndexOptions {
  s3: S3Client;
  bucket: string;
  build: BuildIndex;
  now?: () => Date;
  /** How many times to start again after losing the pointer race (default 3). */
  attempts?: number;
}

/** A document the rebuild left out, and why (one line each, for the log). */
export type RejectedDocument = Extract<DescribedDocument, { ok: false }>;

/** What one rebuild did. */
export interface PublishResult {
  /** False when the index built is the one already served (nothing changed). */
  published: boolean;
  version: string;
  key: string;
  documents: number;
  passages: number;
  rejected: RejectedDocument[];
}

/** The pointer moved while this rebuild ran, and every attempt lost the race. */
export class PointerConflictError extends Error {
  constructor(attempts: number, options?: { cause?: unknown }) {
    super(
      `The index pointer kept changing during the rebuild (${attempts} attempts); the next upload retries it.`,
      options,
    );
    this.name = "PointerConflictError";
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

async function readText(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ text: string; etag?: string } | undefined> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await (got.Body as { transformToString(): Promise<string> }).transformToString();
    return got.ETag ? { text, etag: got.ETag } : { text };
  } catch (error) {
    if (statusOf(error) === 404 || (error as Error).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** Rebuilds and publishes the index (see the module comment). Throws when the build fails; nothing is published then. */
export async function publishIndex(options: PublishIndexOptions): Promise<PublishResult> {
  const { s3, bucket, build } = options;
  const now = options.now ?? (() => new Date());
  const attempts = options.attempts ?? 3;
  const library = new S3DocumentLibrary({ s3, bucket, now });
  let lastConflict: unknown;

  for (let attempt = 1; attempt <= attempts; attempt++) {
    const pointerObject = await readText(s3, bucket, S3_LAYOUT.pointer);
    let pointer: IndexPointer | undefined;
    let previous: unknown;
    if (pointerObject) {
      const parsed = pointerSchema.safeParse(JSON.parse(pointerObject.text));
      if (parsed.success) {
        pointer = parsed.data;
        const previousIndex = await readText(s3, bucket, pointer.key).catch(() => undefined);
        try {
          previous = previousIndex ? JSON.parse(previousIndex.text) : undefined;
        } catch {
          previous = undefined; // only a cache of embeddings: without it they are computed again
        }
      }
    }

    const described = await library.describeAll();
    const accepted = described.flatMap((d) => (d.ok ? [d] : []));
    const rejected = described.flatMap((d) => (d.ok ? [] : [d])).filter((d) => d.reason !== "removed");
    const built = await build(
      accepted.flatMap((d) => d.passages),
      previous,
    );
    const version = createHash("sha256").update(built.json).digest("hex").slice(0, 16);
    const key = `${S3_LAYOUT.index}${version}.json`;
    const summary = { version, key, documents: accepted.length, passages: built.passages, rejected };
    if (pointer?.version === version) return { published: false, ...summary };

    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: built.json, ContentType: "application/json" }),
    );
    const next: IndexPointer = {
      format: 1,
      key,
      version,
      builtAt: now().toISOString(),
      passages: built.passages,
      documents: accepted.length,
    };
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: S3_LAYOUT.pointer,
          Body: JSON.stringify(next),
          ContentType: "application/json",
          ...(pointerObject?.etag ? { IfMatch: pointerObject.etag } : { IfNoneMatch: "*" }),
        }),
      );
    } catch (error) {
      const status = statusOf(error);
      // 412: another rebuild moved the pointer; 409: a concurrent conditional write to it is in progress.
      if (status === 412 || status === 409 || (pointerObject && status === 404)) {
        lastConflict = error;
        continue;
      }
      throw error;
    }
    await sweepIndexes(s3, bucket, new Set([key, pointer?.key].filter((k): k is string => Boolean(k))));
    return { published: true, ...summary };
  }
  throw new PointerConflictError(attempts, { cause: lastConflict });
}

/**
 * Deletes built indexes other than the new one and the one it replaced (a bot may be downloading that one
 * right now). The bucket is versioned, so a deleted index stays recoverable until its noncurrent version
 * expires. Failing to sweep costs only storage, so it never fails the rebuild.
 */
async function sweepIndexes(s3: S3Client, bucket: string, keep: Set<string>): Promise<void> {
  try {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: S3_LAYOUT.index }));
    for (const object of listed.Contents ?? []) {
      const key = object.Key ?? "";
      const isIndex = /^index\/[0-9a-f]{16}\.json$/.test(key);
      if (isIndex && !keep.has(key)) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    }
  } catch {
    // storage only; the next rebuild sweeps again
  }
}
