import { describe, expect, it } from "vitest";
import { lacksAskedFigure } from "../../knowledge/asked-figure.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";

describe("a share or a date asked for must be given (issue 11)", () => {
  it("reads a share as answered only by a share", () => {
    // Act & Assess: an amount of money near the words is no proportion of anything.
    expect(
      lacksAskedFigure(
        "what % of the £900m contracts went to the five biggest?",
        "the £900 million contracts",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure(
        "what proportion of the board do staff elect?",
        "a third of the board elected by staff",
      ),
    ).toBe(false);
    expect(
      lacksAskedFigure(
        "what % of the shares did the employee trust get?",
        "the employee trust held 49% of the shares",
      ),
    ).toBe(false);
  });

  it("reads a when-question as answered only by a year, month or season", () => {
    expect(
      lacksAskedFigure(
        "when did the support unit move out of the Cabinet Office?",
        "the unit supports mutuals",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure("when was the schools mutual due to start?", "a start in September for the mutual"),
    ).toBe(false);
    expect(
      lacksAskedFigure("When did Maude set the million target?", "In mid-2011, Maude talked of a million"),
    ).toBe(false);
  });

  it("reads the value of something as a sum of money", () => {
    expect(
      lacksAskedFigure(
        "what was the value of the schools contract in £?",
        "a three-year contract for schools",
      ),
    ).toBe(true);
    expect(
      lacksAskedFigure("what was the value of the Right to Request contracts?", "the £900 million contracts"),
    ).toBe(false);
  });

  it("declines a share or a date the articles never give, and still answers one they do", async () => {
    const kb = loadKnowledgeBase();

    // Act
    const share = await kb.ask(
      "what % of the Right to Request contract money went to the five biggest social enterprises?",
    );
    const date = await kb.ask("when was the Hammersmith & Fulham schools mutual meant to start?");

    // Assess
    expect(share.answered).toBe(false);
    expect(date.answered).toBe(true);
    expect(date.text).toMatch(/September/);
  });
});
