/**
 * Typo repair for questions typed in a hurry ("counciller", "pensoins", "procurment"): a word the
 * corpus and thesaurus have never seen is replaced by the most frequent known word within one or
 * two edits. Stemming alone cannot do this: a misspelt word stems to something unrelated.
 */
import { isStopword, LONG_STOPWORDS } from "./text.ts";

// Scratch rows reused across calls: repair runs on every query and must not churn the heap.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal-string-alignment distance (a swap of neighbours counts as one edit), capped at `max + 1`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
    rowC = new Int32Array(b.length + 1);
  }
  let previous2 = rowA;
  let previous = rowB;
  let current = rowC;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, (previous2[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length] as number;
}

/** Repairs misspelt words against a vocabulary ordered most frequent first. */
export interface SpellingCorrector {
  /** The word itself when known (or too short to judge), else the closest known word, else itself. */
  correct(word: string): string;
}

/**
 * Builds a corrector over a vocabulary (normalised words, most frequent first). `isKnown` lets the
 * caller accept words the list lacks but the index knows (another inflection of a known stem).
 */
export function createSpellingCorrector(
  vocabulary: readonly string[],
  isKnown: (word: string) => boolean = () => false,
): SpellingCorrector {
  const known = new Set(vocabulary);
  const byLength = new Map<number, { word: string; rank: number }[]>();
  vocabulary.forEach((word, rank) => {
    const list = byLength.get(word.length) ?? [];
    list.push({ word, rank });
    byLength.set(word.length, list);
  });
  const cache = new Map<string, string>();
  return {
    correct(word) {
      // Short words are too often real words the corpus lacks ("reset" is not a typo of "rest").
      if (word.length < 6 || known.has(word) || isStopword(word) || /\d/.test(word) || isKnown(word))
        return word;
      const cached = cache.get(word);
      if (cached !== undefined) return cached;
      // A typo of a word that carries no subject ("actualy", "somthing", "becuase") is that word: read
      // against the vocabulary alone, "actualy" became "actuary", a rare word weighing heavily.
      const stopword = LONG_STOPWORDS.find((candidate) => editDistance(word, candidate, 1) <= 1);
      if (stopword) {
        if (cache.size < 10_000) cache.set(word, stopword);
        return stopword;
      }
      const max = word.length >= 9 ? 2 : 1;
      let best = word;
      let bestDistance = max + 1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let length = word.length - max; length <= word.length + max; length++) {
        for (const candidate of byLength.get(length) ?? []) {
          // Typos rarely hit the first letter, and a word differing there is usually another real word
          // ("lender" is not a typo of "tender", nor "gender", "folder" of "holder", "traction" of
          // "fraction"); skipping those also keeps repair under a millisecond.
          if (candidate.word[0] !== word[0]) continue;
          const distance = editDistance(word, candidate.word, Math.min(max, bestDistance));
          if (distance > max) continue;
          if (distance < bestDistance || (distance === bestDistance && candidate.rank < bestRank)) {
            best = candidate.word;
            bestDistance = distance;
            bestRank = candidate.rank;
          }
        }
      }
      if (cache.size < 10_000) cache.set(word, best);
      return best;
    },
  };
}
