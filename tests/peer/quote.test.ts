import { describe, expect, it } from "vitest";
import { QUOTE_MAX_CHARS, toQuote, truncateAtWord } from "../../peer/quote.ts";

describe("toQuote", () => {
  it("removes mentions, emails, phone numbers and formatting a stored text might still carry", () => {
    const quote = toQuote(
      "Ask <@U123ABC|jo> or email jo.bloggs@council.gov.uk / 07700 900123 — the *union* says <at>Sam</at> no",
    );
    expect(quote).not.toMatch(/U123ABC|jo\.bloggs|07700|Sam|\*/);
    expect(quote).toContain("the union says");
  });

  it("keeps a quote on one line and cuts a long one at a word with an ellipsis", () => {
    const long = `We keep hearing\n\nthat ${"the transfer is too risky for the council ".repeat(10)}`;
    const quote = toQuote(long);
    expect(quote.length).toBeLessThanOrEqual(QUOTE_MAX_CHARS);
    expect(quote).not.toContain("\n");
    expect(quote.endsWith("…")).toBe(true);
    expect(quote).toMatch(/\b(the|transfer|is|too|risky|for|council)…$/);
  });

  it("drops a text with nothing left to say", () => {
    expect(toQuote("  <@U1>  ")).toBe("");
  });
});

describe("truncateAtWord", () => {
  it("leaves short text alone and cuts a single huge word rather than returning nothing", () => {
    expect(truncateAtWord("short", 10)).toBe("short");
    expect(truncateAtWord("x".repeat(50), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
