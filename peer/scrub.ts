/**
 * Removes personal data from free text before it is stored: emails, phone numbers (UK and international),
 * National Insurance numbers, UK postcodes and links that carry tokens or query secrets become placeholders.
 * Plain links without secrets (a gov.uk guidance page) are kept: they are often what helped.
 */

/** Placeholders written in place of what was removed. */
export const PLACEHOLDERS = {
  email: "[email]",
  phone: "[phone]",
  niNumber: "[NI number]",
  postcode: "[postcode]",
  link: "[link]",
} as const;

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Two prefix letters, six digits, suffix A-D; spaces optional. Any prefix letters are caught (HMRC's own
// examples use "QQ", which real numbers never do): a false positive costs less than a leaked number.
const NI_PATTERN = /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/gi;
// Royal Mail outward + inward code ("M1 1AE", "SW1A 2AA", "b33 8th"); the space is optional.
const POSTCODE_PATTERN = /\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
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
    const international = match.startsWith("+");
    // UK numbers are 10-11 digits with the trunk 0; international (E.164) 8-15 digits.
    const isPhone = international ? digits >= 8 && digits <= 15 : digits >= 10 && digits <= 11;
    return isPhone ? PLACEHOLDERS.phone : match;
  });
}

/** The text with personal data replaced by placeholders; whitespace runs collapsed and trimmed. */
export function scrubText(text: string): string {
  let out = text.replace(URL_PATTERN, (url) => {
    const trailing = /[.,;:!?]+$/.exec(url)?.[0] ?? "";
    const core = trailing ? url.slice(0, -trailing.length) : url;
    return (isRiskyUrl(core) ? PLACEHOLDERS.link : core) + trailing;
  });
  out = out.replace(EMAIL_PATTERN, PLACEHOLDERS.email);
  out = out.replace(NI_PATTERN, PLACEHOLDERS.niNumber);
  out = out.replace(POSTCODE_PATTERN, PLACEHOLDERS.postcode);
  out = scrubPhones(out);
  return out.replace(/[ \t]+/g, " ").trim();
}
