/**
 * The knowledge artifact: everything the runtime needs, built deterministically from seeds/ and the
 * thesaurus, committed at knowledge/artifact/index.json and bundled into the Lambdas.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { type StoredAskedBefore, storeAskedBefore } from "./asked-before.ts";
import { parseCorpus, type SeedFile } from "./corpus.ts";
import thesaurusData from "./data/thesaurus.json" with { type: "json" };
import { quantiseVector, type StoredEmbeddings } from "./embeddings.ts";
import type { GuideCard } from "./guide-cards.ts";
import { passingNamesOf } from "./named-subject.ts";
import {
  heardByPassage,
  isAnswerable,
  type PractitionerQuestion,
  passagesAnswering,
} from "./practitioner-questions.ts";
import { buildSearchIndex, documentFrequencies, type SerialisedIndex } from "./search-index.ts";
import { isStopword, wordsOf } from "./text.ts";
import { THESAURUS } from "./thesaurus.ts";
import type { Passage } from "./types.ts";

/**
 * Bump when parsing or indexing changes in a way the seeds hash cannot see (5: more contractions are stopwords;
 * 6: the index has a `heard` field for practitioners' questions; 7: the questions asked before, `askedBefore`;
 * 8: the passages answering each answered one, `askedBefore.answeredBy`).
 */
export const ARTIFACT_FORMAT = 8;

/** The committed artifact's shape. */
export interface KnowledgeArtifact {
  format: number;
  /** sha256 over the seed files (names and bytes), the thesaurus and the format. */
  sourceHash: string;
  passages: Passage[];
  /** MiniSearch index in its plain-object form (parsed with the artifact, never a second time). */
  index: SerialisedIndex;
  /** Document frequency of each index term, for weighting how much of a question a passage covers. */
  df: Record<string, number>;
  /** Words of the corpus and thesaurus, most frequent first: the dictionary typos are repaired against. */
  vocabulary: string[];
  /** Stems of the names the passages mention only in passing (named-subject.ts), built here so no Lambda builds them. */
  passingNames?: string[];
  /** The guide's answer cards, validated against the passages at build time (so a Lambda reads no card files). */
  cards?: GuideCard[];
  /** The practitioners' questions, answered or not, as stem ids (asked-before.ts); absent without them. */
  askedBefore?: StoredAskedBefore;
  /** Present only when every passage has a vector for the same model. */
  embeddings?: StoredEmbeddings;
}

/** Hash of everything the lexical artifact is derived from (seeds, thesaurus, cards, practitioners' questions). */
export function hashSources(
  files: readonly SeedFile[],
  cards: readonly GuideCard[] = [],
  questions: readonly PractitionerQuestion[] = [],
): string {
  const hash = createHash("sha256");
  hash.update(`format:${ARTIFACT_FORMAT}\n`);
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    hash.update(`file:${file.name}\n${file.text.length}\n${file.text}\n`);
  }
  hash.update(`thesaurus:${JSON.stringify(thesaurusData)}\n`);
  if (cards.length > 0) hash.update(`cards:${JSON.stringify(cards)}\n`);
  if (questions.length > 0) hash.update(`questions:${JSON.stringify(questions)}\n`);
  return hash.digest("hex");
}

/** Options for building: cached vectors to reuse and, when a key is configured, a way to embed. */
export interface BuildOptions {
  previous?: KnowledgeArtifact;
  embeddingModel?: string;
  embed?: (texts: string[]) => Promise<number[][]>;
  /**
   * Reads and validates the guide cards against the parsed passages; throws (GuideCardError) on a
   * bad card, which fails the build.
   */
  loadCards?: (passages: readonly Passage[]) => GuideCard[];
  /**
   * Practitioners' questions (practitioner-questions.ts): each indexed with the passages that answer it, and all of
   * them, answered or not, stored as the questions asked before (asked-before.ts).
   */
  questions?: readonly PractitionerQuestion[];
}

/** The text a passage is embedded as: its title gives it context. */
export function embeddingInput(passage: Passage): string {
  return `${passage.title}\n\n${passage.text}`;
}

/** The guide cards a build includes, with file names only: the artifact (and its hash) must not depend on where the repo is checked out. */
function cardsOf(passages: readonly Passage[], loadCards: BuildOptions["loadCards"]): GuideCard[] {
  return (loadCards?.(passages) ?? []).map((card) => ({ ...card, file: basename(card.file) }));
}

/**
 * The `sourceHash` a build of these files (and cards) records, without building the index: how a local run
 * tells whether the committed artifact is current. It must count the guide cards as the build does, or
 * every check reads the artifact as stale.
 */
export function sourceHashOf(
  files: readonly SeedFile[],
  loadCards?: BuildOptions["loadCards"],
  questions?: BuildOptions["questions"],
): string {
  const { passages } = parseCorpus([...files]);
  return hashSources(files, cardsOf(passages, loadCards), questions);
}

/** Builds the artifact from seed files. Same inputs, same bytes. */
export async function buildArtifact(
  files: readonly SeedFile[],
  options: BuildOptions = {},
): Promise<KnowledgeArtifact> {
  const { passages } = parseCorpus([...files]);
  const cards = cardsOf(passages, options.loadCards);
  const questions = options.questions ?? [];
  const index = buildSearchIndex(passages, cards, heardByPassage(questions, passages));
  const artifact: KnowledgeArtifact = {
    format: ARTIFACT_FORMAT,
    sourceHash: hashSources(files, cards, questions),
    passages,
    index: index.toJSON(),
    df: documentFrequencies(passages),
    vocabulary: buildVocabulary(passages),
  };
  artifact.passingNames = passingNamesOf(passages, artifact.df);
  if (cards.length > 0) artifact.cards = cards;
  if (questions.length > 0) artifact.askedBefore = askedBeforeOf(questions, cards, passages);
  const embeddings = await collectEmbeddings(passages, options);
  if (embeddings) artifact.embeddings = embeddings;
  return artifact;
}

/**
 * The questions asked before, in the artifact's compact form: the practitioners' questions, and the guide cards'
 * phrasings as answered ones (each is a way practitioners ask what its card answers).
 */
export function askedBeforeOf(
  questions: readonly PractitionerQuestion[],
  cards: readonly GuideCard[],
  passages: readonly Passage[],
): StoredAskedBefore {
  const position = new Map(passages.map((passage, at) => [passage.id, at]));
  const positions = (ids: Iterable<string>) =>
    [...new Set(ids)].flatMap((id) => {
      const at = position.get(id);
      return at === undefined ? [] : [at];
    });
  return storeAskedBefore(
    [
      ...questions.filter(isAnswerable).map((question) => ({
        text: question.q,
        passages: positions(passagesAnswering(question, passages)),
      })),
      // A card's phrasings are answered by the passages its sentences quote.
      ...cards.flatMap((card) => {
        const quoted = positions(card.sentences.map((sentence) => sentence.passageId));
        return card.questions.map((text) => ({ text, passages: quoted }));
      }),
    ],
    questions.filter((question) => !isAnswerable(question)).map((question) => question.q),
  );
}

function collectEmbeddings(
  passages: readonly Passage[],
  options: BuildOptions,
): Promise<StoredEmbeddings | undefined> {
  return completeEmbeddings(passages, options.embeddingModel ?? options.previous?.embeddings?.model, {
    known: [options.previous?.embeddings],
    ...(options.embed ? { embed: options.embed } : {}),
  });
}

/**
 * Every passage's vector for `model`: reused from `known` sets of stored vectors built with that model (later
 * sets win; passage ids are hashes of their text, so a reused vector is the right one), and only passages with
 * none embedded. Undefined with no model, or when vectors are missing and there is no way to embed: a partial
 * set would rank unevenly.
 */
export async function completeEmbeddings(
  passages: readonly Passage[],
  model: string | undefined,
  source: { known: readonly (StoredEmbeddings | undefined)[]; embed?: BuildOptions["embed"] },
): Promise<StoredEmbeddings | undefined> {
  if (!model) return undefined;
  const matching = source.known.filter((set): set is StoredEmbeddings => set?.model === model);
  const cached: Record<string, string> = Object.assign({}, ...matching.map((set) => set.vectors));
  let dimensions = matching.at(-1)?.dimensions ?? 0;
  const missing = passages.filter((p) => cached[p.id] === undefined);
  if (missing.length > 0) {
    if (!source.embed) return undefined;
    const vectors = await source.embed(missing.map(embeddingInput));
    missing.forEach((passage, i) => {
      const vector = vectors[i];
      if (!vector) throw new Error(`no embedding returned for passage ${passage.id}`);
      dimensions = vector.length;
      cached[passage.id] = quantiseVector(vector);
    });
  }
  const vectors: Record<string, string> = {};
  for (const passage of passages) vectors[passage.id] = cached[passage.id] as string;
  return { model, dimensions, vectors };
}

/** Corpus and thesaurus words (no stopwords), most frequent first, ties alphabetical. */
export function buildVocabulary(passages: readonly Passage[]): string[] {
  const counts = new Map<string, number>();
  const count = (text: string) => {
    for (const word of wordsOf(text)) {
      if (word.length >= 3 && !isStopword(word) && !/\d/.test(word))
        counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  };
  // A post's author is a name the articles give ("what did Bicknell say about...?"), though no passage's text says it.
  for (const passage of passages) count(`${passage.title} ${passage.author ?? ""} ${passage.text}`);
  for (const concept of THESAURUS)
    for (const term of [...concept.terms, ...(concept.queryTerms ?? [])]) count(term);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([word]) => word);
}

/** The artifact as written to disk: compact, stable key order. */
export function serialiseArtifact(artifact: KnowledgeArtifact): string {
  return `${JSON.stringify(artifact)}\n`;
}
