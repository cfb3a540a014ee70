import { describe, expect, it } from "vitest";
import { NOT_FOUND_MESSAGE } from "../../knowledge/compose-extractive.ts";
import type { QuerySlot } from "../../knowledge/evidence.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { type SharedReading, sharesEnough } from "../../knowledge/shares-enough.ts";

const kb = loadKnowledgeBase();

/** A slot for a word (its stem as key), weighted as the retriever would weigh a word that specific. */
const slot = (key: string, salience: number): QuerySlot => ({
  key,
  weight: salience,
  salience,
  alternatives: [{ term: key, credit: 1 }],
});

/** A text read as covering the given slots, with each word used in `spread` passages of the articles. */
const reading = (
  slots: QuerySlot[],
  covered: string[],
  spread: Record<string, number>,
  holds: (slot: QuerySlot) => boolean = () => true,
): SharedReading => ({
  credits: slots.map((s) => (covered.includes(s.key) ? 1 : 0)),
  holds,
  spread: (s) => spread[s.key] ?? 0,
  known: (s) => (spread[s.key] ?? 0) > 0,
  field: (s) => (spread[s.key] ?? 0) > 0,
});

describe("a match must rest on more than one word mentioned in passing (issue 11)", () => {
  it("refuses a short question sharing only a word the articles use once or twice", () => {
    // Prepare: "release equity from my flat": "equity" occurs in two passages, "release" and "flat" in none.
    const slots = [slot("equiti", 5.4), slot("releas", 2), slot("flat", 2.5)];

    // Act / Assess
    expect(sharesEnough(slots, reading(slots, ["equiti"], { equiti: 2 }))).toBe(false);
  });

  it("accepts the same word beside another word the field knows ('win over councillors')", () => {
    const slots = [slot("win", 1.8), slot("councillor", 6.2)];

    expect(sharesEnough(slots, reading(slots, ["councillor"], { councillor: 1, win: 1 }))).toBe(true);
  });

  it("accepts the same shape when the one shared word runs through the articles", () => {
    // Prepare: "pathfinders in trouble?": "pathfind" is in nine passages.
    const slots = [slot("pathfind", 3.4), slot("troubl", 1.2)];

    // Act / Assess
    expect(sharesEnough(slots, reading(slots, ["pathfind"], { pathfind: 9, troubl: 3 }))).toBe(true);
  });

  it("accepts a rare word when a second telling word is shared with it", () => {
    const slots = [slot("blocker", 5.4), slot("beat", 2.6)];

    expect(sharesEnough(slots, reading(slots, ["blocker", "beat"], { blocker: 2, beat: 1 }))).toBe(true);
  });

  it("never counts everyday-general words (take, house) as the second shared word", () => {
    const slots = [slot("take", 0.7), slot("equiti", 5.4), slot("hous", 0.8)];

    expect(
      sharesEnough(slots, reading(slots, ["take", "equiti", "hous"], { take: 9, equiti: 2, hous: 7 })),
    ).toBe(false);
  });
});

describe("a short question is asked about each of its salient words (issue 11)", () => {
  it("refuses a text covering one of two salient words of a short question", () => {
    // Prepare: "are our pensions safe under TUPE?": a text on TUPE transfers alone.
    const slots = [slot("tupe", 6.2), slot("pension", 4.9), slot("safe", 2)];

    // Act / Assess
    expect(sharesEnough(slots, reading(slots, ["tupe", "safe"], { tupe: 1, pension: 2, safe: 1 }))).toBe(
      false,
    );
  });

  it("ignores a salient word the articles never use (a typo is not a subject)", () => {
    const slots = [slot("wat", 5.2), slot("spinout", 4.7), slot("councillor", 4.5)];

    expect(
      sharesEnough(slots, reading(slots, ["spinout", "councillor"], { spinout: 3, councillor: 1 })),
    ).toBe(true);
  });

  it("does not apply to longer questions, where a paraphrase may leave a salient word out", () => {
    const slots = [slot("portfolio", 4.7), slot("holder", 5.4), slot("spin", 2.9), slot("threat", 2.2)];

    expect(sharesEnough(slots, reading(slots, ["spin", "threat"], { spin: 6, threat: 1 }))).toBe(true);
  });

  it("for a card's phrasing, counts only the word itself, not a thesaurus neighbour", () => {
    const slots = [slot("nh", 4.2), slot("gp", 4.7)];
    const literal = (s: QuerySlot) => s.key === "nh";

    expect(sharesEnough(slots, reading(slots, ["nh", "gp"], { nh: 5, gp: 1 }, literal))).toBe(false);
  });
});

describe("everyday questions sharing one field word are declined (issue 11)", () => {
  it.each([
    "Can I release some equity from my flat?",
    "Is my pension safe under TUPE?",
    "what does Serco actually do?",
  ])("declines %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer).toMatchObject({ answered: false, text: NOT_FOUND_MESSAGE });
  });

  it.each(["Have the pathfinder mutuals had problems?", "what's the point of beating the blockers?"])(
    "still answers %s",
    async (question) => {
      expect((await kb.ask(question)).answered).toBe(true);
    },
  );
});

describe("a passage must hold the field topics a short question names (issue 11)", () => {
  it.each(["Is my pension protected by TUPE?", "TUPE: are pensions protected?"])(
    "declines %s: the TUPE passage never speaks of pensions",
    async (question) => {
      // Act
      const answer = await kb.ask(question);

      // Assess
      expect(answer).toMatchObject({ answered: false, text: NOT_FOUND_MESSAGE });
    },
  );

  it("still answers a short question about the topic the passage holds", async () => {
    const answer = await kb.ask("what is TUPE?");

    expect(answer.answered).toBe(true);
    expect(answer.citations.map((c) => c.quote).join(" ")).toMatch(/transfer/i);
  });
});
