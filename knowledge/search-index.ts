/**
 * The MiniSearch configuration shared by the index build and the runtime loader: both must agree
 * exactly, or a serialised index would be read with different tokenisation than it was built with.
 */
import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import type SearchableMap from "minisearch/SearchableMap";
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
  /**
   * The titles and questions of the guide cards that quote this passage (doc2query-style expansion):
   * practitioners' wording ("cllrs", "staff side") that the 2011-12 prose never uses.
   */
  asked: string;
  /**
   * Questions practitioners asked that this passage answers (knowledge/data/practitioner-questions.json): how
   * people in the field put things, searched apart from the rest (retrieval.ts) so they order passages but
   * never lift confidence.
   */
  heard: string;
}

/** Fields, in index order. */
export const INDEX_FIELDS = ["title", "text", "concepts", "asked", "heard"] as const;

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
export function toIndexedDocument(passage: Passage, asked = "", heard = ""): IndexedDocument {
  const concepts = passageMatcher.conceptsIn(`${passage.title}\n${passage.text}`).map(conceptToken);
  return {
    id: passage.id,
    title: passage.title,
    text: passage.text,
    concepts: concepts.join(" "),
    asked,
    heard,
  };
}

/** A card's wording, as far as expansion needs it (guide-cards.ts's GuideCard fits). */
export interface AskedCard {
  title: string;
  questions: readonly string[];
  sentences: readonly { passageId: string }[];
}

/** For each passage id, the titles and questions of the cards that quote it, joined. */
export function askedByPassage(cards: readonly AskedCard[]): Map<string, string> {
  const asked = new Map<string, string[]>();
  for (const card of cards) {
    for (const id of new Set(card.sentences.map((s) => s.passageId))) {
      const list = asked.get(id) ?? [];
      list.push(card.title, ...card.questions);
      asked.set(id, list);
    }
  }
  return new Map([...asked].map(([id, texts]) => [id, texts.join("\n")]));
}

/**
 * Builds a fresh index over the passages, each expanded with the questions of the cards quoting it and the
 * practitioners' questions it answers (by passage id).
 */
export function buildSearchIndex(
  passages: readonly Passage[],
  cards: readonly AskedCard[] = [],
  heard: ReadonlyMap<string, string> = new Map(),
): MiniSearch<IndexedDocument> {
  const asked = askedByPassage(cards);
  const index = new MiniSearch<IndexedDocument>(INDEX_OPTIONS);
  index.addAll(passages.map((p) => toIndexedDocument(p, asked.get(p.id), heard.get(p.id))));
  return index;
}

/** The index as stored in the artifact: MiniSearch's plain-object form (MiniSearch#toJSON). */
export type SerialisedIndex = AsPlainObject;

/** Whether any passage of a stored index carries practitioners' questions (a documents index has none). */
export function hasHeardQuestions(stored: SerialisedIndex): boolean {
  const field = stored.fieldIds.heard;
  return field !== undefined && (stored.averageFieldLength[field] ?? 0) > 0;
}

/**
 * Loads a stored index. It is kept as a plain object inside the artifact, not a JSON string, so a
 * cold start parses the artifact once instead of parsing the index a second time. A loaded index is
 * only searched, never added to, so its fuzzy lookups are remembered (memoiseFuzzyLookups).
 */
export function loadSearchIndex(stored: SerialisedIndex): MiniSearch<IndexedDocument> {
  const index = MiniSearch.loadJS<IndexedDocument>(stored, INDEX_OPTIONS);
  memoiseFuzzyLookups(index);
  return index;
}

/** Query terms whose fuzzy matches one index remembers: a few hundred bytes each, well over a day's questions' words. */
export const FUZZY_MEMO_CAPACITY = 4096;

/** What MiniSearch's radix tree answers for a fuzzy lookup: each index term within the distance, its postings and distance. */
type FuzzyMatches = ReturnType<SearchableMap["fuzzyGet"]>;

/**
 * Remembers the fuzzy lookups of an index that no longer changes. For every query term searched with
 * `fuzzy`, MiniSearch walks its radix tree within a Levenshtein bound (a fifth to a quarter of an offline
 * ask's CPU in profiles); the index terms within a distance of a term are a pure function of the term while the
 * index is unchanged, and the same words recur across questions. Bounded: the least recently used term
 * goes first. MiniSearch has no hook for this, so the lookup of the instance's own radix tree (its
 * private `_index`, a SearchableMap) is wrapped; each call gets its own copy of the remembered Map,
 * since MiniSearch deletes from it when a search also asks for prefix matches. Never use it on an
 * index that is still being added to: the remembered matches would miss the new terms.
 */
export function memoiseFuzzyLookups(
  index: MiniSearch<IndexedDocument>,
  capacity: number = FUZZY_MEMO_CAPACITY,
): { readonly size: number } {
  const tree = (index as unknown as { _index: SearchableMap })._index;
  const lookup = tree.fuzzyGet.bind(tree);
  // A Map iterates in insertion order, so re-inserting on a hit keeps the least recently used first:
  // an LRU in a few lines, which no dependency of Pathfinder's provides.
  const memo = new Map<string, FuzzyMatches>();
  tree.fuzzyGet = (term: string, maxDistance: number): FuzzyMatches => {
    const key = `${maxDistance} ${term}`;
    let matches = memo.get(key);
    if (matches) memo.delete(key);
    else {
      matches = lookup(term, maxDistance);
      if (memo.size >= capacity) memo.delete(memo.keys().next().value as string);
    }
    memo.set(key, matches);
    return new Map(matches);
  };
  return {
    get size() {
      return memo.size;
    },
  };
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
