/**
 * Questions asking which named thing of a kind ("which hospital was it?", "what was the name of the health
 * authority?", "which schools adopted the John Lewis model?") and whether the passages an answer cites name one.
 * A passage telling of "an elderly patient" in a British Columbia hospital shares every word of "which hospital in
 * British Columbia was it?" but does not say which: the answer is a name, and a sentence about the kind that names
 * nothing does not give it. The posts name councils, boroughs, schools' boroughs and MPs' seats where they know
 * them ("particular councils like Suffolk", "Rochdale MP Simon Danczuk"), so a question they answer passes.
 *
 * Only kinds whose instances are proper names are read: "which services went mutual?" is answered in prose ("school
 * support services"), and "which body flagged the risks?" by a name that need not sit beside the word "body".
 * Hand-written because no installed library reads English phrases (see answerable.ts).
 */
import { casingOf } from "./name-spelling.ts";

/** The kinds read, each with the words a passage may use for it in the sentence that names one. */
const KINDS: Readonly<Record<string, readonly string[]>> = {
  hospital: ["hospital"],
  "health authority": ["health authority", "health authorities", "authority"],
  school: ["school", "academy", "academies"],
  academy: ["academy", "academies", "school"],
  university: ["university", "universities", "college"],
  college: ["college", "university"],
  town: ["town", "city", "cities", "village", "borough"],
  city: ["city", "cities", "town"],
  village: ["village", "town"],
  // An MP's seat is named before "MP" ("Rochdale MP Simon Danczuk").
  constituency: ["constituency", "constituencies", "MP"],
  newspaper: ["newspaper", "paper"],
  magazine: ["magazine", "journal"],
  book: ["book"],
  film: ["film", "movie"],
  debate: ["debate"],
  bank: ["bank"],
  council: ["council", "borough", "authority", "authorities"],
  borough: ["borough", "council"],
  "law firm": ["law firm", "solicitors", "lawyers"],
};

const KIND_WORDS =
  "hospitals?|health authorit(?:y|ies)|schools?|academ(?:y|ies)|universit(?:y|ies)|colleges?|towns?|cit(?:y|ies)|" +
  "villages?|constituenc(?:y|ies)|newspapers?|magazines?|books?|films?|debates?|banks?|councils?|boroughs?|" +
  "law firms?";

/**
 * Nouns that make a kind word a qualifier ("which *council services*", "which *school* support staff"): then the
 * question asks for something else.
 */
const COMPOUND_TAIL =
  "services?|staff|officers?|officials?|directors?|leaders?|members?|employees|workers|teams?|budgets?|tax|" +
  "meetings?|papers?|chiefs?|executives?|cabinet|level|funding|contracts?|support|buildings?|estates?|" +
  "managers?|governors?|pupils|children|students|lecturers|partnerships?|leavers?|tenants?|houses?|housing|" +
  "transfers?|spin-?outs?|mutuals?|models?|programmes?|reports?|decisions?|committees?";

const AFTER_KIND = `(?!\\s+(?:${COMPOUND_TAIL})\\b)`;

/** The ways a question asks for a name of a kind; group 1 is the kind. */
const ASKS_FOR_NAME = [
  // "which hospital...", "which of the schools...", "which London boroughs..."
  new RegExp(
    `\\bwhich\\s+(?:of the\\s+|other\\s+)?(?:[\\w&'’-]+\\s+){0,3}?(${KIND_WORDS})\\b${AFTER_KIND}`,
    "i",
  ),
  // "what council was the director from?"
  new RegExp(`\\bwhat\\s+(${KIND_WORDS})\\s+(?:was|is|were|are|did|does|do|has|had)\\b`, "i"),
  // "what was the name of the health authority?"
  new RegExp(
    `\\bnames? of (?:the |that |this |their |its |his |her )?(?:[\\w&'’-]+\\s+){0,2}?(${KIND_WORDS})\\b`,
    "i",
  ),
];

/**
 * Asking who led, ran or chaired something ("who led it on the council side?", "who chaired the
 * taskforce?"): the answer is a person. "Sits on" and "owns" are left out: a manager who "sits on every proposal"
 * blocks it, and a body or a trust owns shares. "Who wrote..." is left out: a post's author is in its byline, not its text. Only "who"
 * opening a question or a clause of its own asks: "won't the market decide who runs it?" asks something else.
 */
const ASKS_FOR_PERSON =
  /(?:^|[?.!,;:–-]\s*|\band\s+)who\s+(?:else\s+)?(?:actually\s+|exactly\s+)?(?:led|leads|ran|runs|heads|headed|chaired|chairs|founded|coined|(?:is|was)\s+(?:the\s+)?(?:leader|head|chair|boss|director|chief executive)\b|(?:is|was)\s+in charge)\b/i;

/**
 * A question offering its own answer to confirm ("which council was reviewing its services, camden?", "which hospital
 * was it, was it the general?"): a yes or no, which a passage naming what the question names gives.
 */
const OFFERS_ANSWER =
  /(?:[,–-]|\bor|\b(?:was|is|were|are)\s+(?:it|that|they))\s+(?!(?:who|what|which|where|when|why|how|and)\b)[\p{L}&'’ -]{2,30}\?\s*$/iu;

/** The kind a question asks a name of ("hospital", "person"), or undefined when it asks for none. */
export function askedNameKind(question: string): string | undefined {
  if (OFFERS_ANSWER.test(question)) return undefined;
  if (ASKS_FOR_PERSON.test(question)) return "person";
  for (const pattern of ASKS_FOR_NAME) {
    const kind = question.match(pattern)?.[1];
    if (kind) return singular(kind.toLowerCase());
  }
  return undefined;
}

function singular(kind: string): string {
  if (kind.endsWith("ies")) return `${kind.slice(0, -3)}y`;
  return kind.endsWith("s") ? kind.slice(0, -1) : kind;
}

/** Capitalised words that name nothing: days, months, titles and the pronoun "I". */
const NOT_A_NAME =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|I|Mr|Mrs|Ms|Dr)$/;

/** How near a name must stand to the word for its kind to name one ("councils like Suffolk", "Newton Rigg College"). */
const NEAR = 4;

/**
 * Whether a sentence names something of the kind: a capitalised word the question does not use stands within NEAR
 * words of a word for the kind. The sentence's first word is left out (any sentence starts with a capital).
 */
function namesOne(sentence: string, kind: RegExp, asked: ReadonlySet<string>): boolean {
  const words = sentence
    .split(/\s+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, ""));
  const kindAt = words.flatMap((word, i) => (kind.test(word) ? [i] : []));
  // A two-word kind ("health authority") is found by its last word.
  return words.some((word, i) => {
    const bare = word.replace(/['’]s$/, "");
    return (
      i > 0 &&
      /^\p{Lu}/u.test(bare) &&
      !NOT_A_NAME.test(bare) &&
      !asked.has(bare.toLowerCase()) &&
      kindAt.some((at) => Math.abs(at - i) <= NEAR)
    );
  });
}

const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+|\n+/);

/**
 * Whether a sentence names a person: two capitalised words in a row, neither of them a word the texts also write in
 * lower case ("Cabinet Office", "Consumer Focus", "Third Sector" are bodies; "Francis Maude", "Ian Hasdell" people).
 */
function namesPerson(
  sentence: string,
  common: (word: string) => boolean,
  asked: ReadonlySet<string>,
): boolean {
  const words = sentence
    .split(/\s+/)
    .map((token) => token.replace(/^[^\p{L}]+|[^\p{L}-]+$/gu, "").replace(/['’]s$/, ""));
  const personal = (word: string, at: number) =>
    at > 0 && /^\p{Lu}\p{Ll}/u.test(word) && !NOT_A_NAME.test(word) && !common(word.toLowerCase());
  return words.some(
    (word, i) =>
      personal(word, i) &&
      personal(words[i + 1] ?? "", i + 1) &&
      !(asked.has(word.toLowerCase()) && asked.has((words[i + 1] as string).toLowerCase())),
  );
}

/**
 * The check `ask` runs: whether a question asking for a name gets none from the passages an answer cites. `texts`
 * gives the corpus, read once at the first question asking who led or ran something.
 */
export function createAskedNameCheck(texts: () => readonly string[]) {
  let lower: ReadonlySet<string> | undefined;
  const common = (word: string) => {
    lower ??= casingOf(texts()).lowerCase;
    return lower.has(word);
  };
  return (question: string, citedTexts: readonly string[]) => lacksAskedName(question, citedTexts, common);
}

/**
 * Whether a question asking for a name of a kind gets none from the cited passages' texts: no sentence of theirs
 * speaks of the kind and names something the question does not already name. False when the question asks for no
 * name, or when no cited text is known (nothing to judge).
 */
export function lacksAskedName(
  question: string,
  citedTexts: readonly string[],
  common: (word: string) => boolean = () => false,
): boolean {
  const kind = askedNameKind(question);
  if (!kind || citedTexts.length === 0) return false;
  const asked = new Set((question.match(/[\p{L}\p{N}&]+/gu) ?? []).map((w) => w.toLowerCase()));
  if (kind === "person")
    return !citedTexts.some((text) =>
      sentencesOf(text).some((sentence) => namesPerson(sentence, common, asked)),
    );
  const words = (KINDS[kind] ?? [kind]).map((w) => w.split(" ").pop() as string);
  const kindWord = new RegExp(`^(?:${words.map((w) => w.replace(/y$/, "(?:y|ies)")).join("|")})s?$`, "i");
  return !citedTexts.some((text) =>
    sentencesOf(text).some((sentence) => namesOne(sentence, kindWord, asked)),
  );
}
