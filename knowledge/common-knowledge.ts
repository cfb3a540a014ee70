/**
 * Common knowledge the articles take for granted (subjects.json): words that only qualify a question,
 * a people's adjective for its country, a job's abbreviation. Read by the subject rule (subject.ts),
 * the card matcher (cards.ts) and the knowledge base's `knows` (index.ts).
 */
import subjectData from "./data/subjects.json" with { type: "json" };
import { stemWord } from "./text.ts";

/** subjects.json `incidental`, as the stems a question's slots are keyed by (see cards.ts mostSpecificKnownSlot). */
export const INCIDENTAL_STEMS: ReadonlySet<string> = new Set(
  (subjectData.incidental as string[]).map(stemWord),
);

const DEMONYMS = new Map(Object.entries(subjectData.demonyms as Record<string, string>));
const ROLES = new Set(subjectData.roles as string[]);

/**
 * `knows`, with two kinds of common knowledge (subjects.json): a people's adjective is read as its
 * country (`demonyms`), so "Danish" is known when the articles name Denmark (without it, "what was the
 * Danish incinerator example?" was declined as asking about a name the articles never use, though they
 * tell that Denmark example); and a job's abbreviation (`roles`: "our AD", "my team are OTs") is known,
 * being who speaks or is spoken of, not what is asked.
 */
export function withCommonKnowledge(knows: (word: string) => boolean): (word: string) => boolean {
  return (word) => {
    if (knows(word) || ROLES.has(word.toLowerCase())) return true;
    const country = DEMONYMS.get(word.toLowerCase());
    return country !== undefined && knows(country);
  };
}
