/**
 * Reading a question for retrieval (knowledge/retrieval.ts): its search units (stems and thesaurus
 * concepts, each weighted by how telling it is) and its meaning slots (evidence.ts), with typos repaired
 * against the corpus vocabulary and names, acronyms and years weighed as the question's likely point.
 */
import type { KnowledgeArtifact } from "./artifact.ts";
import { everydayZipf, rarityFactor } from "./english.ts";
import type { QuerySlot } from "./evidence.ts";
import { specificWords } from "./names.ts";
import { createSpellingCorrector } from "./spelling.ts";
import { isStopword, stemWord, wordsOf } from "./text.ts";
import { compileThesaurus, conceptToken } from "./thesaurus.ts";
import type { RetrievalTuning } from "./tuning.ts";

/** One unit of meaning in a question: a word stem or a concept, with how telling it is. */
export interface QueryUnit {
  term: string;
  kind: "stem" | "concept";
  /** Inverse document frequency: rare, specific terms count for more. */
  weight: number;
}

/** A question as the retriever understands it. */
export interface QueryAnalysis {
  /** Terms searched in the index. */
  units: QueryUnit[];
  /** Units that occur somewhere in the corpus. */
  knownUnits: number;
  /** The question's meaning, slot by slot (see evidence.ts): what an answer must cover. */
  slots: QuerySlot[];
}

const questionMatcher = compileThesaurus().questions;

/** A term's inverse document frequency over the artifact's passages (BM25's form). */
export function inverseDocumentFrequency(artifact: KnowledgeArtifact): (term: string) => number {
  const total = artifact.passages.length;
  return (term) => {
    const df = artifact.df[term] ?? 0;
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
}

/** The question reader for one artifact: its vocabulary, document frequencies and spelling corrector are read once. */
export function createQueryAnalyser(
  artifact: KnowledgeArtifact,
  tuning: RetrievalTuning,
): (question: string) => QueryAnalysis {
  const idf = inverseDocumentFrequency(artifact);
  const inVocabulary = new Set(artifact.vocabulary ?? []);
  const speller = createSpellingCorrector(artifact.vocabulary ?? []);

  /**
   * A word the corpus lacks may be the point of the question ("VAT", "Ofsted") or mere chatter
   * ("nearly", "totally"); without a dictionary to tell them apart it counts as a middling word.
   */
  const unknownWeight = idf("\u0000") * 0.6;

  /**
   * Reads a question into search units and meaning slots. Typos are repaired against the corpus
   * vocabulary; a word whose stem the index knows may just be an unseen inflection, so its repair
   * is searched beside it rather than replacing it ("funded" must not become "founded").
   */
  const analyse = (question: string): QueryAnalysis => {
    const words = wordsOf(question).slice(0, tuning.maxQueryTerms * 3);
    const { specific, names } = specificWords(question);
    const slots: QuerySlot[] = [];
    const slotAt = new Map<number, QuerySlot>();
    const byKey = new Map<string, QuerySlot>();
    const searchStems: string[] = [];
    const phraseStems: string[] = [];
    const repairedStems: string[] = [];
    words.forEach((word, position) => {
      const stem = stemWord(word);
      let best = stem;
      const alternatives = [{ term: stem, credit: 1 }];
      // An everyday English word the corpus lacks is not a typo ("insurance" must not become
      // "instance"). Short words are still repaired, as a typo of one ("befor", "wat") often shares
      // a common word's stem; stems the corpus knows keep the rule below.
      const everyday =
        word.length >= 6 && (artifact.df[stem] ?? 0) === 0 && everydayZipf(stem) >= tuning.realWordZipf;
      let typoOfStopword = false;
      if (!inVocabulary.has(word) && !isStopword(word) && !everyday) {
        const repaired = speller.correct(word);
        // A typo of a word that carries no subject ("actualy", "becuase") is read as that word: no slot.
        typoOfStopword = repaired !== word && isStopword(repaired);
        const repairedStem = stemWord(repaired);
        const known = (artifact.df[stem] ?? 0) > 0;
        if (repairedStem !== stem && (!known || word.length >= 8)) {
          alternatives.push({ term: repairedStem, credit: tuning.repairCredit });
          if (!known) best = repairedStem;
        }
      }
      phraseStems.push(best);
      repairedStems.push(alternatives[1]?.term ?? best);
      if (isStopword(word) || typoOfStopword) return;
      for (const alt of alternatives) searchStems.push(alt.term);
      const existing = byKey.get(stem);
      if (existing) {
        slotAt.set(position, existing);
        return;
      }
      const weight = Math.max(...alternatives.map((a) => ((artifact.df[a.term] ?? 0) > 0 ? idf(a.term) : 0)));
      // An acronym, name or year the corpus has never seen ("VAT", "Ofsted", "2027") is usually
      // what the question is about: the articles cannot answer it, so it weighs fully.
      // Other unseen words weigh by how rare they are in everyday English: "payroll" is probably the
      // point of the question, "totally" is not.
      const unknown =
        specific.has(word) && alternatives.length === 1
          ? idf("\u0000")
          : Math.max(unknownWeight, idf("\u0000") * rarityFactor(stem) * tuning.unseenRareShare);
      const slot: QuerySlot = { key: stem, weight: weight || unknown, alternatives };
      const name = names.get(position);
      if (name !== undefined) {
        slot.name = name;
        slot.weight = Math.max(slot.weight, unknownWeight);
      }
      byKey.set(stem, slot);
      slotAt.set(position, slot);
      slots.push(slot);
    });
    // Phrases are read with each typo repaired too ("counciller's" is a councillor, not a council).
    const matches = questionMatcher.matchStems(phraseStems);
    if (repairedStems.some((stem, i) => stem !== phraseStems[i]))
      matches.push(...questionMatcher.matchStems(repairedStems));
    const concepts: string[] = [];
    const inPhrase = new Set<string>();
    const boosted = new Set<QuerySlot>();
    for (const match of matches) {
      const token = conceptToken(match.concept);
      if (!concepts.includes(token)) concepts.push(token);
      let attached = false;
      for (let i = match.start; i < match.end; i++) {
        const slot = slotAt.get(i);
        if (!slot) continue;
        attached = true;
        if (match.end - match.start > 1) inPhrase.add(slot.key);
        if (slot.alternatives.some((a) => a.term === token)) continue;
        // A word the corpus lacks but the thesaurus knows ("LGPS") is as telling as its concept.
        if (
          (artifact.df[slot.key] ?? 0) === 0 &&
          slot.alternatives.length === 1 &&
          (artifact.df[token] ?? 0) > 0
        )
          slot.weight = Math.max(idf(token), unknownWeight);
        slot.alternatives.push({ term: token, credit: tuning.conceptCredit });
        boosted.add(slot);
      }
      // A concept named only by small words ("against it", "a say") is a slot of its own.
      if (!attached && !byKey.has(token)) {
        const slot: QuerySlot = {
          key: token,
          weight: idf(token),
          alternatives: [{ term: token, credit: 1 }],
        };
        boosted.add(slot);
        byKey.set(token, slot);
        slots.push(slot);
      }
    }
    for (const slot of boosted) slot.weight *= tuning.conceptSlotBoost;
    for (const slot of slots) slot.salience = slot.weight * rarityFactor(slot.key);
    const stems = [...new Set(searchStems)].slice(0, tuning.maxQueryTerms);
    // Pushed one by one rather than spread from two mapped arrays: a question with no concept gave an
    // empty array of another kind (V8's elements kind), and each new kind deoptimised this function
    // and its callers, recompiling them on V8's compiler thread long after warm-up (perf only).
    const units: QueryUnit[] = [];
    for (const term of stems) {
      // A word inside a recognised phrase ("business" in "business case") says less on its own.
      const weight = idf(term) * (inPhrase.has(term) ? tuning.phraseWordWeight : 1);
      units.push({ term, kind: "stem", weight });
    }
    for (const term of concepts) units.push({ term, kind: "concept", weight: idf(term) });
    return {
      units,
      knownUnits: units.filter((u) => (artifact.df[u.term] ?? 0) > 0).length,
      slots: slots.slice(0, tuning.maxQueryTerms),
    };
  };
  return analyse;
}
