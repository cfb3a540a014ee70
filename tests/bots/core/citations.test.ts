import { describe, expect, it } from "vitest";
import { citationByline, citationUrl, formatCitationDate } from "../../../bots/core/citations.ts";
import type { Citation } from "../../../knowledge/types.ts";

const base: Citation = { n: 1, passageId: "p", kind: "article", title: "T", source: "001.txt", quote: "" };

describe("how a source reads", () => {
  it("writes ISO dates out in full and leaves partial dates as given", () => {
    expect(formatCitationDate("2012-09-20")).toBe("20 September 2012");
    expect(formatCitationDate("2012-09-20T23:30:00Z")).toBe("20 September 2012");
    expect(formatCitationDate("2012")).toBe("2012");
    expect(formatCitationDate("2012-13-45")).toBe("2012-13-45");
  });

  it("puts the layer, author and date after the title, leaving out what is unknown", () => {
    expect(citationByline({ ...base, author: "Jo Bloggs", date: "2012-09-20" })).toBe(
      "Jo Bloggs, 20 September 2012",
    );
    expect(citationByline({ ...base, kind: "community", author: "An ambassador" })).toBe(
      "Community answer, An ambassador",
    );
    expect(citationByline(base)).toBe("");
  });

  it("links only http(s) URLs", () => {
    expect(citationUrl({ ...base, url: " https://example.org/x " })).toBe("https://example.org/x");
    expect(citationUrl({ ...base, url: "javascript:alert(1)" })).toBeUndefined();
    expect(citationUrl({ ...base, url: "not a url" })).toBeUndefined();
    expect(citationUrl(base)).toBeUndefined();
  });
});
