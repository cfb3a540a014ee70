import { describe, expect, it } from "vitest";
import { askedSubject } from "../../knowledge/answerable.ts";
import { lacksAskedFigure } from "../../knowledge/asked-figure.ts";
import { withCommonKnowledge } from "../../knowledge/common-knowledge.ts";
import { NOT_FOUND_MESSAGE, OFF_TOPIC_MESSAGE } from "../../knowledge/compose-extractive.ts";
import { loadKnowledgeBase } from "../../knowledge/index.ts";
import { createNameIndex } from "../../knowledge/names.ts";
import { outOfFieldSubject } from "../../knowledge/subject.ts";
import { readOutOfScopeSet } from "./eval/run-eval.ts";
import { knowledgeBaseByTheRules } from "./support/by-the-rules.ts";

const kb = loadKnowledgeBase();
const knowsEverything = () => true;

describe("questions declined by kind (issue 11)", () => {
  it.each([
    ["a later event", "How did Suffolk's mutual get on after 2015?"],
    [
      "a later event in a year the posts name as a goal",
      "Did the schools mutual win its contract renewal in 2016?",
    ],
    ["who runs something now", "Who runs the Mutuals Support Programme now?"],
    ["who succeeded someone", "who took over the Cabinet Office's mutuals work after Maude left?"],
    ["how to apply for something", "How do we apply for a start-up grant for our spin-out?"],
    ["whether one may apply", "can we apply to the support programme for help with legal fees?"],
    ["whether something is lawful", "Is it lawful for the council to lend our spin-out its start-up money?"],
    ["what the law allows", "is it unlawful to hand our youth service to a staff company without a tender?"],
    ["whether a plan was ever carried out", "did the health department ever set targets for its spin-outs?"],
    ["whether a plan came off as dated", "so did the libraries trust actually open on 1 April 2013?"],
    ["whether a named body goes on", "Is the Transition Institute still trading?"],
    ["whether a plan came to anything", "has Le Grand's taskforce report led anywhere?"],
    ["whether a plan was dropped", "was the right to provide kept in the final white paper or dropped?"],
    ["how a goal turned out in figures", "what was the actual number of staff in mutuals by 2015?"],
    ["whether a body still exists", "does Consumer Focus still exist?"],
    ["who is on a body's board", "Who's on the board of Unison?"],
    ["the latest figures", "What is the latest Cabinet Office list of mutuals?"],
    ["a named person today", "What is Francis Maude doing now?"],
    ["a named body as things stand", "How is Suffolk's library mutual doing at the moment?"],
    ["a named person's post today", "Is Julian Le Grand still chair of the Mutuals Taskforce?"],
    [
      "a named body as it is today",
      "what does the Employee Ownership Association say about spin-outs today?",
    ],
    ["a numbered provision", "Does regulation 77 still let councils reserve contracts for mutuals?"],
    ["leave as time off", "Can I carry over leave into next year?"],
    ["leave as a policy", "What is the leave policy for council staff?"],
    ["a document to download", "Where can I download a model constitution for an employee benefit trust?"],
    ["a supplier to choose", "Which law firms specialise in public service mutuals?"],
    ["a product to use", "Which cloud provider do other mutuals use for their case management?"],
    ["a name the articles never use", "What does the Bank of England do?"],
    // Regression: "shares" overwrote "share" in the everyday senses, so "share files" was answered.
    ["share in its everyday sense", "What's the best way to share files with a colleague?"],
    ["a job application", "How do I apply for a job at Care Plus?"],
    ["a capital city", "What's the capital of Scotland?"],
    ["shares as investments", "Are bank shares a good buy right now?"],
    ["a ranking as it stands today", "Which council runs the largest staff mutual at the moment?"],
    ["a membership to choose", "What professional body should a new social worker join?"],
    ["a vote to cast", "Who should I vote for in the council elections?"],
    ["the asker's own office-holder", "Who's my ward councillor?"],
    ["the asker's own contact", "who are our union reps?"],
    ["the size of a sum", "How big is the funding gap most spin-outs face in year one?"],
    ["a workplace's own administration", "How should the new mutual handle requests for hybrid working?"],
    ["an appraisal procedure", "what should the appraisal process look like once we're a social enterprise?"],
    ["a maximum figure", "What is the maximum amount a council can lend a new mutual?"],
    ["a calculation", "How should we calculate the cost of the council's support services we'd buy back?"],
    ["a shop nearby", "Is there a supermarket near the town hall where the mutual team meets?"],
    ["a procedure", "What's the process for getting scrutiny committee approval for a spin-out?"],
    ["who performs a formal step", "Who registers a new co-operative society for a spun-out team?"],
    ["an employment right", "Could the new board sack a worker who campaigned against the spin-out?"],
    ["contact details", "What's the email address of the Mutuals Support Programme?"],
    ["a body's pay to its officers", "Is a spun-out social enterprise allowed to pay its trustees?"],
    ["a workplace pension", "Which pension provider should a new mutual pick for auto-enrolment?"],
    [
      "a request a citizen makes",
      "How long does the council have to answer a freedom of information request?",
    ],
    ["the asker's own case worker", "Who do I complain to about my social worker?"],
    ["a book to read", "Which book about co-operatives should I read first?"],
    ["a company form the posts never discuss", "Should our spin-out be a limited liability partnership?"],
    ["a body that came after the posts", "Will the integrated care board fund our community health mutual?"],
    ["joining a union", "Can agency staff join a trade union at the new mutual?"],
    ["a named body this year", "Has John Lewis paid its partners a bonus this year?"],
    ["industrial action", "Would staff still be able to go on strike once the service is a mutual?"],
    [
      "a council's own governance procedure",
      "How long do councillors have to call in a decision about our spin-out?",
    ],
    ["a row at work", "Two colleagues are not speaking to each other after a row; how do I handle it?"],
    ["a job advert", "What should the advert for our first chief executive say?"],
    [
      "what came of a plan the posts report",
      "Did the Hammersmith schools joint venture ever get off the ground?",
    ],
    ["how a named body ended up", "How did the Cumbria college lecturers' takeover end up?"],
    ["a named person's work today", "Is Phillip Blond still advising ministers on mutuals?"],
    ["what replaced a body", "What replaced the PCTs as commissioners of community health services?"],
    ["who appoints to a body", "Who appoints the staff directors of a spun-out company?"],
    ["a pension liability", "Who picks up the pension deficit when staff transfer to the mutual?"],
    ["a company's dividends", "Can the mutual pay dividends to the staff who own it?"],
    ["a shop open on a holiday", "Is the Co-op on the high street open on Easter Monday?"],
    ["a later settlement", "What does this year's finance settlement mean for our spin-out?"],
    ["a capital city, typed in lower case", "whats the capital of norway"],
    ["who won a contest the posts report as open", "Who won the tender for the schools joint venture?"],
    ["whether a Bill the posts discuss passed", "Did the social value bill ever pass?"],
    ["a named minister's post today", "Is Francis Maude still minister for the Cabinet Office?"],
    ["who sat on a body", "Who was on the Mutuals Taskforce besides its chair?"],
    ["a devolved government", "Does the Scottish Government fund staff mutuals?"],
    ["a person's own pension", "Will I lose my pension if I move across to the mutual?"],
    ["a company form the posts never explain", "Should we register as a CIC or a community benefit society?"],
    [
      "conflicts of interest",
      "Is it a conflict of interest for a cabinet member to sit on the mutual's board?",
    ],
    [
      "contract clauses",
      "Which break clauses and step-in rights should the council's contract with us have?",
    ],
    [
      "a whole list the posts do not hold",
      "Give me the complete list of councils that have spun out a service",
    ],
    ["a counterfactual", "If the coalition had never formed, would there have been any mutual pathfinders?"],
    ["a procurement step's how-to", "How do we run soft market testing before the spin-out?"],
    ["training to book", "Are there any training courses on spinning out for service managers?"],
    ["a shop's offer", "how much is a meal deal at the co-op these days"],
    ["a computer error", "our spin-out team keeps getting a network error on Windows 11, how do we fix it?"],
  ])("declines %s: %s", async (_kind, question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe(NOT_FOUND_MESSAGE);
  });

  it.each([
    [
      "a compound subject the corpus never uses",
      "What's the template wording for a staff ballot on becoming a mutual?",
    ],
    ["a threshold no passage gives", "What is the current procurement threshold for services contracts?"],
    ["a figure far from what was asked", "How much does John Lewis pay its partners in bonus?"],
    ["a pay figure", "What is the leader of the council paid?"],
    ["a price asked as a charge", "What would a solicitor charge to set up our mutual's legal structure?"],
    ["a contract's value", "What was the contract value of the schools joint venture?"],
    ["a ratio asked outright", "Was the shareholding split 50/50?"],
    [
      "a usual split asked for",
      "What's the usual split of profits between staff and a private partner in a joint venture?",
    ],
    // Round 18: a definition set against another, which the posts never give.
    ["the difference between two terms", "what's the difference between a mutual and a social enterprise"],
    ["the difference between two bodies", "What's the difference between a spin-out and a spin-off?"],
  ])("declines an answer that misses what was asked, %s: %s", async (_kind, question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
  });

  it.each([
    "Did ministers really expect a million public sector workers in mutuals by 2015?",
    "How many years would the tri-borough contract last?",
    "What's the trick to winning over the staff side?",
    "What's the split of shares between the partner and staff?",
    "what did the Rochdale MP say about mutuals?",
    "Who should sit on the board of a staff-owned service?",
    // "Who is my/our ..." asks for a person in the asker's place; "who should ... our" asks how.
    "Who should sit on our mutual's board?",
    "how much say should service users have on the board of a mutual?",
    "our council is merging services with neighbours, does that hold up the spin-out?",
    // Regressions: "buy", "planning" and "England" were read as everyday neighbours of
    // "shares", "council" and "capital", declining these (the first is read by the rules alone, below).
    "Could the council's planning team spin out?",
    "Is there enough private capital in England for mutuals?",
    // A superlative without a present-day marker asks what the posts weigh, not today's ranking.
    "What is the biggest obstacle to spinning out a council service?",
    // Words the articles use in their own sense: "outlook" is no mail program, and "our mutual friend"
    // is the title of a paper they discuss.
    "what's the outlook for mutuals?",
    "what does the Consumer Focus paper 'Hard times or our mutual friend' argue?",
    // "Select committee" names a body, not a choice made later; "Capita-type outfits" is the field's own worry.
    "What did the Public Administration Select Committee warn about standardising government IT?",
    "SLT's only answer to the budget gap is cut or hand it to Capita-type outfits. What do others say?",
    "Was the shareholding of the schools joint venture to be split between the partner and staff?",
    // Words a practitioner uses for where they are or what links to what, not a procedure to look up.
    "how do staff stakes in a mutual link to productivity and rewards?",
    "we're a shadow board debating whether users should have seats: what did Glasman propose?",
    "List the five key issues the Mutuals Taskforce said mutuals need help with",
    // A request to write opens with the verb; asking how to write one is advice the posts give.
    "how do we write a business case for a mutual?",
  ])("still answers a practitioner question the articles answer: %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('does not read "buy" as an everyday neighbour of "shares"', async () => {
    // Prepare: the rules alone. With the questions asked before, this one is declined since round 17: its five
    // nearest are near-misses on how staff buy shares and at what price, which the articles never say (they say only
    // that the joint venture's employees hold theirs in a trust). That is a trade the eval measures, not this rule.
    const rules = knowledgeBaseByTheRules();

    // Act
    const answer = await rules.ask("Can staff buy shares in the mutual?");

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it("reads a council the articles name as known", async () => {
    // Read by the rules alone (support/by-the-rules.ts): since round 17 the questions asked before decline this
    // one, whose nearest are near-misses written about the same subject (which Suffolk services spun out and who
    // led the council, which the posts never say). A trade the eval measures, not this rule.
    const answer = await knowledgeBaseByTheRules().ask(
      "What about Suffolk County Council beating the blockers?",
    );

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it("declines nearly all of the second dev out-of-scope set", async () => {
    // Prepare
    const { outOfScope } = readOutOfScopeSet("dev-out-of-scope-2.json");

    // Act
    const answered: string[] = [];
    for (const { q } of outOfScope) if ((await kb.ask(q)).answered) answered.push(q);

    // Assess: measured 2 of 70; the margin allows a ranking change to move one or two.
    expect(outOfScope.length).toBeGreaterThanOrEqual(60);
    expect(answered.length / outOfScope.length).toBeLessThanOrEqual(0.08);
  });
});

describe("pieces to write, translations and chat about the bot are tasks, not questions", () => {
  it.each([
    "Draft a press release about our library service going mutual",
    "Can you suggest a catchy name for the staff-owned company we're setting up?",
    "design a logo for the new social care co-op",
    "we need a poster telling residents about the spin-out",
    "draft a letter to the unions explaining why the spin-out is going ahead",
    "can you write me an options appraisal for our leisure service going mutual",
    "make me a timeline for spinning out our youth service",
    "what is a staff mutual in Welsh?",
    "who built you?",
    "can you proofread our bid's executive summary",
    "would you rather work for a mutual or for the council?",
    "what's your personal view: is a mutual better than outsourcing?",
    "plan me a weekend walking in Cumbria",
  ])("declines %s as off topic, whatever field words it carries", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe(OFF_TOPIC_MESSAGE);
  });

  it("still answers a question about telling staff, which is advice rather than a piece to write", async () => {
    // Act
    const answer = await kb.ask("how do we get staff engaged with the spin-out?");

    // Assess
    expect(answer.answered).toBe(true);
  });
});

describe("what the posts report is not a later fate", () => {
  it.each([
    "what did the minister actually say in reply to the MP?",
    "is there still support from the top for mutuals?",
    "have other councils actually spun out services?",
  ])("answers %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
  });
});

describe("a message that sets the scene before it asks", () => {
  const knows = () => true;

  it("reads the out-of-field phrases in the asking sentence alone when it stands on its own", () => {
    // Arrange: the scene names a document (a constitution); the question asks about the board.
    const message =
      "We're drafting the constitution for our spin out and one of the cllrs wants users and the council on the board. Is there any thinking about splitting the board between workforce, users and the council?";

    // Act & Assess
    expect(outOfFieldSubject(message, { knows })).toBeUndefined();
  });

  it.each([
    [
      "the asking sentence points back to the scene",
      "We're drafting the constitution for our mutual. Can you check it over for us?",
    ],
    [
      "the asking sentence is too short to stand alone",
      "We're drafting the constitution for our mutual. Any tips?",
    ],
    [
      "the phrase is in the asking sentence",
      "Our spin-out is close. What should go in the constitution of a new mutual?",
    ],
    ["the message is one sentence", "What should go in the constitution of a new mutual?"],
  ])("still reads the whole message when %s", (_kind, message) => {
    // Act & Assess
    expect(outOfFieldSubject(message, { knows })).toMatchObject({
      kind: "out-of-field",
      words: "constitution",
    });
  });

  it("answers the board question end to end, citing the board of thirds", async () => {
    // Act
    const answer = await kb.ask(
      "We're drafting the constitution for our spin out and one of the cllrs wants users and the council on the board, not just staff. Is there any thinking in the field about splitting the board between workforce, users and the council?",
    );

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/third/i);
  });
});

describe("the question's subject", () => {
  it.each([
    ["What is the current procurement threshold for services contracts?", ["procurement", "threshold"]],
    ["Which cloud provider do other mutuals use?", ["cloud", "provider"]],
    ["What's the mood among practitioners now?", []],
    ["What stops a big outsourcing firm winning our contract?", []],
    ["what motivates public sector staff to join a mutual", []],
    ["Is a public service mutual basically the John Lewis model?", []],
    ["where can I find peers who've spun out a service?", ["peers"]],
    // A possessive names its owner, a critique or version frames its subject, "according to" ends it.
    [
      "what's Maurice Glasman's criticism of the Big Society version of mutuals?",
      ["maurice", "glasman", "society", "mutuals"],
    ],
    [
      "what are the main challenges of mutualisation according to the Consumer Focus paper?",
      ["mutualisation"],
    ],
  ])("reads %s as %j", (question, subject) => {
    // Act & Assess
    expect(askedSubject(question)).toEqual(subject);
  });
});

describe("figures", () => {
  it("wants an amount near what was asked, not any number in the answer", () => {
    // Act & Assess
    expect(
      lacksAskedFigure("How much cheaper was electricity in Denmark?", "electricity, often around 30%"),
    ).toBe(false);
    expect(
      lacksAskedFigure("How much bonus do partners get?", "a million public sector workers by 2015"),
    ).toBe(true);
    expect(lacksAskedFigure("What is the LGPS contribution rate?", "Pensions are a concern.")).toBe(true);
    expect(lacksAskedFigure("How much say should users have?", "Users sit on the board.")).toBe(false);
    expect(lacksAskedFigure("How many days does the council have?", "It closes on 31st January 2013.")).toBe(
      true,
    );
    expect(
      lacksAskedFigure(
        "How many years was the contract?",
        "The contract runs from 1st September 2012 to 1st September 2016.",
      ),
    ).toBe(false);
  });

  it("reads a figure asked for by name or by size as asking for one", () => {
    // Act & Assess
    expect(lacksAskedFigure("What are typical legal fees for a spin-out?", "Legal advice matters.")).toBe(
      true,
    );
    expect(
      lacksAskedFigure("How big is the pension deficit we would take on?", "Pensions worry staff."),
    ).toBe(true);
    expect(lacksAskedFigure("How big is the deficit?", "The deficit was £2m in 2011.")).toBe(false);
    // A pay or price is a sum of money; a count of something is that thing counted; a duration,
    // turnout or timescale is a figure too.
    expect(
      lacksAskedFigure("What's the going rate for a mutual's chair?", "A third of the board is elected."),
    ).toBe(true);
    expect(
      lacksAskedFigure("What's the going rate for a mutual's chair?", "The chair is paid £12,000 a year."),
    ).toBe(false);
    expect(
      lacksAskedFigure("Is there a minimum number of members?", "Members from all three boroughs join."),
    ).toBe(true);
    expect(
      lacksAskedFigure("Is there a minimum number of members?", "It needs at least three members."),
    ).toBe(false);
    expect(lacksAskedFigure("What turnout does a staff ballot need?", "Staff voted for the mutual.")).toBe(
      true,
    );
    expect(lacksAskedFigure("How long can the council extend the contract?", "Contracts matter.")).toBe(true);
    expect(
      lacksAskedFigure(
        "How long can the council extend the contract?",
        "The contract runs for not less than 4 years.",
      ),
    ).toBe(false);
    expect(
      lacksAskedFigure("How much notice must staff get of the transfer?", "Staff were told early."),
    ).toBe(true);
    expect(lacksAskedFigure("How much notice do ministers take of staff views?", "Ministers listen.")).toBe(
      false,
    );
    expect(lacksAskedFigure("How is the pension deficit apportioned?", "Pensions worry staff.")).toBe(true);
    // A size that is not a sum of money is not a figure.
    expect(lacksAskedFigure("How big a risk is it for the council?", "The risk is cultural.")).toBe(false);
  });
});

describe("names", () => {
  const knowsName = createNameIndex(["The Bank said so.", "the Labour MP for Rochdale", "the Localism Bill"]);

  it("knows a name from the articles' word pairs, in either order and whatever kind of body it is", () => {
    // Act & Assess
    expect(knowsName(["Localism", "Act"])).toBe(true);
    expect(knowsName(["Rochdale", "Labour"])).toBe(true);
    expect(knowsName(["Bank", "of", "England"])).toBe(false);
  });

  it("declines a question about a name the articles never use, and not one they do", () => {
    // Act & Assess
    expect(
      outOfFieldSubject("What does the Bank of England do?", { knows: knowsEverything, knowsName })?.kind,
    ).toBe("unknown-name");
    expect(
      outOfFieldSubject("What does the Localism Act do?", { knows: knowsEverything, knowsName }),
    ).toBeUndefined();
  });

  it("reads a people's adjective as its country: known exactly when the country is", () => {
    // Arrange: the articles name Denmark, never Wales.
    const knows = withCommonKnowledge((word) =>
      ["denmark", "incinerator", "example"].includes(word.toLowerCase()),
    );

    // Act & Assess
    expect(knows("Danish")).toBe(true);
    expect(knows("Welsh")).toBe(false);
    expect(knows("Ruritanian")).toBe(false);
    expect(outOfFieldSubject("What was the Danish incinerator example?", { knows })).toBeUndefined();
    expect(outOfFieldSubject("What was the Welsh incinerator example?", { knows })?.kind).toBe(
      "unknown-name",
    );
  });

  it.each([
    [
      "the Denmark example, asked by its adjective",
      "What was the Danish incinerator example?",
      /Denmark|Danish/,
    ],
    [
      "the British Columbia case, asked by its adjective",
      "what was the Canadian heart failure case about?",
      /British Columbia|Canada/,
    ],
  ])("answers %s", async (_kind, question, expected) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(`${answer.text} ${answer.citations.map((c) => c.quote).join(" ")}`).toMatch(expected);
  });

  it("reads 'UK' closing a name as part of it, and 'the UK' alone as no name", () => {
    // Act & Assess: the articles name the Localism Bill, never a body called "Localism UK".
    expect(
      outOfFieldSubject("What does Localism UK do for mutuals?", { knows: knowsEverything, knowsName })?.kind,
    ).toBe("unknown-name");
    expect(
      outOfFieldSubject("What does the Localism Bill do in the UK?", { knows: knowsEverything, knowsName }),
    ).toBeUndefined();
  });

  it("leaves 'still' alone when it asks whether the agenda lasts", () => {
    // Act & Assess
    expect(
      outOfFieldSubject("Is the Cabinet Office still backing staff mutuals?", { knows: knowsEverything }),
    ).toBeUndefined();
  });

  it("reads a possessive name as the name it belongs to", () => {
    // Prepare: the articles know "Maude" (and SLT, a practitioner's acronym) but not "Interserve".
    const knows = (word: string) => ["maude", "slt", "collapse", "budget"].includes(word);

    // Act & Assess
    expect(outOfFieldSubject("How did Interserve's collapse go?", { knows })).toEqual({
      kind: "unknown-name",
      words: "interserve",
    });
    expect(outOfFieldSubject("What was Maude's budget?", { knows })).toBeUndefined();
    expect(outOfFieldSubject("What is the SLT's budget?", { knows })).toBeUndefined();
  });
});

describe("party, a word with a field sense", () => {
  // Regression: "party" was listed as everyday life, so "cross-party support" was declined before ranking.
  it("reads a political party as the field's sense", () => {
    expect(
      outOfFieldSubject("Is there cross-party backing for mutuals?", { knows: knowsEverything }),
    ).toBeUndefined();
    expect(
      outOfFieldSubject("Which parties back public service mutuals?", { knows: knowsEverything }),
    ).toBeUndefined();
  });

  it("still reads a party to go to as everyday life", () => {
    expect(
      outOfFieldSubject("What food should we bring to the leaving party?", { knows: knowsEverything })?.kind,
    ).toBe("everyday-sense");
    expect(
      outOfFieldSubject("Ideas for the office Christmas party?", { knows: knowsEverything }),
    ).toBeDefined();
  });
});

describe("procurement acronyms are the field's vocabulary", () => {
  it("answers a question naming EOIs instead of declining it as an unknown name", async () => {
    // Act
    const answer = await kb.ask("What was the closing date for EOIs on the schools joint venture tender?");

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/Hammersmith & Fulham tender/);
  });
});

describe("the topics a decline routes to", () => {
  it("routes an everyday question to no field topic, so it offers no topic's ambassadors and logs no gap under one", async () => {
    // Act: "capital" alone reads as funding.
    const everyday = await kb.ask("What's the capital of Canada?");
    const shopping = await kb.ask("Is there a supermarket open late near the civic centre?");

    // Assess
    expect(everyday.answered).toBe(false);
    expect(everyday.topics).toEqual([]);
    expect(shopping.answered).toBe(false);
    expect(shopping.topics).toEqual([]);
  });

  it("keeps the field topic of a near-miss, whose ambassadors may know the answer", async () => {
    // Act
    const answer = await kb.ask("Do we need insurance in place before staff transfer to the mutual?");

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.topics.length).toBeGreaterThan(0);
  });
});
