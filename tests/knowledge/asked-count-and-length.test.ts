import { describe, expect, it } from "vitest";
import { lacksAskedFigure } from "../../knowledge/asked-figure.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";

describe("a count, a length, a budget or a stake asked for must be given (issue 11, round 11)", () => {
  it("reads 'how many X' as answered only by a number counting X", () => {
    // Act & Assess: a number elsewhere near the words counts something else.
    expect(
      lacksAskedFigure(
        "How many social enterprises were set up under the Right to Request programme?",
        "the £900 million contracts awarded to social enterprises",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "How many Mutuals Ambassadors were appointed?",
        "five key issues for mutuals, and a team of Mutuals Ambassadors",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "what was the exact number of social enterprises set up?",
        "contracts worth £900 million went to social enterprises",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "How many public sector workers did Maude want in mutuals?",
        "up to a million public sector workers in mutuals",
      ),
    ).toBe(false);
    // People count one another: "ppl" is answered by "workers".
    expect(
      lacksAskedFigure("how many ppl in mutuals by 2015?", "a million public sector workers by 2015"),
    ).toBe(false);
    // A count in words, exact or not, reaching what it counts through "of our".
    expect(
      lacksAskedFigure(
        "How many local public servants are really interested in mutuals?",
        "a handful of our local public servants and administrators are interested",
      ),
    ).toBe(false);
    // Nothing named after "how many of": the number need only stand near the question's words.
    expect(lacksAskedFigure("how many of the pathfinders launched?", "of the pathfinders, 12 launched")).toBe(
      false,
    );
  });

  it("reads 'how long' as answered by a date or a count of time, not by another count or a law's year", () => {
    expect(
      lacksAskedFigure(
        "How long must TUPE consultation with staff run before they transfer?",
        "staff from all three boroughs will be transferred under the Transfer of Undertakings Regulations 2006",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "How long was the contract to run?",
        "a contract for a period of not less than 4 years",
      ),
    ).toBe(false);
    expect(
      lacksAskedFigure(
        "how long was the contract for?",
        "the start date for the contract is 1st September 2012, running to 1st September 2016",
      ),
    ).toBe(false);
  });

  it("reads a budget, 'any figures', 'how much can we bid for' and 'what share do staff hold' as asking for an amount", () => {
    expect(
      lacksAskedFigure(
        "What was the budget of the Mutuals Support Unit in 2012-13?",
        "mutuals enjoy continued support from the centre and the unit",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure("what was the budget for the programme?", "a £10m budget for the programme"),
    ).toBe(false);
    expect(
      lacksAskedFigure(
        "what did care plus do after spinning out, any figures",
        "Lance Gardner of Care Plus spoke",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "mutuals support programme - how much can we bid for?",
        "an effective Mutuals Support Programme is needed",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "what share do staff hold in the joint venture?",
        "employees have the opportunity to take a stake in the joint venture",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "what share do staff hold in the joint venture?",
        "staff hold 25% of the joint venture",
      ),
    ).toBe(false);
  });

  it("declines counts and sums the articles never give, and still answers the ones they do", async () => {
    const kb = loadKnowledgeBase();

    // Act
    const declined = await Promise.all(
      [
        "How many social enterprises were set up under the Right to Request programme?",
        "How many Mutuals Ambassadors were appointed and who were they?",
        "What was the budget of the Mutuals Support Unit in 2012-13?",
        "How long must TUPE consultation with staff run before they transfer to a mutual?",
        "Is there a Teckal exemption that lets a council award a contract directly to its own spin-out?",
      ].map((q) => kb.ask(q)),
    );
    const count = await kb.ask("How many public sector workers did Maude want in mutuals?");
    const length = await kb.ask("How long was the contract with the Hammersmith & Fulham mutual to run?");

    // Assess
    expect(declined.map((a) => a.answered)).toEqual([false, false, false, false, false]);
    expect(count.answered).toBe(true);
    expect(count.text).toMatch(/million/);
    expect(length.answered).toBe(true);
    expect(length.text).toMatch(/4 years|2016/);
  });
});
