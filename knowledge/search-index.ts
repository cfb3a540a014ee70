/**
 * The MiniSearch configuration shared by the index build and the runtime loader: both must agree
 * exactly, or a serialised index would be read with different tokenisation than it was built with.
 */
import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { contentStems } from "./text.ts";
import { compileThesaurus, conceptToken } from "./thesaurus.ts";
import type { Passage } from "./types.ts";

/** What MiniSearch indexes for one passage. */
export interface IndexedDocument {
  id: string;
  title: string;
  text: string;
  /** Concept tokens (see thesaurus.ts), space-separated. */
  concepts: string;
}

/** Fields, in index order. */
export const INDEX_FIELDS = ["title", "text", "concepts"] as const;

/** MiniSearch options: text fields are stemmed; the concept field is already tokens. */
export const INDEX_OPTIONS: Options<IndexedDocument> = {
  idField: "id",
  fields: [...INDEX_FIELDS],
  storeFields: [],
  tokenize: (text, fieldName) =>
    fieldName === "concepts" ? text.split(" ").filter(Boolean) : contentStems(text),
  // Terms arrive already normalised and stemmed (from tokenize, or from analyseQuery at search time).
  processTerm: (term) => term,
};

const passageMatcher = compileThesaurus().passages;

/** The document MiniSearch indexes for a passage: its title gives context to every passage of a post. */
export function toIndexedDocument(passage: Passage): IndexedDocument {
  const concepts = passageMatcher.conceptsIn(`${passage.title}\n${passage.text}`).map(conceptToken);
  return { id: passage.id, title: passage.title, text: passage.text, concepts: concepts.join(" ") };
}

/** Builds a fresh index over the passages. */
export function buildSearchIndex(passages: readonly Passage[]): MiniSearch<IndexedDocument> {
  const index = new MiniSearch<IndexedDocument>(INDEX_OPTIONS);
  index.addAll(passages.map(toIndexedDocument));
  return index;
}

/** The index as stored in the artifact: MiniSearch's plain-object form (MiniSearch#toJSON). */
export type SerialisedIndex = AsPlainObject;

/**
 * Loads a stored index. It is kept as a plain object inside the artifact, not a JSON string, so a
 * cold start parses the artifact once instead of parsing the index a second time.
 */
export function loadSearchIndex(stored: SerialisedIndex): MiniSearch<IndexedDocument> {
  return MiniSearch.loadJS<IndexedDocument>(stored, INDEX_OPTIONS);
}

/** Document frequency of every index term across all fields (for coverage weights at query time). */
export function documentFrequencies(passages: readonly Passage[]): Record<string, number> {
  const df = new Map<string, number>();
  for (const passage of passages) {
    const doc = toIndexedDocument(passage);
    const terms = new Set([
      ...contentStems(`${doc.title} ${doc.text}`),
      ...doc.concepts.split(" ").filter(Boolean),
    ]);
    for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
  }
  return Object.fromEntries([...df.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
