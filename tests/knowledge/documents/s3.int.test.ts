import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DocumentError } from "../../../knowledge/documents/errors.ts";
import type { DocumentPassage } from "../../../knowledge/documents/parse.ts";
import { type BuildIndex, publishIndex } from "../../../knowledge/documents/s3-indexer.ts";
import { S3DocumentLibrary } from "../../../knowledge/documents/s3-library.ts";
import { pointerSchema, S3_LAYOUT } from "../../../knowledge/index-source.ts";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.ts";

const BUCKET = "docs";
const enc = (text: string) => new TextEncoder().encode(text);

const TOOLKIT = `# Spin-out toolkit

## Staff consultation

Consult staff early and often: explain what the mutual means for their terms, their pensions and their
say in how the service is run, and give the unions a seat at the table from the first month onwards.

## Business case

The business case sets out the service level, the savings the council expects and the contract length
that lets the new mutual invest, with the numbers checked by the finance team before the board sees it.
`;

const FAQ = `# Frequently asked questions

## Who owns the mutual?

The employees own the mutual through an employee trust, and they elect staff directors to the board,
alongside independent non-executives who bring experience of running a business in the public sector.
`;

const NOTES = `# Board paper notes

The board agreed the transfer date, the pension admission agreement with the county scheme, and a
review of the contract after three years, with the staff council consulted on each of these points.
`;

/** A build that records what it was given and makes a small JSON index of it. */
function recordingBuild(): {
  build: BuildIndex;
  calls: { documents: DocumentPassage[]; previous: unknown }[];
} {
  const calls: { documents: DocumentPassage[]; previous: unknown }[] = [];
  return {
    calls,
    build: async (documents, previous) => {
      calls.push({ documents, previous });
      return {
        json: JSON.stringify({ sources: [...new Set(documents.map((p) => p.source))].sort() }),
        passages: documents.length,
      };
    },
  };
}

function currentPointer(s3: FakeS3) {
  const object = s3.bucket(BUCKET).get(S3_LAYOUT.pointer);
  return object ? pointerSchema.parse(JSON.parse(object.body.toString("utf8"))) : undefined;
}

function servedIndex(s3: FakeS3): { sources: string[] } {
  const pointer = currentPointer(s3);
  const object = pointer && s3.bucket(BUCKET).get(pointer.key);
  if (!object) throw new Error("no index published");
  return JSON.parse(object.body.toString("utf8")) as { sources: string[] };
}

describe("documents on S3: the library and the indexer", () => {
  let s3: FakeS3;
  let client: S3Client;
  let library: S3DocumentLibrary;

  beforeAll(async () => {
    s3 = await startFakeS3();
    client = new S3Client({
      endpoint: s3.endpoint,
      forcePathStyle: true,
      region: "eu-west-2",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    library = new S3DocumentLibrary({
      s3: client,
      bucket: BUCKET,
      now: () => new Date("2026-12-01T05:00:00Z"),
    });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });
  beforeEach(() => {
    s3.bucket(BUCKET).clear();
    s3.requests.length = 0;
  });

  it("adds a document under documents/ with what the admin said as metadata, and lists it", async () => {
    const { document } = await library.add({
      bytes: enc(TOOLKIT),
      fileName: "toolkit.md",
      title: "Toolkit – 2024 edition",
      date: "2024-03-15",
      addedBy: "Ada",
    });
    expect(document).toMatchObject({
      title: "Toolkit – 2024 edition",
      source: "toolkit.md",
      type: "markdown",
    });
    const stored = s3.bucket(BUCKET).get("documents/toolkit.md");
    expect(stored?.metadata.title).toBe(encodeURIComponent("Toolkit – 2024 edition"));

    const listed = await library.list();
    expect(listed).toEqual([
      expect.objectContaining({
        id: document.id,
        title: "Toolkit – 2024 edition",
        date: "2024-03-15",
        addedBy: "Ada",
        passages: document.passages,
      }),
    ]);
    const got = await library.get(document.id);
    expect(got?.passages[0]?.source).toBe(`document:${document.id}`);
  });

  it("refuses bad input with one clear line and uploads nothing", async () => {
    await library.add({ bytes: enc(TOOLKIT), fileName: "toolkit.md" });
    const before = [...s3.bucket(BUCKET).keys()].filter((k) => k.startsWith("documents/"));

    await expect(library.add({ bytes: enc(TOOLKIT), fileName: "copy.md" })).rejects.toThrow(
      /"copy.md" is already in the library as "Spin-out toolkit"/,
    );
    await expect(library.add({ bytes: enc("x"), fileName: "slides.pptx" })).rejects.toBeInstanceOf(
      DocumentError,
    );
    await expect(library.add({ bytes: enc(FAQ), fileName: "toolkit.md" })).rejects.toThrow(/--replace/);

    expect([...s3.bucket(BUCKET).keys()].filter((k) => k.startsWith("documents/"))).toEqual(before);
  });

  it("removes a document by id, and says so for an unknown id", async () => {
    const { document } = await library.add({ bytes: enc(FAQ), fileName: "faq.md" });
    expect((await library.remove(document.id)).title).toBe("Frequently asked questions");
    expect(s3.bucket(BUCKET).has("documents/faq.md")).toBe(false);
    await expect(library.remove(document.id)).rejects.toThrow(/No document with id/);
  });

  it("publishes an index of every document, then moves the pointer with a conditional write", async () => {
    const toolkit = (await library.add({ bytes: enc(TOOLKIT), fileName: "toolkit.md" })).document;
    const faq = (await library.add({ bytes: enc(FAQ), fileName: "faq.md" })).document;
    const { build } = recordingBuild();

    const first = await publishIndex({ s3: client, bucket: BUCKET, build });
    expect(first).toMatchObject({ published: true, documents: 2, rejected: [] });
    expect(servedIndex(s3).sources).toEqual([`document:${faq.id}`, `document:${toolkit.id}`]);
    const pointerPuts = () => s3.requests.filter((r) => r.method === "PUT" && r.key === S3_LAYOUT.pointer);
    expect(pointerPuts()[0]?.ifNoneMatch).toBe("*"); // the first pointer: only if there is none yet

    await library.remove(faq.id);
    const second = await publishIndex({ s3: client, bucket: BUCKET, build });
    expect(second.published).toBe(true);
    expect(servedIndex(s3).sources).toEqual([`document:${toolkit.id}`]);
    expect(pointerPuts()[1]?.ifMatch).toMatch(/^"[0-9a-f]{32}"$/);

    // Nothing changed: nothing published, and parses come from the cache (no document body is read).
    s3.requests.length = 0;
    const third = await publishIndex({ s3: client, bucket: BUCKET, build });
    expect(third.published).toBe(false);
    expect(s3.requests.filter((r) => r.method === "GET" && r.key.startsWith("documents/"))).toEqual([]);
  });

  it("leaves a bad upload out with its reason, and still indexes the rest", async () => {
    s3.put(BUCKET, "documents/toolkit.md", TOOLKIT);
    s3.put(BUCKET, "documents/scan.pdf", "%PDF-1.4 not really a pdf");
    s3.put(BUCKET, "documents/zz-toolkit-copy.md", TOOLKIT);

    const result = await publishIndex({ s3: client, bucket: BUCKET, build: recordingBuild().build });
    expect(result.documents).toBe(1);
    expect(result.rejected.map((r) => [r.key, r.reason])).toEqual([
      ["documents/scan.pdf", "corrupt"],
      ["documents/zz-toolkit-copy.md", "duplicate"],
    ]);
    expect(result.rejected[0]?.message).toMatch(/scan\.pdf/);
  });

  it("publishes nothing when the build fails: the previous index keeps serving", async () => {
    s3.put(BUCKET, "documents/toolkit.md", TOOLKIT);
    await publishIndex({ s3: client, bucket: BUCKET, build: recordingBuild().build });
    const before = currentPointer(s3);
    s3.put(BUCKET, "documents/faq.md", FAQ);

    const failing: BuildIndex = async () => {
      throw new Error("embedding service down");
    };
    await expect(publishIndex({ s3: client, bucket: BUCKET, build: failing })).rejects.toThrow(/embedding/);
    expect(currentPointer(s3)).toEqual(before);
  });

  it("starts again when another rebuild moved the pointer meanwhile, so no upload is lost", async () => {
    s3.put(BUCKET, "documents/toolkit.md", TOOLKIT);
    await publishIndex({ s3: client, bucket: BUCKET, build: recordingBuild().build });
    s3.put(BUCKET, "documents/faq.md", FAQ); // this rebuild is for the FAQ...
    const { build, calls } = recordingBuild();
    let raced = false;
    const racing: BuildIndex = async (documents, previous) => {
      if (!raced) {
        // ...and while it runs, an admin uploads notes and another rebuild publishes them.
        raced = true;
        s3.put(BUCKET, "documents/notes.md", NOTES);
        await publishIndex({ s3: client, bucket: BUCKET, build });
      }
      return build(documents, previous);
    };
    const result = await publishIndex({ s3: client, bucket: BUCKET, build: racing });
    // The racer's build, this one's attempt that lost the pointer race (it lacked the notes), its retry.
    expect(calls.map((c) => new Set(c.documents.map((p) => p.source)).size)).toEqual([3, 2, 3]);
    expect(result.documents).toBe(3);
    expect(servedIndex(s3).sources).toHaveLength(3);
  });
});
