/**
 * What a text offers as evidence, whatever the question: its word stems, its multi-word names ("My
 * Civil Service Pension") and the thesaurus concepts it mentions. Computed once per passage, card
 * phrasing or sentence; evidence.ts reads a question against it.
 */
import { isStopword, stemWord } from "./text.ts";
import { type ConceptMatcher, compileThesaurus, conceptToken } from "./thesaurus.ts";

/** A word of a text with what name detection needs. */
interface Token {
  stem: string;
  content: boolean;
  capital: boolean;
  /** First word after a sentence boundary (its capital says nothing about names). */
  sentenceStart: boolean;
  /** Index of the multi-word name the word belongs to, or -1. */
  span: number;
}

/** What a text offers as evidence, independent of any question (cached per passage). */
export interface TextFacts {
  /** Each stem and the names (span indexes, -1 for plain prose) it occurs in. */
  stems: Map<string, number[]>;
  /** Content stems of each multi-word name. */
  spans: string[][];
  /** Concept token → occurrences (the phrase's stems, and the name it lies wholly inside, or -1). */
  concepts: Map<string, { stems: readonly string[]; span: number }[]>;
  /** Content stems in order, joined by spaces and padded ("` a b c `"), to find names as phrases. */
  sequence: string;
  /** Names the thesaurus knows as a whole ("My Civil Service Pension" is an example mutual): span → concept token. */
  entities?: Map<number, string>;
}

const HARD_BREAK = /[.?!:;"“”()[\]…]/;
const SOFT_BREAK = /[,–—]|\s-\s/;
const NAME_CONNECTORS = new Set(["of", "and", "the", "for", "on", "in"]);
const passageMatcher: ConceptMatcher = compileThesaurus().passages;

/**
 * Words of a text, in the order and normalisation of text.ts's wordsOf, with capitals and sentence
 * starts kept so names can be told apart from prose.
 */
function tokenise(text: string): Token[] {
  const marked = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/&/g, " and ")
    .replace(/[\u2018\u2019\u02bc'`]/g, "");
  const tokens: Token[] = [];
  let hard = true;
  let soft = false;
  for (const piece of marked.split(/([^A-Za-z0-9]+)/)) {
    if (!piece) continue;
    if (!/^[A-Za-z0-9]/.test(piece)) {
      if (HARD_BREAK.test(piece)) hard = true;
      else if (SOFT_BREAK.test(piece)) soft = true;
      if (hard || soft)
        tokens.push({ stem: "", content: false, capital: false, sentenceStart: hard, span: -2 });
      hard = false;
      soft = false;
      continue;
    }
    const word = piece.toLowerCase();
    const last = tokens[tokens.length - 1];
    const sentenceStart = last === undefined || (last.span === -2 && last.sentenceStart);
    tokens.push({
      stem: stemWord(word),
      content: !isStopword(word),
      capital: /^[A-Z]/.test(piece),
      sentenceStart,
      span: -1,
    });
  }
  return tokens;
}

/** Marks runs of two or more capitalised words (small connectors allowed inside) as names. */
function markNames(tokens: Token[]): string[][] {
  const spans: string[][] = [];
  let i = 0;
  while (i < tokens.length) {
    const start = tokens[i];
    if (!start?.capital || start.span === -2) {
      i++;
      continue;
    }
    let end = i + 1;
    let capitals = 1;
    while (end < tokens.length) {
      const t = tokens[end] as Token;
      if (t.capital) capitals++;
      else if (!(t.span !== -2 && NAME_CONNECTORS.has(t.stem) && tokens[end + 1]?.capital)) break;
      end++;
    }
    // A capital at the start of a sentence may be an ordinary word ("My", "Plans", "The").
    const first = start.sentenceStart ? i + 1 : i;
    if (capitals - (first - i) >= 2) {
      const stems = tokens
        .slice(first, end)
        .filter((t) => t.content)
        .map((t) => t.stem);
      for (let k = first; k < end; k++) (tokens[k] as Token).span = spans.length;
      spans.push(stems);
    }
    i = end;
  }
  return spans;
}

/** The evidence a text offers (words, names, concepts); compute once per text. */
export function factsOf(text: string): TextFacts {
  const all = tokenise(text);
  const spans = markNames(all);
  const words = all.filter((t) => t.span !== -2);
  const stems = new Map<string, number[]>();
  for (const t of words) {
    if (!t.content) continue;
    const list = stems.get(t.stem);
    if (list) list.push(t.span);
    else stems.set(t.stem, [t.span]);
  }
  const concepts: TextFacts["concepts"] = new Map();
  const entities = new Map<number, string>();
  // Pushed, not mapped: one array kind whichever tier runs this (see stemSequence in text.ts).
  const wordStems: string[] = [];
  const contentWords: string[] = [];
  for (const t of words) {
    wordStems.push(t.stem);
    if (t.content) contentWords.push(t.stem);
  }
  for (const match of passageMatcher.matchStems(wordStems)) {
    const first = (words[match.start] as Token).span;
    const inside = first >= 0 && words.slice(match.start, match.end).every((t) => t.span === first);
    const token = conceptToken(match.concept);
    // A thesaurus phrase spanning a whole name marks the name as that kind of entity.
    const whole = inside && words.filter((t) => t.span === first).length === match.end - match.start;
    if (whole && match.end - match.start > 1) entities.set(first, token);
    const list = concepts.get(token) ?? [];
    list.push({ stems: match.stems, span: inside ? first : -1 });
    concepts.set(token, list);
  }
  const sequence = ` ${contentWords.join(" ")} `;
  return { stems, spans, concepts, sequence, entities };
}

/**
 * Which of many texts mention any of some terms (stems or concept tokens), as indexes into `facts` in
 * ascending order: a question is checked against every card phrasing (about a thousand), and most
 * never mention its subject, so an inverted index built once replaces a lookup in each.
 */
export function createMentionIndex(
  facts: readonly TextFacts[],
): (terms: readonly string[]) => readonly number[] {
  const byTerm = new Map<string, number[]>();
  facts.forEach((f, i) => {
    for (const term of [...f.stems.keys(), ...f.concepts.keys()]) {
      const list = byTerm.get(term);
      // A text may hold a term as a stem and as a concept token: list each text once.
      if (!list) byTerm.set(term, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return (terms) => {
    const lists = terms.map((term) => byTerm.get(term)).filter((list) => list !== undefined);
    if (lists.length <= 1) return lists[0] ?? [];
    return [...new Set(lists.flat())].sort((a, b) => a - b);
  };
}

/** Merges the facts of a post title into a passage's (titles give every passage of a post its context). */
export function mergeFacts(a: TextFacts, b: TextFacts): TextFacts {
  const offset = a.spans.length;
  const shift = (span: number) => (span >= 0 ? span + offset : span);
  const stems = new Map(a.stems);
  for (const [stem, list] of b.stems) stems.set(stem, [...(stems.get(stem) ?? []), ...list.map(shift)]);
  const concepts = new Map(a.concepts);
  for (const [token, list] of b.concepts)
    concepts.set(token, [
      ...(concepts.get(token) ?? []),
      ...list.map((o) => ({ ...o, span: shift(o.span) })),
    ]);
  const entities = new Map(a.entities);
  for (const [span, token] of b.entities ?? []) entities.set(shift(span), token);
  return {
    stems,
    spans: [...a.spans, ...b.spans],
    concepts,
    sequence: `${a.sequence}|${b.sequence}`,
    entities,
  };
}
