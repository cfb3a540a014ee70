/**
 * The per-knowledge-base and per-question work that offline `ask` reuses (issue 11's "ask p99 < 5 ms"):
 * each shortcut must give what the long way gives.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { termsIn } from "../../knowledge/classify.ts";
import subjectData from "../../knowledge/data/subjects.json" with { type: "json" };
import { coverageOf, type QuerySlot, slotCredit } from "../../knowledge/evidence.ts";
import { withoutFixedExpressions } from "../../knowledge/question.ts";
import { surroundingParagraph } from "../../knowledge/quotes.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { sharesEnough } from "../../knowledge/shares-enough.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";
import { stemSequence, wordsOf } from "../../knowledge/text.ts";
import { createMentionIndex, factsOf, type TextFacts } from "../../knowledge/text-facts.ts";
import { CATEGORIES } from "../../peer/taxonomy.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;
const retriever = createRetriever(artifact);
const passageFacts = artifact.passages.map((p) => retriever.factsFor(p));

/** Questions with names ("Companies House"), concepts ("TUPE", "cllrs"), typos and plain words. */
const QUESTIONS = [
  "Do we need to register the mutual at Companies House before the TUPE transfer?",
  "How do we win over cllrs who think the Mutuals Support Unit is a Tory idea?",
  "Will staff keep their pensions if we spin out?",
  "Our union reps say it's privatisation by the back door. What do other councils do?",
  "What did the Cabinet Office say about the Right to Provide?",
  "procurment rules for a new mutual biding for the contract",
];

describe("coverageOf reads a question's slots once (evidence.ts planOf)", () => {
  it("gives the same coverage whether the slots' plan is fresh or reused", () => {
    for (const question of QUESTIONS) {
      // Prepare: the analysis's own slots array (planned on first use) and a copy never seen before.
      const { slots } = retriever.analyse(question);
      for (const facts of passageFacts) {
        // Act
        const reused = [coverageOf(slots, facts), coverageOf(slots, facts)];
        const fresh = coverageOf([...slots], facts);
        // Assess
        expect(reused[0]).toEqual(fresh);
        expect(reused[1]).toEqual(fresh);
      }
    }
  });

  it("gives one slot's credit alone as coverageOf gives it among all (slotCredit)", () => {
    let namedPenalties = 0;
    for (const question of QUESTIONS) {
      const { slots } = retriever.analyse(question);
      for (const facts of passageFacts) {
        const { credits } = coverageOf(slots, facts);
        slots.forEach((slot, i) => {
          expect(slotCredit(slots, i, facts)).toBe(credits[i]);
          if (slot.name !== undefined && (credits[i] ?? 0) > 0) namedPenalties++;
        });
      }
      expect(slotCredit(slots, slots.length, passageFacts[0] as TextFacts)).toBe(0);
    }
    // The questions' names reach the penalty path (a name's word met apart from the name).
    expect(namedPenalties).toBeGreaterThan(0);
  });
});

describe("sharesEnough reads a question's telling words once (shares-enough.ts sharedPlanOf)", () => {
  it("decides as for slots never seen, passage by passage", () => {
    let decided = { yes: 0, no: 0 };
    for (const question of QUESTIONS) {
      const { slots } = retriever.analyse(question);
      for (const facts of passageFacts) {
        // Prepare: a passage's reading of the question, as index.ts makes it.
        const reading = {
          credits: coverageOf(slots, facts).credits,
          holds: (slot: QuerySlot) => facts.stems.has(slot.key),
          spread: (slot: QuerySlot) => artifact.df[slot.key] ?? 0,
          known: (slot: QuerySlot) => (artifact.df[slot.key] ?? 0) > 0,
          field: (slot: QuerySlot) => (artifact.df[slot.key] ?? 0) > 0,
        };
        // Act: planned (twice: the second reuses the plan) and fresh.
        const planned = [sharesEnough(slots, reading), sharesEnough(slots, reading)];
        const fresh = sharesEnough([...slots], reading);
        // Assess
        expect(planned).toEqual([fresh, fresh]);
        decided = fresh ? { ...decided, yes: decided.yes + 1 } : { ...decided, no: decided.no + 1 };
      }
    }
    // Both outcomes are exercised.
    expect(decided.yes).toBeGreaterThan(0);
    expect(decided.no).toBeGreaterThan(0);
  });
});

describe("createMentionIndex", () => {
  const texts = [
    "Unions and staff side were against the spin-out.",
    "The pension fund and TUPE transfer.",
    "Councillors backed the mutual.",
    "TUPE protects terms; the union agreed.",
  ];
  const facts = texts.map(factsOf);
  const scan = (terms: readonly string[]) =>
    facts.flatMap((f, i) => (terms.some((t) => f.stems.has(t) || f.concepts.has(t)) ? [i] : []));
  const index = createMentionIndex(facts);

  it("finds the same texts as looking in each, in their order, each once", () => {
    const allTerms = [...new Set(facts.flatMap((f) => [...f.stems.keys(), ...f.concepts.keys()]))];
    expect(allTerms.some((t) => t.startsWith("zc"))).toBe(true);
    for (const term of allTerms) expect(index([term])).toEqual(scan([term]));
    for (let i = 0; i + 2 < allTerms.length; i++) {
      const terms = allTerms.slice(i, i + 3);
      expect(index(terms)).toEqual(scan(terms));
    }
  });

  it("finds nothing for terms no text holds", () => {
    expect(index(["zzznothing", "zcnothing"])).toEqual([]);
    expect(index([])).toEqual([]);
  });
});

describe("outOfFieldSubject finds out-of-field phrases through an index by first word (subject.ts)", () => {
  const phrases = Object.values(subjectData.outOfField as Record<string, string[]>).flat();
  // The folding subject.ts compares words by: as written, a plural "s" dropped.
  const folded = (text: string) => wordsOf(text).map((w) => w.replace(/(?<=\w{3})s$/, ""));
  /** The long way: the first phrase in list order whose words occur as a run in the question. */
  const firstInList = (question: string) => {
    const words = folded(question).join(" ");
    return phrases.find((phrase) => ` ${words} `.includes(` ${folded(phrase).join(" ")} `));
  };
  const knows = () => true;

  it("reports the phrase the list gives first, wherever it stands in the question", () => {
    let outOfField = 0;
    const questions = phrases.flatMap((phrase, i) => [
      `is there guidance on ${phrase} for us`,
      `${phrases[phrases.length - 1 - i]} and ${phrase} for us`,
    ]);
    for (const question of questions) {
      const found = outOfFieldSubject(question, { knows });
      if (found?.kind !== "out-of-field" || !phrases.includes(found.words)) continue;
      outOfField++;
      expect(found.words, question).toBe(firstInList(question));
    }
    // Nearly all reach the phrase list (a few are caught by an earlier rule first).
    expect(outOfField).toBeGreaterThan(questions.length * 0.8);
  });

  it("finds no phrase in a question holding none", () => {
    expect(
      outOfFieldSubject("How do we win over the unions before the TUPE transfer?", { knows }),
    ).toBeUndefined();
  });
});

describe("classifyText finds taxonomy terms through an index by first stem (classify.ts)", () => {
  /** The long way: every category's every term, looked for as a run of stems in the text. */
  const scanned = (stems: readonly string[]) =>
    CATEGORIES.flatMap((category) =>
      category.terms
        .map(stemSequence)
        .filter((term) => term.length > 0 && ` ${stems.join(" ")} `.includes(` ${term.join(" ")} `))
        .map((term) => `${category.id}: ${term.join(" ")}`),
    ).sort();
  const indexed = (stems: readonly string[]) =>
    [...termsIn(stems)].map((term) => `${term.category}: ${term.stems.join(" ")}`).sort();

  it("finds the terms scanning each would, in questions and around every term", () => {
    const texts = [
      ...QUESTIONS,
      ...CATEGORIES.flatMap((c) => c.terms.flatMap((t) => [`${t} again`, `we keep hitting ${t} and ${t}`])),
    ];
    let found = 0;
    for (const text of texts) {
      const stems = stemSequence(text);
      expect(indexed(stems), text).toEqual(scanned(stems));
      found += indexed(stems).length;
    }
    expect(found).toBeGreaterThan(texts.length);
  });
});

describe("surroundingParagraph reads a passage's paragraphs once (compose-extractive.ts)", () => {
  it("gives the same paragraph from the cache as for a passage never seen", () => {
    for (const passage of artifact.passages) {
      const sentence = passage.text.split(/(?<=[.?!])\s+/)[1] ?? passage.text;
      const first = surroundingParagraph(passage, [sentence]);
      const again = surroundingParagraph(passage, [sentence]);
      const fresh = surroundingParagraph({ ...passage }, [sentence]);
      expect(again).toBe(first);
      expect(fresh).toBe(first);
    }
  });
});

describe("withoutFixedExpressions skips the idiom list when none occurs (question.ts)", () => {
  it("still tidies spacing in a question holding no idiom", () => {
    expect(withoutFixedExpressions("  What  is TUPE ?")).toBe("What is TUPE?");
    expect(withoutFixedExpressions("Why go mutual in the first place ?")).toBe("Why go mutual?");
  });
});
