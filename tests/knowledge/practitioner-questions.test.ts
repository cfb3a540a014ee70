/**
 * Practitioners' questions (knowledge/practitioner-questions.ts): the dev eval sets' questions, the answerable
 * ones indexed with the passages that answer them, all of them the questions asked before (asked-before.ts). They
 * must stay in step with the dev sets, never hold a held-out or validation question, order passages and never lift
 * confidence.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { confidenceOf } from "../../knowledge/answer-evidence.ts";
import { buildArtifact, type KnowledgeArtifact } from "../../knowledge/artifact.ts";
import { PRACTITIONER_QUESTIONS_PATH, readPractitionerQuestions } from "../../knowledge/build-index.ts";
import { readSeedFiles } from "../../knowledge/corpus.ts";
import { heardByPassage, isAnswerable, passagesQuoting } from "../../knowledge/practitioner-questions.ts";
import { prepareQuestion } from "../../knowledge/question.ts";
import { createRetriever } from "../../knowledge/retrieval.ts";
import { hasHeardQuestions } from "../../knowledge/search-index.ts";
import { normaliseText } from "../../knowledge/text.ts";
import type { Passage } from "../../knowledge/types.ts";
import { practitionerQuestionsJson } from "./eval/export-practitioner-questions.ts";
import { measuredOnlySets, readAllSets, trainingSets, withoutQuestionsOf } from "./eval/run-eval.ts";

const committed = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
const questions = readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH);

const passage = (id: string, text: string): Passage => ({
  id,
  postId: "p",
  source: "t.txt",
  title: "T",
  text,
});

describe("the practitioners' questions file", () => {
  it("is the export of the dev sets (run `npm run build:questions` if this fails)", () => {
    const expected = practitionerQuestionsJson();
    // Compared without printing either text: a diff would show held-out questions the export leaves out.
    expect(readFileSync(PRACTITIONER_QUESTIONS_PATH, "utf8") === expected).toBe(true);
    expect(questions.filter(isAnswerable).length).toBeGreaterThan(1000);
    expect(questions.filter((q) => !isAnswerable(q)).length).toBeGreaterThan(3000);
  });

  it("holds no question of a held-out or validation set", () => {
    // Prepare
    const sets = readAllSets();
    const measuredOnly = measuredOnlySets(sets);
    const exported = new Set(questions.map((q) => normaliseText(q.q)));

    // Assess: the sets exist and are marked, and none of their questions is exported.
    expect(measuredOnly.filter((set) => set.validation).map((set) => set.name.split(" ")[0])).toEqual([
      "dev-2026-12n.json",
      "dev-2026-12p.json",
      "dev-2026-12q.json",
      "dev-2026-12u.json",
      "dev-2026-12y.json",
      "dev-2026-12z.json",
      "dev-2026-12za.json",
      "dev-2026-12zb.json",
      "dev-2026-12zi.json",
      "dev-2026-12zj.json",
    ]);
    expect(measuredOnly.filter((set) => set.heldOut).length).toBeGreaterThanOrEqual(13);
    // Counted, never listed: a failure must not show the questions.
    const leaked = measuredOnly.flatMap((set) =>
      [...set.questions.map((q) => q.q), ...set.outOfScope].filter((q) => exported.has(normaliseText(q))),
    );
    expect(leaked.length).toBe(0);
    expect(trainingSets(sets).some((set) => set.heldOut || set.validation)).toBe(false);
  });

  it("holds the dev sets' out-of-scope questions too, with no snippets", () => {
    // Prepare: a set of out-of-scope questions only, and what the held-out and validation sets ask.
    const sets = readAllSets();
    const exported = new Set(questions.filter((q) => !isAnswerable(q)).map((q) => normaliseText(q.q)));
    const measured = new Set(
      measuredOnlySets(sets).flatMap((set) =>
        [...set.questions.map((q) => q.q), ...set.outOfScope].map(normaliseText),
      ),
    );
    const oosOnly = trainingSets(sets).find((set) => set.name.startsWith("dev-out-of-scope-6.json"));
    if (!oosOnly) throw new Error("dev-out-of-scope-6.json is a dev set");

    // Assess: each is exported without snippets, unless a held-out or validation set asks it word for word.
    const expected = oosOnly.outOfScope.map(normaliseText).filter((q) => !measured.has(q));
    expect(expected.length).toBeGreaterThan(300);
    expect(expected.filter((q) => !exported.has(q)).length).toBe(0);
  });

  it("quotes the articles: every answerable question reaches a passage that answers it", () => {
    const unreached = questions
      .filter(isAnswerable)
      .filter((q) => q.answers.every((snippet) => passagesQuoting(committed.passages, snippet).length === 0));
    expect(unreached.map((q) => q.q)).toEqual([]);
  });

  it("fails the build with its path when malformed, and is simply absent when missing", () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), "heard-"));
    const bad = join(dir, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({ about: "x", questions: [{ q: "answers not a list", answers: "x" }] }),
    );

    const notJson = join(dir, "not-json.json");
    writeFileSync(notJson, "{ questions: ");

    // Act / Assess: the path, what is wrong and where, and how to regenerate it.
    expect(() => readPractitionerQuestions(bad)).toThrow(bad);
    expect(() => readPractitionerQuestions(bad)).toThrow(/questions\[0\]\.answers.*npm run build:questions/);
    expect(() => readPractitionerQuestions(notJson)).toThrow(
      /not-json\.json: not JSON.*npm run build:questions/,
    );
    expect(readPractitionerQuestions(join(dir, "missing.json"))).toEqual([]);
    expect(readPractitionerQuestions(undefined)).toEqual([]);
  });
});

describe("heardByPassage", () => {
  it("files each question under every passage one of its snippets is in, compared in normalised form", () => {
    // Prepare
    const passages = [
      passage("a", "The unions fear “privatisation by the back door”."),
      passage("b", "Staff can hold shares in a trust. The unions fear change."),
    ];

    // Act
    const heard = heardByPassage(
      [
        { q: "staff side are dead against it", answers: ["unions fear privatisation by the back door"] },
        { q: "how are shares held", answers: ["hold shares in a trust", "no such words anywhere"] },
        { q: "what do the unions fear", answers: ["THE UNIONS FEAR"] },
        { q: "nothing matches", answers: ["absent from every passage"] },
      ],
      passages,
    );

    // Assess
    expect(Object.fromEntries(heard)).toEqual({
      a: "staff side are dead against it\nwhat do the unions fear",
      b: "how are shares held\nwhat do the unions fear",
    });
  });
});

describe("ranking with practitioners' questions", () => {
  const seeds = readSeedFiles("seeds");
  const build = (withQuestions: boolean) =>
    buildArtifact(seeds, {
      loadCards: () => committed.cards ?? [],
      ...(withQuestions ? { questions: [...questions] } : {}),
    });

  it("is searched only when the index holds some (a documents index holds none)", async () => {
    const plain = await build(false);
    expect(hasHeardQuestions(plain.index)).toBe(false);
    expect(hasHeardQuestions(committed.index)).toBe(true);
  });

  it("orders passages by how practitioners asked, but reads the same confidence from each passage", async () => {
    // Prepare: the same seeds and cards, with and without the practitioners' questions.
    const [plain, heard] = await Promise.all([build(false), build(true)]);
    const rankers = [createRetriever(plain), createRetriever(heard)];
    const asked = [
      "the staff side are dead against the spin out, what do we do",
      "cllrs keep saying it's privatisation by the back door",
      "how do we get the SMT to take a mutual seriously",
      "what did the minister promise about mutuals",
      "is there any money to help us write the business case",
    ];
    let reordered = 0;
    for (const question of asked) {
      const analysis = rankers[0]?.analyse(prepareQuestion(question).text);
      if (!analysis) throw new Error("no analysis");
      // Act
      const [without, withQuestions] = rankers.map((r) => r.rank(analysis, { limit: 5 }));
      if (!without || !withQuestions) throw new Error("no ranking");

      // Assess: a passage in both top fives has the same confidence; the order may differ.
      const before = new Map(without.map((entry) => [entry.passage.id, entry]));
      for (const entry of withQuestions) {
        const same = before.get(entry.passage.id);
        if (same) expect(confidenceOf(entry), `${question}: ${entry.passage.id}`).toBe(confidenceOf(same));
      }
      if (without.map((e) => e.passage.id).join() !== withQuestions.map((e) => e.passage.id).join())
        reordered++;
    }
    expect(reordered).toBeGreaterThan(0);
  });
});

describe("measuring a dev set on questions it has not seen (npm run eval -- --cv)", () => {
  const heardLength = (artifact: KnowledgeArtifact) =>
    artifact.index.averageFieldLength[artifact.index.fieldIds.heard ?? -1] ?? 0;

  it("indexes the passages with every practitioners' question but the set's own", () => {
    // Prepare
    const dev = trainingSets().find((set) => set.name.startsWith("dev-2026-12o.json"));
    if (!dev) throw new Error("dev-2026-12o.json is a dev set");
    const unrelated = {
      ...dev,
      questions: [{ q: "a question no set asks", answers: ["x"] }],
      outOfScope: [],
    };

    // Act
    const fold = withoutQuestionsOf(committed, dev);
    const rebuilt = withoutQuestionsOf(committed, unrelated);

    // Assess: leaving nothing out rebuilds the committed index exactly; leaving a set out shrinks the field.
    expect(JSON.stringify(rebuilt.index) === JSON.stringify(committed.index)).toBe(true);
    expect(heardLength(fold)).toBeGreaterThan(0);
    expect(heardLength(fold)).toBeLessThan(heardLength(committed));
    expect(fold.passages).toBe(committed.passages);
  });

  it("leaves the set's questions, answerable and not, out of the questions asked before", () => {
    // Prepare
    const sets = trainingSets();
    const dev = sets.find((set) => set.name.startsWith("dev-2026-12o.json"));
    const oosOnly = sets.find((set) => set.name.startsWith("dev-out-of-scope-6.json"));
    if (!dev || !oosOnly) throw new Error("dev-2026-12o.json and dev-out-of-scope-6.json are dev sets");
    const counts = (artifact: KnowledgeArtifact) => {
      const stored = artifact.askedBefore;
      const count = (list: string | undefined) => (list ? list.split(",").length : 0);
      return { answered: count(stored?.answerable), unanswered: count(stored?.outOfScope) };
    };
    const before = counts(committed);

    // Act
    const fold = withoutQuestionsOf(committed, dev);
    const oosFold = withoutQuestionsOf(committed, oosOnly);

    // Assess: fewer of both kinds; a set of out-of-scope questions alone leaves the passages' index as it was.
    expect(counts(fold).answered).toBeLessThan(before.answered);
    expect(counts(fold).unanswered).toBeLessThan(before.unanswered);
    expect(counts(oosFold).answered).toBe(before.answered);
    expect(counts(oosFold).unanswered).toBeLessThan(before.unanswered - 300);
    expect(oosFold.index).toBe(committed.index);
  });
});
