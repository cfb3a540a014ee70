/**
 * Classifies free text (an obstacle report, a question) into taxonomy categories with a confidence.
 * Matching is on stems, so "unions", "union's" and "unionised" meet; multi-word terms match as phrases.
 */
import { stemmer } from "stemmer";
import type { CategoryScore } from "./ports.ts";
import { CATEGORIES } from "./taxonomy.ts";

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u2018\u2019']/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function stems(text: string): string[] {
  const words = normalise(text).split(" ").filter(Boolean);
  return words.map((w) => stemmer(w));
}

interface CompiledCategory {
  id: string;
  phrases: string[][]; // stemmed multi-word terms
  words: Set<string>; // stemmed single-word terms
}

const compiled: CompiledCategory[] = CATEGORIES.map((category) => {
  const phrases: string[][] = [];
  const words = new Set<string>();
  for (const term of category.terms) {
    const s = stems(term);
    if (s.length === 1 && s[0]) words.add(s[0]);
    else if (s.length > 1) phrases.push(s);
  }
  return { id: category.id, phrases, words };
});

function containsPhrase(haystack: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= haystack.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (haystack[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Categories the text touches, strongest first, each with a 0..1 confidence. Empty when nothing
 * in the text matches the taxonomy.
 */
export function classifyText(text: string, options: { max?: number } = {}): CategoryScore[] {
  const tokens = stems(text);
  if (tokens.length === 0) return [];
  const scores: { id: string; score: number }[] = [];
  for (const category of compiled) {
    let score = 0;
    for (const token of new Set(tokens)) if (category.words.has(token)) score += 1;
    for (const phrase of category.phrases) if (containsPhrase(tokens, phrase)) score += 1.5 * phrase.length;
    if (score > 0) scores.push({ id: category.id, score });
  }
  scores.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const best = scores[0]?.score ?? 0;
  return scores
    .filter((s) => s.score >= best * 0.5)
    .slice(0, options.max ?? 3)
    .map((s) => ({ id: s.id, confidence: Math.round(Math.min(1, s.score / (s.score + 1.5)) * 100) / 100 }));
}
