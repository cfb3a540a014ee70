/**
 * Round 10's declines (issue 11): details of things the posts mention only in passing (who else sat on
 * a body, who is behind it, what came of it, its royal assent, its other papers, whether it is still
 * in print, the rest of a list), office work on the asker's own material, the bot's "honest opinion",
 * and everyday life (a standing order, a toddler's toys, etiquette, a church). Each is a form or a
 * subject, so the rules are checked on the subject reader with every word known, and through `ask`.
 */
import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { prepareQuestion } from "../../knowledge/question.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";

/** One knowledge base for the file: building one per test repeats the index load. */
const kb = loadKnowledgeBase();
const knowsEverything = () => true;

describe("details the posts never give about what they mention in passing", () => {
  it.each([
    ["who else sat on a body", "who else was on the Mutuals Taskforce besides Julian Le Grand?"],
    ["who is behind a body", "who's behind the Transition Institute?"],
    ["what someone did after leaving", "what did Phillip Blond go on to do after leaving ResPublica?"],
    ["whether a stalled plan restarted", "the tri-borough youth spin-out - was it ever restarted?"],
    ["how something eventually ended", "how did the schools mutual joint venture eventually end?"],
    ["which bidder won", "which supplier actually won the schools tender?"],
    ["when a bill became law", "when did the Localism Bill receive royal assent?"],
    ["whether a journal is still in print", "is the Ethos journal still in print?"],
    ["an author's other papers", "what other papers has Paul Connolly written on trading standards?"],
    ["the rest of a list", "which were the other councils in the programme besides Camden?"],
    ["a document's full text", "got a pdf link for the Ethos piece?"],
    ["names asked for", "which councils had already spun out their libraries by then - any names?"],
    ["a register asked for by name", "can you name the councils in the first wave of pathfinders"],
    ["an evaluation the posts never report", "is there an independent evaluation of the NHS spin-outs?"],
    ["legal detail", "does our shadow board have any legal status before we spin out?"],
    ["procurement law detail", "can the council make a direct award to the staff group without a tender?"],
    [
      "an event dated by month after the posts",
      "did the PCT contracts pass to new commissioners in April 2013?",
    ],
    ["a pension deficit", "does the mutual pick up the past service deficit when staff transfer?"],
    [
      "public-sector classification",
      "would the ONS classification put our mutual back in the public sector?",
    ],
    ["an investor's exit right", "what exit rights should a private partner get in a mutual joint venture?"],
    ["competition law", "would re-bidding for our own contract breach competition law?"],
    ["a valuation", "how do we value the staff equity in the new company?"],
    ["what a named body does now", "what does the Employee Ownership Association do now?"],
    ["anything more recent", "has Dan Gregory written anything recent on arms-length bodies?"],
    ["what someone went on to do", "did Julian Le Grand go on to chair anything else?"],
    ["which of several bidders won", "which private sector partner finally won the tri-borough deal?"],
    ["who took over a body", "which institution took over the lecturers' college?"],
    ["how something worked out", "how did the tri-borough merger work out for the youth service?"],
    ["a later piece", "did Campaign4Change publish later articles on the schools mutual?"],
    ["the real figure", "what's the real number of staff now working in mutuals?"],
    ["an IT request about the bot", "can pathfinder be added to our slack channel?"],
    ["a staff perk", "do we keep the staff gym discount after transfer?"],
    ["pay detail", "what happens to pay progression on the council's pay spine after we leave?"],
    ["legal detail asked plainly", "is the council legally allowed to hand us its statutory duty?"],
    ["a contract extension", "can the commissioners extend the contract without a tender?"],
    ["others besides a named one", "which councils besides Suffolk took on their blockers?"],
    ["a document's whereabouts", "is the Consumer Focus paper available online?"],
    ["a diagram", "is there a diagram of how the mutual joint venture works?"],
    ["an office errand", "the staff kitchen tap is broken again, who fixes it?"],
  ])("are read as out of field: %s", (_kind, question) => {
    // Act: every word counts as known, so only the question's form or subject can decline it.
    const subject = outOfFieldSubject(question, { knows: knowsEverything });

    // Assess
    expect(subject).toBeDefined();
  });

  it("reads 'did X actually say...' as what the posts report, and 'did X ever do...' as a later fate", () => {
    // Act / Assess
    expect(
      outOfFieldSubject("did Phillip Blond actually say the million target was possible?", {
        knows: knowsEverything,
      }),
    ).toBeUndefined();
    expect(
      outOfFieldSubject("did the government ever act on the Taskforce's report?", { knows: knowsEverything }),
    ).toBeDefined();
  });

  it.each([
    "who else was on the Mutuals Taskforce besides Julian Le Grand?",
    "what did Phillip Blond go on to do after leaving ResPublica?",
    "which supplier actually won the schools tender?",
    "what other papers has Paul Connolly written on trading standards?",
    "which were the other councils in the programme besides Camden?",
  ])("are declined when asked: %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
  });

  it.each([
    "who was leading the Mutuals Taskforce?",
    "what happened to the youth services spin-out in the three boroughs?",
    "did anyone flag the risk of a spin-out depending on one PCT for its income?",
    "did Phillip Blond actually say the million target was possible?",
  ])("leave what the posts do report to be answered: %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
  });
});

describe("everyday life and office tasks that share the field's words", () => {
  it.each([
    ["a bank payment", "my standing order bounced again, what now"],
    ["a child's toys", "my toddler won't share his toys with his sister"],
    ["etiquette", "is it rude to eat lunch at your desk during a meeting"],
    ["a church role", "our church needs a new treasurer, any tips"],
    ["a tax allowance", "can I get the marriage allowance backdated"],
    ["somewhere near the asker", "is there a community choir near me?"],
    ["a job offer", "I've been offered a job at a big outsourcer - are they a good employer?"],
    ["a bank product", "does the co-op bank do a basic account for people with bad credit?"],
    ["a party to join", "should I get party membership with labour or the co-op party?"],
    ["a survey's turnout", "our pulse survey response rate is dire, any tricks?"],
  ])("are read as everyday life: %s", (_kind, question) => {
    // Act
    const subject = outOfFieldSubject(question, { knows: knowsEverything });

    // Assess
    expect(subject).toBeDefined();
  });

  it.each([
    "convert these figures into a bar chart",
    "give me a one minute elevator pitch for my director",
    "whats your real opinion of Maurice Glasman",
    "got a good strapline for our launch day?",
  ])("are declined as tasks or opinions asked of the bot: %s", async (question) => {
    // Act
    const prepared = prepareQuestion(question);
    const answer = await kb.ask(question);

    // Assess: read as off topic, so the reply routes no field topic.
    expect(prepared.offTopic).toBe(true);
    expect(answer.answered).toBe(false);
    expect(answer.topics).toEqual([]);
  });
});

describe("an employee benefit trust is the field's own term", () => {
  it("is not read as a subject outside the field", () => {
    // Prepare: the thesaurus files it under employee ownership: the Hammersmith & Fulham tender held
    // the staff's shares "on the employees' behalf in a trust".

    // Act / Assess
    expect(
      outOfFieldSubject("would an employee benefit trust hold the staff's shares in the joint venture?", {
        knows: knowsEverything,
      }),
    ).toBeUndefined();
  });
});

describe("where a story happened is its setting, not its subject", () => {
  it("answers a question whose scene happened at a team meeting", async () => {
    // Prepare: "team meeting" is workplace admin, which the articles never cover; here it is only
    // where the asker keeps hearing the comparison.
    const question =
      "Whenever I bring up the mutual at a team meeting, a colleague says 'oh, like John Lewis'. Why does everyone reach for that comparison?";

    // Act
    const subject = outOfFieldSubject(question, { knows: knowsEverything });

    // Assess
    expect(subject).toBeUndefined();
  });

  it.each([
    "how do I run a better team meeting?",
    "Our team meeting overruns every week. Any tips for keeping a team meeting short?",
  ])("still reads the setting as the subject when it is what is asked: %s", (question) => {
    // Act / Assess
    expect(outOfFieldSubject(question, { knows: knowsEverything })).toBeDefined();
  });
});
