/**
 * The domain thesaurus (knowledge/data/thesaurus.json): maps the many ways people name one idea
 * ("TUPE", "will staff keep their terms", "transfer of undertakings") to a shared concept, so a
 * question and a passage meet even when they share no words.
 */
import thesaurusData from "./data/thesaurus.json" with { type: "json" };
import { stemSequence } from "./text.ts";

/** One concept of the field and the phrasings that name it. */
export interface ThesaurusConcept {
  id: string;
  /** Matched in passages and questions alike. */
  terms: string[];
  /** Everyday phrasings matched in questions only (ambiguous inside articles). */
  queryTerms?: string[];
}

interface CompiledPhrase {
  stems: string[];
  concept: string;
}

/** One phrase occurrence: which concept, where (stem positions, end exclusive) and its stems. */
export interface ConceptMatch {
  concept: string;
  start: number;
  end: number;
  stems: readonly string[];
}

/** Concept annotation for one side (passages or questions). */
export interface ConceptMatcher {
  /** Every phrase occurrence in a stem sequence (stopwords kept), with its position. */
  matchStems(stems: readonly string[]): ConceptMatch[];
  /** Concept ids whose phrases occur in the text, in first-seen order. */
  conceptsIn(text: string): string[];
  /** Concepts found, plus the stems that took part in multi-word phrases ("business case"). */
  analyse(text: string): { concepts: string[]; phraseStems: Set<string> };
  /** One concept id per phrase occurrence: how strongly a passage is about each concept. */
  occurrencesIn(text: string): string[];
}

/** The token a concept contributes to the index; a prefix no English stem produces. */
export function conceptToken(id: string): string {
  return `zc${id.replace(/[^a-z0-9]/g, "")}`;
}

function compile(concepts: readonly ThesaurusConcept[], includeQueryTerms: boolean): ConceptMatcher {
  const byFirstStem = new Map<string, CompiledPhrase[]>();
  for (const concept of concepts) {
    const phrases = includeQueryTerms ? [...concept.terms, ...(concept.queryTerms ?? [])] : concept.terms;
    for (const phrase of phrases) {
      const stems = stemSequence(phrase);
      const first = stems[0];
      if (!first) continue;
      const list = byFirstStem.get(first) ?? [];
      list.push({ stems, concept: concept.id });
      byFirstStem.set(first, list);
    }
  }
  const matchStems = (stems: readonly string[]): ConceptMatch[] => {
    const matches: ConceptMatch[] = [];
    for (let i = 0; i < stems.length; i++) {
      const candidates = byFirstStem.get(stems[i] as string);
      if (!candidates) continue;
      for (const phrase of candidates) {
        let match = true;
        for (let j = 1; j < phrase.stems.length; j++) {
          if (stems[i + j] !== phrase.stems[j]) {
            match = false;
            break;
          }
        }
        if (match)
          matches.push({
            concept: phrase.concept,
            start: i,
            end: i + phrase.stems.length,
            stems: phrase.stems,
          });
      }
    }
    return matches;
  };
  const analyse = (text: string) => {
    const concepts: string[] = [];
    const seen = new Set<string>();
    const phraseStems = new Set<string>();
    const occurrences: string[] = [];
    for (const match of matchStems(stemSequence(text))) {
      if (match.stems.length > 1) for (const stem of match.stems) phraseStems.add(stem);
      occurrences.push(match.concept);
      if (!seen.has(match.concept)) {
        seen.add(match.concept);
        concepts.push(match.concept);
      }
    }
    return { concepts, phraseStems, occurrences };
  };
  return {
    matchStems,
    analyse,
    conceptsIn: (text) => analyse(text).concepts,
    occurrencesIn: (text) => analyse(text).occurrences,
  };
}

/** The thesaurus shipped with Pathfinder. */
export const THESAURUS: readonly ThesaurusConcept[] = thesaurusData.concepts;

/** Matchers for passages (strict terms) and for questions (terms plus everyday phrasings). */
export function compileThesaurus(concepts: readonly ThesaurusConcept[] = THESAURUS): {
  passages: ConceptMatcher;
  questions: ConceptMatcher;
} {
  // Five modules compile the default thesaurus at load; each compile stems every term, which
  // was a tenth of the Teams function's cold start. The matchers are read-only once built, so
  // the default pair is built once and shared.
  if (concepts === THESAURUS) {
    compiledDefault ??= { passages: compile(concepts, false), questions: compile(concepts, true) };
    return compiledDefault;
  }
  return { passages: compile(concepts, false), questions: compile(concepts, true) };
}

let compiledDefault: { passages: ConceptMatcher; questions: ConceptMatcher } | undefined;
