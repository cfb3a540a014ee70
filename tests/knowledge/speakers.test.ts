import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { createSpeakerCheck } from "../../knowledge/speakers.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";

const texts = [
  "Last week I heard a trio of speakers, among them historian Charlie Cattell and Lance Gardner of Care Plus.",
  "Amyas Morse, head of the National Audit Office, said there are many risks.",
  "We should look out for promising words in George Osborne's speech on the banks.",
  "In this guest blog, John Jones of Landseer Partners looks at the market.",
  "The Consumer Focus paper notes that Cattell's view differs from Morse's.",
];

describe("what a named person said is answered only when the articles report them saying something (issue 11, round 11)", () => {
  it("finds the names the texts never give as saying, writing or reporting anything", () => {
    // Arrange
    const check = createSpeakerCheck(() => texts);

    // Act & Assess
    expect(check.silentSpeaker("What did Lance Gardner say about how Care Plus spun out?")).toBe(
      "Lance Gardner",
    );
    expect(check.silentSpeaker("what did george osborne actually announce for mutuals?")).toBe(
      "george osborne",
    );
    // Asked yes or no, too.
    expect(check.silentSpeaker("Did George Osborne's Budget announce any money for mutuals?")).toBe(
      "George Osborne's Budget",
    );
    expect(check.silentSpeaker("did Amyas Morse say the contracts were risky?")).toBeUndefined();
    // Given as saying: a verb after the name, or the source of a guest blog.
    expect(check.silentSpeaker("What did Amyas Morse say about the contracts?")).toBeUndefined();
    expect(check.silentSpeaker("What did Landseer Partners think about the market?")).toBeUndefined();
    // Not the form, or no name the texts use.
    expect(check.silentSpeaker("Who is Lance Gardner?")).toBeUndefined();
    expect(check.silentSpeaker("What did the council say about it?")).toBeUndefined();
    // The asked span stops at a question's end: "someone told me" in a second sentence is no speaker asked about.
    expect(check.silentSpeaker("what did Care Plus do? someone told me it worked")).toBeUndefined();
  });

  it("reads a name the texts never use as silent, and how someone responded as what they said (round 12)", () => {
    // Arrange
    const check = createSpeakerCheck(() => texts);

    // Act & Assess
    // "Unite" is nowhere in the texts (stems would find "unit" in a support unit's name).
    expect(check.silentSpeaker("what has Unite said about employee-owned spin-outs?")).toBe("Unite");
    expect(check.silentSpeaker("how did Lance Gardner respond to the Budget?")).toBe("Lance Gardner");
    expect(check.silentSpeaker("how did Amyas Morse react to the contracts?")).toBeUndefined();
    // A named person's view, asked as such, is what they said.
    expect(check.silentSpeaker("what is Lance Gardner's view on employee ownership?")).toBe("Lance Gardner");
    expect(check.silentSpeaker("What's Amyas Morse's view on the contracts?")).toBeUndefined();
    // A lower-case word is no name; the question is left to the other rules.
    expect(check.silentSpeaker("what did the unions say about it?")).toBeUndefined();
  });

  it("reads the texts only when a question asks what someone said", () => {
    // Arrange
    let reads = 0;
    const check = createSpeakerCheck(() => {
      reads++;
      return texts;
    });

    // Act
    check.silentSpeaker("how do we win over the unions?");
    const before = reads;
    check.silentSpeaker("what did Lance Gardner say?");
    check.silentSpeaker("what did Morse say?");

    // Assess
    expect(before).toBe(0);
    expect(reads).toBe(1);
  });

  it("is one of the subject rule's corpus readers, read after every other rule", () => {
    // Arrange
    const check = createSpeakerCheck(() => texts);
    const corpus = { knows: () => true, silentSpeaker: (q: string) => check.silentSpeaker(q) };

    // Act
    const gardner = outOfFieldSubject("What did Lance Gardner say about how Care Plus spun out?", corpus);
    const morse = outOfFieldSubject("What did Amyas Morse say about the contracts?", corpus);
    // A subject the posts never cover is told as that, before the speaker is read.
    const vat = outOfFieldSubject("What did Lance Gardner say about VAT registration?", corpus);

    // Assess
    expect(gardner).toEqual({ kind: "silent-speaker", words: "Lance Gardner" });
    expect(morse).toBeUndefined();
    expect(vat?.kind).toBe("out-of-field");
  });

  it("declines what a listed speaker said, and still answers what a quoted one said", async () => {
    const kb = loadKnowledgeBase();

    // Act
    const gardner = await kb.ask("what did Lance Gardner of Care Plus say at that event about spinning out?");
    const osborne = await kb.ask("What did Osborne announce for mutuals in the Budget?");
    const morse = await kb.ask("What did Amyas Morse say about the Right to Request contracts?");
    const blond = await kb.ask("What did Phillip Blond say about mutualism?");

    // Assess
    expect(gardner.answered).toBe(false);
    expect(osborne.answered).toBe(false);
    expect(morse.answered).toBe(true);
    expect(blond.answered).toBe(true);
  });
});
