/**
 * Questions that ask for a figure (a rate, a cost, a pay, a count, a duration) and whether an answer
 * gives one about what was asked: an answer with no amount near the question's words does not answer
 * "what is the LGPS contribution rate?".
 */
import { contentStems, foldPlural, stemWord, trimToLetters } from "./text.ts";

/** A sum asked for by its value ("what was the value of the deal?", "in £?"): money (see ASKS_FOR_MONEY). */
const VALUE_ASKED = /\bwhat(?:'s|’s| was| is| were| are) the (?:[\w-]+ )?value of\b|\bin £/;
/**
 * A share asked for ("what % of the shares did staff get?", "what proportion of spin-outs kept their
 * contract?") is answered by a share, not by any amount near the words: "£900 million contracts" does
 * not say what proportion of them went anywhere.
 */
const ASKS_FOR_SHARE =
  /\bwhat\s*%|\bwhat percent(?:age)?\b|\bwhat (?:proportion|share|fraction) of\b|\bwhat (?:share|proportion|stake) (?:do|does|did|will|would|should)\b|\bhow many per ?cent\b/i;

/** "The (exact) number of X": a count asked for by name (see countedThing for what it counts). */
const NUMBER_OF = /\b(?:the|exact|total|actual)\s+number\s+of\b/i;
/** What a "how many" or "the number of" question counts: the words after it, up to a clause's end. */
const COUNTED_PHRASE = new RegExp(`\\bhow many\\s+([^?,.;:!()]+)|${NUMBER_OF.source}\\s+([^?,.;:!()]+)`, "i");

/** Questions whose answer is a figure: a rate, a cost, a pay, a population, a number of days. */
const ASKS_FOR_FIGURE = [
  /\bhow (?:much|many)\b/i,
  /\b(?:what|which)\b[^?]*?\b(?:rates?|thresholds?|percentage|cost|costs|price|prices|fees?|salary|salaries|wages?|bonus(?:es)?|population|turnover|turnout|quorum|timescales?|time ?limits?)\b/i,
  // "how long can we use it before we tender?": a duration (dates answer it, see lacksAskedFigure).
  /\bhow long\b(?!\s+ago)/i,
  // "the contract value", "what % of mutuals fail", "50/50? 51/49?": a sum or a share asked for outright.
  new RegExp(
    `\\bcontract value\\b|\\bvalue of the contract\\b|${VALUE_ASKED.source}|\\b\\d+\\s*\\/\\s*\\d+\\?`,
    "i",
  ),
  ASKS_FOR_SHARE,
  // "what does an auditor charge?", "what would it cost us?": a price.
  /\bwhat (?:does|do|did|would|will|should|might|could) (?:[\w'’-]+\s+){1,6}(?:charge|cost)\b/i,
  /\b(?:is|are|get|gets|getting)\s+paid\b|\bearns?\b/i,
  // "the minimum number of directors", "how do we calculate the deficit?": a figure or the sum that gives one.
  /\b(?:minimum|maximum|min|max)\s+(?:number|amount|sum)\b/i,
  /\bhow (?:do|does|should|would|can|could) (?:we|i|you|they|one)\s+(?:calculate|work out|estimate|value|price)\b/i,
  /\bhow (?:is|are|was|were|will|would) (?:the |a |an |our |their )?(?:[a-z]+\s+){0,2}(?:calculated|apportioned|valued|costed|priced|worked out)\b/i,
  // "typical figures?", "a ballpark cost": asked for by name.
  /\b(?:typical|average|ballpark|rough|usual|going)\s+(?:[a-z]+\s+)?(?:figures?|numbers?|costs?|amounts?|sums?|rates?|deficits?|salar(?:y|ies)|pay|fees?|prices?|splits?|savings?|margins?|times?|lengths?|durations?)\b/i,
  // "what was the budget of the unit?", "any figures?": a sum, or figures asked for outright.
  /\bwhat (?:was|is|were|are|'s|’s) (?:the |its |their )?(?:[\w-]+ )?budgets? (?:of|for)\b/i,
  // "what budget did the programme have per mutual?": the same sum, asked the other way round.
  /\bwhat (?:size of |sort of )?budgets? (?:did|does|do|has|have|had|was|were|is)\b/i,
  /\bany (?:figures|numbers|stats|statistics|data)\b/i,
  NUMBER_OF,
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
  /\bhow much (?:did|does|do|has|have|will|would|can|could|should)\b(?![^?]*\b(?:pay|paid|pays|cost|costs|spend|spent|earn|earns|charge|save|saved|raise|raised|invest|invested|receive|received|get|got|worth|money|funding|bid|apply|claim|borrow|£)\b)/i,
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
const ASKS_FOR_MONEY = new RegExp(
  `${VALUE_ASKED.source}|${/\b(?:contract value|value of the contract|pay|paid|paying|salar(?:y|ies)|wages?|fees?|costs?|prices?|charges?|remuneration|allowances?|deficits?|lend|lends|lending|loans?|borrow|borrowing|grants?|funding|budgets?|bid for)\b/.source}`,
  "i",
);
/** A share as a token: "30%", "half", "a third", "a majority". */
const SHARE = /^(?:\d[\d.]*%|half|halves|third|thirds|quarter|quarters|majority|minority)$/i;
/**
 * A date asked for ("when did the unit move?", "what year did...?"): 2011-12 posts give dates for
 * what they report ("In September 2012"), so an answer with no year or month does not say when.
 */
const ASKS_FOR_DATE =
  /^\s*(?:so\s+|and\s+|but\s+)?(?:when (?:did|was|were|is|does|do|will)|what year|which year|what date|since when)\b/i;
/** A date asked for inside the question ("on what date and in which debate did...", "which month was it?"). */
const DATE_ASKED =
  /\b(?:on what date|what date|which date|what month|which month|what year|which year|in what year)\b/i;
const GIVES_DATE =
  /\b(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|winter|last (?:week|month|year)|this (?:week|month|year)|next (?:week|month|year))\b/i;
/** A sum of money as a token: "£20m", "£1.6", "40k", "3bn"; or digits before "pounds". */
const MONEY = /^(?:[£$€]\d.*|\d[\d,.]*(?:k|m|bn))$/i;
const NUMBER_WORDS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a few|several";
/** An amount: digits (not a year or a day of the month), money, a share or a large number. */
const AMOUNT =
  /^(?:£?\d[\d,.]*(?:%|m|bn|k)?|£.*|(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|half|third|thirds|quarter|quarters|dozen|dozens|hundred|hundreds|thousand|thousands|million|millions|billion|billions|cent))$/i;
/** "Third" naming a kind, not a share: "the third sector", "a third party", "a third way". */
const ORDINAL_NAME = /^(?:sector|sectors|party|parties|way|tier|reading|round|time|year|world)$/i;
/** A year in a law's name ("Regulations 2006", "the Localism Act 2011") dates no event: it does not say how long. */
const LAW_NAME = /^(?:regulations?|act|bill|directive|order|rules)$/i;
const YEAR_OR_DATE = /^(?:(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th))$/i;
/** How far (in words) an amount may stand from a word of the question and still be its answer. */
const FIGURE_WINDOW = 8;

const TIME_UNIT = /^(?:days?|weeks?|months?|years?|decades?|hours?)$/i;

/** Words that end the thing a "how many" question counts ("how many staff *were*..."). */
const COUNT_ENDS = new Set(
  "are is was were did do does have has had will would can could should might must in of by at on to for from under over into with there we you they i it that who which and or get got went".split(
    " ",
  ),
);
/** A count given in words, exact or not: "five", "a handful", "dozens", "thousands". */
const NUMBER_WORD = new RegExp(`^(?:${NUMBER_WORDS}|handful|few|dozens?|hundreds|thousands|millions)$`, "i");
/** Words between a count and what it counts: "a handful *of our* servants", "five *of the* pilots". */
const PARTITIVE = /^(?:of|our|the|their|these|those|its|them)$/i;
/** Words for people, which count one another: "how many ppl" is answered by "a million public sector workers". */
const PEOPLE = /^(?:people|ppl|persons?|staff|workers?|employees?|members?|officers?|workforce|partners?)$/i;

/**
 * What a "how many" (or "the number of") question counts, as stems of up to three words: "how many
 * social enterprises were set up" counts social enterprises. Undefined for a length of time (dates
 * answer those, see countsTime) or when nothing is named ("how many of the pathfinders").
 */
function countedThing(question: string): string[] | undefined {
  const match = question.match(COUNTED_PHRASE);
  const phrase = match?.[1] ?? match?.[2];
  if (!phrase) return undefined;
  const words: string[] = [];
  for (const raw of phrase.toLowerCase().split(/\s+/)) {
    const word = trimToLetters(raw);
    if (!word || COUNT_ENDS.has(word) || words.length === 3) break;
    words.push(word);
  }
  if (
    words.length === 0 ||
    words.some((word) => TIME_UNIT.test(word) || /^(?:per|percent|times)$/.test(word))
  )
    return undefined;
  return words;
}

/** Whether a number in `tokens` stands within three words before one of the counted words (or, for people, any word for people). */
function countsThing(tokens: readonly string[], thing: readonly string[]): boolean {
  const stems = new Set(thing.map((word) => stemWord(word)));
  const people = thing.some((word) => PEOPLE.test(word));
  return tokens.some(
    (token, i) =>
      (AMOUNT.test(token) || NUMBER_WORD.test(token)) &&
      !YEAR_OR_DATE.test(token) &&
      countedAfter(
        tokens,
        i,
        (next) => stems.has(stemWord(next.toLowerCase())) || (people && PEOPLE.test(next)),
      ),
  );
}

/** Whether one of the three words after `tokens[i]` is counted by it, no verb or preposition between ("million went to social enterprises" counts none). */
function countedAfter(tokens: readonly string[], i: number, counted: (word: string) => boolean): boolean {
  let reach = 3;
  for (let k = i + 1; k < tokens.length && k <= i + reach; k++) {
    const next = tokens[k] as string;
    if (counted(next)) return true;
    // "a handful of our local public servants": "of" and a determiner after the count lead to what it counts.
    if (PARTITIVE.test(next)) {
      reach++;
      continue;
    }
    if (COUNT_ENDS.has(next.toLowerCase())) return false;
  }
  return false;
}

/**
 * True when the question asks for a figure and the answer offers none about what was asked: no
 * amount at all ("what is the LGPS contribution rate?"), or amounts only far from any of the
 * question's words ("how much does John Lewis pay its partners in bonus?" answered with "a million
 * public sector workers by 2015").
 */
export function lacksAskedFigure(question: string, answerText: string): boolean {
  const text = answerText.replace(/\[\d+\]/g, "");
  if ((ASKS_FOR_DATE.test(question) || DATE_ASKED.test(question)) && !GIVES_DATE.test(text)) return true;
  if (!ASKS_FOR_FIGURE.some((cue) => cue.test(question)) || NOT_A_FIGURE.some((cue) => cue.test(question)))
    return false;
  // "How many days...?" is answered by a number of days, not by any number (a date, a share of
  // staff): the figure must count the unit asked about, within a few words.
  const countedMatch = question.match(COUNTED_UNIT);
  const unit = countedMatch?.[1] ?? countedMatch?.[2];
  if (unit) {
    const counted = new RegExp(
      `(?:\\d[\\d,.]*|\\b(?:${NUMBER_WORDS})\\b)(?:\\W+\\w+){0,2}?\\W+${foldPlural(unit.toLowerCase())}`,
      "i",
    );
    return !counted.test(text);
  }
  const tokens = text.split(/\s+/).map((token) => token.replace(/^[^\p{L}\p{N}£]+|[^\p{L}\p{N}%]+$/gu, ""));
  // "How many social enterprises were set up?" counts social enterprises: a number standing just
  // before them answers it ("a million public sector workers"), not one elsewhere near the words
  // ("£900 million contracts awarded to social enterprises"; "five key issues" for "how many ambassadors").
  const thing = countedThing(question);
  if (thing) return !countsThing(tokens, thing);
  const asked = new Set(contentStems(question));
  // Dates answer "how many months/years" and "how long" ("running to 1st September 2016").
  const countsTime = /\bhow (?:many (?:months|years)|long)\b/i.test(question);
  const money = ASKS_FOR_MONEY.test(question);
  const share = ASKS_FOR_SHARE.test(question);
  // "third" naming a kind ("the third sector"), and digits before a unit word ("30 per cent", "40 pounds").
  const ordinalName = (token: string, i: number) =>
    /^third$/i.test(token) && ORDINAL_NAME.test(tokens[i + 1] ?? "");
  const digitsBefore = (token: string, i: number, unit: RegExp) =>
    /^\d/.test(token) && unit.test(tokens[i + 1] ?? "");
  const isAmount = (token: string, i: number) => {
    if (share)
      return (SHARE.test(token) && !ordinalName(token, i)) || digitsBefore(token, i, /^(?:per|percent)$/i);
    if (money) return MONEY.test(token) || digitsBefore(token, i, /^pounds?$/i);
    return AMOUNT.test(token) && !ordinalName(token, i);
  };
  // A length of time answers "how long": a date, or a count of days to years ("not less than 4 years"),
  // not a count of something else near the words ("three boroughs") or the year in a law's name.
  const isTime = (token: string, i: number) =>
    isAmount(token, i) &&
    (YEAR_OR_DATE.test(token)
      ? !LAW_NAME.test(tokens[i - 1] ?? "")
      : tokens.slice(i + 1, i + 3).some((next) => TIME_UNIT.test(next)));
  return !tokens.some(
    (token, i) =>
      (countsTime ? isTime(token, i) : isAmount(token, i) && !YEAR_OR_DATE.test(token)) &&
      tokens
        .slice(Math.max(0, i - FIGURE_WINDOW), i + FIGURE_WINDOW + 1)
        .some((near) => near !== token && asked.has(stemWord(near.toLowerCase()))),
  );
}
