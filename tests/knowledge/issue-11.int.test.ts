/**
 * Issue 11: answers a practitioner can trust. Regression tests named after the examples:
 * declining what the articles don't answer, answer cards, answers that read well, and the OpenAI
 * composer's new duties (a matched card, an off-topic model, follow-ups).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { KnowledgeArtifact } from "../../knowledge/artifact.ts";
import {
  BACK_REFERENCE,
  composeExtractive,
  DISCOURSE_MARKER,
  NOT_FOUND_MESSAGE,
  refersBack,
  withoutMarker,
} from "../../knowledge/compose-extractive.ts";
import { createKnowledgeBase, type KnowledgeBaseOptions, loadKnowledgeBase } from "../../knowledge/index.ts";
import { dateTimeBound, quotedPassageIds } from "../../knowledge/quotes.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import type { Answer } from "../../knowledge/types.ts";
import { type FakeOpenAi, startFakeOpenAi } from "./support/fake-openai.ts";

const artifact = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
const kb = loadKnowledgeBase();
const FLAGSHIP =
  "Our union reps are dead against the spin-out and say it's privatisation. How do other councils handle that?";
const BACK_DOOR = artifact.passages.find((p) => p.text.includes("privatisation by the back door"))?.id;

const citedIds = (answer: Answer) => quotedPassageIds(answer.citations);

describe("1. declining what the articles don't answer (issue 11's examples)", () => {
  it.each([
    "What is the capital of Australia?",
    "recommend a pizza place near the town hall",
    "who is the prime minister",
    "how many days annual leave do staff get",
  ])("declines with what the knowledge base covers and the ambassador offer: %s", async (question) => {
    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.text).toBe(NOT_FOUND_MESSAGE);
    expect(answer.text).toMatch(/It covers spinning a public service out/);
    expect(answer.text).toMatch(/ambassador/);
  });

  it.each([
    "what's the LGPS employer contribution rate for our fund?",
    "do we charge VAT on the mutual's invoices to the council?",
    "what insurance cover does the new mutual need?",
    "how do we register a CIC?",
    "which payroll software should we use after the spin-out?",
  ])("declines near-miss questions that sound like the field: %s", async (question) => {
    expect((await kb.ask(question)).answered).toBe(false);
  });

  it("answers the flagship union question, citing the 'privatisation by the back door' passage", async () => {
    // Act
    const answer = await kb.ask(FLAGSHIP);

    // Assess
    expect(answer.answered).toBe(true);
    expect(BACK_DOOR).toBeDefined();
    expect(citedIds(answer)).toContain(BACK_DOOR);
  });
});

describe("2. answer cards", () => {
  it("answers from the best card when it clearly fits, citing its articles as kind 'guide'", async () => {
    // Act
    const answer = await kb.ask(FLAGSHIP);

    // Assess
    const card = artifact.cards?.find((c) => c.id === answer.cardId);
    expect(card).toBeDefined();
    expect(answer.citations.every((c) => c.kind === "guide")).toBe(true);
    for (const citation of answer.citations)
      expect(card?.sentences.map((s) => s.quote)).toContain(citation.quote);
  });

  it("lists the cards by topic and gives a cited brief per topic, by id or a word of its label", () => {
    // Act
    const topics = kb.guide();
    const byWord = kb.guideBrief("unions");
    const byId = kb.guideBrief("staff-unions");
    const director = kb.guideBrief("director");

    // Assess
    expect(topics.map((t) => t.topic)).toContain("staff-unions");
    expect(topics.every((t) => t.cards.length > 0 && t.label.length > 0)).toBe(true);
    expect(byWord?.text).toBe(byId?.text);
    expect(byWord?.topics).toEqual(["staff-unions"]);
    expect(byWord?.citations.length).toBeGreaterThan(0);
    expect(
      director?.text
        .replace(/\[\d+\]/g, "")
        .trim()
        .split(/\s+/).length,
    ).toBeLessThanOrEqual(250);
    expect(new Set(director?.citations.map((c) => c.kind))).toEqual(new Set(["guide"]));
    expect(kb.guideBrief("astrology")).toBeUndefined();
  });
});

describe("3. answers that read well", () => {
  const questions = (
    JSON.parse(readFileSync("tests/knowledge/eval/questions.json", "utf8")) as { questions: { q: string }[] }
  ).questions.map((q) => q.q);

  it("never opens with a back-reference, cites each article once, at most 3 sources, never a file name", async () => {
    for (const q of questions) {
      // Act
      const answer = await kb.ask(q);
      if (!answer.answered) continue;

      // Assess
      // Card sentences are checked by the card validator (branch cards); here, composed answers.
      if (!answer.cardId) expect(answer.text, q).not.toMatch(BACK_REFERENCE);
      if (!answer.cardId) expect(answer.text, q).not.toMatch(DISCOURSE_MARKER);
      expect(answer.citations.length, q).toBeLessThanOrEqual(3);
      const posts = answer.citations.map((c) => artifact.passages.find((p) => p.id === c.passageId)?.postId);
      expect(new Set(posts).size, q).toBe(posts.length);
      expect(answer.text).not.toMatch(/\.txt\b/);
      expect(answer.text).not.toMatch(/(\[\d+\])\s*\1/);
      for (const c of answer.citations) expect(c.title).not.toMatch(/\.txt$/);
    }
  });

  it("reads a sentence a paragraph break cut (it opens in lower case) as needing the words before it", async () => {
    // Assess
    expect(refersBack("“reform how Central Government procures back office services.")).toBe(true);
    expect(refersBack("Reform of the back office is planned.")).toBe(false);
    const answer = await kb.ask("Could back office shared services become mutuals?");
    expect(answer.text).not.toMatch(/(?:^|\[\d+\]\s)[“"‘']?[a-z]/);
  });

  it("reads a discourse marker before a pronoun as a back-reference, and drops a marker when the sentence stands alone", () => {
    // Assess
    expect(refersBack("Firstly, they need to know if this fits in with the general tenor.")).toBe(true);
    expect(refersBack("However, the council still has to agree.")).toBe(false);
    expect(withoutMarker("However, the council still has to agree.")).toBe("The council still has to agree.");
    expect(withoutMarker("And finally, and perhaps the most interesting, “politicians")).toBe(
      "Perhaps the most interesting, “politicians",
    );
    expect(withoutMarker("So far the council has agreed.")).toBe("So far the council has agreed.");
    expect(withoutMarker("Andrew Moore argued for engagement.")).toBe("Andrew Moore argued for engagement.");
  });

  it("never opens an answer sentence with a linking word it does not follow (regression: 'And finally, and perhaps the most interesting')", async () => {
    // Prepare: composed from the passages (a card that agrees now words the asked answer itself).
    const question = "what will the portfolio holder want to see before they sign off our spin out?";
    const retriever = createRetriever(artifact);
    const analysis = retriever.analyse(question);

    // Act
    const composed = composeExtractive(analysis, retriever.rank(analysis, { limit: 5 }), { leads: [0] });
    const answer = await kb.ask(question);

    // Assess
    expect(composed.text).not.toMatch(/^(?:And|Finally)\b/);
    expect(composed.text).toMatch(/politicians and senior managers need to know/);
    expect(answer.answered).toBe(true);
    expect(answer.text).not.toMatch(/^(?:And|Finally)\b/);
  });

  it("shows the surrounding paragraph when a citation is expanded, not the sentence already in the answer", async () => {
    // Act
    const answer = await kb.ask(
      "Will the council go easy on us at tender compared with an established charity?",
    );

    // Assess
    expect(answer.answered).toBe(true);
    for (const citation of answer.citations.filter((c) => c.kind === "article"))
      expect(answer.text.replace(/\s*\[\d+\]/g, "")).not.toContain(citation.quote);
  });

  it("keeps a time-bound statement's date ('by the end of this year' written in September 2012)", () => {
    expect(dateTimeBound("The scheme should be running by the end of this year.", "2012-09-20")).toBe(
      "In September 2012, the scheme should be running by the end of this year.",
    );
    expect(dateTimeBound("Francis Maude said this year would be decisive.", "2012-09-20")).toBe(
      "In September 2012, Francis Maude said this year would be decisive.",
    );
    expect(dateTimeBound("Mutuals need a business plan.", "2012-09-20")).toBe(
      "Mutuals need a business plan.",
    );
  });

  it("keeps a name's capital after the date, and lowers an ordinary opening word", () => {
    expect(dateTimeBound("Gregory says mutuals are now on the agenda.", undefined)).toBe(
      "At the time of writing (2011-12), Gregory says mutuals are now on the agenda.",
    );
    expect(dateTimeBound("It is now time to act.", undefined)).toBe(
      "At the time of writing (2011-12), it is now time to act.",
    );
    expect(dateTimeBound("I think it is now time to act.", "2012-09-20")).toBe(
      "In September 2012, I think it is now time to act.",
    );
  });

  it("gives author and date on citations where the post has them", async () => {
    const answer = await kb.ask("Is the Government playing at it with public service mutuals?");
    const dated = answer.citations.find((c) => c.date);
    expect(dated?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("4. with an OpenAI key (against the local OpenAI-compatible server)", () => {
  let fake: FakeOpenAi;
  const settings = (): NonNullable<KnowledgeBaseOptions["openai"]> => ({
    apiKey: "sk-test",
    baseUrl: fake.baseUrl,
    model: "gpt-test",
    embeddingModel: "embed-test",
    deadlineMs: 3000,
  });
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.chatRequests = [];
  });

  it("declines with the ambassador offer when the model says the passages do not answer", async () => {
    // Prepare
    fake.chat = { kind: "reply", content: JSON.stringify({ answerable: false, answer: "" }) };
    const online = createKnowledgeBase(artifact, { openai: settings() });

    // Act
    const answer = await online.ask(FLAGSHIP);

    // Assess
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe(NOT_FOUND_MESSAGE);
  });

  it("gives the model the matched card and the passages, and keeps the card's id", async () => {
    // Prepare
    fake.chat = {
      kind: "reply",
      content: JSON.stringify({
        answerable: true,
        answer: "Unions may fear privatisation by the back door; staff wonder about window dressing [1].",
      }),
    };
    const online = createKnowledgeBase(artifact, { openai: settings() });

    // Act
    const answer = await online.ask(FLAGSHIP);

    // Assess
    expect(answer.composer).toBe("openai");
    expect(answer.cardId).toBeDefined();
    const card = artifact.cards?.find((c) => c.id === answer.cardId);
    const prompt = fake.chatRequests[0]?.messages[1]?.content ?? "";
    expect(prompt).toContain(`Guide card`);
    expect(prompt).toContain(card?.title);
    expect(prompt).toContain("privatisation by the back door");
  });

  it("gives the model a card the evidence agrees on, though no phrasing matches, and keeps its id", async () => {
    // Prepare: worded unlike any card's phrasings (the offline answer to it is that card's).
    const question = "if we go bust as a social enterprise, who picks up the service?";
    const offline = await kb.ask(question);
    fake.chat = {
      kind: "reply",
      content: JSON.stringify({
        answerable: true,
        answer: "If a social enterprise fails, someone must still run the service [1].",
      }),
    };
    const online = createKnowledgeBase(artifact, { openai: settings() });

    // Act
    const answer = await online.ask(question);

    // Assess
    expect(offline.cardId).toBeDefined();
    expect(answer.composer).toBe("openai");
    expect(answer.cardId).toBe(offline.cardId);
    const card = artifact.cards?.find((c) => c.id === answer.cardId);
    const prompt = fake.chatRequests[0]?.messages[1]?.content ?? "";
    expect(prompt).toContain("Guide card");
    expect(prompt).toContain(card?.title);
  });

  it("does not show an off-topic answer from the model, however it is cited", async () => {
    // Prepare: a model that ignores the passages.
    fake.chat = {
      kind: "reply",
      content: JSON.stringify({
        answerable: true,
        answer:
          "Canberra is the capital of Australia, founded in 1913 as a compromise between Sydney and Melbourne [1].",
      }),
    };
    const online = createKnowledgeBase(artifact, { openai: settings() });

    // Act
    const answer = await online.ask(FLAGSHIP);

    // Assess: Pathfinder's own answer instead, from the articles.
    expect(answer.answered).toBe(true);
    expect(answer.composer).toBe("extractive");
    expect(answer.text).not.toMatch(/Canberra/);
  });

  it("rewrites a follow-up in a thread into a standalone question before retrieval", async () => {
    // Prepare: the first call rewrites; the second composes.
    fake.chat = {
      kind: "reply-with",
      build: (request) =>
        request.messages[0]?.content.startsWith("Rewrite")
          ? JSON.stringify({
              question: "How do other councils handle unions who call a spin-out privatisation?",
            })
          : JSON.stringify({ answerable: false, answer: "" }),
    };
    const online = createKnowledgeBase(artifact, { openai: settings() });

    // Act
    await online.ask("and what about the unions?", { previousQuestion: "How do we start a spin-out?" });

    // Assess
    expect(fake.chatRequests[0]?.messages[1]?.content).toContain("<earlier>\nHow do we start a spin-out?");
    expect(fake.chatRequests[1]?.messages[1]?.content).toContain(
      "How do other councils handle unions who call a spin-out privatisation?",
    );
  });

  it("offline, reads a follow-up with the thread's question", async () => {
    // Act
    const alone = await kb.ask("what about them?");
    const inThread = await kb.ask("what about them?", { previousQuestion: FLAGSHIP });

    // Assess
    expect(alone.answered).toBe(false);
    expect(inThread.answered).toBe(true);
    expect(inThread.topics).toContain("staff-unions");
  });
});
