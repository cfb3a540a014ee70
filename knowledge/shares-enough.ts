/**
 * Whether a match rests on enough of a question (issue 11): one shared word with an everyday life of
 * its own is not a subject the articles discuss. Card matching and the passage an answer leads with
 * both ask it; the coverage it reads comes from evidence.ts.
 */
import { everydayZipf } from "./english.ts";
import { coverageOf, type QuerySlot } from "./evidence.ts";
import { stemWord } from "./text.ts";
import type { TextFacts } from "./text-facts.ts";

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
 * The slots a text must hold (`holds`) for `sharesEnough` to accept it, whatever its credits: in a short
 * question, each telling slot the short-question rule asks about (`known`) and does not leave out; none
 * in a longer one. Card matching passes by a phrasing lacking one before measuring it: `sharesEnough`
 * would refuse it (perf only; tests/knowledge/shares-enough.test.ts).
 */
export function slotsToHold(
  slots: readonly QuerySlot[],
  known: (slot: QuerySlot) => boolean,
  fit = SHARED_FIT,
): QuerySlot[] {
  const { telling, exempt } = sharedPlanOf(slots, fit);
  const toHold: QuerySlot[] = [];
  if (telling.length > fit.shortSlots) return toHold;
  for (let n = 0; n < telling.length; n++) {
    if (exempt[n]) continue;
    const slot = slots[telling[n] as number] as QuerySlot;
    if (known(slot)) toHold.push(slot);
  }
  return toHold;
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
  // Pushed, not mapped: one array kind in either V8 tier (see stemSequence in text.ts).
  const exempt: boolean[] = [];
  for (const i of telling)
    exempt.push(
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

/**
 * Whether the passage an answer would lead with rests on one word the articles mention in passing, as a
 * card's phrasing must not (sharesEnough): "what does Serco do?" shares only "Serco" with the journal Blond
 * wrote in. Of the short-question rule, a passage keeps only the field topics: it may paraphrase other
 * salient words ("approved" as "backing") where a phrasing, in the asker's voice, would not.
 * `knows`: whether the corpus or thesaurus has a word.
 */
export function passageRestsOnOneWord(
  slots: readonly QuerySlot[],
  facts: TextFacts,
  df: Readonly<Record<string, number>>,
  knows: (word: string) => boolean,
): boolean {
  return !sharesEnough(slots, {
    credits: coverageOf(slots, facts).credits,
    holds: () => true,
    spread: (slot) => df[slot.key] ?? 0,
    // Of a short question's salient words, a passage must hold those naming a field topic of their own
    // ("pension" in "does TUPE protect my pension?"); others it may paraphrase.
    known: (slot) => knows(slot.key) && namesConcept(slot),
    field: (slot) => knows(slot.key) || slot.alternatives.some((a) => a.term.startsWith("zc")),
  });
}
