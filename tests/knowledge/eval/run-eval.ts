/**
 * `npm run eval`: answer quality per question set. For each set it reports right answers (answered,
 * citing a passage labelled as answering), wrong answers (answered, citing none of them), declined,
 * out-of-scope questions answered, and retrieval hit@1/hit@3/MRR for Pathfinder and an untuned
 * MiniSearch. Labels are quoted snippets, resolved to passage ids here, so rebuilding ids never
 * breaks a set.
 *
 * Dev sets (tuned on) print the questions they miss; the held-out sets (HELD_OUT_FILES) and validation
 * sets print aggregate figures only, so reading the report never leaks their questions into tuning.
 * The dev sets' answerable questions are also what passages are indexed with (practitioners' questions,
 * knowledge/practitioner-questions.ts), and all their questions are the questions asked before that a new one is read
 * against (knowledge/asked-before.ts), so a dev set's plain figure is not a measure of unseen questions: `--cv` gives
 * that one.
 *
 * Flags: `--dev` skips the held-out sets, `--set <name>` measures one set (a file name such as
 * `dev-2026-12b.json`, or a short name from SET_ALIASES), `--explain` details each dev failure, `--cv`
 * measures each dev set with its own questions left out of both.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import MiniSearch from "minisearch";
import { askedBeforeOf, type KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { PRACTITIONER_QUESTIONS_PATH, readPractitionerQuestions } from "../../../knowledge/build-index.ts";
import { createKnowledgeBase, type KnowledgeBase } from "../../../knowledge/index.ts";
import {
  heardByPassage,
  isAnswerable,
  type PractitionerQuestion,
  passagesQuoting,
} from "../../../knowledge/practitioner-questions.ts";
import { quotedPassageIds } from "../../../knowledge/quotes.ts";
import { buildSearchIndex } from "../../../knowledge/search-index.ts";
import { normaliseText } from "../../../knowledge/text.ts";
import type { Passage } from "../../../knowledge/types.ts";

/** questions.json's shape. */
export interface EvalSet {
  questions: { q: string; answers: string[] }[];
  offTopic: string[];
}

/** heldout.json's shape (a dev set since issue 11). */
export interface HeldOutSet {
  questions: { q: string; answers: string[] }[];
  /** Questions that sound like the field but the articles cannot answer. */
  nearMiss: string[];
}

/**
 * Why a question is out of scope: `near-miss` sounds like the field but the articles hold no answer,
 * `everyday` uses the field's words in their everyday sense, `named` names a place, person or
 * organisation the articles never discuss, `chat` is small talk or a task request.
 */
export type OutOfScopeKind = "near-miss" | "everyday" | "named" | "chat";

/** The shape of the held-out sets (heldout-2026*.json), dev-out-of-scope*.json and dev-2026-12*.json. */
export interface OutOfScopeSet {
  about?: string;
  questions?: { q: string; answers: string[] }[];
  outOfScope: { q: string; kind: OutOfScopeKind }[];
}

/** One set, normalised for measuring. */
export interface NamedSet {
  name: string;
  /** Held out: only aggregate figures are ever printed. */
  heldOut: boolean;
  /**
   * A validation set: measured in aggregate only, like a held-out set, and never exported as practitioners'
   * questions (the dev sets' answerable questions are: knowledge/practitioner-questions.ts).
   */
  validation?: boolean;
  questions: { q: string; answers: string[] }[];
  outOfScope: string[];
  /** The kind of each out-of-scope question, in the same order, when the set records kinds. */
  outOfScopeKinds?: OutOfScopeKind[];
}

/** Retrieval metrics for one system. */
export interface RetrievalMetrics {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
}

/** The figures for one set. */
export interface SetReport {
  name: string;
  heldOut: boolean;
  /** A validation set: its failures are never printed (NamedSet's `validation`). */
  validation?: boolean;
  questions: number;
  outOfScopeQuestions: number;
  /** Shares of the answerable questions. */
  right: number;
  wrong: number;
  declined: number;
  /** Share of out-of-scope questions that were answered (should be ~0). */
  outOfScopeAnswered: number;
  /** Out-of-scope questions answered, per kind, when the set records kinds. */
  outOfScopeAnsweredByKind?: Partial<Record<OutOfScopeKind, { answered: number; total: number }>>;
  /** Label snippets found in no passage: each is a bug in the set (should be empty). */
  labelFailures: string[];
  /** Share of answers that came from a guide card. */
  cardAnswers: number;
  pathfinder: RetrievalMetrics;
  baseline: RetrievalMetrics;
  /** Per-question failures: empty for a held-out set. */
  failures: {
    q: string;
    outcome: "wrong" | "declined" | "answered out of scope";
    rank?: number;
    /** Why, for `--explain`: the answer's confidence, card and cited passages, and the first three hits (* = labelled). */
    detail?: string;
  }[];
}

/** Everything `npm run eval` reports. */
export interface EvalReport {
  sets: SetReport[];
}

const here = (name: string) => new URL(`./${name}`, import.meta.url);
const readJson = <T>(name: string): T => JSON.parse(readFileSync(here(name), "utf8")) as T;

/** Reads questions.json. */
export function readEvalSet(): EvalSet {
  return readJson<EvalSet>("questions.json");
}

/** Reads heldout.json. */
export function readHeldOutSet(): HeldOutSet {
  return readJson<HeldOutSet>("heldout.json");
}

/** Reads a set in the out-of-scope shape. */
export function readOutOfScopeSet(name: string): OutOfScopeSet {
  return readJson<OutOfScopeSet>(name);
}

/**
 * The held-out sets, oldest first: never opened by hand, never tuned on. A fresh one is written when
 * the last has been consulted too often to stay honest; the older ones stay to show drift.
 */
export const HELD_OUT_FILES = [
  "heldout-2026.json",
  "heldout-2026-12.json",
  // Written fresh from the articles alone (heldout3) once both older sets had been measured too often to stay honest.
  "heldout-2026-12b.json",
  // Written fresh from the articles alone (heldout4) for the final figure, once heldout-2026-12b.json had been measured too often too.
  "heldout-2026-12c.json",
  // Written fresh from the articles alone (heldout5) for an honest final figure, once heldout-2026-12c.json had been
  // measured in aggregate several times during integration.
  "heldout-2026-12d.json",
  // Written fresh from the articles alone (heldout6) for an honest final figure, once heldout-2026-12d.json had been
  // measured in aggregate several times during integration.
  "heldout-2026-12e.json",
  // Written fresh from the articles alone (heldout7) for an honest final figure, once heldout-2026-12e.json had been
  // measured in aggregate several times during integration.
  "heldout-2026-12f.json",
  // Written fresh from the articles alone (heldout8) for an honest final figure, once heldout-2026-12f.json had been
  // measured in aggregate several times during integration.
  "heldout-2026-12g.json",
  // Written fresh from the articles alone (heldout9) for an honest final figure, once heldout-2026-12g.json had been
  // measured in aggregate several times during integration.
  "heldout-2026-12h.json",
  // Written fresh from the articles alone (heldout10) for round 11's honest final figure, once heldout-2026-12h.json had
  // been read at the end of round 10.
  "heldout-2026-12i.json",
  // Written fresh from the articles alone (heldout11) for round 12's honest final figure, once heldout-2026-12i.json had
  // been read at the end of round 11.
  "heldout-2026-12j.json",
  // Written fresh from the articles alone (heldout12) for round 13's honest final figure, once heldout-2026-12j.json had
  // been read at the end of round 12.
  "heldout-2026-12k.json",
  // Written fresh from the articles alone (heldout13) for round 14's honest final figure, once heldout-2026-12k.json had
  // been read at the end of round 13.
  "heldout-2026-12l.json",
  // Written fresh from the articles alone (heldout14) for round 15's honest final figure, at the end of round 14 after
  // that round's held-out read and before any later change.
  "heldout-2026-12m.json",
  // Written fresh from the articles alone (heldout15) at the start of round 15, before any change of that round, and
  // never opened; registered as round 16's first commit and measured on that round's first code and at its end.
  "heldout-2026-12n.json",
  // Written fresh from the articles alone (heldout16) at the start of round 16, before any change of that round, and
  // never opened; registered as round 17's first commit and measured on that round's first code and at its end.
  "heldout-2026-12x.json",
  // Written fresh from the articles alone (heldout17) at the end of round 17, before any change of round 18, and never
  // opened (one question whose labels quote only a comment removed unread); registered as round 18's first commit and
  // measured on that round's first code and at its end.
  "heldout-2026-12r.json",
] as const;

/** The first held-out set (kept for callers that knew only one). */
export const HELD_OUT_FILE = HELD_OUT_FILES[0];

/** Short names `--set` accepts besides a file name. */
export const SET_ALIASES: Readonly<Record<string, string>> = {
  devset: "dev-2026-12b.json",
  devset2: "dev-2026-12c.json",
};

/** The name a held-out set is reported under. */
export const heldOutSetName = (file: string) => `${file} (held out)`;

/**
 * The dev sets in the out-of-scope shape, in the order they are reported, and whether their
 * out-of-scope questions are reported kind by kind (the older sets' kinds are too few to matter;
 * dev-2026-12d.json files every one as near-miss).
 */
const OUT_OF_SCOPE_DEV_SETS: readonly { file: string; byKind: boolean; validation?: boolean }[] = [
  { file: "dev-out-of-scope.json", byKind: false },
  { file: "dev-out-of-scope-2.json", byKind: false },
  // Written fresh from the articles alone (answers2), when the older dev sets had been tuned on too long to show failures.
  { file: "dev-2026-12.json", byKind: false },
  // Written fresh from the articles alone (devset) once dev-2026-12.json was near-perfect too, to tune a new ranking
  // signal on; its out-of-scope questions are of four kinds.
  { file: "dev-2026-12b.json", byKind: true },
  // Written fresh from the articles alone (devset2) once dev-2026-12b.json had been tuned on too, leaning on situations
  // told in practitioners' own words and on the minor posts.
  { file: "dev-2026-12c.json", byKind: true },
  // 300 out-of-scope probes of 31 kinds from a writer who read only the articles (probes), to find the kinds of
  // question the decline rules had not met.
  { file: "dev-out-of-scope-3.json", byKind: true },
  // 300 more from a second writer who had seen neither the code nor the first set, asked to think like an examiner.
  { file: "dev-out-of-scope-4.json", byKind: true },
  // 300 from a third writer asked for the kinds the first two had not found (how-to, comparisons, lists, hypotheticals...).
  { file: "dev-out-of-scope-5.json", byKind: true },
  // 98 answerable and 300 out-of-scope questions from a fifth writer asked to write as people who know the field well.
  { file: "dev-2026-12d.json", byKind: false },
  // 100 answerable and 300 out-of-scope questions from a sixth writer (round 8's validation set, then tuned on).
  { file: "dev-2026-12e.json", byKind: false },
  // 100 answerable and 300 out-of-scope questions of four kinds from a seventh writer (round 8's second validation set).
  { file: "dev-2026-12f.json", byKind: true },
  // 130 answerable and 240 out-of-scope questions of four kinds from an eighth writer (round 9's validation set).
  { file: "dev-2026-12g.json", byKind: true },
  // 130 answerable and 240 out-of-scope questions of four kinds from a ninth writer (round 10's validation set).
  { file: "dev-2026-12h.json", byKind: true },
  // 129 answerable and 240 out-of-scope questions of four kinds from a tenth writer (round 10's second validation set).
  { file: "dev-2026-12i.json", byKind: true },
  // 104 answerable and 240 out-of-scope questions from an eleventh writer asked for knowledgeable near-misses (round 11).
  { file: "dev-2026-12j.json", byKind: true },
  // 104 answerable and 240 out-of-scope questions from a twelfth writer: follow-ups on things the posts name, and long
  // off-topic questions wrapped in work (round 11's second validation set).
  { file: "dev-2026-12k.json", byKind: true },
  // 100 answerable and 240 out-of-scope questions from a thirteenth writer, written mid-round 11 as a late validation set.
  { file: "dev-2026-12l.json", byKind: true },
  // 103 answerable and 240 out-of-scope questions from a fourteenth writer: about a quarter of the answerable ones ask
  // what the posts say of a person, council or report they discuss; half the near-misses ask after details of things
  // the posts name only in passing (round 12's dev set).
  { file: "dev-2026-12m.json", byKind: true },
  // 109 answerable and 240 out-of-scope questions from a fifteenth writer: long situations and very short questions
  // (round 12's validation set, read in aggregate only).
  { file: "dev-2026-12n.json", byKind: true, validation: true },
  // 102 answerable and 240 out-of-scope questions from a sixteenth writer: askers who open with the obstacle they are
  // stuck on or ask what someone found, in everyday words; near-misses on what came next, money and legal detail, and
  // practical HR, IT and estates steps (round 13's dev set).
  { file: "dev-2026-12o.json", byKind: true },
  // 108 answerable and 240 out-of-scope questions from a seventeenth writer: askers of every role (a union rep, a
  // finance director, a commissioner, a researcher...); near-misses on people and bodies the posts name, governance
  // and money detail, and neighbouring schemes (round 13's validation set, read in aggregate only).
  { file: "dev-2026-12p.json", byKind: true, validation: true },
  // 103 answerable and 240 out-of-scope questions from an eighteenth writer: askers of every role, many very short
  // questions; near-misses on what the posts leave unsaid of bodies they name, governance and pension detail, and
  // neighbouring schemes (round 14's validation set, read in aggregate only).
  { file: "dev-2026-12q.json", byKind: true, validation: true },
  // Practitioners' questions only (no out-of-scope ones), written to be indexed with the passages
  // (knowledge/practitioner-questions.ts) by three writers who read only the articles (round 14): 8 for each of the
  // passages the dev sets' questions reached least (12r, 12s), and about 160 weighted to the four short posts (12t).
  { file: "dev-2026-12r.json", byKind: false },
  { file: "dev-2026-12s.json", byKind: false },
  { file: "dev-2026-12t.json", byKind: false },
  // More practitioners' questions only, from two writers who read only the articles (round 15): about 200 across the
  // articles, half on the specific facts the posts give (12v), and about 230 as the people a spin-out involves ask in
  // a chat (12w).
  { file: "dev-2026-12v.json", byKind: false },
  { file: "dev-2026-12w.json", byKind: false },
  // Practitioners' questions only (round 17), about 220 each from two writers who read only the articles: asked as
  // people type in a Slack or Teams chat, half very short (12zd); the asker's situation first, then the question,
  // often indirectly (12zc).
  { file: "dev-2026-12zd.json", byKind: false },
  { file: "dev-2026-12zc.json", byKind: false },
  // About 220 more from a writer asking for the specific facts the posts give, as of a colleague who read them (12zf).
  { file: "dev-2026-12zf.json", byKind: false },
  // About 220 more from sceptical, worried or challenging askers, often situation first (12ze).
  { file: "dev-2026-12ze.json", byKind: false },
  // And 220 each from two more writers in the two styles read least well: situation first, often indirect (12zg), and
  // as typed in chat, half very short (12zh).
  { file: "dev-2026-12zg.json", byKind: false },
  { file: "dev-2026-12zh.json", byKind: false },
  // Round 18: about 220 on the specific people, councils, bodies, reports, numbers and dates the posts name, with
  // names shortened, misspelt or given as initials as people type them (12zn).
  { file: "dev-2026-12zn.json", byKind: false },
  // And about 220 from frontline staff and union reps, worried or sceptical, often opening with what they feel or
  // have heard at work (12zm).
  { file: "dev-2026-12zm.json", byKind: false },
  // 400 out-of-scope questions, half of them near-misses in the posts' own subject, from a writer who read only the
  // articles (round 15): more of the questions asked before that a new question is read against (asked-before.ts).
  { file: "dev-out-of-scope-6.json", byKind: true },
  // 400 more from a writer who read only the articles (round 17), half near-misses in the posts' own subject: outcomes
  // after 2012 of what they name, practical how-to, neighbouring schemes, situations whose ask the posts do not answer.
  { file: "dev-out-of-scope-7.json", byKind: true },
  // 400 more (round 17) weighted to named and chat questions: half the named ask what the posts never say of the
  // people and bodies they name.
  { file: "dev-out-of-scope-8.json", byKind: true },
  // 400 more (round 18) weighted to named questions (200): two thirds ask a detail the posts never give of a person,
  // council, body or scheme they do name (which town, who led it, what happened next); a third name what they never do.
  { file: "dev-out-of-scope-9.json", byKind: true },
  // 400 more (round 18) weighted to near-misses (220), half opening with the asker's situation, many sharing the
  // posts' main themes while asking what they never say.
  { file: "dev-out-of-scope-10.json", byKind: true },
  // 105 answerable and 240 out-of-scope questions of four kinds from a nineteenth writer who read only the articles,
  // written before any change of round 15 (its validation set, read in aggregate only).
  { file: "dev-2026-12u.json", byKind: true, validation: true },
  // Two validation sets of 105 answerable and 240 out-of-scope questions of four kinds, from a twentieth and a
  // twenty-first writer who read only the articles, written before any change of round 16 (read in aggregate only):
  // askers who open with the obstacle they face (12y); every role, many very short questions (12z).
  { file: "dev-2026-12y.json", byKind: true, validation: true },
  { file: "dev-2026-12z.json", byKind: true, validation: true },
  // Round 17's validation sets of 105 answerable and 240 out-of-scope questions of four kinds, from writers who read
  // only the articles, written before any change of round 17 (read in aggregate only): askers who ask indirectly,
  // situation first (12za); chat style, many very short (12zb).
  { file: "dev-2026-12za.json", byKind: true, validation: true },
  { file: "dev-2026-12zb.json", byKind: true, validation: true },
  // Round 18's validation sets of 104 answerable and 240 out-of-scope questions of four kinds, from writers who read
  // only the articles, written before any change of round 18 (read in aggregate only; one question each whose labels
  // could not be met removed unread): askers who ask indirectly (12zi); every role in chat style, many very short (12zj).
  { file: "dev-2026-12zi.json", byKind: true, validation: true },
  { file: "dev-2026-12zj.json", byKind: true, validation: true },
];

/** One set in the out-of-scope shape, normalised for measuring. */
function outOfScopeSet(file: string, heldOut: boolean, byKind: boolean, validation = false): NamedSet {
  const set = readOutOfScopeSet(file);
  return {
    name: heldOut ? heldOutSetName(file) : validation ? `${file} (validation)` : `${file} (dev)`,
    heldOut,
    ...(validation ? { validation } : {}),
    questions: set.questions ?? [],
    outOfScope: set.outOfScope.map((o) => o.q),
    ...(byKind ? { outOfScopeKinds: set.outOfScope.map((o) => o.kind) } : {}),
  };
}

/** Every set `npm run eval` measures; each held-out one only once it exists. */
export function readAllSets(): NamedSet[] {
  const main = readEvalSet();
  const old = readHeldOutSet();
  return [
    { name: "questions.json (dev)", heldOut: false, questions: main.questions, outOfScope: main.offTopic },
    { name: "heldout.json (dev)", heldOut: false, questions: old.questions, outOfScope: old.nearMiss },
    ...OUT_OF_SCOPE_DEV_SETS.map(({ file, byKind, validation }) =>
      outOfScopeSet(file, false, byKind, validation),
    ),
    // Kinds are aggregate counts, so a held-out set that records them reports them without leaking a question.
    ...HELD_OUT_FILES.filter((file) => existsSync(here(file))).map((file) =>
      outOfScopeSet(
        file,
        true,
        readOutOfScopeSet(file).outOfScope.every((o) => o.kind),
      ),
    ),
  ];
}

/**
 * The sets whose questions are exported as practitioners' questions (`npm run build:questions`), answerable and out
 * of scope: every dev set, never a held-out or validation one.
 */
export function trainingSets(sets: readonly NamedSet[] = readAllSets()): NamedSet[] {
  return sets.filter(isTrainingSet);
}

/** A dev set: exported as practitioners' questions, and left out of them by `--cv`. */
const isTrainingSet = (set: NamedSet) => !set.heldOut && !set.validation;

/** The sets measured in aggregate only (held-out and validation): none of their questions is ever exported. */
export function measuredOnlySets(sets: readonly NamedSet[] = readAllSets()): NamedSet[] {
  return sets.filter((set) => set.heldOut || set.validation);
}

/** The ids of passages containing a snippet (compared after normalisation, so quotes and case do not matter). */
export const resolveSnippet = passagesQuoting;

/** The snippets of a set's labels that resolve to no passage: a label matching nothing can never count an answer right. */
export function findLabelFailures(
  questions: readonly { answers: readonly string[] }[],
  passages: readonly Passage[],
): string[] {
  const snippets = new Set(questions.flatMap((question) => question.answers));
  return [...snippets].filter((snippet) => resolveSnippet(passages, snippet).length === 0);
}

/** Picks the sets `--set` names: a set's file name (its reported name up to the first space) or an alias. */
export function selectSets(sets: NamedSet[], name: string): NamedSet[] {
  const file = SET_ALIASES[name] ?? name;
  const chosen = sets.filter((set) => set.name.split(" ")[0] === file);
  if (chosen.length === 0)
    throw new Error(
      `--set ${name}: no such set. Choose one of: ${[
        ...Object.keys(SET_ALIASES),
        ...sets.map((set) => set.name.split(" ")[0]),
      ].join(", ")}`,
    );
  return chosen;
}

function metrics(ranks: (number | undefined)[]): RetrievalMetrics {
  const n = ranks.length || 1;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    hitAt1: round(ranks.filter((r) => r === 1).length / n),
    hitAt3: round(ranks.filter((r) => r !== undefined && r <= 3).length / n),
    mrr: round(ranks.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0) / n),
  };
}

function firstRelevantRank(ids: readonly string[], relevant: ReadonlySet<string>): number | undefined {
  const index = ids.findIndex((id) => relevant.has(id));
  return index === -1 ? undefined : index + 1;
}

/** The untuned baseline: MiniSearch with its defaults over title and text. */
export function makeBaseline(passages: readonly Passage[]): (q: string) => string[] {
  const index = new MiniSearch<Passage>({ fields: ["title", "text"], idField: "id" });
  index.addAll([...passages]);
  return (q) => index.search(q).map((r) => String(r.id));
}

const ratio = (count: number, total: number) => Math.round((count / (total || 1)) * 1000) / 1000;

/** Measures one set. */
export async function measureSet(
  set: NamedSet,
  passages: readonly Passage[],
  knowledge: KnowledgeBase,
  baseline: (q: string) => string[],
): Promise<SetReport> {
  const ours: (number | undefined)[] = [];
  const theirs: (number | undefined)[] = [];
  const failures: SetReport["failures"] = [];
  let right = 0;
  let wrong = 0;
  let declined = 0;
  let cards = 0;
  let answeredCount = 0;
  for (const { q, answers } of set.questions) {
    const relevant = new Set(answers.flatMap((snippet) => resolveSnippet(passages, snippet)));
    const hits = await knowledge.search(q, { limit: 10 });
    const rank = firstRelevantRank(
      hits.map((h) => h.id),
      relevant,
    );
    ours.push(rank);
    theirs.push(firstRelevantRank(baseline(q).slice(0, 10), relevant));
    const answer = await knowledge.ask(q);
    const failure = (outcome: "wrong" | "declined") => {
      const mark = (id: string) => `${id}${relevant.has(id) ? "*" : ""}`;
      const detail = `confidence ${answer.confidence}${answer.cardId ? `, card ${answer.cardId}` : ""}; cited ${
        answer.citations.map((c) => mark(c.passageId)).join(" ") || "-"
      }; top ${hits
        .slice(0, 3)
        .map((h) => mark(h.id))
        .join(" ")}`;
      failures.push(rank === undefined ? { q, outcome, detail } : { q, outcome, rank, detail });
    };
    if (!answer.answered) {
      declined++;
      failure("declined");
      continue;
    }
    answeredCount++;
    if (answer.cardId) cards++;
    // A citation stands for every passage of its article the answer drew on (one citation per article).
    if (quotedPassageIds(answer.citations).some((id) => relevant.has(id))) right++;
    else {
      wrong++;
      failure("wrong");
    }
  }
  let oosAnswered = 0;
  const byKind: NonNullable<SetReport["outOfScopeAnsweredByKind"]> = {};
  for (const [index, q] of set.outOfScope.entries()) {
    const answer = await knowledge.ask(q);
    const kind = set.outOfScopeKinds?.[index];
    if (kind && !byKind[kind]) byKind[kind] = { answered: 0, total: 0 };
    const tally = kind ? byKind[kind] : undefined;
    if (tally) tally.total++;
    if (answer.answered) {
      oosAnswered++;
      if (tally) tally.answered++;
      failures.push({ q, outcome: "answered out of scope" });
    }
  }
  const n = set.questions.length;
  return {
    name: set.name,
    heldOut: set.heldOut,
    ...(set.validation ? { validation: true } : {}),
    questions: n,
    outOfScopeQuestions: set.outOfScope.length,
    right: ratio(right, n),
    wrong: ratio(wrong, n),
    declined: ratio(declined, n),
    outOfScopeAnswered: ratio(oosAnswered, set.outOfScope.length),
    ...(set.outOfScopeKinds ? { outOfScopeAnsweredByKind: byKind } : {}),
    labelFailures: findLabelFailures(set.questions, passages),
    cardAnswers: ratio(cards, answeredCount),
    pathfinder: metrics(ours),
    baseline: metrics(theirs),
    // A held-out set's questions never leave this function.
    failures: set.heldOut || set.validation ? [] : failures,
  };
}

/** The committed artifact. */
export function readArtifact(): KnowledgeArtifact {
  return JSON.parse(
    readFileSync(new URL("../../../knowledge/artifact/index.json", import.meta.url), "utf8"),
  ) as KnowledgeArtifact;
}

/** Runs the eval over every set against an artifact (the committed one by default). */
export async function runEval(
  artifact?: KnowledgeArtifact,
  kb?: KnowledgeBase,
  sets: NamedSet[] = readAllSets(),
  options: { crossValidate?: boolean } = {},
): Promise<EvalReport> {
  const data = artifact ?? readArtifact();
  const knowledge = kb ?? createKnowledgeBase(data);
  const baseline = makeBaseline(data.passages);
  const reports: SetReport[] = [];
  // Read once for every set `--cv` rebuilds the index for.
  const questions = options.crossValidate ? readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH) : [];
  for (const set of sets) {
    const measuredWith =
      options.crossValidate && isTrainingSet(set)
        ? createKnowledgeBase(withoutQuestionsOf(data, set, questions))
        : knowledge;
    reports.push(await measureSet(set, data.passages, measuredWith, baseline));
  }
  return { sets: reports };
}

/**
 * The artifact built with the practitioners' questions less one dev set's (and any question that set asks word for
 * word, answerable or out of scope): its passages indexed without them and its questions asked before lacking them.
 * How `--cv` measures a dev set on questions it has not seen, as a held-out set is
 * (knowledge/practitioner-questions.ts). The committed questions unless given.
 */
export function withoutQuestionsOf(
  artifact: KnowledgeArtifact,
  set: NamedSet,
  questions: readonly PractitionerQuestion[] = readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH),
): KnowledgeArtifact {
  const asked = new Set([
    ...set.questions.map((q) => normaliseText(q.q)),
    ...set.outOfScope.map(normaliseText),
  ]);
  const kept = questions.filter((q) => !asked.has(normaliseText(q.q)));
  const askedBefore = askedBeforeOf(kept, artifact.cards ?? [], artifact.passages);
  // Only answerable questions index passages: a set of out-of-scope questions alone leaves the index as it is.
  if (kept.filter(isAnswerable).length === questions.filter(isAnswerable).length)
    return { ...artifact, askedBefore };
  const index = buildSearchIndex(
    artifact.passages,
    artifact.cards ?? [],
    heardByPassage(kept, artifact.passages),
  );
  return { ...artifact, index: index.toJSON(), askedBefore };
}

/** Prints the report: one block of aggregate figures per set, then the dev sets' failures. */
export function formatReport(report: EvalReport, options: { explain?: boolean } = {}): string {
  const f = (x: number) => x.toFixed(3);
  const lines: string[] = [];
  for (const set of report.sets) {
    lines.push(
      `${set.name}: ${set.questions} answerable, ${set.outOfScopeQuestions} out of scope`,
      `  right ${f(set.right)}  wrong ${f(set.wrong)}  declined ${f(set.declined)}  out-of-scope answered ${f(set.outOfScopeAnswered)}  (card answers ${f(set.cardAnswers)})`,
      `  search hit@1/hit@3/MRR: Pathfinder ${f(set.pathfinder.hitAt1)}/${f(set.pathfinder.hitAt3)}/${f(set.pathfinder.mrr)}, untuned MiniSearch ${f(set.baseline.hitAt1)}/${f(set.baseline.hitAt3)}/${f(set.baseline.mrr)}`,
    );
    const byKind = Object.entries(set.outOfScopeAnsweredByKind ?? {});
    if (byKind.length > 0)
      lines.push(
        `  out-of-scope answered by kind: ${byKind.map(([kind, t]) => `${kind} ${t.answered}/${t.total}`).join(", ")}`,
      );
    // A held-out set's snippets are article text, but which ones it uses would hint at its questions: count only.
    if (set.labelFailures.length > 0)
      lines.push(
        `  label failures (snippets found in no passage): ${set.heldOut || set.validation ? set.labelFailures.length : set.labelFailures.map((s) => JSON.stringify(s)).join(", ")}`,
      );
    for (const miss of set.failures) {
      lines.push(`    ${miss.outcome}${miss.rank ? ` (search rank ${miss.rank})` : ""}: ${miss.q}`);
      if (options.explain && miss.detail) lines.push(`      ${miss.detail}`);
    }
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      // `--dev` measures the dev sets only, so tuning iterations never even compute any held-out set's figures.
      dev: { type: "boolean", default: false },
      // `--set <name>` measures one set, for a quick loop while tuning on it.
      set: { type: "string" },
      // `--explain` adds, under each dev failure, its confidence, card, citations and first hits.
      explain: { type: "boolean", default: false },
      // `--cv` measures each dev set with its own questions left out of the practitioners' questions the
      // passages are indexed with: the dev figure that says what they do for questions never seen.
      cv: { type: "boolean", default: false },
    },
  });
  const all = readAllSets().filter((set) => !(values.dev && set.heldOut));
  let sets: NamedSet[];
  try {
    sets = values.set ? selectSets(all, values.set) : all;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
  console.log(
    formatReport(await runEval(undefined, undefined, sets, { crossValidate: values.cv }), {
      explain: values.explain,
    }),
  );
}
