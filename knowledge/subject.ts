/**
 * The subject rule (issue 11): a question is answerable only when what it asks about is something
 * the articles discuss. A shared word is not enough: "What is the capital of Australia?" shares
 * "capital" with a passage on public and private capital, "recommend a pizza place near the town
 * hall" shares "town hall". This module finds subjects the knowledge base cannot speak to, before
 * any passage is ranked:
 * - a name, acronym or year the corpus and thesaurus have never seen ("Australia", "VAT", "2027");
 * - a subject of a kind the articles never cover (tax, insurance, software, pay rates, everyday
 *   life: knowledge/data/subjects.json, field knowledge kept as data);
 * - a word the field shares with everyday English, used in its everyday sense ("annual leave",
 *   "capital city", "board games", "mutual fund"), read from its neighbours;
 * - who holds an office now: the articles are from 2011-12 and cannot say.
 * A hand-written rule because no maintained library reads a question's subject against a corpus
 * this small; an embedding model would need network access the offline path does not have.
 */
import subjectData from "./data/subjects.json" with { type: "json" };
import { specificWords } from "./retrieval.ts";
import { contentStems, stemWord, wordsOf } from "./text.ts";
import { THESAURUS } from "./thesaurus.ts";

/** Why a question's subject is outside what the articles cover. */
export interface OutOfFieldSubject {
  kind: "unknown-name" | "out-of-field" | "everyday-sense" | "current-office" | "later-event";
  /** The words that gave it away (for logs and tests, never shown as the reason to users). */
  words: string;
  /** For a subject from knowledge/data/subjects.json, its category ("tax-and-accounts", "everyday-life"). */
  category?: string;
}

/** Categories of subjects.json that are a person's everyday life, not work a field topic could route. */
const EVERYDAY_CATEGORIES: ReadonlySet<string> = new Set([
  "everyday-life",
  "shopping",
  "family-and-personal-life",
  "personal-health-care",
  "housing-and-tenancy",
  "banking-and-energy",
  "software-and-devices",
  "jobs-and-careers",
  "elections",
  "everyday-council-services",
]);

/**
 * Whether a declined question is everyday life ("the capital of Australia", "my GP", a pizza place),
 * not the field asked outside what the articles cover (VAT, insurance, LGPS rates). Its field topics
 * are then noise ("capital" reads as funding): the decline routes to no topic's ambassadors and
 * records no knowledge gap under one.
 */
export function isEverydayLife(subject: OutOfFieldSubject): boolean {
  return subject.kind === "everyday-sense" || EVERYDAY_CATEGORIES.has(subject.category ?? "");
}

/**
 * Words are compared as written, a plural "s" folded: stems would confuse "savings" with "saving
 * money" and "wedding" with "we'd".
 */
const fold = (word: string) => word.replace(/(?<=\w{3})s$/, "");
const foldedWords = (phrase: string) => wordsOf(phrase).map(fold);

const OUT_OF_FIELD: readonly { kind: string; stems: string[]; phrase: string }[] = Object.entries(
  subjectData.outOfField as Record<string, string[]>,
).flatMap(([kind, phrases]) => phrases.map((phrase) => ({ kind, stems: foldedWords(phrase), phrase })));

/**
 * OUT_OF_FIELD's positions by each phrase's first word: a question is checked against the few
 * phrases starting with one of its words rather than all of them (hundreds), in list order.
 */
const OUT_OF_FIELD_BY_FIRST = new Map<string, number[]>();
OUT_OF_FIELD.forEach((entry, i) => {
  const first = entry.stems[0];
  if (first === undefined) return;
  const list = OUT_OF_FIELD_BY_FIRST.get(first);
  if (list) list.push(i);
  else OUT_OF_FIELD_BY_FIRST.set(first, [i]);
});

/** The first OUT_OF_FIELD phrase (in list order) whose words occur as a run in `stems`. */
function outOfFieldPhrase(stems: readonly string[]): (typeof OUT_OF_FIELD)[number] | undefined {
  let first: number | undefined;
  for (const stem of new Set(stems))
    for (const i of OUT_OF_FIELD_BY_FIRST.get(stem) ?? []) {
      if (first !== undefined && i >= first) break;
      if (containsRun(stems, (OUT_OF_FIELD[i] as (typeof OUT_OF_FIELD)[number]).stems)) first = i;
    }
  return first === undefined ? undefined : OUT_OF_FIELD[first];
}

// "share" and "shares" fold to one key: their neighbours are merged (a Map built from the entries
// would keep only the last, and "share files" went unnoticed).
const EVERYDAY_SENSES = new Map<string, Set<string>>();
for (const [word, neighbours] of Object.entries(subjectData.everydaySenses as Record<string, string[]>)) {
  const senses = EVERYDAY_SENSES.get(fold(word)) ?? new Set<string>();
  for (const neighbour of neighbours) senses.add(fold(neighbour));
  EVERYDAY_SENSES.set(fold(word), senses);
}

/** Every word the thesaurus knows, short acronyms included ("JV", "HR"), which the vocabulary leaves out. */
export const THESAURUS_WORDS: ReadonlySet<string> = new Set(
  THESAURUS.flatMap((concept) => [...concept.terms, ...(concept.queryTerms ?? [])].flatMap(wordsOf)),
);

/** How far (in words, small words included) a neighbour may stand from a two-sense word. */
const SENSE_WINDOW = 3;

/** Present-tense questions about who holds an office: the 2011-12 articles cannot know. */
const CURRENT_OFFICE =
  /\bwho(?:'s|’s| is| are)\s+(?:the\s+|our\s+)?(?:current\s+|new\s+)?(?:prime minister|chancellor|pm|president|king|queen|mayor|leader of the (?:council|opposition)|secretary of state|(?:[a-z]+\s+){0,3}minister)\b/i;

/**
 * Questions asking who holds a post or runs something as things stand today ("who runs the
 * programme now?", "who is the current chief executive?"): posts written in 2011-12 cannot give
 * today's name. Other questions may say "now" and still be answered from the posts ("who currently
 * backs mutuals?" is answered by who did in 2012, dated; "is the government pushing private firms
 * more than mutuals now?").
 */
const PRESENT_DAY =
  /\bwho(?:'s|’s|\s+is|\s+are)?\s+(?:the\s+)?(?:current\b|(?:(?:currently|now)\s+)?(?:runs?|leads?|heads?|chairs?|manages?|in charge)\b[^?]*?\b(?:now|nowadays|today|currently|these days|at the moment|at present|presently)\b)/i;

/** The last year the articles were written in: later years are events they cannot report. */
const LAST_ARTICLE_YEAR = 2012;

/** A later year read as the past: "after 2015", "since 2013", or a past-tense question naming one. */
const AFTER_YEAR = /\b(?:after|since|post)[\s-]+((?:19|20)\d\d)\b/i;
const DURING_YEAR = /\b(?:in|during|throughout)\s+((?:19|20)\d\d)\b/i;
const PAST_TENSE = /\b(?:did|was|were|has|have|had|happened|went|became|got|won|lost|ended|closed|folded)\b/i;

/**
 * A numbered provision of a statute or contract ("regulation 77", "section 106", "clause 4.2"):
 * blog posts about the politics of mutuals never cite law at that level of detail.
 */
const NUMBERED_PROVISION =
  /\b(?:regulations?|reg|section|sections|s\.|article|articles|clause|clauses|schedule|paragraph|para|rule)\s*\d+(?:\.\d+)*[a-z]?\b/i;

/**
 * "Leave" as a noun (time off: "carry over leave", "my leave", "a day's leave", "the leave
 * policy"): the articles use it only as a verb (leaving the council). Read from the words around it.
 */
const LEAVE_AS_NOUN =
  /\b(?:a|my|your|his|her|their|of|on|over|unpaid|paid|annual|day'?s|days'|week'?s|weeks'|take|book|booked|request|requested|carry|accrued|outstanding)\s+leave\b(?!\s+(?:the|our|a|an|their|its|this|local|council)\b)|\bleave\s+(?:policy|policies|entitlement|entitlements|allowance|allowances|year|request|requests|form|balance|record|records|days)\b/i;

/**
 * Why `question` asks about a time the 2011-12 articles cannot speak to, else undefined: what
 * happened after a year they reached, or in a later year they never name. A later year they do name
 * as a goal ("a million in mutuals by 2015") may be asked about in the past tense ("did ministers
 * want a million by 2015?") and answered from them.
 */
function laterThanArticles(question: string, knows: (word: string) => boolean): string | undefined {
  // Only a question about the past: "will support continue after 2012?" asks what the posts foresaw.
  if (!PAST_TENSE.test(question)) return undefined;
  const after = question.match(AFTER_YEAR);
  if (after && Number(after[1]) >= LAST_ARTICLE_YEAR) return after[0];
  // "Did ... in 2016?" asks what happened then; "did ministers want a million by 2015?" asks what
  // the posts reported as a goal.
  const during = question.match(DURING_YEAR);
  if (during && Number(during[1]) > LAST_ARTICLE_YEAR) return during[0];
  for (const year of question.match(/\b(?:19|20)\d\d\b/g) ?? [])
    if (Number(year) > LAST_ARTICLE_YEAR && !knows(year)) return year;
  return undefined;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Who sits on a body's board ("who's on the board of Unison?"): today's members, which 2011-12
 * posts cannot list. "Who *should* sit on the board" asks how to compose one, and is answered.
 */
const BOARD_MEMBERS = /\bwho(?:'s|’s|\s+is|\s+are|\s+sits?)\s+on\s+the\s+board\b/i;

/**
 * "The capital of Scotland": a capital city, read from the capitalised place after it ("the
 * capital of a joint venture" is the field's sense). Case matters, so this is not in the word lists.
 */
const CAPITAL_CITY = /\b[Cc]apital\s+(?:city\s+)?of\s+(?:the\s+)?[A-Z]/;

/**
 * Who the asker's own office-holder or contact is ("who is my local councillor?", "who's our MP?",
 * "who are my union reps?"): a person in the asker's place today, whom posts from 2011-12 about
 * other places cannot name. "Who should sit on our board?" asks how to compose one, and is answered.
 */
const WHO_IS_MINE = /\bwho(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:my|our)\b/i;

/**
 * Whether something is on at a coming time ("is the sale on this weekend?", "is the market on
 * tomorrow?"): listings of events, which posts from 2011-12 cannot give. Only "is/are ... on" followed
 * by a near time, so "on track" or "a meeting on Tuesday about staff" is left alone.
 */
const WHATS_ON =
  /\b(?:is|are)\b[^?.!]{0,40}?\bon\s+(?:this|next)\s+(?:weekend|week|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:is|are)\b[^?.!]{0,40}?\bon\s+(?:tonight|tomorrow|today)\b/i;

/**
 * When the next one of something is ("when is the next local election?", "when's the next funding
 * round?"): a coming date, which posts from 2011-12 cannot give.
 */
/**
 * When somewhere opens or closes ("what time does the union bar close tonight?"): a listing, which
 * posts from 2011-12 cannot give.
 */
const OPENING_TIME = /\bwhat time (?:does|do|is|are|will)\b[^?]*?\b(?:open|opens|close|closes|shut|shuts)\b/i;

/**
 * A procedure or who performs a formal step ("what's the process for getting cabinet to sign off?",
 * "who audits a community benefit society?", "which committee approves..."): blog posts from 2011-12
 * argue why and report what happened; they give no procedures (as with the documents-and-procedures
 * subjects). "How do we get started?" is left to be answered: the posts do say what helped.
 */
const PROCEDURE =
  /\b(?:what(?:'s|’s| is) the (?:process|procedure) (?:for|of|to)|what are the (?:steps|stages|requirements) (?:for|to|of)|step[- ]by[- ]step|who (?:audits|approves|regulates|registers)|which committee)\b/i;

const WHEN_NEXT = /\bwhen(?:['’]s|\s+is|\s+are|\s+will)\s+(?:the\s+|our\s+)?next\b/i;

/** "The latest list", "the most recent figures": what 2011-12 posts can only give as of then. */
const LATEST = /\b(?:latest|most recent|up[\s-]to[\s-]date)\b/i;

/**
 * Asking which supplier, product or adviser to use ("which law firms specialise in mutuals?",
 * "which cloud provider do other mutuals use?"): the posts recommend none.
 */
const SUPPLIER_CHOICE =
  /\bwhich\s+(?:[a-z-]+\s+){0,2}(?:firms?|compan(?:y|ies)|providers?|suppliers?|consultants?|consultanc(?:y|ies)|advisers?|advisors?|lawyers?|solicitors?|accountants?|auditors?|banks?|insurers?|brokers?|software|systems?|products?|platforms?|apps?|tools?|packages?|vendors?)\b[^?]*?\b(?:specialis|specializ|recommend|(?:do|does|should|would|could|can)\s+(?:\w+\s+){0,3}(?:use|hire|choose|pick|go with|buy|get)\b|(?:is|are)\s+(?:the\s+)?(?:best|cheapest|good))/i;

/**
 * A ranking as things stand today ("which union has the most members today?", "what's the biggest
 * mutual at the moment?"): a superlative with a present-day marker. 2011-12 posts can say who was
 * biggest then, never who is now. A superlative alone ("what's the biggest obstacle?") is left to be
 * answered: the posts do weigh obstacles, risks and arguments.
 */
const PRESENT_SUPERLATIVE =
  /\b(?:which|what|who)\b[^?]*?\b(?:most|fewest|biggest|largest|smallest|best|worst|cheapest|highest|lowest|strongest|fastest|richest|oldest)\b[^?]*?\b(?:today|now|nowadays|currently|these days|at the moment|at present|presently|right now|this year)\b/i;

/**
 * A personal choice of membership or vote ("which union should I join?", "which scheme should a
 * care worker sign up to?", "who should we vote for?"): the posts discuss unions and politics, and
 * never recommend one to join or vote for.
 */
const PERSONAL_CHOICE =
  /\b(?:which|what|who)\b[^?]*?\b(?:should|shall|would you recommend|do you recommend|ought)\b[^?]*?\b(?:join|sign up|subscribe|vote for|enrol|enroll|become a member)\b/i;

/**
 * A named person or body asked about as things stand today ("What is Francis Maude doing now?",
 * "Is Phillip Blond still at ResPublica?"): the posts knew them in 2011-12 only. "Is Maude still in
 * charge?" is left to be answered: the posts report him staying in post in 2012.
 */
const NAMED_NOW =
  /\b(?:doing|up to)\s+(?:now|these days|nowadays|today)\b|\bstill\s+(?:at|with|alive|trading)\b/i;

/**
 * A named body or person asked about as things stand ("How is Camden's mutual performing under its
 * current contract?", "Is Phillip Blond still director of ResPublica?"). "Still" alone is left to be
 * answered: "is government still backing mutuals?" asks whether the 2012 agenda lasts, which the
 * posts discuss (three writers of the dev sets, independently, expected an answer).
 */
const NAMED_PRESENT =
  /\b(?:current|currently|these days|nowadays|at the moment|at present|presently)\b|\bstill\s+(?:the\s+)?(?:director|chair|chairman|chief executive|ceo|head|leader|minister|secretary)\s+(?:of|at)\b/i;

/** Small words allowed inside a name ("Bank *of* England", "Hammersmith *&* Fulham"). */
const NAME_CONNECTORS = new Set(["of", "and", "&", "for", "the", "on", "in"]);

/**
 * Last words that say what kind of body a name is ("Localism *Act*", "John Lewis *Partnership*"):
 * left out when checking a name, so "Localism Act" is known from the posts' "Localism Bill".
 */
const NAME_KINDS = new Set(
  (
    "act bill programme program unit team group ltd limited plc partnership party scheme fund " +
    "council county borough city district authority"
  )
    .split(" ")
    .map(stemWord),
);

/**
 * Multi-word names in a question (two or more capitalised words, small connectors allowed inside,
 * a sentence's first word left out): "Bank of England", "Social Value Model".
 */
function namesIn(question: string): string[][] {
  const names: string[][] = [];
  for (const sentence of question.split(/(?<=[.?!])\s+|\n+/)) {
    let run: string[] = [];
    let capitals = 0;
    const close = () => {
      while (run.length > 0 && NAME_CONNECTORS.has((run[run.length - 1] as string).toLowerCase())) run.pop();
      if (capitals >= 2) names.push(run);
      run = [];
      capitals = 0;
    };
    sentence
      .split(/\s+/)
      .filter(Boolean)
      .forEach((token, i) => {
        const word = token.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, "").replace(/['’]s$/, "");
        // Acronyms ("MP", "NHS") are roles and bodies checked word by word, not parts of a name;
        // "UK" closing a name is part of it ("Social Enterprise UK", "Co-operatives UK").
        if (
          (i > 0 && /^[A-Z][\p{L}-]*$/u.test(word) && !/^[A-Z]{2,}s?$/.test(word)) ||
          (word === "UK" && run.length > 0)
        ) {
          run.push(word);
          capitals++;
        } else if (run.length > 0 && NAME_CONNECTORS.has(word.toLowerCase())) run.push(word);
        else close();
        if (/[,;:()?!]$/.test(token)) close();
      });
    close();
  }
  return names;
}

/** How many content words apart two words of a name may stand in the articles. */
const NAME_REACH = 2;

/**
 * Whether the articles name something, by its content words' adjacent pairs: built once from the
 * passages (and thesaurus phrases), read for each multi-word name in a question.
 */
export function createNameIndex(texts: readonly string[]): (name: readonly string[]) => boolean {
  // Built on the first question naming something (about 10 ms), not at cold start, which has a
  // 50 ms budget for the whole index load (docs/knowledge.md, Performance).
  let pairs: Set<string> | undefined;
  const wordPairs = (): Set<string> => {
    if (pairs) return pairs;
    pairs = new Set<string>();
    for (const text of [...texts, ...THESAURUS.flatMap((c) => c.terms)]) {
      const stems = contentStems(text);
      // Words within two of each other: "the Cabinet Office's Mutuals Taskforce" names both.
      for (let i = 1; i < stems.length; i++)
        for (let j = Math.max(0, i - NAME_REACH); j < i; j++) pairs.add(`${stems[j]} ${stems[i]}`);
    }
    return pairs;
  };
  return (name) => {
    const stems = contentStems(name.join(" "));
    while (stems.length > 1 && NAME_KINDS.has(stems[stems.length - 1] as string)) stems.pop();
    const known = wordPairs();
    // Either order: "Rochdale MP" is named by "the MP for Rochdale".
    return stems.every(
      (stem, i) => i === 0 || known.has(`${stems[i - 1]} ${stem}`) || known.has(`${stem} ${stems[i - 1]}`),
    );
  };
}

/**
 * The subject of `question` when the articles cannot speak to it, else undefined.
 * `knows(stem)` says whether the corpus or thesaurus has a word (so a name it knows is not unknown);
 * `knowsName`, when given (see createNameIndex), whether the articles name a multi-word name.
 */
export function outOfFieldSubject(
  question: string,
  knows: (word: string) => boolean,
  knowsName?: (name: readonly string[]) => boolean,
): OutOfFieldSubject | undefined {
  const words = wordsOf(question);
  const stems = words.map(fold);

  const office =
    question.match(CURRENT_OFFICE) ??
    question.match(PRESENT_DAY) ??
    question.match(BOARD_MEMBERS) ??
    question.match(WHO_IS_MINE) ??
    question.match(WHATS_ON) ??
    question.match(WHEN_NEXT) ??
    question.match(OPENING_TIME) ??
    question.match(LATEST);
  if (office) return { kind: "current-office", words: office[0] };
  const city = question.match(CAPITAL_CITY);
  if (city) return { kind: "everyday-sense", words: city[0] };
  const ranking = question.match(PRESENT_SUPERLATIVE);
  if (ranking) return { kind: "current-office", words: ranking[0] };
  const choice = question.match(PERSONAL_CHOICE);
  if (choice) return { kind: "out-of-field", words: choice[0] };
  const supplier = question.match(SUPPLIER_CHOICE);
  if (supplier) return { kind: "out-of-field", words: supplier[0] };
  const procedure = question.match(PROCEDURE);
  if (procedure) return { kind: "out-of-field", words: procedure[0] };
  const { specific } = specificWords(question);
  if (specific.size > 0) {
    const now = question.match(NAMED_NOW) ?? question.match(NAMED_PRESENT);
    if (now) return { kind: "current-office", words: now[0] };
  }
  for (const name of knowsName ? namesIn(question) : [])
    if (!knowsName?.(name)) return { kind: "unknown-name", words: name.join(" ") };
  const later = laterThanArticles(question, knows);
  if (later) return { kind: "later-event", words: later };
  const provision = question.match(NUMBERED_PROVISION);
  if (provision) return { kind: "out-of-field", words: provision[0] };
  const leave = question.match(LEAVE_AS_NOUN);
  if (leave) return { kind: "everyday-sense", words: leave[0] };

  const phrase = outOfFieldPhrase(stems);
  if (phrase) return { kind: "out-of-field", words: phrase.phrase, category: phrase.kind };

  for (let i = 0; i < stems.length; i++) {
    const neighbours = EVERYDAY_SENSES.get(stems[i] as string);
    if (!neighbours) continue;
    for (let j = Math.max(0, i - SENSE_WINDOW); j <= Math.min(stems.length - 1, i + SENSE_WINDOW); j++)
      if (j !== i && neighbours.has(stems[j] as string))
        return { kind: "everyday-sense", words: `${words[Math.min(i, j)]} ${words[Math.max(i, j)]}` };
  }

  // A name, acronym or year never seen in the corpus or thesaurus is what such a question is about.
  for (const word of specific) if (!knows(word)) return { kind: "unknown-name", words: word };
  return undefined;
}

/** Questions whose answer is a figure: a rate, a cost, a pay, a population, a number of days. */
const ASKS_FOR_FIGURE = [
  /\bhow (?:much|many)\b/i,
  /\b(?:what|which)\b[^?]*?\b(?:rates?|thresholds?|percentage|cost|costs|price|prices|fees?|salary|salaries|wages?|bonus(?:es)?|population|turnover|turnout|quorum|timescales?|time ?limits?)\b/i,
  // "how long can we use it before we tender?": a duration (dates answer it, see lacksAskedFigure).
  /\bhow long\b(?!\s+ago)/i,
  /\b(?:is|are|get|gets|getting)\s+paid\b|\bearns?\b/i,
  // "the minimum number of directors", "how do we calculate the deficit?": a figure or the sum that gives one.
  /\b(?:minimum|maximum|min|max)\s+(?:number|amount|sum)\b/i,
  /\bhow (?:do|does|should|would|can|could) (?:we|i|you|they|one)\s+(?:calculate|work out|estimate|value|price)\b/i,
  /\bhow (?:is|are|was|were|will|would) (?:the |a |an |our |their )?(?:[a-z]+\s+){0,2}(?:calculated|apportioned|valued|costed|priced|worked out|split)\b/i,
  // "typical figures?", "a ballpark cost": asked for by name.
  /\b(?:typical|average|ballpark|rough|usual|going)\s+(?:[a-z]+\s+)?(?:figures?|numbers?|costs?|amounts?|sums?|rates?|deficits?|salar(?:y|ies)|pay|fees?|prices?)\b/i,
  // "how big is the deficit?": the size of a sum of money.
  /\bhow (?:big|large|high)\s+(?:is|are|was|were|will|would|might|could)\b[^?]*?\b(?:deficit|debt|budget|fund|bill|liabilit(?:y|ies)|gap|savings?|costs?|salar(?:y|ies)|pay|turnover|surplus|loss(?:es)?|fees?|grant|loan)\b/i,
];
/**
 * "How much" that asks for a share of something unquantified ("how much say", "how much of a
 * risk"), not for a figure.
 */
const NOT_A_FIGURE = [
  /\bhow much (?:say|influence|control|power|freedom|autonomy|choice|voice|involvement|support|help|difference|of|risk|trust|appetite|interest|time|room|scope|backing)\b/i,
  // "How much notice do ministers take?" is attention; "how much notice must staff be given?" a period.
  /\bhow much notice (?:\w+\s+){0,3}(?:takes?|took|taken|taking)\b/i,
  // "How much did the Budget do for mutuals?": a degree, unless money is what moves.
  /\bhow much (?:did|does|do|has|have|will|would|can|could|should)\b(?![^?]*\b(?:pay|paid|pays|cost|costs|spend|spent|earn|earns|charge|save|saved|raise|raised|invest|invested|receive|received|get|got|worth|money|funding|£)\b)/i,
];
/**
 * The unit a "how many" question counts, when it counts a short span ("how many days/weeks"): a
 * notice period or response time, which dates in a passage do not give. Years and months are left
 * out: "1st September 2012, running to 1st September 2016" does answer "how many years".
 */
const COUNTED_UNIT =
  /\bhow many (days|weeks|hours)\b|\b(?:minimum|maximum|min|max)\s+number\s+of\s+([a-z]+)/i;
/**
 * A figure asked about pay or price ("the going rate for a non-exec chair", "what fee...") is a sum
 * of money: "a third of the board" near "chair" is not one.
 */
const ASKS_FOR_MONEY =
  /\b(?:pay|paid|paying|salar(?:y|ies)|wages?|fees?|costs?|prices?|charges?|remuneration|allowances?|deficits?|lend|lends|lending|loans?|borrow|borrowing|grants?|funding)\b/i;
/** A sum of money as a token: "£20m", "£1.6", "40k", "3bn"; or digits before "pounds". */
const MONEY = /^(?:[£$€]\d.*|\d[\d,.]*(?:k|m|bn))$/i;
const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a few|several";
/** An amount: digits (not a year or a day of the month), money, a share or a large number. */
const AMOUNT =
  /^(?:£?\d[\d,.]*(?:%|m|bn|k)?|£.*|(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|half|third|thirds|quarter|quarters|dozen|dozens|hundred|hundreds|thousand|thousands|million|millions|billion|billions|cent))$/i;
const YEAR_OR_DATE = /^(?:(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th))$/i;
/** How far (in words) an amount may stand from a word of the question and still be its answer. */
const FIGURE_WINDOW = 8;

/**
 * True when the question asks for a figure and the answer offers none about what was asked: no
 * amount at all ("what is the LGPS contribution rate?"), or amounts only far from any of the
 * question's words ("how much does John Lewis pay its partners in bonus?" answered with "a million
 * public sector workers by 2015").
 */
export function lacksAskedFigure(question: string, answerText: string): boolean {
  const text = answerText.replace(/\[\d+\]/g, "");
  if (!ASKS_FOR_FIGURE.some((cue) => cue.test(question)) || NOT_A_FIGURE.some((cue) => cue.test(question)))
    return false;
  // "How many days...?" is answered by a number of days, not by any number (a date, a share of
  // staff): the figure must count the unit asked about, within a few words.
  const countedMatch = question.match(COUNTED_UNIT);
  const unit = countedMatch?.[1] ?? countedMatch?.[2];
  if (unit) {
    const counted = new RegExp(
      `(?:\\d[\\d,.]*|\\b(?:${NUMBER_WORDS})\\b)(?:\\W+\\w+){0,2}?\\W+${fold(unit.toLowerCase())}`,
      "i",
    );
    return !counted.test(text);
  }
  const asked = new Set(contentStems(question));
  // Dates answer "how many months/years" and "how long" ("running to 1st September 2016").
  const countsTime = /\bhow (?:many (?:months|years)|long)\b/i.test(question);
  const tokens = text.split(/\s+/).map((token) => token.replace(/^[^\p{L}\p{N}£]+|[^\p{L}\p{N}%]+$/gu, ""));
  const money = ASKS_FOR_MONEY.test(question);
  const isAmount = (token: string, i: number) =>
    money
      ? MONEY.test(token) || (/^\d/.test(token) && /^pounds?$/i.test(tokens[i + 1] ?? ""))
      : AMOUNT.test(token);
  return !tokens.some(
    (token, i) =>
      isAmount(token, i) &&
      (countsTime || !YEAR_OR_DATE.test(token)) &&
      tokens
        .slice(Math.max(0, i - FIGURE_WINDOW), i + FIGURE_WINDOW + 1)
        .some((near) => near !== token && asked.has(stemWord(near.toLowerCase()))),
  );
}
