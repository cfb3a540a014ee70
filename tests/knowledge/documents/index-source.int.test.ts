import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createReloadingKnowledgeBase,
  type IndexPointer,
  S3_LAYOUT,
} from "../../../knowledge/index-source.ts";
import type { Answer, KnowledgeBase } from "../../../knowledge/types.ts";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.ts";

const BUCKET = "pathfinder-documents";

/** A knowledge base that answers every question with its index's label, so a test sees which one served. */
function labelled(label: string): KnowledgeBase {
  const answer: Answer = {
    answered: true,
    text: label,
    citations: [],
    confidence: 1,
    topics: [],
    composer: "extractive",
  };
  return {
    search: async () => [],
    ask: async () => answer,
    guide: () => [],
    guideBrief: () => undefined,
  };
}

function loadLabelled(index: unknown): KnowledgeBase {
  const label = (index as { label?: unknown }).label;
  if (typeof label !== "string") throw new Error("not an index: no label");
  return labelled(label);
}

function publish(s3: FakeS3, version: string, body: string): void {
  const key = `${S3_LAYOUT.index}${version}.json`;
  s3.put(BUCKET, key, body);
  const pointer: IndexPointer = {
    format: 1,
    key,
    version,
    builtAt: "2026-12-01T05:00:00.000Z",
    passages: 3,
    documents: 1,
  };
  s3.put(BUCKET, S3_LAYOUT.pointer, JSON.stringify(pointer));
}

describe("the reloading knowledge base (S3 pointer, conditional GET)", () => {
  let s3: FakeS3;
  let client: S3Client;
  let clock = 0;
  let lines: string[] = [];
  const make = () =>
    createReloadingKnowledgeBase({
      s3: client,
      bucket: BUCKET,
      fallback: () => labelled("bundled"),
      load: loadLabelled,
      now: () => clock,
      log: (line) => lines.push(line),
    });

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
  beforeEach(() => {
    s3.bucket(BUCKET).clear();
    s3.requests.length = 0;
    clock = 1_000_000;
    lines = [];
  });

  it("serves the bundled index when nothing was ever indexed", async () => {
    const kb = await make();
    expect(kb.version()).toBe("bundled");
    expect((await kb.ask("anything")).text).toBe("bundled");
  });

  it("loads the index the pointer names at cold start", async () => {
    publish(s3, "v1", JSON.stringify({ label: "one" }));
    const kb = await make();
    expect(kb.version()).toBe("v1");
    expect((await kb.ask("anything")).text).toBe("one");
  });

  it("checks the pointer at most every 60 s, with If-None-Match, and swaps a new index in the background", async () => {
    publish(s3, "v1", JSON.stringify({ label: "one" }));
    const kb = await make();
    publish(s3, "v2", JSON.stringify({ label: "two" }));

    clock += 59_000;
    expect((await kb.ask("q")).text).toBe("one");
    await kb.settled();
    const pointerGets = () => s3.requests.filter((r) => r.key === S3_LAYOUT.pointer);
    expect(pointerGets()).toHaveLength(1); // only the cold start's: 59 s is too soon

    clock += 1_000;
    // The request that notices the pointer is due is served at once by the current index...
    expect((await kb.ask("q")).text).toBe("one");
    await kb.settled();
    // ...and the next one by the new index.
    expect((await kb.ask("q")).text).toBe("two");
    expect(kb.version()).toBe("v2");
    expect(pointerGets()[1]?.ifNoneMatch).toMatch(/^"[0-9a-f]{32}"$/);

    // Unchanged pointer: a 304 and no index download.
    clock += 60_000;
    await kb.ask("q");
    await kb.settled();
    expect(pointerGets()[2]).toMatchObject({ status: 304 });
    expect(s3.requests.filter((r) => r.key === "index/v2.json")).toHaveLength(1);
  });

  it("keeps serving the current index and logs one line when the new one is corrupt", async () => {
    publish(s3, "v1", JSON.stringify({ label: "one" }));
    const kb = await make();
    publish(s3, "v2", "{ not json");
    clock += 60_000;
    await kb.ask("q");
    await kb.settled();
    expect((await kb.ask("q")).text).toBe("one");
    expect(kb.version()).toBe("v1");
    expect(lines.at(-1)).toMatch(/cannot be loaded .*still serving v1/);
  });

  it("keeps serving when S3 fails, and retries on the next check", async () => {
    publish(s3, "v1", JSON.stringify({ label: "one" }));
    const kb = await make();
    publish(s3, "v2", JSON.stringify({ label: "two" }));
    s3.fail("GET", S3_LAYOUT.pointer, 5); // the SDK's own retries use some of these up
    clock += 60_000;
    await kb.ask("q");
    await kb.settled();
    expect(kb.version()).toBe("v1");
    expect(lines.at(-1)).toMatch(/cannot read .*still serving v1/);
    clock += 60_000;
    await kb.ask("q");
    await kb.settled();
    expect((await kb.ask("q")).text).toBe("two");
  });

  it("falls back to the bundled index at cold start when the pointer names a missing index", async () => {
    publish(s3, "v1", JSON.stringify({ label: "one" }));
    s3.bucket(BUCKET).delete("index/v1.json");
    const kb = await make();
    expect(kb.version()).toBe("bundled");
    expect((await kb.ask("q")).text).toBe("bundled");
  });
});
