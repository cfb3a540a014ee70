/**
 * Questions practitioners asked, each with the article snippets that answer it, or none when the articles do not
 * answer it (knowledge/data/practitioner-questions.json, exported from the dev eval sets by `npm run build:questions`).
 * Each passage that answers one is indexed with it (search-index.ts's `heard` field): the way people in the
 * field put a concern ("the staff side are dead against it") reaches the 2011-12 prose that answers it
 * ("the unions fear privatisation by the back door"). All of them, answered or not, are the questions asked before
 * that a new question is read against (asked-before.ts). The held-out and validation sets are never in it.
 */
import { normaliseText } from "./text.ts";
import type { Passage } from "./types.ts";

/** One question and the verbatim snippets (4-12 words of article text) that answer it: none when the articles do not. */
export interface PractitionerQuestion {
  q: string;
  answers: string[];
}

/** Whether the articles answer a practitioner's question (it names the snippets that do). */
export const isAnswerable = (question: PractitionerQuestion) => question.answers.length > 0;

/** Each passage list's texts in normalised form, computed once per list (a build resolves ~4,000 snippets). */
const normalisedTexts = new WeakMap<readonly Passage[], { id: string; text: string }[]>();

/**
 * The passages whose text holds a snippet (compared in normalised form, so quotes and case do not matter): how
 * a practitioner's question and an eval label are both tied to the passages that answer them.
 */
export function passagesQuoting(passages: readonly Passage[], snippet: string): string[] {
  const needle = normaliseText(snippet);
  if (!needle) return [];
  let texts = normalisedTexts.get(passages);
  if (!texts) {
    texts = passages.map((p) => ({ id: p.id, text: normaliseText(p.text) }));
    normalisedTexts.set(passages, texts);
  }
  return texts.filter((p) => p.text.includes(needle)).map((p) => p.id);
}

/** The passages answering a practitioner's question: those quoting any of its snippets, each once, in order. */
export function passagesAnswering(question: PractitionerQuestion, passages: readonly Passage[]): string[] {
  return [...new Set(question.answers.flatMap((snippet) => passagesQuoting(passages, snippet)))];
}

/** For each passage id, the practitioners' questions it answers, joined one per line. */
export function heardByPassage(
  questions: readonly PractitionerQuestion[],
  passages: readonly Passage[],
): Map<string, string> {
  const heard = new Map<string, string[]>();
  for (const question of questions) {
    for (const id of passagesAnswering(question, passages)) {
      const list = heard.get(id) ?? [];
      list.push(question.q);
      heard.set(id, list);
    }
  }
  return new Map([...heard].map(([id, texts]) => [id, texts.join("\n")]));
}
