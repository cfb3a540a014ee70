import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../../cli/main.ts";
import { loadDocumentPassages } from "../../../knowledge/documents/index.ts";
import { buildPdf, prose, wrap } from "./fixtures.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
let library: string;

async function cli(args: string[]): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on("data", (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runCli(["knowledge", ...args], {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: { PATHFINDER_KNOWLEDGE_DIR: library },
  });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "pathfinder-knowledge-cli-"));
  library = join(work, "library");
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("pathfinder knowledge add", () => {
  it("adds the good files, reports each bad one on its own line, and exits 1", async () => {
    const guide = file("guide.md", `# Pensions guide\n\n${prose("pensions", 5)}\n`);
    const toolkit = file(
      "toolkit.pdf",
      buildPdf({ info: { Title: "Toolkit" }, pages: [wrap(prose("funding", 4))] }),
    );
    const sheet = file("budget.xlsx", "a,b");
    const scan = file("scan.pdf", buildPdf({ pages: [[]] }));

    const run = await cli(["add", "--json", guide, sheet, toolkit, scan]);

    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { added: Record<string, unknown>[] };
    expect(Object.keys(result)).toEqual(["added"]);
    expect(result.added.map((a) => Object.keys(a).sort())).toEqual([
      ["id", "passages", "title"],
      ["id", "passages", "title"],
    ]);
    expect(result.added.map((a) => a.title)).toEqual(["Pensions guide", "Toolkit"]);
    const errors = run.stderr.trim().split("\n");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/budget\.xlsx" is not a supported document type/);
    expect(errors[1]).toMatch(/scan\.pdf" has no text to read/);
    expect(loadDocumentPassages(library).length).toBe(
      result.added.reduce((sum, a) => sum + (a.passages as number), 0),
    );
  });

  it("exits 0 and says what it added; a second add of the same file is a duplicate (exit 1)", async () => {
    const guide = file("guide.md", `# Pensions guide\n\n${prose("pensions", 5)}\n`);
    const first = await cli([
      "add",
      guide,
      "--title",
      "Fair Deal guide",
      "--date",
      "2024-02-29",
      "--url",
      "https://example.org/fd",
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Added "Fair Deal guide" \(d-[0-9a-f]{8}, 1 passage\) from guide\.md\.$/m);
    expect(loadDocumentPassages(library)[0]).toMatchObject({
      date: "2024-02-29",
      url: "https://example.org/fd",
    });

    const again = await cli(["add", guide]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^".*guide\.md" is already in the library as "Fair Deal guide"/);
  });

  it("replaces a document of the same file name with --replace", async () => {
    const path = file("guide.md", `# Version one\n\n${prose("pensions", 5)}\n`);
    await cli(["add", path]);
    writeFileSync(path, `# Version two\n\n${prose("pensions and TUPE", 5)}\n`);
    expect((await cli(["add", path])).code).toBe(1);
    const run = await cli(["add", path, "--replace"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Replaced d-[0-9a-f]{8} with "Version two"/);
    const list = JSON.parse((await cli(["list", "--json"])).stdout) as { documents: { title: string }[] };
    expect(list.documents.map((d) => d.title)).toEqual(["Version two"]);
  });

  it("reports a missing file by name", async () => {
    const run = await cli(["add", join(work, "nowhere.pdf")]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `"${join(work, "nowhere.pdf")}" could not be read: there is no such file.`,
    );
  });
});

describe("pathfinder knowledge list and remove", () => {
  it("lists with the JSON contract, removes by id, and the passages go at once", async () => {
    const guide = file("guide.md", `# Pensions guide\n\n${prose("pensions", 5)}\n`);
    const added = JSON.parse((await cli(["add", "--json", guide])).stdout) as { added: { id: string }[] };
    const id = added.added[0]?.id as string;

    const list = await cli(["list", "--json"]);
    expect(list.code).toBe(0);
    const documents = (JSON.parse(list.stdout) as { documents: Record<string, unknown>[] }).documents;
    expect(documents).toEqual([
      {
        id,
        title: "Pensions guide",
        source: "guide.md",
        passages: 1,
        addedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect((await cli(["list"])).stdout).toContain(`${id}  Pensions guide`);

    const removed = await cli(["remove", id, "--json"]);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: { id, title: "Pensions guide" } });
    expect(loadDocumentPassages(library)).toEqual([]);
    expect(JSON.parse((await cli(["list", "--json"])).stdout)).toEqual({ documents: [] });
    expect((await cli(["list"])).stdout).toMatch(/No documents yet/);
  });

  it("says so when the id is unknown (exit 1)", async () => {
    const run = await cli(["remove", "d-12345678"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No document with id "d-12345678"/);
  });
});

describe("pathfinder knowledge usage errors", () => {
  it.each([
    [[]],
    [["frobnicate"]],
    [["add"]],
    [["add", "a.md", "b.md", "--title", "T"]],
    [["add", "a.md", "--date", "2024-02-30"]],
    [["add", "a.md", "--date", "March 2024"]],
    [["add", "a.md", "--url", "ftp://example.org/x"]],
    [["add", "a.md", "--colour", "blue"]],
    [["list", "--replace"]],
    [["list", "extra"]],
    [["remove"]],
    [["remove", "a", "b"]],
  ])("%j exits 2 with the usage", async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: pathfinder knowledge add FILE/);
    expect(run.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});

describe("pathfinder ask after knowledge add / remove (issue 14)", () => {
  const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme. Size the
air source heat pump from a room-by-room heat loss survey of the community building first.
`;

  async function ask(question: string): Promise<{ citations: { kind: string; source: string }[] }> {
    const stdout = new PassThrough();
    const out: string[] = [];
    stdout.on("data", (chunk: Buffer) => out.push(chunk.toString()));
    const code = await runCli(["ask", "--json", question], {
      stdout,
      stderr: new PassThrough(),
      stdin: Readable.from([]),
      env: { PATHFINDER_KNOWLEDGE_DIR: library },
    });
    expect(code).toBe(0);
    return JSON.parse(out.join("")) as { citations: { kind: string; source: string }[] };
  }

  it("cites the document once it is added, and no longer once it is removed", async () => {
    const question = "Which grant pays for an air source heat pump for a community building?";
    expect((await ask(question)).citations.some((c) => c.kind === "document")).toBe(false);

    const added = await cli(["add", "--json", file("heat-pumps.md", HEATPUMPS)]);
    const id = (JSON.parse(added.stdout) as { added: { id: string }[] }).added[0]?.id;
    const cited = await ask(question);

    expect(cited.citations[0]).toMatchObject({ kind: "document", source: `document:${id}` });

    expect((await cli(["remove", String(id)])).code).toBe(0);
    expect((await ask(question)).citations.some((c) => c.kind === "document")).toBe(false);
  });
});
