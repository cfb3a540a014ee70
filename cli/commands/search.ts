/**
 * `pathfinder search`: ranked passages from the knowledge base (the retrieval half of `ask`).
 * `--json` and `--batch` form a contract other tools rely on; see docs/knowledge.md.
 */
import { createInterface } from "node:readline";
import { knowledgeOptions } from "../../app/pathfinder.ts";
import { loadConfig } from "../../config/config.ts";
import { loadSecrets } from "../../config/secrets.ts";
import { ARTIFACT_PATH } from "../../knowledge/build-index.ts";
import { knowledgeBaseWithDocuments } from "../../knowledge/documents/composite.ts";
import { documentsDirFrom } from "../../knowledge/documents/library.ts";
import type { KnowledgeBase } from "../../knowledge/index.ts";
import { formatLongDate } from "../../knowledge/quotes.ts";
import type { SearchHit } from "../../knowledge/types.ts";
import { loadLocalKnowledgeIndex } from "../../local/knowledge-index.ts";
import { type CliCommand, type CliIo, CliUsageError, println } from "../command.ts";

/** Options shared by `search` and `ask`. */
export interface QuestionArgs {
  json: boolean;
  batch: boolean;
  limit: number;
  /** Undefined when no question was given on the command line. */
  question: string | undefined;
}

/** Parses `[--json] [--batch] [--limit N] [QUESTION...]`. */
export function parseQuestionArgs(args: string[], options: { allowLimit: boolean }): QuestionArgs {
  const parsed: QuestionArgs = { json: false, batch: false, limit: 5, question: undefined };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    if (arg === "--json") parsed.json = true;
    else if (arg === "--batch") parsed.batch = true;
    else if (options.allowLimit && (arg === "--limit" || arg.startsWith("--limit="))) {
      const raw = arg.includes("=") ? arg.slice("--limit=".length) : args[++i];
      const limit = Number(raw);
      if (!raw || !Number.isInteger(limit) || limit < 1 || limit > 50) {
        throw new CliUsageError(`--limit needs a whole number from 1 to 50, got "${raw ?? ""}".`);
      }
      parsed.limit = limit;
    } else if (arg.startsWith("--")) throw new CliUsageError(`Unknown option ${arg}.`);
    else words.push(arg);
  }
  if (words.length > 0) parsed.question = words.join(" ");
  if (parsed.batch && parsed.question !== undefined) {
    throw new CliUsageError("With --batch, questions come one per line on stdin, not as arguments.");
  }
  if (!parsed.batch && parsed.question === undefined) throw new CliUsageError("Please give a question.");
  return parsed;
}

/**
 * Loads the knowledge base with OpenAI when OPENAI_API_KEY is configured, lexical only otherwise, over the
 * committed artifact plus the documents added with `pathfinder knowledge add` (rebuilt first when stale).
 */
export async function openKnowledgeBase(io: CliIo): Promise<KnowledgeBase> {
  const config = loadConfig(io.env);
  // The CLI always runs locally: secrets come from the environment, never Secrets Manager.
  const secrets = await loadSecrets({ ...config, runtime: "local" }, io.env);
  const index = await loadLocalKnowledgeIndex(io.env, {
    artifactPath: ARTIFACT_PATH,
    documentsDir: documentsDirFrom(io.env),
  });
  return knowledgeBaseWithDocuments(index, knowledgeOptions(config, secrets));
}

/** Calls `handle` for each stdin line, in order (blank lines too, so output lines match input lines). */
export async function forEachStdinLine(io: CliIo, handle: (line: string) => Promise<void>): Promise<void> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) await handle(line);
}

function printHitsForPeople(io: CliIo, query: string, hits: SearchHit[]): void {
  if (!query.trim()) {
    println(io.stdout, "Please type something to search for.");
    return;
  }
  if (hits.length === 0) {
    println(io.stdout, `No passages match "${query.slice(0, 80)}".`);
    return;
  }
  hits.forEach((hit, i) => {
    const by = [hit.author, formatLongDate(hit.date)].filter(Boolean).join(", ");
    println(io.stdout, `${i + 1}. "${hit.title}"${by ? ` — ${by}` : ""}  (score ${hit.score})`);
    const text = hit.text.replace(/\s+/g, " ");
    println(io.stdout, `   ${text.length > 240 ? `${text.slice(0, 240)}…` : text}`);
    println(io.stdout, `   id: ${hit.id}`);
  });
}

export const command: CliCommand = {
  name: "search",
  summary: "Show the knowledge-base passages that best match a question",
  usage: [
    'Usage: pathfinder search [--json] [--limit N] "QUESTION"',
    "       pathfinder search --batch [--json] [--limit N] < questions.txt",
    "",
    "  --json       print {query, hits: [{id, title, source, text, score}]}",
    "  --limit N    number of passages (1-50, default 5)",
    "  --batch      read one question per line on stdin; print one result per line",
  ].join("\n"),
  async run(args, io) {
    const options = parseQuestionArgs(args, { allowLimit: true });
    const kb = await openKnowledgeBase(io);
    const answer = async (query: string) => {
      const hits = await kb.search(query, { limit: options.limit });
      if (options.json) println(io.stdout, JSON.stringify({ query, hits }));
      else printHitsForPeople(io, query, hits);
    };
    if (options.batch) await forEachStdinLine(io, answer);
    else await answer(options.question ?? "");
    return 0;
  },
};
