/**
 * The per-knowledge-base and per-question work that offline `ask` reuses (issue 11's "ask p99 < 5 ms"):
 * each shortcut must give what the long way gives.
 */
import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import {
  coverageOf,
  createMentionIndex,
  factsOf,
  slotCredit,
  type TextFacts,
} from "../../knowledge/evidence.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";

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
