/**
 * Chat shorthand read as the words it stands for ("ppl", "govt", "b4", "shld", "whove"), and asides
 * that carry no subject dropped ("tbh", "imo", "btw"). Practitioners type in Slack and Teams as they
 * text: left as they are, these are unknown words, so they dilute how much of a question a passage
 * covers and are taken for an unseen subject ("tbh, ppl who've done it say...", declined).
 *
 * Hand-written: no installed library expands English chat abbreviations, and the list is general
 * English usage (UK chat and email), not the articles' or any question set's wording. Only tokens
 * that are not also ordinary words are listed ("wont", "were", "well", "id", "bc" are left alone).
 */
import { MONTH_NAME } from "./text.ts";

const SHORTHAND: Readonly<Record<string, string>> = {
  // Asides and sign-offs: no subject, so nothing.
  tbh: "",
  tbf: "",
  imo: "",
  imho: "",
  idk: "",
  btw: "",
  fyi: "",
  fwiw: "",
  iirc: "",
  afaik: "",
  afaict: "",
  ngl: "",
  lol: "",
  lmao: "",
  omg: "",
  smh: "",
  // Words shortened.
  ppl: "people",
  peeps: "people",
  govt: "government",
  gvt: "government",
  gov: "government",
  dept: "department",
  depts: "departments",
  mgmt: "management",
  mgr: "manager",
  mgrs: "managers",
  orgs: "organisations",
  esp: "especially",
  info: "information",
  abt: "about",
  vs: "versus",
  b4: "before",
  bcos: "because",
  cos: "because",
  coz: "because",
  cuz: "because",
  tho: "though",
  thru: "through",
  wot: "what",
  wat: "what",
  wht: "what",
  wats: "what is",
  shld: "should",
  shud: "should",
  wld: "would",
  wud: "would",
  cld: "could",
  cud: "could",
  pls: "please",
  plz: "please",
  thx: "thanks",
  thnx: "thanks",
  wk: "week",
  wks: "weeks",
  mth: "month",
  mths: "months",
  yr: "year",
  yrs: "years",
  hrs: "hours",
  tmrw: "tomorrow",
  "2day": "today",
  gr8: "great",
  // Contractions typed without their apostrophe.
  ive: "i have",
  weve: "we have",
  youve: "you have",
  theyve: "they have",
  whove: "who have",
  whod: "who would",
  wouldve: "would have",
  couldve: "could have",
  shouldve: "should have",
  dont: "do not",
  doesnt: "does not",
  didnt: "did not",
  cant: "cannot",
  couldnt: "could not",
  wouldnt: "would not",
  shouldnt: "should not",
  isnt: "is not",
  arent: "are not",
  wasnt: "was not",
  werent: "were not",
  havent: "have not",
  hasnt: "has not",
  hadnt: "had not",
  im: "i am",
  youre: "you are",
  theyre: "they are",
  whats: "what is",
  thats: "that is",
  theres: "there is",
  wheres: "where is",
  whos: "who is",
  theyll: "they will",
  youll: "you will",
  // The field's own acronyms with one reading (not "msp" or "rtc": a Scottish MP, a road traffic collision).
  rtr: "right to request",
  psm: "public service mutual",
  psms: "public service mutuals",
  msu: "mutuals support unit",
  // UK public-sector acronyms with one reading in a council (round 18): "our CE", "the VCS", "an ALB", "the PCC".
  ce: "chief executive",
  ces: "chief executives",
  vcs: "voluntary and community sector",
  vcse: "voluntary, community and social enterprise sector",
  alb: "arm's length body",
  albs: "arm's length bodies",
  pcc: "police and crime commissioner",
  fe: "further education",
};

// A possessive "s" may follow ("govt's plans"); any other letter, digit or apostrophe means another word.
const SHORTHAND_WORD = new RegExp(
  `(?<![\\p{L}\\p{N}'’/-])(?:${Object.keys(SHORTHAND).join("|")})(?=['’]s\\b|(?![\\p{L}\\p{N}'’/-]|\\.\\p{L}))`,
  "giu",
);
/**
 * "1st", "2nd", "3rd" as words ("the 1st big central govt spin-out"), except in a date ("1st September
 * 2012", "the 3rd of May"), which the articles write that way.
 */
const ORDINAL = new RegExp(
  `(?<![\\p{L}\\p{N}])(1st|2nd|3rd)(?![\\p{L}\\p{N}])(?!\\s+(?:of\\s+)?(?:${MONTH_NAME})\\b)`,
  "giu",
);
const ORDINAL_WORDS: Readonly<Record<string, string>> = { "1st": "first", "2nd": "second", "3rd": "third" };
/** "w/" and "w/o" ("a mutual w/o the council's backing"). */
const WITH_SLASH = /(?<![\p{L}\p{N}])w\/(o\b)?/giu;

/** The text with chat shorthand read as its words (see SHORTHAND); unchanged when there is none. */
export function expandShorthand(text: string): string {
  const read = text
    .replace(WITH_SLASH, (_, without: string | undefined) => (without ? "without " : "with "))
    .replace(SHORTHAND_WORD, (word) => SHORTHAND[word.toLowerCase()] ?? word)
    .replace(ORDINAL, (word) => ORDINAL_WORDS[word.toLowerCase()] ?? word);
  return read === text
    ? text
    : read
        .replace(/\s{2,}/g, " ")
        .replace(/^[\s,;:–—-]+/, "")
        .trim();
}
