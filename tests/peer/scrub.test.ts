import { describe, expect, it } from "vitest";
import { scrubText } from "../../peer/scrub.ts";

describe("scrubText", () => {
  it("replaces emails and UK phone numbers in a realistic report", () => {
    const text =
      "Our head of HR (jane.doe@northshire.gov.uk, 0161 496 0000, mobile 07700 900123) keeps blocking the TUPE list.";
    expect(scrubText(text)).toBe(
      "Our head of HR ([email], [phone], mobile [phone]) keeps blocking the TUPE list.",
    );
  });

  it("replaces international numbers, +44 with a bracketed trunk zero, and numbers without spaces", () => {
    expect(scrubText("Ring +44 (0)20 7946 0958, +353 1 234 5678 or 07700900123 today")).toBe(
      "Ring [phone], [phone] or [phone] today",
    );
  });

  it("replaces National Insurance numbers written with or without spaces", () => {
    expect(scrubText("My NI number is QQ 12 34 56 C, hers is AB123456D.")).toBe(
      "My NI number is [NI number], hers is [NI number].",
    );
  });

  it("replaces UK postcodes in upper or lower case", () => {
    expect(scrubText("Office at SW1A 2AA, depot at m1 1ae and b338th")).toBe(
      "Office at [postcode], depot at [postcode] and [postcode]",
    );
  });

  it("replaces links carrying tokens or query secrets but keeps plain guidance links", () => {
    const text =
      "See https://www.gov.uk/guidance/tupe-transfers. Our doc: https://docs.example.com/d/1AbCdEfGhIjKlMnOpQrStUvWxYz123/edit and " +
      "https://zoom.us/j/98765432101?pwd=abcDEF123, reset https://portal.example.org/reset-password/abc";
    expect(scrubText(text)).toBe(
      "See https://www.gov.uk/guidance/tupe-transfers. Our doc: [link] and [link], reset [link]",
    );
  });

  it("leaves money, percentages, dates, years and staff numbers alone", () => {
    const text = "Budget 2024-25 was £1,200,000; savings 15% by 31/03/2026; 120 staff in 3 teams since 2019.";
    expect(scrubText(text)).toBe(text);
  });
});
