/**
 * Where a bot's knowledge index comes from on AWS: the documents bucket holds built indexes at
 * `index/<version>.json` and a small pointer, `index/current.json`, naming the one to serve (the indexer,
 * functions/indexer.ts, writes both). At cold start the index the pointer names is loaded (the bundled
 * seeds-only artifact when there is none); afterwards the pointer is checked at most every 60 s with a
 * conditional GET (If-None-Match: an unchanged pointer costs a 304 and no body) and a new index is swapped
 * in in the background. A request never waits on S3: it is served by whichever index is current.
 */
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import type { KnowledgeBase } from "./types.ts";

/** The S3 layout shared by the indexer, the bots and the CLI's S3 library. */
export const S3_LAYOUT = {
  /** Uploaded documents: `documents/<file name>` (the indexer is triggered on this prefix). */
  documents: "documents/",
  /** Built indexes and the pointer; the bots may read only this prefix. */
  index: "index/",
  pointer: "index/current.json",
} as const;

/** How often, at most, a bot looks at the pointer (the "removed from answers within 60 s"). */
export const POINTER_CHECK_MS = 60_000;

/** The pointer object: which index version to serve, and what it holds (for logs and `knowledge list`). */
export const pointerSchema = z.object({
  format: z.literal(1),
  /** The index object's key, `index/<version>.json`. */
  key: z.string().startsWith(S3_LAYOUT.index),
  version: z.string().min(1),
  builtAt: z.string(),
  passages: z.number().int().nonnegative(),
  documents: z.number().int().nonnegative(),
});
/** The pointer object's contents. */
export type IndexPointer = z.infer<typeof pointerSchema>;

/** What a source needs: the bucket, a client, and how to turn index JSON into a knowledge base. */
export interface IndexSourceOptions {
  s3: S3Client;
  bucket: string;
  /** The bundled knowledge base, served when the bucket has no pointer yet (or it cannot be read at cold start). */
  fallback: () => KnowledgeBase;
  /** Builds a knowledge base from a downloaded index's parsed JSON; throws when it is not a valid index. */
  load: (index: unknown) => KnowledgeBase;
  checkEveryMs?: number;
  /** Milliseconds clock (tests move it instead of waiting). */
  now?: () => number;
  /** One line per event worth logging (swaps and failures). */
  log?: (line: string) => void;
}

/** A knowledge base that follows the bucket's pointer. */
export interface ReloadingKnowledgeBase extends KnowledgeBase {
  /** The version being served ("bundled" for the fallback). */
  version(): string;
  /** Resolves when a background check that is under way has finished (tests and graceful shutdown). */
  settled(): Promise<void>;
}

async function bodyText(body: unknown): Promise<string> {
  const stream = body as { transformToString?: () => Promise<string> } | undefined;
  if (!stream?.transformToString) throw new Error("S3 returned no body");
  return stream.transformToString();
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Loads the index the pointer names (awaited once, at cold start) and returns a knowledge base that keeps
 * following the pointer. A pointer or index that cannot be read or parsed keeps the current one serving and
 * logs one line; at cold start that means the bundled index.
 */
export async function createReloadingKnowledgeBase(
  options: IndexSourceOptions,
): Promise<ReloadingKnowledgeBase> {
  const { s3, bucket, load } = options;
  const checkEveryMs = options.checkEveryMs ?? POINTER_CHECK_MS;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.warn(line));

  let current: KnowledgeBase | undefined;
  let version = "bundled";
  let pointerEtag: string | undefined;
  let lastCheck = now();
  let inFlight: Promise<void> | undefined;

  /** Reads the pointer (conditionally) and, when it names a new version, loads and swaps it in. */
  const check = async (): Promise<void> => {
    let pointerJson: string;
    let etag: string | undefined;
    try {
      const got = await s3.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: S3_LAYOUT.pointer,
          ...(pointerEtag ? { IfNoneMatch: pointerEtag } : {}),
        }),
      );
      etag = got.ETag;
      pointerJson = await bodyText(got.Body);
    } catch (error) {
      const status = statusOf(error);
      if (status === 304) return; // unchanged: the common case, and it cost no body
      if (status === 404 || (error as Error).name === "NoSuchKey") return; // nothing indexed yet
      log(
        `knowledge index: cannot read s3://${bucket}/${S3_LAYOUT.pointer} (${(error as Error).message}); still serving ${version}`,
      );
      return;
    }
    try {
      const pointer = pointerSchema.parse(JSON.parse(pointerJson));
      if (pointer.version !== version || !current) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: pointer.key }));
        const next = load(JSON.parse(await bodyText(got.Body)));
        current = next;
        version = pointer.version;
        log(
          `knowledge index: now serving ${version} (${pointer.passages} passages, ${pointer.documents} documents)`,
        );
      }
      pointerEtag = etag; // only after a successful swap, so a failed load is retried on the next check
    } catch (error) {
      log(
        `knowledge index: the index the pointer names cannot be loaded (${(error as Error).message}); still serving ${version}`,
      );
    }
  };

  await check();
  if (!current) current = options.fallback();
  lastCheck = now();

  /** Starts a background check when the last one is old enough; never awaited by a request. */
  const maybeCheck = () => {
    if (inFlight || now() - lastCheck < checkEveryMs) return;
    lastCheck = now();
    inFlight = check().finally(() => {
      inFlight = undefined;
    });
  };
  const serving = (): KnowledgeBase => {
    maybeCheck();
    return current as KnowledgeBase;
  };

  return {
    version: () => version,
    settled: async () => {
      await inFlight;
    },
    search: (query, searchOptions) => serving().search(query, searchOptions),
    ask: (question, askOptions) => serving().ask(question, askOptions),
    guide: () => serving().guide(),
    guideBrief: (topic) => serving().guideBrief(topic),
  };
}

/** A knowledge base whose implementation can be replaced while it serves (`npm start` after a library change). */
export interface SwappableKnowledgeBase extends KnowledgeBase {
  /** Serves every later request from `next`; requests already running finish on the old one. */
  swap(next: KnowledgeBase): void;
}

/** Wraps a knowledge base so it can be swapped without the core, the bots or the playground noticing. */
export function createSwappableKnowledgeBase(initial: KnowledgeBase): SwappableKnowledgeBase {
  let current = initial;
  return {
    swap: (next) => {
      current = next;
    },
    search: (query, searchOptions) => current.search(query, searchOptions),
    ask: (question, askOptions) => current.ask(question, askOptions),
    guide: () => current.guide(),
    guideBrief: (topic) => current.guideBrief(topic),
  };
}
