import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCorpus, readSeedFiles } from "../../knowledge/corpus.ts";
import {
  checkGuide,
  type GuideCard,
  GuideCardError,
  loadGuideCards,
  parseGuideCard,
} from "../../knowledge/guide-cards.ts";
import type { Passage } from "../../knowledge/types.ts";
import { CATEGORIES } from "../../peer/taxonomy.ts";

/** Two small passages, so each failure mode is tested on a card that differs from a valid one in one field. */
const PASSAGES: Passage[] = [
  {
    id: "p1",
    postId: "post-1",
    title: "Unions and mutuals",
    source: "test.txt",
    text: "Staff wonder whether this is just ‘window dressing’ or ‘privatisation by the back door’ –  a few years\nof a mutual.",
  },
  {
    id: "p2",
    postId: "post-2",
    title: "Politics",
    source: "test.txt",
    text: "He argues that you’ve not only got to do the numbers, you’ve also got to do the politics.",
  },
];

const QUESTIONS = [
  "our union reps say the spin-out is privatisation",
  "UNISON are against us going mutual",
  "staff side think this is outsourcing by another name",
  "is going mutual privatisation in disguise",
  "how do I answer the GMB on privatisation",
  "trade union opposition to our spin out",
];

interface CardInput {
  id?: string;
  topic?: string;
  questions?: string[];
  answer?: { say: string; quote: string }[];
}

/** 42 words: one sentence alone clears the 40-word floor. */
const LONG_SAY =
  "In September 2012, a blog post reported that staff being sold the idea of a public service mutual wonder " +
  "whether it is just window dressing or privatisation by the back door, followed after a few years by the loss " +
  "of the contract.";

/** A card that passes every check unless a field is overridden. */
function cardMarkdown(input: CardInput = {}): string {
  const id = input.id ?? "unions-fear";
  const topic = input.topic ?? "staff-unions";
  const questions = input.questions ?? QUESTIONS;
  const answer = input.answer ?? [
    {
      say: LONG_SAY,
      quote:
        "whether this is just 'window dressing' or 'privatisation by the back door' - a few years of a mutual",
    },
    { say: "Craig Dearden-Philips said you have to do the politics.", quote: "also got to do the politics" },
  ];
  return [
    "---",
    `id: ${id}`,
    `topic: ${topic}`,
    "title: Unions fear privatisation",
    "director: true",
    "questions:",
    ...questions.map((q) => `  - ${JSON.stringify(q)}`),
    "answer:",
    ...answer.flatMap((a) => [`  - say: ${JSON.stringify(a.say)}`, `    quote: ${JSON.stringify(a.quote)}`]),
    "---",
    "Notes for editors.",
    "",
  ].join("\n");
}

function parse(input: CardInput = {}, file = "guide/unions-fear.md"): GuideCard {
  return parseGuideCard(file, cardMarkdown(input), PASSAGES);
}

function errorOf(action: () => unknown): GuideCardError {
  try {
    action();
  } catch (error) {
    if (error instanceof GuideCardError) return error;
    throw error;
  }
  throw new Error("expected a GuideCardError, but nothing was thrown");
}

describe("parseGuideCard", () => {
  it("reads a valid card and resolves each quote to its passage in the article's own characters", () => {
    const card = parse();

    expect(card).toMatchObject({
      id: "unions-fear",
      topic: "staff-unions",
      title: "Unions fear privatisation",
      director: true,
      file: "guide/unions-fear.md",
    });
    expect(card.questions).toEqual(QUESTIONS);
    expect(card.sentences.map((s) => s.passageId)).toEqual(["p1", "p2"]);
    // Typed with straight quotes, a hyphen and no line break; returned as the article prints it.
    expect(card.sentences[0]?.quote).toBe(
      "whether this is just ‘window dressing’ or ‘privatisation by the back door’ – a few years of a mutual",
    );
    expect(card.sentences[1]?.quote).toBe("also got to do the politics");
  });

  it("treats director as optional and false by default", () => {
    const markdown = cardMarkdown().replace("director: true\n", "");
    expect(parseGuideCard("guide/unions-fear.md", markdown, PASSAGES).director).toBe(false);
  });

  it("rejects a quote found in no passage, naming the file and the quote", () => {
    const error = errorOf(() =>
      parse({
        answer: [
          { say: LONG_SAY, quote: "privatisation by the back door" },
          { say: "Unions always win ballots on mutuals.", quote: "unions always win the ballot" },
        ],
      }),
    );
    expect(error.file).toBe("guide/unions-fear.md");
    expect(error.message).toContain("guide/unions-fear.md");
    expect(error.message).toContain('quote not found in any seed passage: "unions always win the ballot"');
  });

  it("does not match a quote split across two passages", () => {
    const error = errorOf(() =>
      parse({
        answer: [{ say: LONG_SAY, quote: "a few years of a mutual. He argues that" }],
      }),
    );
    expect(error.message).toContain("quote not found");
  });

  it("rejects an unknown topic", () => {
    const error = errorOf(() => parse({ topic: "parking" }));
    expect(error.message).toContain("guide/unions-fear.md");
    expect(error.message).toContain("topic is not one of the ids in peer/taxonomy.json");
  });

  it("rejects fewer than 6 questions", () => {
    const error = errorOf(() => parse({ questions: QUESTIONS.slice(0, 5) }));
    expect(error.message).toContain("needs at least 6 questions");
  });

  it("rejects a question repeated on the same card", () => {
    const error = errorOf(() =>
      parse({ questions: [...QUESTIONS.slice(0, 5), "UNISON are against us GOING mutual"] }),
    );
    expect(error.message).toContain('question repeated: "UNISON are against us GOING mutual"');
  });

  it("rejects an answer under 40 words", () => {
    const error = errorOf(() =>
      parse({
        answer: [
          { say: "Staff fear privatisation by the back door.", quote: "privatisation by the back door" },
        ],
      }),
    );
    expect(error.message).toContain("the answer is 7 words; it must be 40-120");
  });

  it("rejects an answer over 120 words", () => {
    const say = { say: LONG_SAY, quote: "privatisation by the back door" };
    const error = errorOf(() => parse({ answer: [say, say, say, say] }));
    expect(error.message).toContain("the answer is 168 words; it must be 40-120");
  });

  it("rejects an empty sentence, naming which one", () => {
    const error = errorOf(() =>
      parse({
        answer: [
          { say: LONG_SAY, quote: "privatisation by the back door" },
          { say: "   ", quote: "also got to do the politics" },
        ],
      }),
    );
    expect(error.message).toContain("answer sentence 2");
    expect(error.message).toContain("is empty");
  });

  it("rejects a sentence that opens with a back-reference", () => {
    const error = errorOf(() =>
      parse({
        answer: [
          { say: LONG_SAY, quote: "privatisation by the back door" },
          { say: "They said you have to do the politics.", quote: "also got to do the politics" },
        ],
      }),
    );
    expect(error.message).toContain("answer sentence 2");
    expect(error.message).toContain("back-reference");
  });

  it("rejects a sentence that opens with a linking word, which would answer a sentence not quoted (issue 11)", () => {
    for (const say of [
      "However, Craig Dearden-Philips said you have to do the politics.",
      "Firstly, you have to do the politics.",
      "But the politics has to be done too.",
      "Also, you have to do the politics.",
    ]) {
      const error = errorOf(() =>
        parse({
          answer: [
            { say: LONG_SAY, quote: "privatisation by the back door" },
            { say, quote: "also got to do the politics" },
          ],
        }),
      );
      expect(error.message, say).toContain("answer sentence 2");
      expect(error.message, say).toContain("linking word");
    }
  });

  it("rejects a sentence without a full stop, which would run into the next one in a brief", () => {
    const error = errorOf(() =>
      parse({
        answer: [
          { say: LONG_SAY, quote: "privatisation by the back door" },
          {
            say: "Craig Dearden-Philips said you have to do the politics",
            quote: "also got to do the politics",
          },
        ],
      }),
    );
    expect(error.message).toContain("answer sentence 2");
    expect(error.message).toContain("does not end with a full stop");
  });

  it("rejects a quote shorter than 4 words", () => {
    const error = errorOf(() => parse({ answer: [{ say: LONG_SAY, quote: "the back door" }] }));
    expect(error.message).toContain("quote must be 4-40 words");
  });

  it("rejects an answer quoting more articles than an answer may cite (issue 11: at most 3 sources)", () => {
    // Arrange: four passages of four posts, one sentence quoting each.
    const passages: Passage[] = [1, 2, 3, 4].map((n) => ({
      id: `q${n}`,
      postId: `post-${n}`,
      title: `Post ${n}`,
      source: "test.txt",
      text: `Article number ${n} says mutuals need good contracts and staff support.`,
    }));
    const answer = [1, 2, 3, 4].map((n) => ({
      say: `Article ${n} of the series said that staff-owned mutuals need good contracts, proper support from the centre and a fair offer to the staff who move.`,
      quote: `Article number ${n} says mutuals`,
    }));

    // Act
    const tooMany = errorOf(() => parseGuideCard("guide/unions-fear.md", cardMarkdown({ answer }), passages));
    const three = parseGuideCard(
      "guide/unions-fear.md",
      cardMarkdown({ answer: answer.slice(0, 3) }),
      passages,
    );

    // Assess
    expect(tooMany.message).toMatch(/quotes 4 articles.*at most 3/);
    expect(three.sentences).toHaveLength(3);
  });

  it("rejects an id that is not the file name", () => {
    const error = errorOf(() => parse({ id: "unions" }));
    expect(error.message).toContain('id "unions" does not match the file name (expected "unions-fear")');
  });

  it("rejects a file without front matter and front matter that is not YAML", () => {
    expect(errorOf(() => parseGuideCard("guide/x.md", "# Just a heading\n", PASSAGES)).message).toContain(
      "no YAML front matter",
    );
    expect(
      errorOf(() => parseGuideCard("guide/x.md", "---\nid: [unclosed\n---\n", PASSAGES)).message,
    ).toContain("not valid YAML");
  });
});

describe("checkGuide", () => {
  it("rejects two cards with the same id", () => {
    const first = parse({}, "a/unions-fear.md");
    const second = parse({ questions: QUESTIONS.map((q) => `${q}, again`) }, "b/unions-fear.md");

    const error = errorOf(() => checkGuide([first, second]));

    expect(error.file).toBe("b/unions-fear.md");
    expect(error.message).toContain('duplicate id "unions-fear" (also in a/unions-fear.md)');
  });

  it("rejects one phrasing on two cards, since ranking could not tell them apart", () => {
    const first = parse();
    const second = parse({ id: "unions-fear-2" }, "guide/unions-fear-2.md");

    const error = errorOf(() => checkGuide([first, second]));

    expect(error.message).toContain('is also on card "unions-fear"');
  });
});

describe("loadGuideCards", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("loads every .md file in the folder, in name order, and ignores other files", () => {
    dir = mkdtempSync(join(tmpdir(), "guide-"));
    writeFileSync(join(dir, "b-card.md"), cardMarkdown({ id: "b-card" }));
    writeFileSync(
      join(dir, "a-card.md"),
      cardMarkdown({ id: "a-card", questions: QUESTIONS.map((q) => `${q}?`) }),
    );
    writeFileSync(join(dir, "notes.txt"), "not a card");

    const cards = loadGuideCards(dir, PASSAGES);

    expect(cards.map((c) => c.id)).toEqual(["a-card", "b-card"]);
    expect(cards[0]?.file).toBe(join(dir, "a-card.md"));
  });

  it("fails on the first bad card, naming its file", () => {
    dir = mkdtempSync(join(tmpdir(), "guide-"));
    writeFileSync(join(dir, "good.md"), cardMarkdown({ id: "good" }));
    writeFileSync(join(dir, "bad.md"), cardMarkdown({ id: "bad", topic: "weather" }));

    const error = errorOf(() => loadGuideCards(dir as string, PASSAGES));

    expect(error.file).toBe(join(dir, "bad.md"));
  });
});

describe("the guide in knowledge/guide", () => {
  const { posts, passages } = parseCorpus(readSeedFiles("seeds"));
  const cards = loadGuideCards("knowledge/guide", passages);
  const simplify = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();

  it("loads at least 63 cards, every quote found in a seed passage", () => {
    expect(cards.length).toBeGreaterThanOrEqual(63);
    const passageIds = new Set(passages.map((p) => p.id));
    for (const card of cards) {
      for (const sentence of card.sentences) expect(passageIds.has(sentence.passageId)).toBe(true);
    }
  });

  it("covers every taxonomy topic, each with a director's brief of at least 2 cards", () => {
    for (const category of CATEGORIES) {
      const inTopic = cards.filter((c) => c.topic === category.id);
      expect(inTopic.length, category.id).toBeGreaterThanOrEqual(3);
      expect(inTopic.filter((c) => c.director).length, category.id).toBeGreaterThanOrEqual(2);
    }
  });

  it("cites every substantial post (over 150 words) in at least one card", () => {
    const postOfPassage = new Map(passages.map((p) => [p.id, p.postId]));
    const cited = new Set(cards.flatMap((c) => c.sentences.map((s) => postOfPassage.get(s.passageId))));
    const uncited = posts
      .filter((post) => post.paragraphs.join(" ").split(/\s+/).length > 150)
      .filter((post) => !cited.has(post.id))
      .map((post) => post.title);
    expect(uncited).toEqual([]);
  });

  // Cards answered 1.5% of held-out questions with 9 phrasings each: the guide keeps at least 12 per card.
  it("gives every card at least 12 phrasings", () => {
    const thin = cards.filter((c) => c.questions.length < 12).map((c) => c.id);
    expect(thin).toEqual([]);
  });

  it("phrases every question differently, across all cards", () => {
    const all = cards.flatMap((c) => c.questions.map(simplify));
    expect(new Set(all).size).toBe(all.length);
  });

  it("does not copy questions from the evaluation sets, so the eval still measures paraphrase", () => {
    const evalQuestions = new Set(
      ["questions.json", "heldout.json"].flatMap((name) => {
        const data = JSON.parse(readFileSync(join("tests/knowledge/eval", name), "utf8")) as {
          questions: { q: string }[];
        };
        return data.questions.map((q) => simplify(q.q));
      }),
    );
    const copied = cards.flatMap((c) => c.questions.filter((q) => evalQuestions.has(simplify(q))));
    expect(copied).toEqual([]);
  });
});
