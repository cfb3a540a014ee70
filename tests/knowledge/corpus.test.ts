import { describe, expect, it } from "vitest";
import {
  parseCorpus,
  parseSeedText,
  readSeedFiles,
  scrubContactDetails,
  splitSentences,
} from "../../knowledge/corpus.ts";

const seeds = readSeedFiles("seeds");
const { posts, passages } = parseCorpus(seeds);
const allText = passages.map((p) => `${p.title}\n${p.text}`).join("\n");

describe("parsing the seed blog exports", () => {
  it("finds every post, including the many posts of a tag archive", () => {
    const titles = posts.map((p) => p.title);
    expect(titles).toContain("Where is the mutuals agenda NOW?");
    expect(titles).toContain("Understanding the politics of ‘stepping out’ to create a public sector mutual");
    expect(titles).toContain(
      "NHS users should require mutuals to deliver more benefits than in-house, says NAO",
    );
    expect(titles).toContain("Will George Osborne help mutuals in today’s Budget?");
    expect(posts.filter((p) => p.source === "002_66f57567ec9f6e5a.txt").length).toBeGreaterThanOrEqual(10);
    // Related-post links between posts are not posts.
    expect(titles).not.toContain("Guardian Public Services Summit");
    expect(titles).not.toContain("Hammersmith & Fulham mutual Pathfinder expected to launch in 2012");
  });

  it("keeps author, date and archive tag where the export gives them", () => {
    const agenda = posts.find((p) => p.title === "Where is the mutuals agenda NOW?");
    expect(agenda?.date).toBe("2012-09-11");
    const erp = posts.find((p) => p.title.startsWith("A standard cloud-based ERP"));
    expect(erp?.author).toBe("Tony Collins");
    expect(erp?.tag).toBe("mutualisation");
    expect(posts.find((p) => p.title.startsWith("Is the Government 'playing at it'"))?.date).toBe(
      "2012-09-20",
    );
  });

  it("drops comment forms, comments, social log-in text and contact details", () => {
    for (const junk of [
      "Leave a Reply",
      "Akismet",
      "Twitter picture",
      "You are commenting using",
      "No comments",
      "1 comment",
      "Camillagaskin",
      "Great to meet you at business as mutuals event",
      "andrew.moore@davmanagement.com",
      "0100",
      "http",
      "To learn more, visit",
    ]) {
      expect(allText, junk).not.toContain(junk);
    }
  });

  it("separates posts that run into each other on one line when files are joined", () => {
    // Prepare: the exports end without a newline, so joining them glues posts together.
    const order = ["000", "001", "003", "002", "004"];
    const joined = order.map((prefix) => seeds.find((s) => s.name.startsWith(prefix))?.text ?? "").join("");
    expect(joined).toContain("No comments:Getting the mutuals message across");
    expect(joined).toContain("processed.Thursday, September 20, 2012");
    // Act
    const glued = parseSeedText("joined.txt", joined).map((p) => p.title);
    // Assess
    expect(glued).toContain("Getting the mutuals message across more effectively through knowledge networks");
    expect(glued).toContain("Is the Government 'playing at it' with public service mutuals?");
    expect(glued.length).toBe(posts.length);
    expect(parseSeedText("joined.txt", joined).find((p) => p.title.startsWith("Never knowingly"))?.tag).toBe(
      "mutualisation",
    );
  });

  it("turns a bulleted list into one readable sentence", () => {
    expect(allText).toContain(
      "five key issues that the taskforce must help mutuals tackle: Business Planning; External opposition, notably from unions; Procurement; Money issues; Getting start-up funding.",
    );
  });
});

describe("passages", () => {
  it("are a paragraph or a few, never a whole post or a fragment", () => {
    for (const p of passages) {
      const words = p.text.split(/\s+/).length;
      expect(words, p.id).toBeGreaterThanOrEqual(20);
      expect(words, p.id).toBeLessThanOrEqual(220);
    }
  });

  it("have unique ids derived from content, not position", () => {
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    // Removing the first seed file changes no other passage's id.
    const without = parseCorpus(seeds.slice(1)).passages.map((p) => p.id);
    const expected = passages.filter((p) => p.source !== seeds[0]?.name).map((p) => p.id);
    expect(without).toEqual(expected);
  });

  it("change id only when their text changes", () => {
    const edited = seeds.map((s) =>
      s.name === "003_8172b94af1863178.txt"
        ? { ...s, text: s.text.replace("Norwich or Salford", "Leeds") }
        : s,
    );
    const before = new Set(passages.map((p) => p.id));
    const changed = parseCorpus(edited).passages.filter((p) => !before.has(p.id));
    expect(changed).toHaveLength(1);
    expect(changed[0]?.text).toContain("Leeds");
  });
});

describe("helpers", () => {
  it("splits sentences without breaking at abbreviations", () => {
    expect(splitSentences("It works (i.e. it is fine). Mr. Smith agreed! Did he? Yes.")).toEqual([
      "It works (i.e. it is fine).",
      "Mr. Smith agreed!",
      "Did he?",
      "Yes.",
    ]);
  });

  it("scrubs emails, web addresses and phone numbers from prose", () => {
    expect(
      scrubContactDetails("Write to jo@council.gov.uk or call +44 (0)1189 974 0100 or see www.x.org today"),
    ).toBe("Write to or call or see today");
  });
});
