/**
 * The AWS path end to end, on a fake S3 that the real client talks to: an admin uploads a document, the
 * indexer (functions/indexer.ts's handler with the production build) publishes seeds + guide + documents,
 * and a bot following the pointer (knowledge/index-source.ts) finds the document; a removal takes it out.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeIndexerHandler, REJECTED_DOCUMENT_MESSAGE } from "../../../functions/indexer.ts";
import artifactData from "../../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { knowledgeBaseFromIndex } from "../../../knowledge/documents/composite.ts";
import type { BuildIndex } from "../../../knowledge/documents/s3-indexer.ts";
import { S3DocumentLibrary } from "../../../knowledge/documents/s3-library.ts";
import { isDocumentShard } from "../../../knowledge/documents/shard-format.ts";
import { serialiseWithDocuments } from "../../../knowledge/documents/with-documents.ts";
import type { StoredEmbeddings } from "../../../knowledge/embeddings.ts";
import { createKnowledgeBase } from "../../../knowledge/index.ts";
import { createReloadingKnowledgeBase } from "../../../knowledge/index-source.ts";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.ts";

const BUCKET = "pathfinder-documents";
const base = artifactData as unknown as KnowledgeArtifact;

// A document on a subject the seed articles never mention, so only it can answer.
const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Choosing an air source heat pump

Size the air source heat pump from a room-by-room heat loss survey of the community building, and
insulate the loft and cavity walls first, so a smaller heat pump runs at a lower flow temperature.

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;

/** The last index JSON the build published (to check its format). */
let lastBuilt = "";
const build: BuildIndex = async (documents, previous) => {
  const { json, passages } = await serialiseWithDocuments(base, documents, {
    ...(previous ? { previous: previous as { embeddings?: StoredEmbeddings } } : {}),
  });
  lastBuilt = json;
  return { json, passages };
};

describe("the indexer and the bots on AWS (fake S3)", () => {
  let s3: FakeS3;
  let client: S3Client;
  let clock = 0;
  const logged: { level: string; message: string; detail: Record<string, unknown> }[] = [];
  const logger = {
    info: (message: string, detail: Record<string, unknown>) =>
      logged.push({ level: "info", message, detail }),
    error: (message: string, detail: Record<string, unknown>) =>
      logged.push({ level: "error", message, detail }),
  };

  beforeAll(async () => {
    s3 = await startFakeS3();
    client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: "eu-west-2",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  it("publishes an upload to the bots within one pointer check, and takes a removal out again", async () => {
    // Prepare: a bot is running on the bundled index; an admin adds a document with the CLI's S3 library.
    const kb = await createReloadingKnowledgeBase({
      s3: client,
      bucket: BUCKET,
      fallback: () => createKnowledgeBase(base),
      // What app/pathfinder.ts passes: the published shard beside the bundled seeds + guide.
      load: (index) => knowledgeBaseFromIndex(index),
      now: () => clock,
      log: () => {},
    });
    const question = "air source heat pump grant for a community building";
    const cites = async () =>
      (await kb.search(question, { limit: 3 })).some((h) => h.source.startsWith("document:"));
    expect(await cites()).toBe(false);
    const library = new S3DocumentLibrary({ s3: client, bucket: BUCKET });
    const { document } = await library.add({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const handler = makeIndexerHandler({ s3: client, bucket: BUCKET, build, logger });

    // Act: the upload's event runs the indexer; a minute later the bot checks the pointer.
    const event = {
      "detail-type": "Object Created",
      detail: { bucket: { name: BUCKET }, object: { key: "documents/heat-pumps.md" } },
    };
    const published = await handler(event);
    clock += 60_000;
    await kb.search("warm-up");
    await kb.settled();

    // Assess
    expect(published).toMatchObject({ published: true, documents: 1, rejected: 0 });
    expect(published.passages).toBe(base.passages.length + document.passages);
    // What S3 holds is the documents' shard only: the seeds stay in the bundle, not re-indexed or re-uploaded.
    const stored: unknown = JSON.parse(lastBuilt);
    expect(isDocumentShard(stored) && stored.passageDocument.length).toBe(document.passages);
    expect(await cites()).toBe(true);
    expect(logged.at(-1)).toMatchObject({
      message: "knowledge index published",
      detail: { change: "Object Created", document: "documents/heat-pumps.md", documents: 1 },
    });

    // Act: the admin removes it.
    await library.remove(document.id);
    await handler({ ...event, "detail-type": "Object Deleted" });
    clock += 60_000;
    await kb.search("warm-up");
    await kb.settled();

    // Assess
    expect(await cites()).toBe(false);
  });

  it("logs one 'document rejected' line per refused upload (the alarm's metric filter) and indexes the rest", async () => {
    s3.put(BUCKET, "documents/minutes.doc", "binary Word 97");
    const handler = makeIndexerHandler({ s3: client, bucket: BUCKET, build, logger });

    const result = await handler({ source: "manual" });

    expect(result.rejected).toBe(1);
    const errors = logged.filter((l) => l.level === "error");
    expect(errors).toEqual([
      {
        level: "error",
        message: REJECTED_DOCUMENT_MESSAGE,
        detail: expect.objectContaining({ key: "documents/minutes.doc", reason: "unsupported-type" }),
      },
    ]);
    expect(String(errors[0]?.detail.detail)).toMatch(/save it as \.docx/);
  });
});
