import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DocumentError,
  DocumentLibraryError,
  DocumentNotFoundError,
  LocalDocumentLibrary,
  librarySignature,
  loadDocumentPassages,
  parseDocument,
} from "../../../knowledge/documents/index.ts";
import { buildPdf, prose, wrap } from "./fixtures.ts";

const text = (value: string) => new TextEncoder().encode(value);
const markdown = (title: string, topic: string) =>
  text(`# ${title}\n\n${prose(topic, 4)}\n\n## More\n\n${prose(`${topic} detail`, 4)}\n`);

let dir: string;
let library: LocalDocumentLibrary;
const now = new Date("2026-11-30T09:00:00Z");

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pathfinder-documents-"));
  library = new LocalDocumentLibrary(dir, { now: () => now });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("LocalDocumentLibrary", () => {
  it("adds, lists, gets and removes a document, and the index build sees exactly what is listed", async () => {
    const bytes = markdown("Pensions guide", "pensions");
    const { document } = await library.add({ bytes, fileName: "notes/pensions.md", addedBy: "admin" });

    expect(document).toMatchObject({
      title: "Pensions guide",
      source: "pensions.md",
      type: "markdown",
      addedAt: now.toISOString(),
      addedBy: "admin",
    });
    expect(await library.list()).toEqual([document]);
    expect(new Uint8Array(readFileSync(join(dir, "files", document.id, "pensions.md")))).toEqual(bytes);
    const stored = await library.get(document.id);
    expect(stored?.passages).toHaveLength(document.passages);
    expect(loadDocumentPassages(dir)).toEqual(stored?.passages);
    expect(await library.passages()).toEqual(stored?.passages);

    const removed = await library.remove(document.id);
    expect(removed.id).toBe(document.id);
    expect(await library.list()).toEqual([]);
    expect(await library.get(document.id)).toBeUndefined();
    expect(loadDocumentPassages(dir)).toEqual([]);
    // nothing of the removed document is left on disk
    expect(readdirSync(join(dir, "files"))).toEqual([]);
    expect(readdirSync(join(dir, "passages"))).toEqual([]);
  });

  it("keeps several documents' passages apart, in the order they were added", async () => {
    const a = (await library.add({ bytes: markdown("A", "unions"), fileName: "a.md" })).document;
    const pdf = buildPdf({ info: { Title: "B" }, pages: [wrap(prose("funding", 4))] });
    const b = (await library.add({ bytes: pdf, fileName: "b.pdf", url: "https://example.org/b.pdf" }))
      .document;
    const passages = loadDocumentPassages(dir);
    expect([...new Set(passages.map((p) => p.source))]).toEqual([`document:${a.id}`, `document:${b.id}`]);
    expect(passages.filter((p) => p.source === `document:${b.id}`)).toEqual([
      expect.objectContaining({ title: "B (p. 1)", page: 1, url: "https://example.org/b.pdf" }),
    ]);
  });

  it("refuses the same content again, under any name, and changes nothing", async () => {
    const bytes = markdown("Pensions guide", "pensions");
    const { document } = await library.add({ bytes, fileName: "pensions.md" });
    const manifest = readFileSync(join(dir, "manifest.json"), "utf8");

    const error = await rejection(library.add({ bytes, fileName: "copy-of-pensions.md", replace: true }));
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).reason).toBe("duplicate");
    expect((error as DocumentError).message).toBe(
      `"copy-of-pensions.md" is already in the library as "Pensions guide" (${document.id}, added from pensions.md).`,
    );
    expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(manifest);
  });

  it("refuses a new version under the same file name unless asked to replace it", async () => {
    const first = (await library.add({ bytes: markdown("Guide v1", "pensions"), fileName: "guide.md" }))
      .document;
    const newer = markdown("Guide v2", "pensions and TUPE");

    const error = await rejection(library.add({ bytes: newer, fileName: "guide.md" }));
    expect((error as DocumentError).reason).toBe("duplicate");
    expect((error as DocumentError).message).toMatch(
      /named "guide\.md" is already in the library .*--replace/,
    );
    expect((await library.list()).map((d) => d.id)).toEqual([first.id]);

    const { document, replaced } = await library.add({ bytes: newer, fileName: "guide.md", replace: true });
    expect(replaced?.id).toBe(first.id);
    expect((await library.list()).map((d) => d.title)).toEqual(["Guide v2"]);
    expect(loadDocumentPassages(dir).every((p) => p.source === `document:${document.id}`)).toBe(true);
    expect(existsSync(join(dir, "files", first.id))).toBe(false);
    expect(existsSync(join(dir, "passages", `${first.id}.json`))).toBe(false);
  });

  it("leaves the library as it was when a document is refused", async () => {
    await library.add({ bytes: markdown("Kept", "governance"), fileName: "kept.md" });
    const manifest = readFileSync(join(dir, "manifest.json"), "utf8");
    const error = await rejection(library.add({ bytes: buildPdf({ pages: [[]] }), fileName: "scan.pdf" }));
    expect((error as DocumentError).reason).toBe("no-text");
    expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(manifest);
    expect(readdirSync(join(dir, "files"))).toHaveLength(1);
  });

  it("never publishes half a document when a write fails: the previous library keeps serving", async () => {
    await library.add({ bytes: markdown("Kept", "governance"), fileName: "kept.md" });
    const before = loadDocumentPassages(dir);
    const manifest = readFileSync(join(dir, "manifest.json"), "utf8");
    // A plain file where the new document's folder must go makes its write fail midway (after parsing).
    const next = markdown("New", "procurement");
    const parsedId = (await parseDocument({ bytes: next, fileName: "new.md" })).id;
    writeFileSync(join(dir, "files", parsedId), "in the way");

    await expect(library.add({ bytes: next, fileName: "new.md" })).rejects.toThrow();
    expect(readFileSync(join(dir, "manifest.json"), "utf8")).toBe(manifest);
    expect(loadDocumentPassages(dir)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("ignores files a crash left behind and sweeps them on the next change", async () => {
    const kept = (await library.add({ bytes: markdown("Kept", "governance"), fileName: "kept.md" })).document;
    const other = (await library.add({ bytes: markdown("Other", "unions"), fileName: "other.md" })).document;
    // the files of an add that crashed before its manifest commit
    mkdirSync(join(dir, "files", "d-00000000"), { recursive: true });
    writeFileSync(join(dir, "files", "d-00000000", "half.md"), "half");
    writeFileSync(join(dir, "passages", "d-00000000.json"), "[");
    writeFileSync(join(dir, "manifest.json.123.abc.tmp"), "{");

    expect((await library.list()).map((d) => d.id)).toEqual([kept.id, other.id]);
    expect(new Set(loadDocumentPassages(dir).map((p) => p.source))).toEqual(
      new Set([`document:${kept.id}`, `document:${other.id}`]),
    );
    await library.remove(other.id);
    expect(readdirSync(join(dir, "files"))).toEqual([kept.id]);
    expect(readdirSync(join(dir, "passages"))).toEqual([`${kept.id}.json`]);
  });

  it("serialises concurrent changes, so no add is lost to another's manifest write", async () => {
    const topics = ["unions", "pensions", "funding", "procurement", "governance"];
    await Promise.all(
      topics.map((topic) => library.add({ bytes: markdown(topic, topic), fileName: `${topic}.md` })),
    );
    expect((await library.list()).map((d) => d.source).sort()).toEqual(topics.map((t) => `${t}.md`).sort());
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("waits for a change another live process holds, and says so when it cannot", async () => {
    writeFileSync(join(dir, ".lock"), String(process.pid));
    const busy = new LocalDocumentLibrary(dir, { lockTimeoutMs: 0 });
    const error = await rejection(busy.add({ bytes: markdown("A", "unions"), fileName: "a.md" }));
    expect(error).toBeInstanceOf(DocumentLibraryError);
    expect((error as Error).message).toMatch(`is being changed by another process (pid ${process.pid})`);
    expect(existsSync(join(dir, "manifest.json"))).toBe(false);
  });

  it("breaks a lock left by a process that is gone", async () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(join(dir, ".lock"), String(gone));
    const { document } = await new LocalDocumentLibrary(dir, { lockTimeoutMs: 0 }).add({
      bytes: markdown("A", "unions"),
      fileName: "a.md",
    });
    expect((await library.list()).map((d) => d.id)).toEqual([document.id]);
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("reports an unknown id on remove", async () => {
    const error = await rejection(library.remove("d-12345678"));
    expect(error).toBeInstanceOf(DocumentNotFoundError);
    expect((error as Error).message).toMatch(/No document with id "d-12345678"/);
  });
});

describe("librarySignature", () => {
  it("changes with every add, replace and remove, and only then", async () => {
    const empty = librarySignature(dir);
    const { document } = await library.add({ bytes: markdown("A", "unions"), fileName: "a.md" });
    const one = librarySignature(dir);
    expect(one).not.toBe(empty);
    expect(librarySignature(dir)).toBe(one);
    await library.add({ bytes: markdown("A2", "unions"), fileName: "a.md", replace: true });
    expect(librarySignature(dir)).not.toBe(one);
    await library.remove((await library.list())[0]?.id ?? document.id);
    expect(librarySignature(dir)).toBe(empty);
  });
});

describe("loadDocumentPassages", () => {
  it("is empty for a library that was never written", () => {
    expect(loadDocumentPassages(join(dir, "never-created"))).toEqual([]);
  });

  it("fails loudly on a damaged manifest or passages file, so a build keeps the previous index", async () => {
    const { document } = await library.add({ bytes: markdown("Kept", "governance"), fileName: "kept.md" });
    writeFileSync(join(dir, "passages", `${document.id}.json`), '[{"id": 1}]');
    expect(() => loadDocumentPassages(dir)).toThrow(DocumentLibraryError);
    expect(() => loadDocumentPassages(dir)).toThrow(
      /passages for d-[0-9a-f]{8} .* not in the expected shape/,
    );
    writeFileSync(join(dir, "manifest.json"), "{ not json");
    expect(() => loadDocumentPassages(dir)).toThrow(/manifest .* cannot be read/);
  });
});
