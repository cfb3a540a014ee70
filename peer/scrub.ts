/**
 * Removes personal data from free text before it is stored: emails (also written "jane dot doe at nhs dot
 * net"), phone numbers (UK, "+" and "00" international), NHS and National Insurance numbers, UK postcodes,
 * dates of birth, a person's name after a role or honorific ("my manager Sarah Jones", "Cllr Smith") and
 * links that carry tokens or query secrets become placeholders. Plain links without secrets (a gov.uk
 * guidance page) are kept: they are often what helped. Control and bidi characters are removed first
 * (`plainText`), so nothing stored or shown can recolour a terminal or reverse what a reader sees.
 */
import { stripVTControlCharacters } from "node:util";

/** Placeholders written in place of what was removed. */
export const PLACEHOLDERS = {
  email: "[email]",
  phone: "[phone]",
  niNumber: "[NI number]",
  postcode: "[postcode]",
  link: "[link]",
  nhsNumber: "[NHS number]",
  dateOfBirth: "[date of birth]",
  name: "[name]",
} as const;

// C0 controls except tab and newline, DEL, C1 controls; bidi embeddings, overrides, isolates and marks
// (U+202A-202E, U+2066-2069, U+200E/200F, U+061C): "Trojan Source" reordering, CVE-2021-42574.
const CONTROL_OR_BIDI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text safe to store and show: NFC-normalised, CRLF/CR as newlines, ANSI escape sequences removed whole
 * (so "ESC[31m" leaves no "[31m" behind) and every other C0/C1 control and bidi control dropped.
 */
export function plainText(text: string): string {
  return stripVTControlCharacters(text.normalize("NFC").replace(/\r\n?/g, "\n")).replace(CONTROL_OR_BIDI, "");
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Two prefix letters, six digits, suffix A-D; spaces optional. Any prefix letters are caught (HMRC's own
// examples use "QQ", which real numbers never do): a false positive costs less than a leaked number.
const NI_PATTERN = /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi;
// Royal Mail outward + inward code ("M1 1AE", "SW1A 2AA", "b33 8th"); the space is optional.
const POSTCODE_PATTERN = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
// NHS numbers are ten digits written 3-3-4; spaced or hyphenated that grouping is removed whatever the check
// digit (a typo must not leak), a bare ten-digit run only when its modulus-11 check digit is right.
const NHS_GROUPED = /(?<![\d+])\b\d{3}([ -])\d{3}\1\d{4}\b(?![ -]?\d)/g;
const NHS_BARE = /(?<![\d+])\b\d{10}\b/g;
// A date of birth only where it is introduced as one: "DOB 12/03/1975", "date of birth: 12 March 1975",
// "born on 1975-03-12". Other dates (deadlines, committee meetings) are what a report is about.
const MONTHS = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*";
const DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTHS},?\\s+\\d{4})`;
const DOB_PATTERN = new RegExp(
  `\\b(d\\.?o\\.?b\\.?|date\\s+of\\s+birth|born(?:\\s+on)?)(\\s*[:\\-]?\\s*(?:is\\s+)?)${DATE}`,
  "gi",
);
// An e-mail written to dodge filters: "jane dot doe at nhs dot net", "j.doe [at] council (dot) gov (dot) uk".
// Plain English also has " at " ("we looked at gov.uk"), so a match needs a sign of obfuscation: a bracketed
// "at", a "dot" word, or a dotted local part ("jane.doe at nhs.net").
const WORD = "[A-Za-z0-9_%+-]+";
const OB_DOT = "(?:\\s*[([{]\\s*dot\\s*[)\\]}]\\s*|\\s+dot\\s+|\\.)";
const OB_AT = "(\\s*[([{]\\s*at\\s*[)\\]}]\\s*|\\s+at\\s+)";
const OBFUSCATED_EMAIL = new RegExp(
  `(?<![\\w.])(${WORD}(?:${OB_DOT}${WORD})*)${OB_AT}(${WORD}(?:${OB_DOT}${WORD})+)\\b`,
  "gi",
);
// A person's name after a role or an honorific keeps the role (it is what the report is about) and loses the
// name. The role matches in either case at its first letter; the name must be Capitalised words, so "TUPE",
// "the Section 151 officer" and "my manager refuses" are untouched.
const HONORIFICS = [
  "Mr",
  "Mrs",
  "Ms",
  "Miss",
  "Mx",
  "Dr",
  "Prof",
  "Professor",
  "Cllr",
  "Councillor",
  "Sir",
  "Dame",
  "Rev",
  "Revd",
  "Lord",
  "Lady",
];
const ROLES = [
  "manager",
  "line manager",
  "director",
  "assistant director",
  "deputy director",
  "executive director",
  "chief executive",
  "chief exec",
  "CEO",
  "boss",
  "head of service",
  "head of hr",
  "leader",
  "council leader",
  "colleague",
  "officer",
  "monitoring officer",
  "councillor",
  "cabinet member",
  "portfolio holder",
  "mayor",
  "union rep",
  "rep",
  "steward",
  "supervisor",
  "chair",
  "chairman",
  "chairwoman",
  "commissioner",
  "solicitor",
  "lawyer",
  "MP",
  "HRBP",
  "business partner",
  "finance lead",
  "S151",
  "team leader",
];
// Capitalised words that follow a role without being a name ("director Adult Social Care").
const NOT_NAMES = new Set(
  "I The A An And Of For To In On At By With From Adult Adults Children Childrens Social Care Services Service Council County Borough City District Metropolitan Cabinet Executive Team Board Trust Health Housing Finance Legal Unison Unite GMB NHS Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Says Said Refuses Wants Thinks Told Is Has Was Will Won't Can Cannot".split(
    " ",
  ),
);
const firstLetterEitherCase = (word: string) =>
  word
    .split(" ")
    .map((w) => `[${w.charAt(0).toUpperCase()}${w.charAt(0).toLowerCase()}]${w.slice(1)}`)
    .join("\\s+");
const NAME_WORD = "(?:[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]['’][A-Z][a-z]+|[A-Z]\\.?(?=\\s+[A-Z]))";
const NAMED_PATTERN = new RegExp(
  `\\b((?:${HONORIFICS.join("|")})\\.?|(?:${[...ROLES]
    .sort((a, b) => b.length - a.length)
    .map(firstLetterEitherCase)
    .join("|")}),?)(\\s+)(${NAME_WORD}(?:\\s+${NAME_WORD}){0,2})`,
  "g",
);
// A run that starts like a phone number (+CC, (0, 0) and continues with digits and separators.
const PHONE_CANDIDATE = /(?<![\w+])(?:\+\d|\(0|\b0)[\d \u00a0().-]{6,}\d\b/g;

function looksSecret(segment: string): boolean {
  // Long random-looking runs (tokens, signed ids) rather than words-with-hyphens slugs.
  return /[A-Za-z0-9_-]{20,}/.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment);
}

function isRiskyUrl(raw: string): boolean {
  const withScheme = raw.toLowerCase().startsWith("www.") ? `https://${raw}` : raw;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return true; // cannot tell what it holds: keep it out
  }
  if (url.username || url.password || url.search || url.hash.length > 1) return true;
  if (/(token|secret|signature|sig|auth|key|password|session|invite)/i.test(url.pathname)) return true;
  return url.pathname.split("/").some(looksSecret);
}

function scrubPhones(text: string): string {
  return text.replace(PHONE_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, "").length;
    // "+44..." and "0044..." are the same international prefix (ITU-T E.164 with "00" as the exit code).
    const exit = match.startsWith("00") ? 2 : 0;
    const international = match.startsWith("+") || exit > 0;
    // UK numbers are 10-11 digits with the trunk 0; international (E.164) 8-15 digits.
    const isPhone = international ? digits - exit >= 8 && digits - exit <= 15 : digits >= 10 && digits <= 11;
    return isPhone ? PLACEHOLDERS.phone : match;
  });
}

/** NHS number check digit (NHS Data Dictionary): weights 10..2, 11 - (sum mod 11), 11 means 0, 10 invalid. */
function isNhsNumber(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(digits[9]) && check !== 10;
}

function scrubNames(text: string): string {
  return text.replace(NAMED_PATTERN, (match, role: string, space: string, name: string) => {
    const words = name.split(/\s+/);
    const kept = [];
    for (const word of words) {
      if (NOT_NAMES.has(word.replace(/['’]s$/, "").replace(/['’.]/g, ""))) break;
      kept.push(word);
    }
    if (kept.length === 0) return match;
    const rest = name.slice(kept.join(" ").length);
    // "Dr. Priya Shah": the honorific keeps its full stop; the name's own trailing "'s" stays readable.
    return `${role}${space}${PLACEHOLDERS.name}${rest}`;
  });
}

/** The text with personal data replaced by placeholders; whitespace runs collapsed and trimmed. */
export function scrubText(text: string): string {
  let out = plainText(text).replace(URL_PATTERN, (url) => {
    const trailing = /[.,;:!?]+$/.exec(url)?.[0] ?? "";
    const core = trailing ? url.slice(0, -trailing.length) : url;
    return (isRiskyUrl(core) ? PLACEHOLDERS.link : core) + trailing;
  });
  out = out.replace(EMAIL_PATTERN, PLACEHOLDERS.email);
  out = out.replace(OBFUSCATED_EMAIL, (match, local: string, at: string, domain: string) => {
    const obfuscated = /[([{]/.test(at) || /dot/i.test(match) || /\./.test(local);
    return obfuscated && /[a-z]{2,}$/i.test(domain) ? PLACEHOLDERS.email : match;
  });
  out = out.replace(
    DOB_PATTERN,
    (_m, label: string, sep: string) => `${label}${sep}${PLACEHOLDERS.dateOfBirth}`,
  );
  out = out.replace(NI_PATTERN, PLACEHOLDERS.niNumber);
  out = out.replace(POSTCODE_PATTERN, PLACEHOLDERS.postcode);
  out = scrubPhones(out);
  out = out.replace(NHS_GROUPED, PLACEHOLDERS.nhsNumber);
  out = out.replace(NHS_BARE, (m) => (isNhsNumber(m) ? PLACEHOLDERS.nhsNumber : m));
  out = scrubNames(out);
  return out.replace(/[ \t]+/g, " ").trim();
}
