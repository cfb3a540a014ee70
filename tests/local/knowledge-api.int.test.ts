/**
 * The playground's Knowledge API (issue 14) over HTTP, on the real document library in a scratch folder and
 * the knowledge base wired as `npm start` wires it: upload, list, remove, every refusal's one-line message,
 * and the chat answering from a document as soon as its upload is answered (and no longer once removed).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../knowledge/documents/library.ts";
import { buildPdf } from "../knowledge/documents/fixtures.ts";
import { postJson, startTestServer, type TestServer } from "./support/local-server.ts";

const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Choosing an air source heat pump

Size the air source heat pump from a room-by-room heat loss survey of the community building, and
insulate the loft and cavity walls first, so a smaller heat pump runs at a lower flow temperature.

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;
const QUESTION = "Which grant pays for an air source heat pump for a community building?";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pathfinder-knowledge-api-"));
  server = await startTestServer({ knowledgeDir: dir });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function upload(
  fileName: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.origin}/api/knowledge`, {
    method: "POST",
    headers: {
      "content-type": "application/octet-stream",
      "x-file-name": encodeURIComponent(fileName),
      ...headers,
    },
    // A copy on a plain ArrayBuffer: what fetch's BodyInit type accepts.
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function list(): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${server.origin}/api/knowledge`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { documents: Record<string, unknown>[] }).documents;
}

/** The kinds of the sources the chat's answer cites. */
async function citedKinds(): Promise<string[]> {
  const { status, body } = await postJson(server.origin, "/api/chat", { text: QUESTION, userId: "web-k1" });
  expect(status).toBe(200);
  const replies = body.replies as { blocks: { type: string; citations?: { kind?: string }[] }[] }[];
  return replies.flatMap((r) =>
    r.blocks.flatMap((b) => (b.type === "citations" ? (b.citations ?? []).map((c) => c.kind ?? "") : [])),
  );
}

describe("the Knowledge API", () => {
  it("adds a document, lists it, answers from it at once, and stops answering from it once removed", async () => {
    // Prepare: nothing is in the library, so the answer cites no document
    expect(await list()).toEqual([]);
    expect(await citedKinds()).not.toContain("document");

    // Act: upload (a file name with a space and a non-ASCII character travels URI-encoded)
    const added = await upload("Heat pumps – guide.md", HEATPUMPS);

    // Assess: added, listed with what the tab shows, and cited by the very next chat answer
    expect(added.status).toBe(201);
    const doc = added.body.added as Record<string, unknown>;
    expect(doc).toMatchObject({
      title: "Heat pump retrofit guide for community buildings",
      source: "Heat pumps – guide.md",
      type: "markdown",
      addedBy: "Playground",
    });
    expect(doc.passages).toBeGreaterThan(0);
    const listed = await list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: doc.id, title: doc.title, passages: doc.passages });
    expect(String(listed[0]?.addedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(readManifest(dir).documents.map((d) => d.id)).toEqual([doc.id]);
    expect(await citedKinds()).toContain("document");

    // Act: remove it
    const removed = await fetch(`${server.origin}/api/knowledge/${String(doc.id)}`, { method: "DELETE" });

    // Assess
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ removed: { id: doc.id, title: doc.title } });
    expect(await list()).toEqual([]);
    expect(await citedKinds()).not.toContain("document");
  });

  it("refuses bad files with the library's one-line message and keeps what was there", async () => {
    // Prepare
    const kept = await upload("kept.md", "# Kept guidance\n\nA paragraph about board papers and sign-off.\n");
    expect(kept.status).toBe(201);

    // Act
    const unsupported = await upload("budget.xlsx", "not really a spreadsheet");
    const duplicate = await upload(
      "copy-of-kept.md",
      "# Kept guidance\n\nA paragraph about board papers and sign-off.\n",
    );
    const imageOnly = await upload("scan.pdf", buildPdf({ pages: [[]] }));
    const empty = await upload("empty.md", "");

    // Assess
    expect(unsupported).toMatchObject({ status: 400, body: { reason: "unsupported-type" } });
    expect(unsupported.body.error).toMatch(/^"budget\.xlsx" is not a supported document type \(\.xlsx\)/);
    expect(duplicate).toMatchObject({ status: 400, body: { reason: "duplicate" } });
    expect(duplicate.body.error).toMatch(/already in the library as "Kept guidance"/);
    expect(imageOnly.status).toBe(400);
    expect(imageOnly.body.error).toMatch(/^"scan\.pdf"/);
    expect(["no-text", "empty"]).toContain(imageOnly.body.reason);
    expect(empty).toMatchObject({ status: 400, body: { reason: "empty" } });
    expect((await list()).map((d) => d.source)).toEqual(["kept.md"]);
  });

  it("refuses a file over 20 MB by its declared size, naming it, before reading it", async () => {
    // Act
    const big = await upload("huge.pdf", new Uint8Array(20 * 1024 * 1024 + 1));

    // Assess
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ reason: "too-large" });
    expect(big.body.error).toBe(
      '"huge.pdf" is over the 20 MB limit for a document; split it or compress its images.',
    );
  });

  it("requires the file's name and the octet-stream type, so another site's form cannot post one", async () => {
    // Act
    const noName = await fetch(`${server.origin}/api/knowledge`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: "# x",
    });
    const formPost = await fetch(`${server.origin}/api/knowledge`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-file-name": "x.md" },
      body: "# x",
    });

    // Assess
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as { error: string }).error).toMatch(/X-File-Name/);
    expect(formPost.status).toBe(415);
  });

  it("answers 404 for an unknown document and for a malformed id", async () => {
    const unknown = await fetch(`${server.origin}/api/knowledge/d-00000000`, { method: "DELETE" });
    const malformed = await fetch(`${server.origin}/api/knowledge/../../etc`, { method: "DELETE" });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/No document with id "d-00000000"/);
    expect(malformed.status).toBe(404);
  });
});

describe("the Knowledge API behind the admin token", () => {
  let guarded: TestServer;
  let guardedDir: string;

  beforeAll(async () => {
    guardedDir = mkdtempSync(join(tmpdir(), "pathfinder-knowledge-token-"));
    guarded = await startTestServer({ knowledgeDir: guardedDir, adminToken: "secret-token-123" });
  }, 60_000);

  afterAll(async () => {
    await guarded?.close();
    if (guardedDir) rmSync(guardedDir, { recursive: true, force: true });
  });

  it("refuses listing and uploading without the token, and stores nothing", async () => {
    // Act
    const listed = await fetch(`${guarded.origin}/api/knowledge`);
    const posted = await fetch(`${guarded.origin}/api/knowledge`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "x-file-name": "a.md" },
      body: "# A\n\ntext",
    });
    const withToken = await fetch(`${guarded.origin}/api/knowledge`, {
      headers: { authorization: "Bearer secret-token-123" },
    });

    // Assess
    expect(listed.status).toBe(401);
    expect(posted.status).toBe(401);
    expect(withToken.status).toBe(200);
    expect(readManifest(guardedDir).documents).toEqual([]);
  });
});
