/** The retrieval knobs and the values Pathfinder ships with (measured on the dev eval sets; docs/knowledge.md). */

/** Knobs measured on the eval set (tests/knowledge/eval); see docs/knowledge.md. */
export interface RetrievalTuning {
  titleBoost: number;
  textBoost: number;
  conceptBoost: number;
  /** Boost of the card questions a passage is expanded with (search-index.ts's `asked` field). */
  askedBoost: number;
  /**
   * Weight of the practitioners' questions a passage answers (search-index.ts's `heard` field), searched on their
   * own and added to the passage's score: they order passages, never lift confidence.
   */
  heardBoost: number;
  /** Edit distance allowed, as a fraction of word length, for words of at least `fuzzyMinLength`. */
  fuzzy: number;
  fuzzyMinLength: number;
  fuzzyWeight: number;
  /** Weight of a word that is part of a recognised multi-word thesaurus phrase. */
  phraseWordWeight: number;
  /** Rewards passages covering more of the question: lexical score times (1 + coordination * coverage). */
  coordination: number;
  /** Share of the final score taken from embedding similarity when vectors are available. */
  semanticWeight: number;
  /** BM25 term-frequency saturation (k), length normalisation (b) and floor (d). */
  bm25: { k: number; b: number; d: number };
  /** At most this many distinct query words are searched (a pasted essay is not a question). */
  maxQueryTerms: number;
  /** How fully a thesaurus concept stands in for a question's own word. */
  conceptCredit: number;
  /** How fully a repaired typo stands in for the word the asker meant. */
  repairCredit: number;
  /** Candidates from BM25 that are re-scored on evidence coverage. */
  rerankDepth: number;
  /** Share of the ranking's coverage reward taken from slot evidence (the rest: matched index terms). */
  slotShare: number;
  /** Words the thesaurus knows as the field's vocabulary weigh this much more than chatter. */
  conceptSlotBoost: number;
  /** Rewards passages that cover the question's main concept (its subject): score times (1 + keyBoost * credit). */
  keyBoost: number;
  /** A word at least this common in everyday English (Zipf) is never treated as a typo. */
  realWordZipf: number;
  /** An unseen word that is rare in everyday English weighs up to this share of the rarest corpus word. */
  unseenRareShare: number;
}

/** The tuning Pathfinder ships with. */
export const DEFAULT_TUNING: RetrievalTuning = {
  titleBoost: 0.5,
  textBoost: 1,
  conceptBoost: 1.5,
  askedBoost: 0.5,
  heardBoost: 1.5,
  fuzzy: 0.2,
  fuzzyMinLength: 6,
  fuzzyWeight: 0.45,
  coordination: 3,
  phraseWordWeight: 0.6,
  semanticWeight: 0.4,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  maxQueryTerms: 40,
  conceptCredit: 0.8,
  repairCredit: 0.7,
  rerankDepth: 30,
  slotShare: 0.25,
  conceptSlotBoost: 1.5,
  keyBoost: 0.5,
  realWordZipf: 3.5,
  unseenRareShare: 1,
};
