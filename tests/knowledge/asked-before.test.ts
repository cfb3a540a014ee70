/**
 * Questions asked before (knowledge/asked-before.ts): a question that reads like those the articles do not answer,
 * by its nearest questions and by its words, is declined with the people offered; one whose words are as common in
 * answered questions is not.
 */
import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { askedBeforeOf, type KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { ASKED_BEFORE, createAskedBefore, storeAskedBefore } from "../../knowledge/asked-before.ts";
import { PRACTITIONER_QUESTIONS_PATH, readPractitionerQuestions } from "../../knowledge/build-index.ts";
import { NOT_FOUND_MESSAGE } from "../../knowledge/compose-extractive.ts";
import { createKnowledgeBase } from "../../knowledge/index.ts";
import { isAnswerable } from "../../knowledge/practitioner-questions.ts";
import { quotedPassageIds } from "../../knowledge/quotes.ts";
import { contentStems } from "../../knowledge/text.ts";
import { trainingSets } from "./eval/run-eval.ts";

const committed = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;

/** Answered questions as stored: each answered by the passage at position 0 unless given. */
const answered = (texts: readonly string[], passages: readonly number[] = [0]) =>
  texts.map((text) => ({ text, passages }));

/** Answered questions about staff shares, and near-misses that add a detail no article gives. */
const ANSWERED = [
  "can staff own shares in the mutual",
  "how are the staff shares held",
  "do staff get a share of the mutual",
  "what did the tender say about staff shares",
  "who chairs the board of the mutual",
];
const UNANSWERED = [
  "how do we set up a direct debit for staff buying shares in the mutual",
  "what VAT is due when staff buy shares",
  "can staff put salary into shares through a tax efficient scheme",
  "what dividend do staff shares pay each year",
  "how do we value staff shares when someone leaves",
  "what is the VAT rate on a mutual's invoices",
  "how do we claim back VAT after the transfer",
];

describe("storing the questions asked before", () => {
  it("writes each question as base-36 stem ids, the most frequent stem first, the same bytes every time", () => {
    // Act
    const stored = storeAskedBefore(
      [
        { text: "staff shares", passages: [1, 40] },
        { text: "the and of", passages: [2] },
        { text: "staff board", passages: [3] },
      ],
      ["staff VAT", "the and of"],
    );

    // Assess: "staff" (3 questions) is id 0; a question of stopwords alone is left out, with its passages, so each
    // answered question keeps its own (positions in base 36: 40 is "14").
    expect(stored.terms[0]).toBe("staff");
    expect(stored.answerable.split(",")).toHaveLength(2);
    expect(stored.answeredBy).toBe("1 14,3");
    expect(stored.outOfScope.split(",")).toHaveLength(1);
    expect(stored.answerable.startsWith("0 ")).toBe(true);
    expect(
      JSON.stringify(
        storeAskedBefore(
          [
            { text: "staff shares", passages: [1, 40] },
            { text: "the and of", passages: [2] },
            { text: "staff board", passages: [3] },
          ],
          ["staff VAT", "the and of"],
        ),
      ),
    ).toBe(JSON.stringify(stored));
  });

  it("stores the practitioners' questions and the guide's phrasings as answered ones", () => {
    // Prepare
    const questions = readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH);
    const phrasings = (committed.cards ?? []).flatMap((card) => card.questions);

    // Act
    const stored = askedBeforeOf(questions, committed.cards ?? [], committed.passages);

    // Assess: the committed artifact holds exactly this, and every kind is counted.
    expect(committed.askedBefore).toEqual(stored);
    const count = (list: string) => list.split(",").length;
    const stemmed = (texts: string[]) => texts.filter((text) => contentStems(text).length > 0).length;
    expect(count(stored.answerable)).toBe(
      stemmed([...questions.filter(isAnswerable).map((q) => q.q), ...phrasings]),
    );
    expect(count(stored.outOfScope)).toBe(stemmed(questions.filter((q) => !isAnswerable(q)).map((q) => q.q)));
    // Each answered question keeps the passages that answer it, every one a position in the passage list.
    const answeredBy = (stored.answeredBy ?? "").split(",");
    expect(answeredBy).toHaveLength(count(stored.answerable));
    const positions = answeredBy.map((list) => list.split(" ").map((id) => Number.parseInt(id, 36)));
    expect(positions.every((list) => list.length > 0)).toBe(true);
    expect(positions.flat().every((at) => at >= 0 && at < committed.passages.length)).toBe(true);
    // A card's phrasings are answered by the passages its sentences quote.
    const lastCard = committed.cards?.at(-1);
    const quoted = [
      ...new Set(lastCard?.sentences.map((s) => committed.passages.findIndex((p) => p.id === s.passageId))),
    ];
    expect(positions.at(-1)).toEqual(quoted);
  });
});

describe("reading a question against the questions asked before", () => {
  const reader = createAskedBefore(storeAskedBefore(answered(ANSWERED), UNANSWERED));

  it("finds a question asked before word for word first, with its kind", () => {
    const [first] = reader.nearest("what VAT is due when staff buy shares");
    expect(first?.answerable).toBe(false);
    const [answered] = reader.nearest("how are the staff shares held?");
    expect(answered?.answerable).toBe(true);
  });

  it("does not decline a general question whose nearest questions are longer near-misses holding its words", () => {
    // Act
    const question = "can staff buy shares in the mutual?";

    // Assess: its nearest questions are mostly unanswered ones, but its words are as common in answered ones.
    expect(reader.nearestShare(question)).toBeGreaterThan(0.5);
    expect(reader.wordsLean(question)).toBeLessThan(0.7);
    expect(reader.readsUnanswered(question)).toBe(false);
  });

  it("declines a question asking for a detail only unanswered questions ask for", () => {
    const question = "what VAT do we pay on shares bought by staff";
    expect(reader.nearestShare(question)).toBeGreaterThanOrEqual(0.7);
    expect(reader.wordsLean(question)).toBeGreaterThanOrEqual(0.7);
    expect(reader.readsUnanswered(question)).toBe(true);
  });

  it("reads nothing into a question that shares no word with any question asked before", () => {
    expect(reader.nearest("zebra crossings")).toEqual([]);
    expect(reader.nearestShare("zebra crossings")).toBeUndefined();
    expect(reader.wordsLean("zebra crossings")).toBeUndefined();
    expect(reader.readsUnanswered("zebra crossings")).toBe(false);
    expect(createAskedBefore(undefined).readsUnanswered("what VAT is due")).toBe(false);
  });

  it("reads a damaged store as far as it goes, never past its terms", () => {
    // Prepare: ids beyond the term list, characters that are no base-36 digit, and passages that are no position.
    const damaged = createAskedBefore({
      terms: ["staff", "vat"],
      answerable: "0 zz",
      answeredBy: "-1 !",
      outOfScope: "1 0,9!",
    });

    // Act / Assess: the questions that name real terms are still read; the rest is ignored.
    expect(damaged.nearest("staff vat").length).toBeGreaterThan(0);
    expect(damaged.nearest("staff vat").every((n) => Number.isFinite(n.score))).toBe(true);
    expect(damaged.readsUnanswered("zebra")).toBe(false);
    expect(damaged.vote("staff")).toBeUndefined();
  });

  it("scores the nearest questions as MiniSearch's BM25 would, over the committed questions", () => {
    // Prepare: the same questions in a MiniSearch index, tokenised the same way.
    const questions = readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH);
    const texts = [
      ...questions.filter(isAnswerable).map((q) => q.q),
      ...(committed.cards ?? []).flatMap((card) => card.questions),
      ...questions.filter((q) => !isAnswerable(q)).map((q) => q.q),
    ].filter((text) => contentStems(text).length > 0);
    const search = new MiniSearch<{ id: number; text: string }>({
      fields: ["text"],
      tokenize: (text) => contentStems(text),
      processTerm: (term) => term,
    });
    search.addAll(texts.map((text, id) => ({ id, text })));
    const committedReader = createAskedBefore(committed.askedBefore);
    const asked = trainingSets()
      .flatMap((set) => [...set.questions.map((q) => q.q), ...set.outOfScope])
      .filter((_, i) => i % 40 === 0);

    for (const question of asked) {
      // Act
      const ours = committedReader.nearest(question, 10);
      const terms = [...new Set(contentStems(question))].join(" ");
      const theirs = terms
        ? search.search(terms, { tokenize: (t) => t.split(" "), processTerm: (t) => t }).slice(0, 10)
        : [];

      // Assess: the same scores in the same order (ties may list different questions of equal score).
      expect(
        ours.map((n) => n.score.toFixed(6)),
        question,
      ).toEqual(theirs.map((hit) => hit.score.toFixed(6)));
    }
    expect(asked.length).toBeGreaterThan(100);
  });
});

describe("the vote of the nearest answered questions", () => {
  // Three ways of asking about staff shares, answered by passage 7 (one also by passage 9); two about the board.
  const reader = createAskedBefore(
    storeAskedBefore(
      [
        { text: "can staff own shares in the mutual", passages: [7] },
        { text: "how are the staff shares held", passages: [7, 9] },
        { text: "do staff get shares in the mutual", passages: [7] },
        { text: "who chairs the board of the mutual", passages: [2] },
        { text: "who sits on the board", passages: [2] },
      ],
      ["what dividend do staff shares pay each year", "what VAT is due when staff buy shares"],
    ),
  );

  it("gives the passage answering most of the nearest questions, with its share of their score", () => {
    // Act
    const vote = reader.vote("can staff hold shares in the mutual?");

    // Assess: passage 7 answers all three nearest (one shares its vote with passage 9), so it takes most of it.
    expect(vote?.passage).toBe(7);
    expect(vote?.share).toBeGreaterThan(ASKED_BEFORE.vote.answers);
    expect(vote?.share).toBeLessThan(1);
    expect(reader.read("can staff hold shares in the mutual?")).toEqual({
      unanswered: false,
      vote,
      nearby: [7, 9],
    });
  });

  it("counts the unanswered questions among the nearest against the vote", () => {
    // Act: the nearest questions to a dividend question are the unanswered one and the answered share questions.
    const vote = reader.vote("what dividend do staff shares pay?");
    const shareOfAnswered = reader.vote("how are staff shares held?")?.share ?? 0;

    // Assess: the unanswered question's score is in the whole, so the answered ones' passage takes less of it.
    expect(vote?.passage).toBe(7);
    expect(vote?.share ?? 1).toBeLessThan(shareOfAnswered);
  });

  it("gives no vote for a question that reads unanswered, or that no question asked before shares a word with", () => {
    const nearMisses = createAskedBefore(
      storeAskedBefore(answered(["who chairs the board"], [2]), [
        "what VAT is due when staff buy shares",
        "what VAT do staff pay on shares",
        "is VAT due on staff shares",
      ]),
    );
    expect(nearMisses.read("what VAT do we pay on staff shares?")).toEqual({ unanswered: true });
    expect(reader.vote("zebra crossings")).toBeUndefined();
    expect(reader.read("zebra crossings")).toEqual({ unanswered: false });
  });
});

describe("the knowledge base and the questions asked before", () => {
  const question = "what did the unions fear about spinning out?";
  // Questions asked before that make this one read as unanswered: the near-misses share its words, nothing answered does.
  const unanswered = createKnowledgeBase({
    ...committed,
    askedBefore: storeAskedBefore(answered(["how do we write a business case", "who chairs the board"]), [
      "what did the unions fear about pay after spinning out",
      "did the unions fear pensions after spinning out",
      "which unions fear spinning out most in Wales",
    ]),
  });

  it("declines a question that reads like questions the articles do not answer, and offers the people", async () => {
    // Prepare: without questions asked before, the articles answer it.
    const plain = createKnowledgeBase({ ...committed, askedBefore: undefined });
    expect((await plain.ask(question)).answered).toBe(true);

    // Act
    const answer = await unanswered.ask(question);

    // Assess: declined with the knowledge base's cover, its topics kept so the people can be offered.
    expect(answer.answered).toBe(false);
    expect(answer.text).toBe(NOT_FOUND_MESSAGE);
    expect(answer.topics?.length ?? 0).toBeGreaterThan(0);
  });

  it("answers from the passage the nearest answered questions vouch for, though its words meet the question weakly", async () => {
    // Prepare: without questions asked before, the question's words meet no passage well enough to answer.
    const question = "what's the knock-on for the rest of the council?";
    expect((await createKnowledgeBase({ ...committed, askedBefore: undefined }).ask(question)).answered).toBe(
      false,
    );
    const passage = committed.passages[1]?.id;
    const vouching = (passages: number[][]) =>
      createKnowledgeBase({
        ...committed,
        askedBefore: storeAskedBefore(
          [
            { text: "what is the knock-on for the rest of the council", passages: passages[0] ?? [] },
            { text: "knock-on effects on the rest of the council", passages: passages[1] ?? [] },
            { text: "what happens to the rest of the council after", passages: passages[2] ?? [] },
            ...answered(["who chairs the board of the mutual", "how do we write a business case"], [5]),
          ],
          ["what VAT is due on invoices", "which payroll software should we buy"],
        ),
      });

    // Act: three questions asked before, all answered by passage 1; then the same three split over three passages.
    const vouched = await vouching([[1], [1], [1]]).ask(question);
    const split = await vouching([[1], [0], [4]]).ask(question);

    // Assess: the passage they agree on answers, first; a split vote vouches for nothing.
    expect(vouched.answered).toBe(true);
    expect(vouched.citations[0]?.passageId).toBe(passage);
    expect(split.answered).toBe(false);
  });

  it("leads with the passage the nearest answered questions point to, and words it with no card that does not quote it", async () => {
    // Prepare: without questions asked before, a card answers, from passages other than the 87th.
    const question = "what did the unions fear about spinning out?";
    const plain = await createKnowledgeBase({ ...committed, askedBefore: undefined }).ask(question);
    const pointedTo = committed.passages[86]?.id;
    expect(plain.cardId).toBeDefined();
    expect(plain.citations[0]?.passageId).not.toBe(pointedTo);
    const kb = createKnowledgeBase({
      ...committed,
      askedBefore: storeAskedBefore(
        [
          ...answered(["what did the unions fear about spinning out", "did unions fear spinning out"], [86]),
          ...answered(["union fears about spin outs"], [86]),
          ...answered(["who chairs the board of the mutual"], [5]),
        ],
        ["what VAT is due on invoices"],
      ),
    });

    // Act
    const answer = await kb.ask(question);

    // Assess: the passage leads; the card, which quotes it nowhere, no longer words the answer.
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.passageId).toBe(pointedTo);
    const card = committed.cards?.find((c) => c.id === plain.cardId);
    expect(card?.sentences.some((sentence) => sentence.passageId === pointedTo)).toBe(false);
    expect(answer.cardId).not.toBe(plain.cardId);
  });

  it("declines an answer, not confident, from passages none of the nearest questions asked before was answered by", async () => {
    // Prepare: without questions asked before, the articles answer from passage 56, with no card and modest confidence.
    const question = "are we allowed to pay staff a bonus?";
    const plain = await createKnowledgeBase({ ...committed, askedBefore: undefined }).ask(question);
    expect(plain.answered).toBe(true);
    expect(plain.cardId).toBeUndefined();
    expect(plain.confidence).toBeLessThan(ASKED_BEFORE.agree.confidence);
    const cited = new Set(quotedPassageIds(plain.citations));
    const answeredBy = (passage: number) =>
      createKnowledgeBase({
        ...committed,
        askedBefore: storeAskedBefore(
          [
            { text: "are we allowed to pay staff a bonus", passages: [passage] },
            { text: "can staff be paid a bonus", passages: [passage] },
            ...answered(["who chairs the board of the mutual"], [5]),
          ],
          ["what VAT is due on invoices"],
        ),
      });
    const elsewhere = committed.passages.findIndex((p, at) => at > 10 && !cited.has(p.id));

    // Act: the questions asked like it were answered by a passage the answer does not cite, then by one it cites.
    const disagreed = await answeredBy(elsewhere).ask(question);
    const agreed = await answeredBy(committed.passages.findIndex((p) => cited.has(p.id))).ask(question);

    // Assess: declined with the people offered when they disagree; answered when they agree.
    expect(disagreed.answered).toBe(false);
    expect(disagreed.text).toBe(NOT_FOUND_MESSAGE);
    expect(agreed.answered).toBe(true);
  });

  it("answers, from the shipped artifact, general questions near-misses surround", async () => {
    const kb = createKnowledgeBase(committed);
    for (const general of [
      // Near-misses on share splits, prices and trusts surround it.
      "Who holds the employees' shares in the schools joint venture?",
      "how do we write a business case for a mutual?",
    ])
      expect((await kb.ask(general)).answered, general).toBe(true);
  });
});
