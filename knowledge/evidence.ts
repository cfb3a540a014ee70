/**
 * Evidence: how much of a question's meaning a text (a passage, or one sentence of it) actually
 * addresses. The question is split into slots (one per content word, or per concept named only by
 * a phrase of small words such as "against it"); a slot is covered by the word itself, more weakly
 * by a thesaurus concept, and only partly by a word that sits inside a multi-word name ("Pension"
 * in "My Civil Service Pension" is part of a name, not a statement about pensions). Ranking, the
 * decision to answer and the choice of sentences all read the same measure.
 */
import { everydayZipf } from "./english.ts";
import { isStopword, stemWord } from "./text.ts";
import { type ConceptMatcher, compileThesaurus, conceptToken } from "./thesaurus.ts";

/** One unit of a question's meaning and the terms that satisfy it. */
export interface QuerySlot {
  /** The word's stem, or a concept token when only a phrase of small words named it. */
  key: string;
  /** How telling the slot is (inverse document frequency). */
  weight: number;
  /** Terms (stems or concept tokens) that satisfy the slot, with how fully (0..1). */
  alternatives: { term: string; credit: number }[];
  /** Index of the multi-word name in the question this word belongs to ("Companies House"). */
  name?: number;
  /** How likely the slot is the question's point (weight discounted for everyday English words); defaults to weight. */
  salience?: number;
}

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

/** How a text covers a question. */
export interface Coverage {
  /** Weighted share (0..1) of the question's slots the text covers. */
  coverage: number;
  /** Credit (0..1) of the question's main concept: its most telling slot the thesaurus knows (else its most telling slot). */
  keyCredit: number;
  /** Credit of each slot, in slot order. */
  credits: number[];
  /**
   * The main concept's credit, except from words inside a name the thesaurus knows as a whole:
   * "Pension" inside "My Civil Service Pension" names an organisation and says nothing about pensions.
   */
  keyInProse: number;
}

const HARD_BREAK = /[.?!:;"“”()[\]…]/;
const SOFT_BREAK = /[,–—]|\s-\s/;
const NAME_CONNECTORS = new Set(["of", "and", "the", "for", "on", "in"]);
/** A name the question spells out this fully ("fire service" for "Cleveland Fire Service") is what it asks about. */
const NAMED_BY_QUESTION = 0.8;
/** A word the thesaurus knows counts this much more as the main concept than a plain word as salient. */
const KEY_CONCEPT_BOOST = 2;
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
  for (const match of passageMatcher.matchStems(words.map((t) => t.stem))) {
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
  const sequence = ` ${words
    .filter((t) => t.content)
    .map((t) => t.stem)
    .join(" ")} `;
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

/**
 * How much a word inside a name counts: little when the question shares one word of a longer name,
 * fully when it names most of it ("Mutuals Support Unit" asked as "support unit").
 */
function nameCredit(span: readonly string[], questionStems: ReadonlySet<string>): number {
  if (span.length === 0) return 1;
  let shared = 0;
  for (const stem of span) if (questionStems.has(stem)) shared++;
  return Math.min(1, 0.4 + 0.6 * (shared / span.length));
}

/** The stems a question's slots name literally (their own words). */
export function literalStems(slots: readonly QuerySlot[]): Set<string> {
  const set = new Set<string>();
  for (const slot of slots)
    for (const alt of slot.alternatives) if (!alt.term.startsWith("zc")) set.add(alt.term);
  return set;
}

/**
 * Orders slots as candidates for the question's main concept: domain concepts outrank plain words
 * ("pension" in "keep our pension"), then salience (an everyday word such as "leave" is rarely the point).
 */
function keyRank(slot: QuerySlot): number {
  return (
    (slot.salience ?? slot.weight) *
    (slot.alternatives.some((a) => a.term.startsWith("zc")) ? KEY_CONCEPT_BOOST : 1)
  );
}

/** What coverageOf reads from a question's slots alone, whatever the text. */
interface SlotsPlan {
  literal: ReadonlySet<string>;
  keyRanks: number[];
  /** Each multi-word name in the question: its slots' keys as a padded phrase, and the slots' indexes. */
  names: { phrase: string; members: number[] }[];
}

/**
 * Plans by slots array. A question's slots are read against a thousand card phrasings and dozens of
 * passages and sentences per question, and never change once analysed (retrieval.ts builds them),
 * so what depends on them alone is worked out once; a WeakMap lets them go with the analysis.
 */
const slotPlans = new WeakMap<readonly QuerySlot[], SlotsPlan>();

function planOf(slots: readonly QuerySlot[]): SlotsPlan {
  let plan = slotPlans.get(slots);
  if (!plan) {
    const byName = new Map<number, number[]>();
    slots.forEach((slot, i) => {
      if (slot.name === undefined) return;
      const members = byName.get(slot.name);
      if (members) members.push(i);
      else byName.set(slot.name, [i]);
    });
    plan = {
      literal: literalStems(slots),
      keyRanks: slots.map(keyRank),
      names: [...byName.values()].map((members) => ({
        phrase: ` ${members.map((i) => slots[i]?.key).join(" ")} `,
        members,
      })),
    };
    slotPlans.set(slots, plan);
  }
  return plan;
}

/** How well a text's facts cover the question's slots. */
export function coverageOf(
  slots: readonly QuerySlot[],
  facts: TextFacts,
  questionStems?: ReadonlySet<string>,
): Coverage {
  const plan = planOf(slots);
  const stems = questionStems ?? plan.literal;
  let total = 0;
  let covered = 0;
  let keyWeight = -1;
  let keyCredit = 0;
  let keyInProse = 0;
  const credits: number[] = [];
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s] as QuerySlot;
    slotReading(slot, facts, stems);
    const { best, prose } = reading;
    credits.push(best);
    total += slot.weight;
    covered += slot.weight * best;
    const rankAsKey = plan.keyRanks[s] as number;
    if (rankAsKey > keyWeight) {
      keyWeight = rankAsKey;
      keyCredit = best;
      keyInProse = prose;
    }
  }
  // A name in the question ("Companies House") is met only by the name, not by its words apart.
  for (const { phrase, members } of plan.names) {
    if (facts.sequence.includes(phrase)) continue;
    for (const i of members) {
      const slot = slots[i] as QuerySlot;
      const before = credits[i] ?? 0;
      const after = before * 0.3;
      credits[i] = after;
      covered -= slot.weight * (before - after);
      const rankAsKey = plan.keyRanks[i] as number;
      if (rankAsKey === keyWeight && before === keyCredit) {
        keyCredit = after;
        keyInProse = Math.min(keyInProse, after);
      }
    }
  }
  return { coverage: total > 0 ? covered / total : 0, keyCredit, credits, keyInProse };
}

/** One slot's reading of a text (see slotReading); reused, so the thousands of readings per question allocate nothing. */
const reading = { best: 0, prose: 0 };

/**
 * How fully a text holds one slot (`best`), and the same counting plain prose only (`prose`), into
 * `reading`: the word itself or a thesaurus concept, a word inside a name counting by how much of
 * the name the question gives.
 */
function slotReading(slot: QuerySlot, facts: TextFacts, stems: ReadonlySet<string>): void {
  let best = 0;
  let prose = 0;
  for (const alt of slot.alternatives) {
    if (alt.credit <= prose) continue;
    if (alt.term.startsWith("zc")) {
      const occurrences = facts.concepts.get(alt.term);
      if (!occurrences) continue;
      for (const occurrence of occurrences) {
        // A concept named by one word that the question also used literally ("director") is
        // that word's evidence, not evidence for the question's other words in the same concept.
        const single = occurrence.stems.length === 1 ? occurrence.stems[0] : undefined;
        if (single !== undefined && stems.has(single) && single !== slot.key) continue;
        const credit = spanCredit(facts, occurrence.span, stems);
        best = Math.max(best, alt.credit * credit);
        prose = Math.max(prose, alt.credit * proseCredit(facts, occurrence.span, alt.term, credit));
        // Full credit in prose is the most this term can give (best >= prose): a passage may use it dozens of times.
        if (prose >= alt.credit) break;
      }
    } else {
      const spans = facts.stems.get(alt.term);
      if (!spans) continue;
      for (const span of spans) {
        const credit = spanCredit(facts, span, stems);
        best = Math.max(best, alt.credit * credit);
        prose = Math.max(prose, alt.credit * proseCredit(facts, span, alt.term, credit));
        if (prose >= alt.credit) break;
      }
    }
  }
  reading.best = best;
  reading.prose = prose;
}

/** The credit a word at `span` (-1: plain prose) earns: a word inside a name counts by how much of it the question names. */
function spanCredit(facts: TextFacts, span: number, questionStems: ReadonlySet<string>): number {
  return span < 0 ? 1 : nameCredit(facts.spans[span] ?? [], questionStems);
}

/**
 * For the main concept, a word inside a name the thesaurus knows as a whole entity ("Pension" in
 * "My Civil Service Pension", an example mutual) is no evidence unless the question names it.
 * `credit` is the span's spanCredit.
 */
function proseCredit(facts: TextFacts, span: number, term: string, credit: number): number {
  const entity = span >= 0 ? facts.entities?.get(span) : undefined;
  return entity === undefined || entity === term || credit >= NAMED_BY_QUESTION ? credit : 0;
}

/**
 * The credit coverageOf gives the slot at `index` (its `credits[index]`), computed for that slot
 * alone: card matching asks only whether a text holds the question's subject.
 */
export function slotCredit(
  slots: readonly QuerySlot[],
  index: number,
  facts: TextFacts,
  questionStems?: ReadonlySet<string>,
): number {
  const slot = slots[index];
  if (!slot) return 0;
  const plan = planOf(slots);
  const stems = questionStems ?? plan.literal;
  slotReading(slot, facts, stems);
  const { best } = reading;
  const name = plan.names.find((n) => n.members.includes(index));
  return name && !facts.sequence.includes(name.phrase) ? best * 0.3 : best;
}

/**
 * When a match rests on enough of the question (see `sharesEnough`). `generalZipf`: a word at least
 * this common in everyday English ("take", "house", "problem") says little on its own, so it is not
 * one of the question's telling words. `rareSpread`: a word the articles use in at most this many
 * passages is mentioned in passing ("Serco", "equity", "councillor"), not a subject they discuss.
 * `shortSlots`: a question of at most this many telling words is short, so each of them matters.
 * `salientShare`: in a short question, a word at least this salient relative to its most salient
 * word is part of what is asked.
 */
export const SHARED_FIT = { generalZipf: 5.5, rareSpread: 2, shortSlots: 3, salientShare: 0.75 };

/** How `sharesEnough` reads a text. */
export interface SharedReading {
  /** The text's credit for each of the question's slots, in slot order (coverageOf). */
  credits: readonly number[];
  /** Whether the text counts as holding a slot's word (a phrasing: the word itself; a passage: any credit). */
  holds: (slot: QuerySlot) => boolean;
  /** In how many of the articles' passages a slot's own word occurs. */
  spread: (slot: QuerySlot) => number;
  /** Whether the short-question rule asks the text to hold a slot's word (an unknown word or typo is not asked "about"). */
  known: (slot: QuerySlot) => boolean;
  /** Whether the articles or the thesaurus know a slot's word at all. */
  field: (slot: QuerySlot) => boolean;
}

/**
 * Whether a text (a card's phrasing, or the passage an answer leads with) shares enough of a question
 * to answer it (issue 11). Both rules are about a match resting on one word that has an everyday
 * life of its own: "how do I take out equity from my house?" shares "equity" with Blond on
 * mutualism, "what does Serco do?" shares "Serco" with the journal Blond wrote in.
 * - One shared telling word is enough only when the articles discuss it, or the question's other
 *   telling words are ones the field knows: a word they use in one or two passages only, shared
 *   alone beside words foreign to them, is a coincidence of vocabulary ("mutual" or "pathfinder",
 *   which run through the articles, are subjects; "win over councillors" is the field's question). A word that names one of the field's concepts
 *   in the thesaurus ("TUPE", "pensions", "unions") is a subject however rarely the posts use it.
 * - In a short question every salient word is asked about: "does TUPE protect my pension?" asks about
 *   the pension as much as TUPE, so a text about TUPE transfers alone does not fit.
 */
export function sharesEnough(slots: readonly QuerySlot[], reading: SharedReading, fit = SHARED_FIT): boolean {
  const { telling, exempt } = sharedPlanOf(slots, fit);
  let shared = 0;
  let only = -1;
  for (const i of telling)
    if ((reading.credits[i] ?? 0) >= 0.5) {
      shared++;
      only = i;
    }
  if (shared === 0) return false;
  // The question's other telling words decide whether the word is the field's: "win over
  // councillors" pairs it with a phrase the thesaurus knows; "release equity from my flat" with
  // words the articles never use.
  if (shared === 1) {
    const word = slots[only] as QuerySlot;
    let foreignRest = true;
    for (const i of telling)
      if (i !== only && reading.field(slots[i] as QuerySlot)) {
        foreignRest = false;
        break;
      }
    if (foreignRest && reading.spread(word) <= fit.rareSpread && !namesConcept(word)) return false;
  }
  if (telling.length > fit.shortSlots) return true;
  // (Loops, not closures: card matching asks this of hundreds of phrasings per question.)
  for (let n = 0; n < telling.length; n++) {
    if (exempt[n]) continue;
    const i = telling[n] as number;
    const slot = slots[i] as QuerySlot;
    if (reading.known(slot) && !((reading.credits[i] ?? 0) >= 0.5 && reading.holds(slot))) return false;
  }
  return true;
}

/**
 * What sharesEnough reads from the question alone: its telling slots (by index), which of them the
 * short-question rule leaves out whatever the text (less salient than the top, or a number). Card matching asks it of up to a thousand phrasings per question: planned once per
 * slots array (with the shipped thresholds; other thresholds are planned per call).
 */
interface SharedPlan {
  telling: number[];
  exempt: boolean[];
}

const sharedPlans = new WeakMap<readonly QuerySlot[], SharedPlan>();

function sharedPlanOf(slots: readonly QuerySlot[], fit: typeof SHARED_FIT): SharedPlan {
  const cached = fit === SHARED_FIT ? sharedPlans.get(slots) : undefined;
  if (cached) return cached;
  const telling: number[] = [];
  slots.forEach((slot, i) => {
    if (everydayZipf(slot.key) < fit.generalZipf) telling.push(i);
  });
  const salienceOf = (i: number) => {
    const slot = slots[i] as QuerySlot;
    return slot.salience ?? slot.weight;
  };
  const top = telling.length > 0 ? Math.max(...telling.map(salienceOf)) : undefined;
  const exempt = telling.map(
    (i) =>
      top === undefined ||
      salienceOf(i) < fit.salientShare * top ||
      /^\d+$/.test((slots[i] as QuerySlot).key),
  );
  const plan = { telling, exempt };
  if (fit === SHARED_FIT) sharedPlans.set(slots, plan);
  return plan;
}

/** Whether a slot's word names a thesaurus concept of its own ("TUPE" → tupe, "pension" → pensions), not only belongs to one. */
export function namesConcept(slot: QuerySlot): boolean {
  return slot.alternatives.some(
    (a) => a.term.startsWith("zc") && (a.term === `zc${slot.key}` || stemWord(a.term.slice(2)) === slot.key),
  );
}

/** Whether a text holds a slot's own word (or is tagged with the concept the slot is), not only a thesaurus neighbour. */
export function holdsLiterally(facts: TextFacts, slot: QuerySlot): boolean {
  return facts.stems.has(slot.key) || facts.concepts.has(slot.key);
}
