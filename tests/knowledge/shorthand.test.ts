import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { prepareQuestion } from "../../knowledge/question.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { expandShorthand } from "../../knowledge/shorthand.ts";
import { createSpellingCorrector } from "../../knowledge/spelling.ts";
import { contentStems } from "../../knowledge/text.ts";

/** One knowledge base for the file: building one per test repeats the index load. */
const kb = loadKnowledgeBase();

describe("chat shorthand is read as the words it stands for (issue 11, eleventh pass)", () => {
  it.each([
    ["tbh ppl say govt won't back it", "people say government won't back it"],
    ["shld we wait b4 telling staff?", "should we wait before telling staff?"],
    ["whove done this w/o a partner?", "who have done this without a partner?"],
    ["Govt support abt mutuals, IMO fading", "government support about mutuals, fading"],
    ["mutual vs outsourcing - wot r the pros", "mutual versus outsourcing - what r the pros"],
    ["dont the yrs of cuts matter?", "do not the years of cuts matter?"],
    ["help w/ the business case pls", "help with the business case please"],
    ["the govt's 1st big spin out", "the government's first big spin out"],
    ["2nd thoughts from the 3rd sector", "second thoughts from the third sector"],
    ["is rtr the same as a psm?", "is right to request the same as a public service mutual?"],
    // Round 18: UK public-sector acronyms with one reading in a council.
    ["Our CE's first question", "Our chief executive's first question"],
    [
      "a VCS or private bidder; we're an ALB",
      "a voluntary and community sector or private bidder; we're an arm's length body",
    ],
    ["I'm in FE, the PCC asked", "I'm in further education, the police and crime commissioner asked"],
    // A word that merely starts like a month ("decision", "novel", "marathon") is not a date.
    ["my 1st decision as chair", "my first decision as chair"],
    ["our 2nd novel idea", "our second novel idea"],
  ])("reads %s as %s", (typed, read) => {
    // Act / Assess
    expect(expandShorthand(typed)).toBe(read);
  });

  it.each([
    // Ordinary words that look like shorthand, and shorthand inside a longer word or an address.
    "as is their wont, the unions were sceptical",
    "see gov.uk for the guidance",
    "the infographic and the imposter",
    "a well-run mutual",
    // Letters inside a word are no acronym ("café", "cease", "face").
    "the café will cease to face the street",
    "what is a mutual?",
    // Dates the articles write with ordinals.
    "the contract starts 1st September 2012",
    "the 3rd of May deadline",
    "the contract ends 1st Sept 2016",
  ])("leaves %s alone", (text) => {
    expect(expandShorthand(text)).toBe(text);
  });

  it("reads contractions as the stopwords they are, with or without their apostrophe", () => {
    // Prepare: normalisation drops the apostrophe, and "whove" and "whod" were missing from the
    // stopword list, so they counted as unknown content words.
    const contractions = "who've who’d who'll where's how's it'd that'll might've must've ain't whove whod";

    // Act / Assess
    expect(contentStems(`${contractions} spin out`)).toEqual(contentStems("spin out"));
  });

  it("gives a question typed in shorthand the answer its spelled-out form gets", async () => {
    // Prepare: left as they were, "shld" and "b4" were unknown words, so the question's point was
    // covered only in part and it could be declined or answered from a weaker card.

    // Act
    const typed = await kb.ask("shld our team downsize b4 we go mutual or after??");
    const spelled = await kb.ask("should our team downsize before we go mutual or after??");

    // Assess
    expect(spelled.answered).toBe(true);
    expect(typed.answered).toBe(true);
    expect(typed.cardId).toBe(spelled.cardId);
    expect(typed.citations.map((c) => c.passageId)).toEqual(spelled.citations.map((c) => c.passageId));
  });

  it("does not take an aside such as 'tbh' for an unseen subject", async () => {
    // Prepare: "tbh" is in no article and rare in everyday English, so it read as the question's
    // unseen subject, which only a strong passage match could outweigh.

    // Act
    const answer = await kb.ask("tbh is the govt support for mutuals likely to last?");

    // Assess
    expect(answer.answered).toBe(true);
    expect(prepareQuestion("tbh is the govt support for mutuals likely to last?").text).toBe(
      "is the government support for mutuals likely to last?",
    );
  });
});

describe("what the shorthand used to hide is still declined", () => {
  it.each([
    // The bot's own preferences ("lol" no longer makes the question unreadable).
    "which is your favourite staff-owned business lol",
    // An email address to reach someone ("pls" no longer does).
    "can u send me the email for the mutuals support team at the cabinet office pls",
    // A study of outcomes the posts never report ("vs" no longer does).
    "has any independent study compared outcomes in mutual libraries vs council-run ones?",
    "is there any hard data on outcomes for patients in NHS spin-outs?",
  ])("declines %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
  });

  it("still answers what the posts say about the evidence", async () => {
    // Act
    const answer = await kb.ask("is the evidence for staff mutuals getting any stronger?");

    // Assess
    expect(answer.answered).toBe(true);
  });
});

describe("a typo of a word with no subject is read as that word (issue 11, eleventh pass)", () => {
  it.each([
    ["actualy", "actually"],
    ["somthing", "something"],
    ["becuase", "because"],
  ])("repairs %s to %s, not to a rare word of the articles", (typo, word) => {
    // Prepare: against the articles' vocabulary alone, "actualy" became "actuary".
    const speller = createSpellingCorrector(["actuary", "sorting", "beacon"]);

    // Act / Assess
    expect(speller.correct(typo)).toBe(word);
  });

  it.each([
    ["lender", "tender"],
    ["gender", "tender"],
    ["traction", "fraction"],
  ])("does not read %s, a word of its own, as %s", (word, other) => {
    // Prepare: typos rarely hit the first letter; a word differing there is usually another word.
    const speller = createSpellingCorrector([other]);

    // Act / Assess
    expect(speller.correct(word)).toBe(word);
  });

  it("still repairs a typo inside a word", () => {
    expect(createSpellingCorrector(["procurement"]).correct("procurment")).toBe("procurement");
  });

  it("gives such a typo no weight in the question", async () => {
    // Prepare
    const retriever = createRetriever(artifactData as unknown as KnowledgeArtifact);

    // Act
    const typed = retriever.analyse("what peer support do spin-out teams actualy need");
    const spelled = retriever.analyse("what peer support do spin-out teams need");

    // Assess
    expect(typed.slots.map((s) => s.key)).toEqual(spelled.slots.map((s) => s.key));
  });
});
