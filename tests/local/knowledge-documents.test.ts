/**
 * Documents in answers, locally: the library's documents are indexed with the committed artifact into
 * `<library>/index.json`, and a running `npm start` swaps in a rebuilt index as soon as the library changes
 * (the CLI in another terminal renames a new manifest into place). A failed rebuild keeps the old index.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ARTIFACT_PATH } from "../../knowledge/build-index.ts";
import { knowledgeBaseWithDocuments } from "../../knowledge/documents/composite.ts";
import { LocalDocumentLibrary } from "../../knowledge/documents/library.ts";
import { type DocumentShard, isDocumentShard } from "../../knowledge/documents/shard-format.ts";
import { createSwappableKnowledgeBase } from "../../knowledge/index-source.ts";
import {
  buildLocalDocumentsIndex,
  LOCAL_INDEX_FILE,
  type LocalKnowledgeIndex,
  loadLocalKnowledgeIndex,
  watchDocumentLibrary,
} from "../../local/knowledge-index.ts";

const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Choosing an air source heat pump

Size the air source heat pump from a room-by-room heat loss survey of the community building, and
insulate the loft and cavity walls first, so a smaller heat pump runs at a lower flow temperature.

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;
const QUESTION = "air source heat pump grant for a community building";
const env = { OPENAI_API_KEY: "" };

describe("local documents index", () => {
  let dir: string;
  let library: LocalDocumentLibrary;
  const paths = () => ({ artifactPath: ARTIFACT_PATH, documentsDir: dir });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pathfinder-local-docs-"));
    library = new LocalDocumentLibrary(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the committed artifact while the library is empty, and seeds + a documents shard after an add", async () => {
    const empty = await loadLocalKnowledgeIndex(env, paths());
    const committed = await loadLocalKnowledgeIndex(env, { ...paths(), documentsDir: join(dir, "none") });
    expect(empty.base.sourceHash).toBe(committed.base.sourceHash);
    expect(empty.shard).toBeUndefined();

    const { document } = await library.add({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const index = await loadLocalKnowledgeIndex(env, paths());

    // The documents live in their own shard; the seeds' artifact is served as committed, not re-indexed.
    expect(index.shard?.passageDocument.length).toBe(document.passages);
    expect(index.base.passages.length).toBe(empty.base.passages.length);
    const hits = await knowledgeBaseWithDocuments(index).search(QUESTION, { limit: 3 });
    expect(hits[0]?.source).toBe(`document:${document.id}`);
    // The committed artifact is untouched: it is what the Lambdas bundle.
    expect(
      (await loadLocalKnowledgeIndex(env, { ...paths(), documentsDir: join(dir, "none") })).base.sourceHash,
    ).toBe(committed.base.sourceHash);
  });

  it("swaps the running knowledge base on an add and a remove, at once", async () => {
    // Prepare: npm start's wiring, on an empty library.
    const knowledge = createSwappableKnowledgeBase(
      knowledgeBaseWithDocuments(await loadLocalKnowledgeIndex(env, paths())),
    );
    let indexed: (index: LocalKnowledgeIndex) => void = () => {};
    const next = () => new Promise<LocalKnowledgeIndex>((resolve) => (indexed = resolve));
    const lines: string[] = [];
    const watch = watchDocumentLibrary(env, paths(), {
      onIndex: (index) => {
        knowledge.swap(knowledgeBaseWithDocuments(index));
        indexed(index);
      },
      log: (line) => lines.push(line),
    });
    const cites = async () =>
      (await knowledge.search(QUESTION, { limit: 3 })).some((h) => h.source.startsWith("document:"));
    try {
      expect(await cites()).toBe(false);

      // Act: another process (the CLI) adds a document; the watch sees the new manifest.
      const added = next();
      const { document } = await library.add({
        bytes: new TextEncoder().encode(HEATPUMPS),
        fileName: "heat-pumps.md",
      });
      await added;

      // Assess
      expect(await cites()).toBe(true);
      expect(lines.at(-1)).toMatch(/rebuilt: 1 documents/);

      // Act: removed again.
      const removed = next();
      await library.remove(document.id);
      await removed;

      // Assess
      expect(await cites()).toBe(false);
    } finally {
      watch.stop();
    }
  });

  it("keeps the previous index serving and logs one line when a rebuild fails", async () => {
    const { document } = await library.add({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const before = await buildLocalDocumentsIndex(env, paths());
    const swapped: LocalKnowledgeIndex[] = [];
    const lines: string[] = [];
    const watch = watchDocumentLibrary(env, paths(), {
      onIndex: (index) => swapped.push(index),
      log: (line) => lines.push(line),
    });
    try {
      // A damaged passages file, then a library change that needs a rebuild.
      writeFileSync(join(dir, "passages", `${document.id}.json`), "{ damaged");
      await library.add({
        bytes: new TextEncoder().encode(`${HEATPUMPS}\nAppendix.\n`),
        fileName: "copy.md",
      });
      await watch.rebuild();

      expect(swapped).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^Knowledge index NOT rebuilt \(still serving the previous one\): .*cannot be read/,
      );
      const served = JSON.parse(readFileSync(join(dir, LOCAL_INDEX_FILE), "utf8")) as DocumentShard;
      expect(isDocumentShard(served)).toBe(true);
      expect(served.sourceHash).toBe(before.index.shard?.sourceHash);
    } finally {
      watch.stop();
    }
  });
});
