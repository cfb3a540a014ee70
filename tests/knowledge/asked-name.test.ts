import { describe, expect, it } from "vitest";
import artifactData from "../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { storeAskedBefore } from "../../knowledge/asked-before.ts";
import { askedNameKind, createAskedNameCheck, lacksAskedName } from "../../knowledge/asked-name.ts";
import { createKnowledgeBase, loadKnowledgeBase } from "../../knowledge/index.ts";
import { quotedPassageIds } from "../../knowledge/quotes.ts";

const artifact = artifactData as unknown as KnowledgeArtifact;
const passageWith = (words: string) => {
  const passage = artifact.passages.find((p) => p.text.includes(words));
  if (!passage) throw new Error(`no passage holds "${words}"`);
  return passage;
};
/** One knowledge base for the file: building one per test repeats the index load. */
const kb = loadKnowledgeBase();

describe("a question asking which hospital, school or council is answered only by a passage naming one (issue 11, round 18)", () => {
  it("reads the kind of name asked for, and no kind where the word qualifies another noun or names no instance", () => {
    // Act / Assess
    expect(askedNameKind("Which hospital in British Columbia was it?")).toBe("hospital");
    expect(askedNameKind("what was the name of the health authority in that Canadian case")).toBe(
      "health authority",
    );
    expect(askedNameKind("which schools actually adopted a John Lewis style model?")).toBe("school");
    expect(askedNameKind("what council was the director from?")).toBe("council");
    expect(askedNameKind("which of the London boroughs were in it")).toBe("borough");
    expect(askedNameKind("Which university is he a professor at?")).toBe("university");
    // "council services", "school support staff": the kind word qualifies what is asked for.
    expect(askedNameKind("which council services went mutual first?")).toBeUndefined();
    expect(askedNameKind("which school support staff transferred?")).toBeUndefined();
    // Services, bodies and organisations are named in prose or anywhere in a passage: not read.
    expect(askedNameKind("which services have spun out so far?")).toBeUndefined();
    expect(askedNameKind("which body flagged the risks?")).toBeUndefined();
    expect(askedNameKind("how do councils handle the unions?")).toBeUndefined();
    // A question offering its own answer asks for a yes or no; "who" inside a clause asks nothing of a person.
    expect(
      askedNameKind("which london council was reviewing all its services in 2011, camden?"),
    ).toBeUndefined();
    expect(askedNameKind("if we tender, won't the market just decide who runs it?")).toBeUndefined();
    expect(askedNameKind("what did Suffolk do - who led it?")).toBe("person");
  });

  it("finds a name only beside a word for the kind, and not one the question already gives", () => {
    // Prepare
    const canada = passageWith("British Columbia").text;
    const suffolk = passageWith("councils like Suffolk").text;
    const newtonRigg = passageWith("Newton Rigg College").text;

    // Act / Assess: the passage tells of a case in British Columbia, naming no hospital and no authority but the place.
    expect(lacksAskedName("Which hospital in British Columbia was it?", [canada])).toBe(true);
    expect(lacksAskedName("which health authority in british columbia was it", [canada])).toBe(true);
    // "particular councils like Suffolk", "Newton Rigg College": named beside the kind.
    expect(lacksAskedName("Which council went over the heads of the blockers?", [suffolk])).toBe(false);
    expect(lacksAskedName("which college did the lecturers want to take over?", [newtonRigg])).toBe(false);
    // A name four words or more from the kind names something else ("A recent Transition Institute blog ...").
    expect(
      lacksAskedName("what council was he from?", [
        "A recent Transition Institute blog recently cited having to give a council director a guide.",
      ]),
    ).toBe(true);
    // A day or month beside the kind is no name; a sentence's first word is no name either.
    expect(lacksAskedName("which school was it?", ["On Monday a school in March closed."])).toBe(true);
    expect(lacksAskedName("which school was it?", ["Schools were the first to go."])).toBe(true);
    // No name asked for, or nothing cited to read: nothing to decline.
    expect(lacksAskedName("what did the minister say?", [canada])).toBe(false);
    expect(lacksAskedName("Which hospital was it?", [])).toBe(false);
  });

  it("reads who led, ran or chaired something as asking for a person, named in two words the texts never write in lower case", () => {
    // Prepare: the corpus writes "office" and "focus" in lower case, never "maude" or "grand".
    const texts = [
      "The office was busy and the focus was on staff.",
      "In the end the Cabinet Office and Consumer Focus replied.",
      "The taskforce was chaired by Julian Le Grand, who set out five issues.",
    ];
    const lacks = createAskedNameCheck(() => texts);

    // Act / Assess
    expect(askedNameKind("who led it on the council side?")).toBe("person");
    expect(askedNameKind("Who heads the Mutuals Support Unit?")).toBe("person");
    expect(askedNameKind("who was the leader of Camden Council in 2012?")).toBe("person");
    // "Sits on" blocks a proposal; a trust owns shares; a post's author is in its byline, not its text.
    expect(askedNameKind("a manager who sits on every proposal - what do we do?")).toBeUndefined();
    expect(askedNameKind("who owns the shares in the JV?")).toBeUndefined();
    expect(askedNameKind("who wrote the post?")).toBeUndefined();
    // Two capitalised words the texts also write in lower case name a body, not a person.
    expect(lacks("who runs it?", [texts[1] as string])).toBe(true);
    expect(lacks("who chaired the taskforce?", [texts[2] as string])).toBe(false);
    // A person the question names already ("le grand?") still counts when the passage gives the full name.
    expect(lacks("who chaired the mutuals taskforce? le grand?", [texts[2] as string])).toBe(false);
  });

  it("declines the hospital in the Canadian case, and still answers which council beat the blockers", async () => {
    // Act
    const hospital = await kb.ask(
      "Which hospital in British Columbia was involved in the elderly patient's death?",
    );
    const health = await kb.ask("what was the name of the health authority in the british columbia case");
    const council = await kb.ask(
      "Which council beat the blockers by appealing to staff over the heads of managers?",
    );
    const boroughs = await kb.ask("Which boroughs are in the schools mutual?");
    const led = await kb.ask("what exactly did Suffolk do to beat the blockers - who led it?");
    const taskforce = await kb.ask("who led the Mutuals Taskforce?");
    const found = await kb.search(
      "Which hospital in British Columbia was involved in the elderly patient's death?",
    );

    // Assess: retrieval finds the Canadian case, so the rule, not ranking, declines it.
    expect(found[0]?.text).toContain("British Columbia");
    expect(hospital.answered).toBe(false);
    expect(health.answered).toBe(false);
    expect(council.answered).toBe(true);
    expect(quotedPassageIds(council.citations)).toContain(passageWith("councils like Suffolk").id);
    expect(boroughs.answered).toBe(true);
    // The post praises Suffolk but names nobody there; it names who led the taskforce.
    expect(led.answered).toBe(false);
    expect(taskforce.answered).toBe(true);
  });
});

describe("a question asking only what the posts say of a name they give is not read against the questions asked before (round 18)", () => {
  // Prepare: questions asked before in which Suffolk appears only in near-misses (details the posts never give), as
  // the writers of the out-of-scope sets asked far more often than what the posts do say of it.
  const nearMisses = [
    "which services did Suffolk spin out?",
    "who led the Suffolk spin-out programme?",
    "how many staff did Suffolk move into mutuals?",
    "did Suffolk's mutuals survive the change of council leader?",
    "what did Suffolk's programme cost?",
    "which Suffolk services went mutual first?",
  ];
  const answered = [
    { text: "what are blockers in the public sector?", passages: [1] },
    { text: "how do we beat the blockers?", passages: [2] },
  ];
  const suffolkAsked = createKnowledgeBase({
    ...artifact,
    askedBefore: storeAskedBefore(answered, nearMisses),
  });

  it("answers what the articles say about Suffolk, and still declines which services Suffolk spun out", async () => {
    // Act
    const general = await suffolkAsked.ask("What do the articles say about Suffolk?");
    const detail = await suffolkAsked.ask("which services did Suffolk spin out, and who led it?");

    // Assess
    expect(general.answered).toBe(true);
    expect(quotedPassageIds(general.citations)).toContain(passageWith("councils like Suffolk").id);
    expect(detail.answered).toBe(false);
  });
});
