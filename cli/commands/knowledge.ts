/**
 * `pathfinder knowledge add|list|remove`: the guidance documents added to the knowledge base at run
 * time (PDF, Word, HTML, Markdown, text), kept in the local document library (.data/knowledge/, or
 * PATHFINDER_KNOWLEDGE_DIR), or with `--target aws` in the deployed stack's documents bucket, whose
 * indexer then rebuilds the index on AWS. The --json shapes are a contract; see docs/knowledge.md.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  DocumentError,
  type DocumentLibrary,
  DocumentLibraryError,
  DocumentNotFoundError,
  documentsDirFrom,
  LocalDocumentLibrary,
} from "../../knowledge/documents/index.ts";
import { type CliCommand, type CliIo, CliUsageError, println } from "../command.ts";
import { resolveAwsDocumentsTarget, type StackOutputsLookup, targetKind } from "../target.ts";

const usage = `Usage: pathfinder knowledge add FILE... [--title T] [--url U] [--date YYYY-MM-DD] [--replace] [--json]
       pathfinder knowledge list [--json]
       pathfinder knowledge remove ID [--json]

Adds guidance documents (PDF, Word .docx, HTML, Markdown, plain text; up to 20 MB each) to the
knowledge base, lists them, or removes one. Title and date come from the document when not given.
  --title, --url, --date   describe the document (with one FILE only)
  --replace                replace the document already added under the same file name
  --json                   add: {"added": [{id, title, passages}]}
                           list: {"documents": [{id, title, source, passages, addedAt}]}
                           remove: {"removed": {id, title}}
The library lives in .data/knowledge/ (PATHFINDER_KNOWLEDGE_DIR to move it); \`npm start\` serves a
change at once. With --target aws [--stack NAME] the commands work on the deployed stack's documents
bucket (its DocumentsBucketName output) with your AWS credentials; its indexer rebuilds the index and
answers use the change within about a minute.`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        title: { type: "string" },
        url: { type: "string" },
        date: { type: "string" },
        replace: { type: "boolean" },
        json: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

function checkDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = new Date(`${date}T12:00:00Z`);
  // new Date() rolls 2024-02-31 over into March, so the round trip catches impossible days.
  if (!match || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new CliUsageError(`--date must be a date as YYYY-MM-DD, got "${date}".`);
  }
  return date;
}

function checkUrl(url: string): string {
  try {
    if (/^https?:$/.test(new URL(url).protocol)) return url;
  } catch {
    // reported below
  }
  throw new CliUsageError(`--url must be a web address starting http:// or https://, got "${url}".`);
}

type Values = ReturnType<typeof parse>["values"];

function onlyFor(values: Values, allowed: readonly string[], sub: string): void {
  for (const key of Object.keys(values)) {
    if (!allowed.includes(key)) throw new CliUsageError(`--${key} does not apply to \`knowledge ${sub}\`.`);
  }
}

function readError(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `"${file}" could not be read: there is no such file.`;
  if (code === "EISDIR") return `"${file}" is a folder, not a document.`;
  if (code === "EACCES") return `"${file}" could not be read: permission denied.`;
  return `"${file}" could not be read: ${(error as Error).message}`;
}

async function add(files: string[], values: Values, library: OpenedLibrary, io: CliIo): Promise<number> {
  if (files.length === 0) throw new CliUsageError("Please give at least one FILE to add.");
  const described = ["title", "url", "date"].filter((key) => values[key as keyof Values] !== undefined);
  if (files.length > 1 && described.length > 0) {
    throw new CliUsageError(`--${described[0]} describes one document: add that FILE on its own.`);
  }
  const describe = {
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.url !== undefined ? { url: checkUrl(values.url) } : {}),
    ...(values.date !== undefined ? { date: checkDate(values.date) } : {}),
  };
  const added: { id: string; title: string; passages: number }[] = [];
  let failed = 0;
  // One bad file never stops the good ones: each is added or reported on its own.
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      println(io.stderr, readError(file, error));
      failed++;
      continue;
    }
    try {
      const { document, replaced } = await library.library.add({
        bytes,
        fileName: file,
        ...describe,
        ...(values.replace ? { replace: true } : {}),
      });
      added.push({ id: document.id, title: document.title, passages: document.passages });
      if (!values.json) {
        const verb = replaced ? `Replaced ${replaced.id} with` : "Added";
        println(
          io.stdout,
          `${verb} "${document.title}" (${document.id}, ${document.passages} passage${document.passages === 1 ? "" : "s"}) from ${document.source}${library.where ? ` to ${library.where}` : ""}.`,
        );
      }
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      println(io.stderr, error.message);
      failed++;
    }
  }
  if (values.json) println(io.stdout, JSON.stringify({ added }));
  else if (added.length > 0 && library.afterChange) println(io.stdout, library.afterChange);
  return failed > 0 ? 1 : 0;
}

async function list(library: OpenedLibrary, values: Values, io: CliIo): Promise<number> {
  const documents = await library.library.list();
  if (values.json) {
    const shaped = documents.map(({ id, title, source, passages, addedAt }) => ({
      id,
      title,
      source,
      passages,
      addedAt,
    }));
    println(io.stdout, JSON.stringify({ documents: shaped }));
    return 0;
  }
  // Files in the bucket that the indexer refuses (uploaded with the S3 console, say) are listed too,
  // with why, or an admin would see them in the bucket and wonder why they never answer.
  const refused = (await library.refused?.()) ?? [];
  if (library.where) println(io.stdout, `In ${library.where}:`);
  if (documents.length === 0) {
    println(io.stdout, "No documents yet: add one with `pathfinder knowledge add FILE`.");
  }
  for (const doc of documents) {
    println(io.stdout, `${doc.id}  ${doc.title}`);
    println(
      io.stdout,
      `            ${doc.source}, ${doc.passages} passages, added ${doc.addedAt.slice(0, 10)}`,
    );
  }
  if (refused.length > 0) {
    println(io.stdout, "Not in the knowledge base (the indexer refuses these files):");
    for (const file of refused) println(io.stdout, `  ${file.message}`);
  }
  return 0;
}

async function remove(ids: string[], library: OpenedLibrary, values: Values, io: CliIo): Promise<number> {
  if (ids.length !== 1) throw new CliUsageError("Please give the one document ID to remove.");
  const id = ids[0] as string;
  try {
    const removed = await library.library.remove(id);
    if (values.json)
      println(io.stdout, JSON.stringify({ removed: { id: removed.id, title: removed.title } }));
    else {
      println(
        io.stdout,
        `Removed "${removed.title}" (${removed.id})${library.where ? ` from ${library.where}` : ""}.`,
      );
      if (library.afterChange) println(io.stdout, library.afterChange);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof DocumentNotFoundError)) throw error;
    println(io.stderr, error.message);
    return 1;
  }
}

/** A library to work on, and how to speak of it. */
interface OpenedLibrary {
  library: DocumentLibrary;
  /** Where it is, for messages ("s3://bucket/documents/ (stack Pathfinder)"); empty for the local one. */
  where: string;
  /** What happens next after a change, for people (the AWS indexer's delay). */
  afterChange?: string;
  /** Files the library holds but cannot index, with the reason (S3: uploaded bypassing the CLI's checks). */
  refused?: () => Promise<{ source: string; message: string }[]>;
  close(): void;
}

/** Stand-ins for AWS, for tests: the stack's outputs and the S3 client. */
export interface KnowledgeCommandDeps {
  lookup?: StackOutputsLookup;
  /** Makes the S3 client (default: the SDK's, with the default credential chain). */
  s3?: (options: { region?: string }) => S3Client;
}

async function openLibrary(env: NodeJS.ProcessEnv, deps: KnowledgeCommandDeps): Promise<OpenedLibrary> {
  if (targetKind(env) !== "aws") {
    return { library: new LocalDocumentLibrary(documentsDirFrom(env)), where: "", close: () => {} };
  }
  const target = await resolveAwsDocumentsTarget(env, deps.lookup ? { lookup: deps.lookup } : {});
  // Loaded only for AWS: the S3 SDK and the S3 library are not needed for the local library.
  const [{ S3Client }, { S3DocumentLibrary }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("../../knowledge/documents/s3-library.ts"),
  ]);
  const clientOptions = target.region ? { region: target.region } : {};
  const s3 = deps.s3 ? deps.s3(clientOptions) : new S3Client(clientOptions);
  const library = new S3DocumentLibrary({ s3, bucket: target.bucket });
  return {
    library,
    refused: async () =>
      (await library.describeAll()).flatMap((d) =>
        d.ok || d.reason === "removed" ? [] : [{ source: d.key, message: d.message }],
      ),
    where: `s3://${target.bucket}/documents/ (stack ${target.stackName})`,
    afterChange:
      "The indexer on AWS rebuilds the knowledge index now; answers use the change within about a minute.",
    close: () => s3.destroy(),
  };
}

/** The command, with stand-ins for AWS when a test gives them. */
export function createKnowledgeCommand(deps: KnowledgeCommandDeps = {}): CliCommand {
  return {
    name: "knowledge",
    summary: "Add, list or remove guidance documents (PDF, Word, HTML, Markdown) in the knowledge base",
    usage,
    async run(args, io) {
      const { values, positionals } = parse(args);
      const [sub, ...rest] = positionals;
      if (sub !== "add" && sub !== "list" && sub !== "remove") {
        throw new CliUsageError(
          sub
            ? `Unknown knowledge command "${sub}": use add, list or remove.`
            : "Please say add, list or remove.",
        );
      }
      if (sub !== "add") onlyFor(values, ["json"], sub);
      if (sub === "list" && rest.length > 0) throw new CliUsageError("`knowledge list` takes no arguments.");
      const library = await openLibrary(io.env, deps);
      try {
        if (sub === "add") return await add(rest, values, library, io);
        if (sub === "list") return await list(library, values, io);
        return await remove(rest, library, values, io);
      } catch (error) {
        // The library could not be read or written (a damaged manifest, S3 refusing): one line, nothing changed.
        if (!(error instanceof DocumentLibraryError)) throw error;
        println(io.stderr, error.message);
        return 1;
      } finally {
        library.close();
      }
    },
  };
}

export const command: CliCommand = createKnowledgeCommand();
