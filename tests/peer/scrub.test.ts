import { describe, expect, it } from "vitest";
import { plainText, scrubText } from "../../peer/scrub.ts";

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

describe("scrubText: issue 13 item 6 (scrubber gaps), UK formats", () => {
  // Each row: what a person might type, and what may be stored. Every input here passed through unchanged
  // before the fix, or must keep passing through unchanged.
  const removed: Array<[string, string]> = [
    [
      "My manager Sarah Jones refuses to share the TUPE list",
      "My manager [name] refuses to share the TUPE list",
    ],
    ["Cllr Smith is blocking the cabinet paper", "Cllr [name] is blocking the cabinet paper"],
    [
      "Contact Dr. Priya Shah about the pensions admission",
      "Contact Dr. [name] about the pensions admission",
    ],
    ["Councillor Bethan Rees-Evans wants a seat on the board", "Councillor [name] wants a seat on the board"],
    ["Mrs O'Brien in procurement says no", "Mrs [name] in procurement says no"],
    ["our chief executive Tom Riley is nervous", "our chief executive [name] is nervous"],
    ["The CEO Amir Khan said the numbers don't add up", "The CEO [name] said the numbers don't add up"],
    ["my line manager, Gary Oldham, keeps stalling", "my line manager, [name], keeps stalling"],
    ["Unison rep Dave Wilson called a ballot", "Unison rep [name] called a ballot"],
    ["Prof Helen Marsh chaired the review", "Prof [name] chaired the review"],
    ["Mr J. Patel from legal objected", "Mr [name] from legal objected"],
    ["Our monitoring officer Ruth Cole raised vires", "Our monitoring officer [name] raised vires"],
    ["NHS number 943 476 5919 was on the form", "NHS number [NHS number] was on the form"],
    ["patient 943-476-5919 transferred", "patient [NHS number] transferred"],
    ["ref 9434765919 in the letter", "ref [NHS number] in the letter"],
    ["Call me on 0044 7700 900123", "Call me on [phone]"],
    ["or 0033 1 23 45 67 89 in Paris", "or [phone] in Paris"],
    ["email jane dot doe at nhs dot net", "email [email]"],
    ["write to j.doe [at] northshire [dot] gov [dot] uk", "write to [email]"],
    ["mail jane.doe at nhs.net please", "mail [email] please"],
    ["ask sam(at)unison.org.uk", "ask [email]"],
    ["DOB 12/03/1975 on the HR file", "DOB [date of birth] on the HR file"],
    ["date of birth: 12 March 1975", "date of birth: [date of birth]"],
    ["she was born on 1975-03-12", "she was born on [date of birth]"],
    ["D.O.B. 3.4.82 attached", "D.O.B. [date of birth] attached"],
    ["Ring +44 7700 900123 or 020 7946 0958", "Ring [phone] or [phone]"],
    ["NI AB 12 34 56 C and postcode M1 1AE", "NI [NI number] and postcode [postcode]"],
  ];
  const kept = [
    "Our Section 151 officer won't sign off the business case",
    "TUPE consultation starts in March",
    "Manchester City Council cabinet meets on 12/03/2026",
    "The Director of Adult Social Care is supportive",
    "our director Adult Social Care wants more detail",
    "The chief executive says the numbers don't add up",
    "Northshire County Council's leader is cautious",
    "Unison and GMB are balloting members",
    "The LGPS admission agreement needs a bond",
    "Budget 2024-25 was £1,200,000 with 15% savings",
    "We looked at gov.uk guidance on mutuals",
    "Meet at the town hall at 10am",
    "Cabinet Office Mutuals Support Programme helped",
    "We have 120 staff across 3 sites since 2019",
    "Staff at Leisure Trust are worried about pensions",
    "the Monitoring Officer raised concerns",
    "Tender deadline 31/03/2026 for the leisure contract",
    "The NHS Trust wants a partnership",
  ];

  it.each(removed)("removes personal data: %s", (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each(kept.map((k) => [k]))("keeps: %s", (input) => {
    expect(scrubText(input)).toBe(input);
  });

  it("covers at least 40 realistic inputs", () => {
    expect(removed.length + kept.length).toBeGreaterThanOrEqual(40);
  });
});

describe("plainText / scrubText: issue 13 item 7 (control and bidi characters stored and echoed)", () => {
  it("removes NUL, BEL, whole ANSI escape sequences, C1 controls and bidi overrides and isolates", () => {
    const input =
      "a\u0000b\u0007c \u001b[31mred\u001b[0m \u009bx \u202Efdp.exe\u202C \u2066iso\u2069 \u200Fend";
    expect(plainText(input)).toBe("abc red x fdp.exe iso end");
    expect(scrubText(input)).toBe("abc red x fdp.exe iso end");
  });

  it("keeps tabs and newlines, turns CRLF into a newline and normalises to NFC", () => {
    const decomposed = "Cafe\u0301 staff\r\nsecond line\tok";
    const out = plainText(decomposed);
    expect(out).toBe("Caf\u00e9 staff\nsecond line\tok");
    expect(out.normalize("NFC")).toBe(out);
  });
});
