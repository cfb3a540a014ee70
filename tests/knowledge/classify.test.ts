import { describe, expect, it } from "vitest";
import { classifyText } from "../../knowledge/classify.ts";
import { CATEGORIES, isCategoryId } from "../../peer/taxonomy.ts";

/** Realistic practitioner texts (questions and obstacle reports) and the category each is mainly about. */
const EXAMPLES: Record<string, string[]> = {
  "internal-blockers": [
    "Our head of service keeps blocking the proposal",
    "the SLT won't sign it off and nobody will say why",
    "middle managers are sitting on the paperwork, it's been kicked into the long grass",
  ],
  "political-backing": [
    "the councillors want a say over the service after we leave",
    "cllrs worried about losing control once we're outside the council",
    "the portfolio holder is nervous about a bad headline",
  ],
  "business-case": [
    "we can't make the numbers add up, the savings target is too high",
    "our business plan doesn't show how we'd break even in year two",
  ],
  funding: [
    "we can't get start-up capital",
    "the bank won't lend us working capital until we have a contract",
  ],
  procurement: [
    "we're worried a big outsourcing firm will win when it's re-tendered",
    "how long should the initial contract be before it goes back out to tender?",
  ],
  "staff-unions": ["our union reps are against it", "UNISON reckon it's privatisation by the back door"],
  "hr-tupe-pensions": [
    "can we stay in the LGPS after we're TUPE'd across?",
    "will the transfer protect our T&Cs and pension?",
  ],
  "legal-governance": [
    "should we be a CIC or a co-op with an employee trust?",
    "who should sit on the board, and should staff hold shares?",
  ],
  "decision-makers": [
    "my director has never heard of a mutual, how do I explain it",
    "the chief executive doesn't understand what a mutual is",
  ],
  "isolation-support": [
    "I feel completely on my own, no one here has done this before",
    "is there a mentor or peer network I could talk to?",
  ],
};

describe("classifyText", () => {
  it("puts realistic practitioner texts in the category they are about", () => {
    for (const [category, texts] of Object.entries(EXAMPLES)) {
      for (const text of texts) {
        const [top] = classifyText(text);
        expect(top?.id, text).toBe(category);
      }
    }
  });

  it("covers every category of the taxonomy with examples", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(CATEGORIES.map((c) => c.id).sort());
  });

  it("returns known ids, strongest first, confidences in 0..1, at most `max`", () => {
    const scores = classifyText(
      "the union says TUPE won't protect pensions and the councillors want the tender re-run",
      { max: 2 },
    );
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.length).toBeLessThanOrEqual(2);
    for (const s of scores) {
      expect(isCategoryId(s.id)).toBe(true);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
    const sorted = [...scores].sort((a, b) => b.confidence - a.confidence);
    expect(scores).toEqual(sorted);
  });

  it("reports both sides of a text that is about two obstacles", () => {
    const ids = classifyText("will staff keep their terms and conditions, and will the unions fight it?").map(
      (s) => s.id,
    );
    expect(ids).toContain("hr-tupe-pensions");
    expect(ids).toContain("staff-unions");
  });

  it("is more confident when a text names an obstacle several ways", () => {
    const [weak] = classifyText("the tender");
    const [strong] = classifyText("the tender and procurement rules favour big bidders at re-tender");
    expect(weak?.id).toBe("procurement");
    expect(strong?.id).toBe("procurement");
    expect(strong?.confidence ?? 0).toBeGreaterThan(weak?.confidence ?? 1);
  });

  it("returns nothing for text outside the field, empty text or only symbols", () => {
    for (const text of ["lunch is at noon", "what's the weather in Leeds", "", "   ", "🙂🙂", "!!!"]) {
      expect(classifyText(text), text).toEqual([]);
    }
  });
});
