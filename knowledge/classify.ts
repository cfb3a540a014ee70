/**
 * Classifies free text (an obstacle report, a question) into taxonomy categories with a confidence.
 * It reads text the way the knowledge base does (knowledge/text.ts stems, British spellings folded,
 * stopwords ignored) and with the same domain thesaurus, so "cllrs", "SLT", "TUPE'd" and "staff
 * side" count as the field's vocabulary even where the taxonomy's own terms do not name them.
 */

import type { CategoryScore } from "../peer/ports.ts";
import { CATEGORIES } from "../peer/taxonomy.ts";
import { stemSequence, wordsOf } from "./text.ts";
import { compileThesaurus } from "./thesaurus.ts";

/** Which obstacle category each thesaurus concept is evidence for (concepts not listed are context). */
const CONCEPT_CATEGORIES: Readonly<Record<string, string>> = {
  blockers: "internal-blockers",
  politicians: "political-backing",
  "political-backing": "political-backing",
  influence: "political-backing",
  "business-case": "business-case",
  funding: "funding",
  partners: "funding",
  procurement: "procurement",
  "go-to-market": "procurement",
  unions: "staff-unions",
  "privatisation-fear": "staff-unions",
  "staff-engagement": "staff-unions",
  "staffing-cuts": "staff-unions",
  tupe: "hr-tupe-pensions",
  pensions: "hr-tupe-pensions",
  "board-governance": "legal-governance",
  "employee-ownership": "legal-governance",
  "decision-makers": "decision-makers",
  support: "isolation-support",
};

/** A taxonomy term is worth 1 per word; a thesaurus concept found in the text is worth this much. */
const CONCEPT_WEIGHT = 1;
/** Categories scoring below this share of the strongest are left out (they are incidental). */
const RELATIVE_FLOOR = 0.5;

interface CompiledCategory {
  id: string;
  /** Stemmed terms; a multi-word term matches as a phrase. */
  terms: string[][];
}

const compiled: CompiledCategory[] = CATEGORIES.map((category) => ({
  id: category.id,
  terms: category.terms.map(stemSequence).filter((stems) => stems.length > 0),
}));
const questionMatcher = compileThesaurus().questions;

/** One taxonomy term and its category. */
interface CompiledTerm {
  category: string;
  stems: readonly string[];
}

/**
 * The taxonomy's terms by their first stem: every question is classified, and a text meets only the
 * few terms starting with one of its words, not all of them (one scan of the text per term).
 */
const TERMS_BY_FIRST_STEM = new Map<string, CompiledTerm[]>();
for (const category of compiled)
  for (const stems of category.terms) {
    const first = stems[0] as string;
    const list = TERMS_BY_FIRST_STEM.get(first) ?? [];
    list.push({ category: category.id, stems });
    TERMS_BY_FIRST_STEM.set(first, list);
  }

/** The taxonomy terms occurring in a stem sequence, each once however often it occurs (exported for tests). */
export function termsIn(stems: readonly string[]): Set<CompiledTerm> {
  const found = new Set<CompiledTerm>();
  for (let i = 0; i < stems.length; i++)
    outer: for (const term of TERMS_BY_FIRST_STEM.get(stems[i] as string) ?? []) {
      if (i + term.stems.length > stems.length) continue;
      for (let j = 1; j < term.stems.length; j++) if (stems[i + j] !== term.stems[j]) continue outer;
      found.add(term);
    }
  return found;
}

/**
 * Categories the text touches, strongest first, each with a 0..1 confidence. Empty when nothing
 * in the text matches the taxonomy or the thesaurus.
 */
export function classifyText(text: string, options: { max?: number } = {}): CategoryScore[] {
  if (wordsOf(text).length === 0) return [];
  const stems = stemSequence(text);
  const scores = new Map<string, number>();
  const add = (id: string, points: number) => scores.set(id, (scores.get(id) ?? 0) + points);

  // A phrase counts a little more than its words would apart: it is a more specific signal.
  for (const term of termsIn(stems))
    add(term.category, term.stems.length === 1 ? 1 : 1.5 * term.stems.length);
  const seen = new Set<string>();
  for (const match of questionMatcher.matchStems(stems)) {
    const category = CONCEPT_CATEGORIES[match.concept];
    const key = `${match.concept}@${match.start}`;
    if (!category || seen.has(key)) continue;
    seen.add(key);
    add(category, CONCEPT_WEIGHT);
  }

  // Arrays pushed, not mapped: V8's optimised `.map` returns another array kind than its builtin, and
  // the `.sort` after it deoptimised this function each time it was first optimised (perf only).
  const ranked: { id: string; score: number }[] = [];
  for (const [id, score] of scores) ranked.push({ id, score });
  ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const best = ranked[0]?.score ?? 0;
  const result: CategoryScore[] = [];
  for (const s of ranked)
    if (s.score >= best * RELATIVE_FLOOR)
      result.push({ id: s.id, confidence: Math.round(Math.min(1, s.score / (s.score + 1.5)) * 100) / 100 });
  return result.slice(0, options.max ?? 3);
}
