/**
 * Evidence: how much of a question's meaning a text (a passage, or one sentence of it) actually
 * addresses. The question is split into slots (one per content word, or per concept named only by
 * a phrase of small words such as "against it"); a slot is covered by the word itself, more weakly
 * by a thesaurus concept, and only partly by a word that sits inside a multi-word name ("Pension"
 * in "My Civil Service Pension" is part of a name, not a statement about pensions). Ranking, the
 * decision to answer and the choice of sentences all read the same measure.
 */
import type { TextFacts } from "./text-facts.ts";

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

/** A name the question spells out this fully ("fire service" for "Cleveland Fire Service") is what it asks about. */
const NAMED_BY_QUESTION = 0.8;
/** A word the thesaurus knows counts this much more as the main concept than a plain word as salient. */
const KEY_CONCEPT_BOOST = 2;

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
