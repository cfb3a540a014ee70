/**
 * Questions asked before (issue 11): the practitioners' questions (practitioner-questions.ts) include thousands the
 * articles do not answer, written by the same independent writers as the answerable ones: near-misses in the field's
 * own words ("what LGPS contribution rate did the spin-outs pay?"), everyday questions sharing its words, requests.
 * A question that reads like the unanswered ones is declined, however well its words meet a passage: the near-misses
 * sharing the posts' subject are what the answer checks let through.
 *
 * Two readings must agree, because each alone is fooled:
 * - **its nearest questions** (BM25) are mostly unanswered ones. Alone, this declines short general questions ("can
 *   staff buy shares in the mutual?"), whose nearest questions are the longer near-misses holding all their words
 *   ("how do we set up a direct debit for staff buying shares in the mutual?");
 * - **its words, weighed one by one** (naive Bayes, equal priors), lean to the unanswered questions: "shares" and
 *   "staff" are as common in answered questions, "direct debit" is not. Alone, this misses a near-miss made of
 *   common words.
 *
 * The guide cards' phrasings count as answered questions too: without them, the short general questions a new user
 * asks ("what is the Open Public Services white paper") were declined six times as often as the dev sets' questions
 * (3.6% of the phrasings, each card's own left out, against 0.6%).
 *
 * Stored compactly in the artifact as stem ids (`StoredAskedBefore`); BM25 is computed with MiniSearch's formula and
 * parameters (a test checks the scores agree with MiniSearch's). Hand-written because a MiniSearch index of the ~9,000
 * questions and phrasings is ~830 KB of artifact and ~45 ms to load, most of the cold-load budget; stem ids are a
 * quarter of that, read in ~8 ms (~30 ms in a cold process, at the first question that needs them). No installed
 * library classifies text, and naive Bayes here is two counts per word.
 */
import { contentStems } from "./text.ts";

/**
 * The questions asked before, answerable ones and ones the articles do not answer: each question is its content
 * stems as ids into `terms` (most frequent first), written in base 36 and separated by spaces, the questions
 * separated by commas ("0 1k 3f,2 a"). About a third the size of JSON arrays of numbers.
 */
export interface StoredAskedBefore {
  terms: string[];
  answerable: string;
  /**
   * For each answerable question, in the same order, the passages that answer it, as positions in the artifact's
   * passage list written in base 36 ("3 1f,a"): what the vote reads. Absent in an artifact built before it.
   */
  answeredBy?: string;
  outOfScope: string;
}

/** An answered question asked before, and the passages that answer it (positions in the artifact's passage list). */
export interface AnsweredQuestion {
  text: string;
  passages: readonly number[];
}

/** How the questions asked before decide (measured with each dev set's own questions left out; docs/knowledge.md). */
export const ASKED_BEFORE = {
  /** How many of the nearest questions are read. */
  neighbours: 10,
  /** The share of the nearest questions' score that must come from unanswered ones. */
  nearestShare: 0.7,
  /** How far the question's words must lean to the unanswered questions (naive Bayes probability, equal priors). */
  wordsLean: 0.7,
  /** Laplace smoothing of the word counts. */
  smoothing: 1,
  /** BM25 as MiniSearch computes it (k1, b, and the BM25+ floor d). */
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  /**
   * The vote: each of the question's `neighbours` nearest questions asked before that was answered gives its score to
   * the passages that answer it, shared equally; a passage whose votes reach `share` of the neighbours' whole score
   * (the unanswered ones' included) leads the answer; at `answers`, it answers although its words meet the question
   * too weakly for the passage alone to (index.ts).
   */
  vote: { neighbours: 3, leads: 0.5, answers: 0.7 },
  /**
   * An answer from passages that no question among the `neighbours` nearest asked before was answered by is declined
   * when its confidence is under `confidence` (index.ts): two readings of the question disagree.
   */
  agree: { neighbours: 5, confidence: 0.8 },
};

/** The questions asked before in stored form: each question's content stems as ids into one term list. */
export function storeAskedBefore(
  answerable: readonly AnsweredQuestion[],
  outOfScope: readonly string[],
): StoredAskedBefore {
  // Each question stemmed once; one of stopwords alone is left out, with its passages, so the two lists stay in step.
  const kept = answerable
    .map((question) => ({ stems: contentStems(question.text), passages: question.passages }))
    .filter(({ stems }) => stems.length > 0);
  const asked = kept.map(({ stems }) => stems);
  const unanswered = outOfScope.map((text) => contentStems(text)).filter((stems) => stems.length > 0);
  // The most frequent stems get the shortest ids (ties alphabetical, so a build is byte for byte repeatable).
  const counts = new Map<string, number>();
  for (const stems of [...asked, ...unanswered])
    for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const terms = [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([stem]) => stem);
  const ids = new Map(terms.map((term, id) => [term, id.toString(36)]));
  const encode = (questions: string[][]) =>
    questions.map((stems) => stems.map((stem) => ids.get(stem)).join(" ")).join(",");
  return {
    terms,
    answerable: encode(asked),
    answeredBy: kept.map((question) => question.passages.map((at) => at.toString(36)).join(" ")).join(","),
    outOfScope: encode(unanswered),
  };
}

/** The stored passages of each answered question (`answeredBy`), read once; an unreadable position is skipped. */
function decodeAnsweredBy(stored: string | undefined): number[][] {
  if (!stored) return [];
  return stored.split(",").map((list) =>
    list
      .split(" ")
      .filter(Boolean)
      .map((id) => Number.parseInt(id, 36))
      .filter((at) => Number.isInteger(at) && at >= 0),
  );
}

/**
 * Stored lists of questions back as one flat array of stem ids, question `q`'s ids at ids[offsets[q]..offsets[q+1]),
 * the lists' questions one after another (`counts`: how many each list holds).
 * Read character by character: splitting into arrays of strings cost ten times as long at every cold start.
 */
function decode(lists: readonly (string | undefined)[]): {
  ids: Int32Array;
  offsets: Int32Array;
  counts: number[];
} {
  const ids: number[] = [];
  const offsets: number[] = [0];
  const counts: number[] = [];
  for (const list of lists) {
    const before = offsets.length;
    counts.push(0);
    if (!list) continue;
    let value = 0;
    for (let at = 0; at <= list.length; at++) {
      const code = at < list.length ? list.charCodeAt(at) : 44;
      if (code === 32 || code === 44) {
        ids.push(value);
        value = 0;
        if (code === 44) offsets.push(ids.length);
      } else value = value * 36 + (code <= 57 ? code - 48 : code - 87);
    }
    counts[counts.length - 1] = offsets.length - before;
  }
  return { ids: Int32Array.from(ids), offsets: Int32Array.from(offsets), counts };
}

/** One of the nearest questions asked before: which (its position, answerable ones first), its score, its kind. */
export interface Neighbour {
  question: number;
  score: number;
  answerable: boolean;
}

/** Reads a question against the questions asked before. */
export interface AskedBefore {
  /** The nearest questions asked before, best first (none when no question shares a word). */
  nearest(text: string, count?: number): Neighbour[];
  /** The share of the nearest questions' score from unanswered ones; undefined when none shares a word. */
  nearestShare(text: string): number | undefined;
  /** How far the question's known words lean to the unanswered questions (0-1); undefined when none is known. */
  wordsLean(text: string): number | undefined;
  /** Whether both readings say the question is like those the articles do not answer (ASKED_BEFORE). */
  readsUnanswered(text: string): boolean;
  /** The passage the nearest answered questions vote for most, with its share of the neighbours' score (ASKED_BEFORE.vote). */
  vote(text: string): Vote | undefined;
  /**
   * Both at once, the question stemmed and its nearest questions found once: whether it reads unanswered, and
   * otherwise the vote of its nearest answered questions and the passages answering any of its
   * ASKED_BEFORE.agree.neighbours nearest (`nearby`).
   */
  read(text: string): { unanswered: boolean; vote?: Vote; nearby?: number[] };
}

/** The vote's winner: a passage (its position in the artifact's passage list) and its share of the neighbours' score. */
export interface Vote {
  passage: number;
  share: number;
}

/** The reader over stored questions asked before; postings and counts are built once, here (~8 ms warm, ~30 ms cold). */
export function createAskedBefore(stored: StoredAskedBefore | undefined): AskedBefore {
  const { ids, offsets, counts } = decode([stored?.answerable, stored?.outOfScope]);
  const answerableCount = counts[0] ?? 0;
  const questionCount = offsets.length - 1;
  const terms = stored?.terms ?? [];
  const termIds = new Map(terms.map((term, id) => [term, id]));
  // Postings in flat typed arrays: for term t, the questions holding it are postingQuestion[start[t]..start[t+1])
  // with how often in postingCount. Also each question's length, and in how many answered and unanswered questions
  // each term occurs (what naive Bayes reads). A question's stems are few, so repeats are found by a scan.
  const start = new Int32Array(terms.length + 1);
  const lengths = new Float64Array(questionCount);
  const inAnswered = new Float64Array(terms.length);
  const inUnanswered = new Float64Array(terms.length);
  /** Calls `visit` once per distinct stem of each question, with how often the question holds it. */
  const eachDistinct = (visit: (question: number, id: number, tf: number) => void) => {
    for (let question = 0; question < questionCount; question++) {
      const [from, to] = [offsets[question] ?? 0, offsets[question + 1] ?? 0];
      for (let at = from; at < to; at++) {
        const id = ids[at] ?? 0;
        // An id with no term (a damaged artifact) is skipped rather than written past the arrays' ends.
        if (id < 0 || id >= terms.length) continue;
        let seen = false;
        for (let before = from; before < at && !seen; before++) seen = ids[before] === id;
        if (seen) continue;
        let tf = 1;
        for (let after = at + 1; after < to; after++) if (ids[after] === id) tf++;
        visit(question, id, tf);
      }
    }
  };
  // A question's length is its number of distinct stems, as MiniSearch counts a field's length.
  let total = 0;
  eachDistinct((question, id) => {
    lengths[question] = (lengths[question] ?? 0) + 1;
    total += 1;
    start[id + 1] = (start[id + 1] ?? 0) + 1;
    const tally = question < answerableCount ? inAnswered : inUnanswered;
    tally[id] = (tally[id] ?? 0) + 1;
  });
  for (let id = 0; id < terms.length; id++) start[id + 1] = (start[id + 1] ?? 0) + (start[id] ?? 0);
  const postingQuestion = new Int32Array(start[terms.length] ?? 0);
  const postingCount = new Uint8Array(postingQuestion.length);
  const filled = start.slice(0, terms.length);
  eachDistinct((question, id, tf) => {
    const at = filled[id] ?? 0;
    filled[id] = at + 1;
    postingQuestion[at] = question;
    postingCount[at] = Math.min(255, tf);
  });
  const average = questionCount > 0 ? total / questionCount : 1;
  const sum = (counts: Float64Array) => counts.reduce((all, count) => all + count, 0);
  const [answeredWords, unansweredWords] = [sum(inAnswered), sum(inUnanswered)];
  // Scratch space for one question's scores, reused (a Lambda answers one question at a time per instance).
  const scores = new Float64Array(questionCount);
  const matched = new Uint16Array(questionCount);
  const touched = new Int32Array(questionCount);

  /** The question's distinct stems that some question asked before holds, as term ids. */
  const knownTerms = (text: string) =>
    [...new Set(contentStems(text))].flatMap((stem) => {
      const id = termIds.get(stem);
      return id === undefined ? [] : [id];
    });

  /** Whether a question scoring `score` comes before `other` among the nearest: higher scores first, ties in order. */
  const ranksBefore = (score: number, question: number, other: Neighbour) =>
    score > other.score || (score === other.score && question < other.question);

  // Each reading takes the question's term ids, so `readsUnanswered` stems the question once for both.
  const nearestOf = (known: readonly number[], count: number): Neighbour[] => {
    const { k, b, d } = ASKED_BEFORE.bm25;
    let touchedCount = 0;
    for (const id of known) {
      const [from, to] = [start[id] ?? 0, start[id + 1] ?? 0];
      const idf = Math.log(1 + (questionCount - (to - from) + 0.5) / (to - from + 0.5));
      for (let at = from; at < to; at++) {
        const question = postingQuestion[at] ?? 0;
        const tf = postingCount[at] ?? 1;
        const length = lengths[question] ?? 0;
        if ((matched[question] ?? 0) === 0) touched[touchedCount++] = question;
        scores[question] =
          (scores[question] ?? 0) + idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / average)));
        matched[question] = (matched[question] ?? 0) + 1;
      }
    }
    // MiniSearch multiplies a document's summed score by how many distinct query terms it matched. The best `count`
    // are kept in order as they are met (perf: a common word touches thousands of questions, and sorting them all
    // cost more than the rest of answering).
    const best: Neighbour[] = [];
    for (let next = 0; next < touchedCount; next++) {
      const question = touched[next] ?? 0;
      const score = (scores[question] ?? 0) * (matched[question] ?? 0);
      scores[question] = 0;
      matched[question] = 0;
      const last = best[best.length - 1];
      if (best.length === count && last && !ranksBefore(score, question, last)) continue;
      let at = best.length;
      while (at > 0 && ranksBefore(score, question, best[at - 1] as Neighbour)) at--;
      best.splice(at, 0, { question, score, answerable: question < answerableCount });
      if (best.length > count) best.pop();
    }
    return best;
  };

  const nearestShareOf = (
    known: readonly number[],
    found = nearestOf(known, ASKED_BEFORE.neighbours),
  ): number | undefined => {
    const all = found.reduce((sum, n) => sum + n.score, 0);
    if (all <= 0) return undefined;
    return found.filter((n) => !n.answerable).reduce((sum, n) => sum + n.score, 0) / all;
  };

  const wordsLeanOf = (known: readonly number[]): number | undefined => {
    if (known.length === 0) return undefined;
    const alpha = ASKED_BEFORE.smoothing;
    const vocabulary = terms.length;
    // Log odds, unanswered against answered, of each word given the kind, with equal priors: what the words say,
    // not that more unanswered questions were written.
    let logOdds = 0;
    for (const id of known)
      logOdds +=
        Math.log(((inUnanswered[id] ?? 0) + alpha) / (unansweredWords + alpha * vocabulary)) -
        Math.log(((inAnswered[id] ?? 0) + alpha) / (answeredWords + alpha * vocabulary));
    return 1 / (1 + Math.exp(-logOdds));
  };

  // Which passages answer each answered question.
  const answeredBy = decodeAnsweredBy(stored?.answeredBy);
  /** The vote among the nearest questions given, best first (ASKED_BEFORE.vote). */
  const voteOf = (found: readonly Neighbour[]): Vote | undefined => {
    const neighbours = found.slice(0, ASKED_BEFORE.vote.neighbours);
    const all = neighbours.reduce((sum, n) => sum + n.score, 0);
    if (all <= 0) return undefined;
    const votes = new Map<number, number>();
    for (const { question, score, answerable } of neighbours) {
      const passages = answerable ? (answeredBy[question] ?? []) : [];
      for (const passage of passages) votes.set(passage, (votes.get(passage) ?? 0) + score / passages.length);
    }
    // Ties go to the passage first voted for (the nearer question's).
    let [winner, most] = [-1, 0];
    for (const [passage, votesFor] of votes) if (votesFor > most) [winner, most] = [passage, votesFor];
    return winner < 0 ? undefined : { passage: winner, share: most / all };
  };
  const wide = Math.max(ASKED_BEFORE.neighbours, ASKED_BEFORE.vote.neighbours, ASKED_BEFORE.agree.neighbours);
  /** The passages answering any of the nearest questions given. */
  const nearbyOf = (found: readonly Neighbour[]) => {
    const passages = new Set<number>();
    for (const { question, answerable } of found.slice(0, ASKED_BEFORE.agree.neighbours))
      if (answerable) for (const passage of answeredBy[question] ?? []) passages.add(passage);
    return [...passages];
  };

  return {
    nearest: (text, count = ASKED_BEFORE.neighbours) => nearestOf(knownTerms(text), count),
    nearestShare: (text) => nearestShareOf(knownTerms(text)),
    wordsLean: (text) => wordsLeanOf(knownTerms(text)),
    readsUnanswered: (text) => read(text).unanswered,
    vote: (text) => voteOf(nearestOf(knownTerms(text), ASKED_BEFORE.vote.neighbours)),
    read,
  };

  /** See AskedBefore.read: the one place the two readings are combined. */
  function read(text: string): ReturnType<AskedBefore["read"]> {
    const known = knownTerms(text);
    const found = nearestOf(known, wide);
    const unanswered =
      (wordsLeanOf(known) ?? 0) >= ASKED_BEFORE.wordsLean &&
      (nearestShareOf(known, found.slice(0, ASKED_BEFORE.neighbours)) ?? 0) >= ASKED_BEFORE.nearestShare;
    if (unanswered || found.length === 0) return { unanswered };
    const vote = voteOf(found);
    return { unanswered, ...(vote ? { vote } : {}), nearby: nearbyOf(found) };
  }
}
