/**
 * A stand-in for Amazon S3 on 127.0.0.1 that the real `@aws-sdk/client-s3` talks to (path-style,
 * `endpoint`): Put/Get/Head/Delete object, ListObjectsV2, user metadata, ETags, and the conditional
 * requests Pathfinder relies on (GET If-None-Match -> 304, If-Match -> 412; PUT If-Match / If-None-Match: * -> 412, as
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-requests.html documents). It records
 * every request so a test can see which were conditional and what S3 answered.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One stored object. */
export interface FakeObject {
  body: Buffer;
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  lastModified: Date;
}

/** One request as the fake saw it. */
export interface FakeS3Request {
  method: string;
  bucket: string;
  key: string;
  status: number;
  ifNoneMatch?: string;
  ifMatch?: string;
}

export interface FakeS3 {
  /** For S3Client's `endpoint` (use `forcePathStyle: true`). */
  endpoint: string;
  requests: FakeS3Request[];
  /** The objects of a bucket, by key (created on first use). */
  bucket(name: string): Map<string, FakeObject>;
  /** Stores an object directly (as if uploaded by someone else). */
  put(bucket: string, key: string, body: string | Uint8Array, metadata?: Record<string, string>): FakeObject;
  /** Makes the next `times` requests matching method and key fail with HTTP 500. */
  fail(method: string, key: string, times?: number): void;
  close(): Promise<void>;
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The SDK may stream a body in aws-chunked encoding (`<hex size>[;ext]\r\n<bytes>\r\n ... 0\r\n<trailers>`,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html); the stored object is the bytes.
 */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString("latin1").split(";")[0] ?? "0", 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
  );
}

/** Starts the fake on an ephemeral port. */
export async function startFakeS3(): Promise<FakeS3> {
  const buckets = new Map<string, Map<string, FakeObject>>();
  const requests: FakeS3Request[] = [];
  const failures: { method: string; key: string; times: number }[] = [];
  const bucket = (name: string) => {
    let objects = buckets.get(name);
    if (!objects) {
      objects = new Map();
      buckets.set(name, objects);
    }
    return objects;
  };
  const store = (
    name: string,
    key: string,
    body: Buffer,
    contentType: string,
    metadata: Record<string, string>,
  ): FakeObject => {
    const object: FakeObject = {
      body,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      contentType,
      metadata,
      lastModified: new Date(),
    };
    bucket(name).set(key, object);
    return object;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, record: FakeS3Request) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, name = "", ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    record.bucket = name;
    record.key = key;
    const raw = await readBody(req);
    const failure = failures.find((f) => f.method === req.method && f.key === key && f.times > 0);
    if (failure) {
      failure.times--;
      return sendError(res, 500, "InternalError", "injected failure");
    }
    const objects = bucket(name);
    const existing = objects.get(key);
    const ifNoneMatch = req.headers["if-none-match"];
    const ifMatch = req.headers["if-match"];
    if (typeof ifNoneMatch === "string") record.ifNoneMatch = ifNoneMatch;
    if (typeof ifMatch === "string") record.ifMatch = ifMatch;

    if (req.method === "GET" && !key && url.searchParams.get("list-type") === "2") {
      const prefix = url.searchParams.get("prefix") ?? "";
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const contents = keys
        .map((k) => {
          const o = objects.get(k) as FakeObject;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        })
        .join("");
      res.writeHead(200, { "content-type": "application/xml" });
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
      );
    }
    if (req.method === "PUT") {
      if (ifNoneMatch === "*" && existing) return sendError(res, 412, "PreconditionFailed", "object exists");
      if (typeof ifMatch === "string" && existing?.etag !== ifMatch) {
        return sendError(res, existing ? 412 : 404, existing ? "PreconditionFailed" : "NoSuchKey", "etag");
      }
      const chunked = String(req.headers["content-encoding"] ?? "").includes("aws-chunked");
      const metadata: Record<string, string> = {};
      for (const [header, value] of Object.entries(req.headers)) {
        if (header.startsWith("x-amz-meta-") && typeof value === "string") metadata[header.slice(11)] = value;
      }
      const object = store(
        name,
        key,
        chunked ? decodeAwsChunked(raw) : raw,
        String(req.headers["content-type"] ?? "application/octet-stream"),
        metadata,
      );
      res.writeHead(200, { etag: object.etag });
      return res.end();
    }
    if (req.method === "DELETE") {
      objects.delete(key);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === "GET" || req.method === "HEAD") {
      if (!existing) {
        if (req.method === "HEAD") {
          res.writeHead(404);
          return res.end();
        }
        return sendError(res, 404, "NoSuchKey", "The specified key does not exist.");
      }
      if (typeof ifMatch === "string" && ifMatch !== existing.etag) {
        return sendError(res, 412, "PreconditionFailed", "etag");
      }
      if (typeof ifNoneMatch === "string" && ifNoneMatch === existing.etag) {
        res.writeHead(304, { etag: existing.etag });
        return res.end();
      }
      const headers: Record<string, string | number> = {
        etag: existing.etag,
        "content-type": existing.contentType,
        "content-length": existing.body.length,
        "last-modified": existing.lastModified.toUTCString(),
      };
      for (const [k, v] of Object.entries(existing.metadata)) headers[`x-amz-meta-${k}`] = v;
      res.writeHead(200, headers);
      return res.end(req.method === "HEAD" ? undefined : existing.body);
    }
    return sendError(res, 501, "NotImplemented", `${req.method} is not faked`);
  };

  const server: Server = createServer((req, res) => {
    const record: FakeS3Request = { method: req.method ?? "GET", bucket: "", key: "", status: 0 };
    res.on("finish", () => {
      record.status = res.statusCode;
      requests.push(record);
    });
    handle(req, res, record).catch((error: unknown) => sendError(res, 500, "InternalError", String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    bucket,
    put: (name, key, body, metadata = {}) =>
      store(name, key, Buffer.from(body), "application/octet-stream", metadata),
    fail: (method, key, times = 1) => failures.push({ method, key, times }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
