/**
 * `pathfinder knowledge add|list|remove --target aws` (issues 14 and 16): the deployed stack's documents bucket,
 * found from its DocumentsBucketName output (CloudFormation stood in by a stub), through the real S3 client
 * against the fake S3 on 127.0.0.1. The indexer on AWS is triggered by the bucket's events; it is tested in
 * indexer.int.test.ts, so here what counts is what lands in the bucket and what the admin is told.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKnowledgeCommand } from "../../../cli/commands/knowledge.ts";
import { extractTargetArgs, type StackOutputsLookup } from "../../../cli/target.ts";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.ts";
import { buildPdf, prose } from "./fixtures.ts";

const BUCKET = "staging-documents-bucket";

let s3: FakeS3;
let work: string;
const lookups: string[] = [];
const regions: (string | undefined)[] = [];

/** CloudFormation standing in: the outputs cdk/pathfinder-stack.ts gives. */
const stack =
  (outputs: Record<string, string>): StackOutputsLookup =>
  async (name, region) => {
    lookups.push(`${name}@${region}`);
    return outputs;
  };

async function cli(args: string[], outputs: Record<string, string> = { DocumentsBucketName: BUCKET }) {
  // The global flags as `pathfinder` takes them: --target and --stack become the environment.
  const { argv, env } = extractTargetArgs(args, { AWS_REGION: "eu-west-2" });
  const command = createKnowledgeCommand({
    lookup: stack(outputs),
    s3: (options) => {
      regions.push(options.region);
      return new S3Client({
        ...options,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      });
    },
  });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const code = await command.run(argv, { stdout, stderr, stdin: Readable.from([]), env });
  return { code, out, err };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(async () => {
  await s3.close();
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "pathfinder-knowledge-aws-"));
  s3.bucket(BUCKET).clear();
  s3.requests.length = 0;
  lookups.length = 0;
  regions.length = 0;
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("pathfinder knowledge --target aws", () => {
  it("uploads to the stack's documents bucket with the description as metadata, and refuses a bad file before uploading it", async () => {
    // Prepare
    const guide = file("pensions-guide.md", `# Pensions guide\n\n${prose("pensions", 5)}\n`);
    const scan = file("scan.pdf", buildPdf({ pages: [[]] }));

    // Act
    const one = await cli([
      "add",
      guide,
      "--title",
      "Pensions for mutuals",
      "--date",
      "2025-03-01",
      "--json",
      "--target",
      "aws",
      "--stack",
      "Staging",
    ]);
    const bad = await cli(["add", scan, "--target", "aws", "--stack", "Staging"]);

    // Assess: the bucket named by the stack's output holds the document under documents/, described
    expect(lookups).toEqual(["Staging@eu-west-2", "Staging@eu-west-2"]);
    expect(regions).toEqual(["eu-west-2", "eu-west-2"]);
    expect(one.code).toBe(0);
    const added = JSON.parse(one.out) as { added: { id: string; title: string; passages: number }[] };
    expect(added.added).toHaveLength(1);
    expect(added.added[0]).toMatchObject({ title: "Pensions for mutuals" });
    expect(added.added[0]?.id).toMatch(/^d-[0-9a-f]{8}$/);
    const stored = s3.bucket(BUCKET).get("documents/pensions-guide.md");
    expect(stored?.metadata).toMatchObject({
      title: encodeURIComponent("Pensions for mutuals"),
      date: "2025-03-01",
    });
    // The image-only PDF was refused with its one line, and never uploaded
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^"[^"]*scan\.pdf"/);
    expect(s3.bucket(BUCKET).has("documents/scan.pdf")).toBe(false);
    expect(s3.requests.filter((r) => r.method === "PUT" && r.key === "documents/scan.pdf")).toEqual([]);
  });

  it("says where the document went and that the indexer on AWS takes it from there", async () => {
    // Act
    const run = await cli([
      "add",
      file("board.md", `# Board papers\n\n${prose("governance", 4)}\n`),
      "--target",
      "aws",
    ]);

    // Assess: the default stack name, and the bucket in the message
    expect(run.code).toBe(0);
    expect(lookups).toEqual(["Pathfinder@eu-west-2"]);
    expect(run.out).toContain(`to s3://${BUCKET}/documents/ (stack Pathfinder).`);
    expect(run.out).toContain("answers use the change within about a minute");
  });

  it("lists the bucket's documents, and the files the indexer refuses with why", async () => {
    // Prepare: one added with the CLI, one dropped in with the S3 console that cannot be indexed
    await cli(["add", file("funding.md", `# Funding\n\n${prose("funding", 4)}\n`), "--target", "aws"]);
    s3.put(BUCKET, "documents/budget.xlsx", "a,b");

    // Act
    const json = await cli(["list", "--json", "--target", "aws"]);
    const text = await cli(["list", "--target", "aws"]);

    // Assess
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.out) as { documents: Record<string, unknown>[] };
    expect(listed.documents.map((d) => [d.title, d.source])).toEqual([["Funding", "funding.md"]]);
    expect(Object.keys(listed.documents[0] ?? {}).sort()).toEqual([
      "addedAt",
      "id",
      "passages",
      "source",
      "title",
    ]);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`In s3://${BUCKET}/documents/ (stack Pathfinder):`);
    expect(text.out).toContain("Funding");
    expect(text.out).toContain("Not in the knowledge base (the indexer refuses these files):");
    expect(text.out).toContain('"budget.xlsx" is not a supported document type (.xlsx)');
  });

  it("removes a document from the bucket by id, and says so for an unknown id", async () => {
    // Prepare
    const added = await cli([
      "add",
      "--json",
      file("tupe.md", `# TUPE\n\n${prose("transfer", 4)}\n`),
      "--target",
      "aws",
    ]);
    const id = (JSON.parse(added.out) as { added: { id: string }[] }).added[0]?.id ?? "";

    // Act
    const removed = await cli(["remove", id, "--json", "--target", "aws"]);
    const again = await cli(["remove", id, "--target", "aws"]);

    // Assess
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.out)).toEqual({ removed: { id, title: "TUPE" } });
    expect(s3.bucket(BUCKET).has("documents/tupe.md")).toBe(false);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`No document with id "${id}"`);
  });

  it("refuses a duplicate already in the bucket, uploading nothing", async () => {
    // Prepare
    const text = `# Contracts\n\n${prose("contracts", 4)}\n`;
    await cli(["add", file("contracts.md", text), "--target", "aws"]);

    // Act
    const copy = await cli(["add", file("contracts-copy.md", text), "--target", "aws"]);

    // Assess
    expect(copy.code).toBe(1);
    expect(copy.err).toMatch(/"[^"]*contracts-copy\.md" is already in the library as "Contracts"/);
    expect(s3.bucket(BUCKET).has("documents/contracts-copy.md")).toBe(false);
  });

  it("says in one line when S3 cannot be reached, and exits 1", async () => {
    // Prepare: S3 answers 500 to the listing and to each of the SDK's retries (3 attempts by default)
    s3.fail("GET", "", 3);

    // Act
    const run = await cli(["list", "--target", "aws"]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.err).toMatch(new RegExp(`^Cannot list documents/ in s3://${BUCKET} \\(`));
    expect(run.err.trim().split("\n")).toHaveLength(1);
  });

  it("names the missing output when the stack predates the documents bucket", async () => {
    await expect(cli(["list", "--target", "aws", "--stack", "Old"], { TableName: "t" })).rejects.toThrow(
      'Stack "Old" has no DocumentsBucketName output',
    );
  });
});
