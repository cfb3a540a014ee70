/**
 * `npm run build:index`: parses seeds/ into passages, builds the search index and writes
 * knowledge/artifact/index.json. With OPENAI_API_KEY set it also embeds passages that have no
 * cached vector yet. `--check` only reports whether the committed artifact is stale (exit 1).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { loadConfig } from "../config/config.ts";
import { loadSecrets } from "../config/secrets.ts";
import { type BuildOptions, buildArtifact, type KnowledgeArtifact, serialiseArtifact } from "./artifact.ts";
import { readSeedFiles } from "./corpus.ts";
import { embedTexts, makeOpenAiClient } from "./embeddings.ts";
import { loadGuideCards } from "./guide-cards.ts";
import type { PractitionerQuestion } from "./practitioner-questions.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the seed articles live. */
export const SEEDS_DIR = join(root, "seeds");
/** Where the guide's answer cards live. */
export const GUIDE_DIR = join(root, "knowledge", "guide");
/** Where the practitioners' questions live (`npm run build:questions` writes them from the dev eval sets). */
export const PRACTITIONER_QUESTIONS_PATH = join(root, "knowledge", "data", "practitioner-questions.json");
/** Where the committed artifact lives. */
export const ARTIFACT_PATH = join(root, "knowledge", "artifact", "index.json");

/** Where a build reads its sources and writes the artifact (tests point these at a scratch copy). */
export interface SourcePaths {
  seedsDir: string;
  artifactPath: string;
  /** The guide's answer cards, part of what the artifact is built from. */
  guideDir?: string;
  /** The practitioners' questions, part of what the artifact is built from (knowledge/practitioner-questions.ts). */
  questionsPath?: string;
}

/** The repository's own sources: what `npm run build:index` and a local run's staleness check read. */
export const DEFAULT_SOURCE_PATHS: SourcePaths = {
  seedsDir: SEEDS_DIR,
  artifactPath: ARTIFACT_PATH,
  guideDir: GUIDE_DIR,
  questionsPath: PRACTITIONER_QUESTIONS_PATH,
};

/** Reads the guide's cards against a build's passages, when there is a guide (the build and a local run's check alike). */
export function guideCardLoader(guideDir: string | undefined): BuildOptions["loadCards"] {
  return guideDir && existsSync(guideDir) ? (passages) => loadGuideCards(guideDir, passages) : undefined;
}

const PractitionerQuestionsFile = z.object({
  about: z.string().min(1),
  // A question the articles do not answer has no snippets.
  questions: z.array(z.object({ q: z.string().min(1), answers: z.array(z.string().min(1)) })),
});

/**
 * The practitioners' questions a build indexes: none without a file. A malformed file fails the build with its
 * path, what is wrong and where ("questions[3].answers"), and how to regenerate it.
 */
export function readPractitionerQuestions(path: string | undefined): PractitionerQuestion[] {
  if (!path || !existsSync(path)) return [];
  const fail = (detail: string) =>
    new Error(`${path}: ${detail} (regenerate it with npm run build:questions)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw fail(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = PractitionerQuestionsFile.safeParse(data);
  if (!parsed.success) throw fail(z.prettifyError(parsed.error).replace(/\n/g, "; "));
  return parsed.data.questions;
}

function readPrevious(path: string): KnowledgeArtifact | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as KnowledgeArtifact;
  } catch {
    return undefined; // a corrupt artifact is simply rebuilt
  }
}

/** Builds the artifact from a seeds directory, reusing cached embeddings and embedding new passages when a key is set. */
export async function buildFromDisk(
  env: NodeJS.ProcessEnv,
  paths: SourcePaths = DEFAULT_SOURCE_PATHS,
): Promise<{ artifact: KnowledgeArtifact; json: string; changed: boolean; embedded: boolean }> {
  const config = loadConfig(env);
  const secrets = await loadSecrets({ ...config, runtime: "local" }, env);
  const previous = readPrevious(paths.artifactPath);
  const options: BuildOptions = {};
  // A bad card (a quote not in the seeds) throws GuideCardError here and fails the build.
  const loadCards = guideCardLoader(paths.guideDir);
  if (loadCards) options.loadCards = loadCards;
  const questions = readPractitionerQuestions(paths.questionsPath);
  if (questions.length > 0) options.questions = questions;
  if (previous) options.previous = previous;
  if (secrets.openaiApiKey) {
    const settings = { ...config.openai, apiKey: secrets.openaiApiKey, deadlineMs: 60_000 };
    const client = await makeOpenAiClient(settings);
    options.embeddingModel = settings.embeddingModel;
    options.embed = (texts) => embedTexts(client, settings.embeddingModel, texts);
  }
  const artifact = await buildArtifact(readSeedFiles(paths.seedsDir), options);
  const json = serialiseArtifact(artifact);
  const before = existsSync(paths.artifactPath) ? readFileSync(paths.artifactPath, "utf8") : "";
  return { artifact, json, changed: json !== before, embedded: Boolean(artifact.embeddings) };
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const started = performance.now();
  const { artifact, json, changed, embedded } = await buildFromDisk(process.env);
  const ms = Math.round(performance.now() - started);
  const summary = `${artifact.passages.length} passages and ${artifact.cards?.length ?? 0} guide cards from ${new Set(artifact.passages.map((p) => p.source)).size} files, ${Math.round(json.length / 1024)} KB, ${embedded ? `embeddings: ${artifact.embeddings?.model}` : "lexical only"}, ${ms} ms`;
  if (check) {
    console.log(
      changed
        ? `knowledge artifact is STALE: run npm run build:index (${summary})`
        : `knowledge artifact is up to date (${summary})`,
    );
    process.exitCode = changed ? 1 : 0;
    return;
  }
  mkdirSync(dirname(ARTIFACT_PATH), { recursive: true });
  writeFileSync(ARTIFACT_PATH, json);
  console.log(`${changed ? "wrote" : "unchanged"} ${ARTIFACT_PATH}: ${summary}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`build:index failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
