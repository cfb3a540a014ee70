/**
 * Initials read as the name they shorten ("PASC", "SSCs", "JL", "TS"), and a name's first word clipped ("Cab
 * Office"), when the articles spell that name out ("the Public Administration Select Committee", "Shared Service
 * Centres", "John Lewis", "Trading Standards", "the Cabinet Office"). Practitioners type names that way in Slack and
 * Teams; left as they are, the initials are a name the articles never use, so the subject rule declines the question
 * (an unknown name is what a question asks about) and ranking cannot meet the passage that names it in full.
 *
 * Read from the texts themselves, never from a list: each run of capitalised words in a passage ("Public
 * Administration Select Committee"; "and", "of", "for", "the" and "&" may join them) gives the initials of every
 * stretch of two to five of its words. A question's initials are read as the name only when the texts do not know
 * them as a word, they are typed in capitals, and one name has them: the name the texts write most often, and for two
 * letters, which collide most, one the texts write at least twice. Hand-written: no installed library expands
 * initials, and the names are the corpus's own. Not names.ts `namesIn`, which reads a question's names: it drops a
 * sentence's first word even when it opens a name ("Shared Service Centres will...") and joins a person to the body
 * after "of the" ("Ian Hasdell of the Employee Ownership Association"), where initials stand for the body alone.
 */
import { casingOf } from "./name-spelling.ts";
import { isStopword } from "./text.ts";

/** The stretches of a run read for initials: two to five capitalised words. */
const SPAN = { min: 2, max: 5 };
/**
 * Two-letter initials are read only for a name written at least this often (they collide most), or for a name written
 * once whose every word the texts never write in lower case ("British Columbia", "Transition Institute"): not "Pathfinder
 * Mutual" for "PM", nor "Care Plus" for "CP".
 */
const TWO_LETTER_MIN_COUNT = 2;

/** A run of capitalised words, joined by spaces and the linking words names use. */
const CAPITALISED_RUN =
  /(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:and|of|for|the|&)\s+)?\p{Lu}[\p{L}'’-]*)+/gu;
const LINKING = new Set(["and", "of", "for", "the", "&"]);
/** Initials typed in capitals, with a plural or possessive "s" ("SSCs", "PASC's"). */
const INITIALS = /(?<![\p{L}\p{N}&-])(\p{Lu}{2,5})(s|['’]s)?(?![\p{L}\p{N}&-])/gu;
/** A capitalised word followed by another ("Cab Office"): the first may be the second's name's first word clipped. */
const CLIPPED = /(?<![\p{L}\p{N}'’-])(\p{Lu}\p{Ll}{2,5})\s+(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}'’-])/gu;

export interface InitialismReader {
  /** The question with initials and clipped names the texts spell out read as those names; unchanged otherwise. */
  expand(question: string): string;
}

/** The names the texts spell out, by the initials that stand for them (exported for tests). */
export function namesByInitials(texts: readonly string[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts)
    for (const [run] of text.matchAll(CAPITALISED_RUN)) {
      const words = run.split(/\s+/);
      // A sentence's opening word ("The Cabinet Office", "In Suffolk") is not part of the name.
      while (words.length > 0 && isStopword((words[0] as string).toLowerCase())) words.shift();
      const named = words.map((word, at) => ({ word, at })).filter(({ word }) => !LINKING.has(word));
      for (let start = 0; start < named.length; start++)
        for (let length = SPAN.min; length <= SPAN.max && start + length <= named.length; length++) {
          const first = named[start] as { at: number };
          const last = named[start + length - 1] as { at: number };
          const name = words.slice(first.at, last.at + 1).join(" ");
          const initials = named
            .slice(start, start + length)
            .map(({ word }) => word[0])
            .join("")
            .toUpperCase();
          const byName = counts.get(initials) ?? new Map<string, number>();
          byName.set(name, (byName.get(name) ?? 0) + 1);
          counts.set(initials, byName);
        }
    }
  const { lowerCase } = casingOf(texts);
  const allNameWords = (name: string) =>
    name.split(/\s+/).every((word) => !lowerCase.has(word.toLowerCase()));
  const names = new Map<string, string>();
  for (const [initials, byName] of counts) {
    const ranked = [...byName.entries()].sort(([, a], [, b]) => b - a);
    const [best, next] = ranked;
    if (!best || (next && next[1] === best[1])) continue;
    if (initials.length === 2 && best[1] < TWO_LETTER_MIN_COUNT && !allNameWords(best[0])) continue;
    names.set(initials, best[0]);
  }
  return names;
}

/**
 * Reads initials and clipped names in questions against the texts (read on first use: a cold process pays for it only
 * when a question arrives). `knows` says whether the texts know a word, lower-cased.
 */
export function createInitialismReader(
  texts: () => readonly string[],
  knows: (word: string) => boolean,
): InitialismReader {
  // Built at the first question that may hold initials: the names by their initials, and the names of two or more
  // words by their second word, for a clipped first word ("Cab Office").
  let tables: { names: Map<string, string>; bySecondWord: Map<string, Set<string>> } | undefined;
  const read = () => {
    if (tables) return tables;
    const names = namesByInitials(texts());
    const bySecondWord = new Map<string, Set<string>>();
    for (const name of new Set(names.values())) {
      const [first, second] = name.split(" ");
      if (first && second)
        bySecondWord.set(second, (bySecondWord.get(second) ?? new Set<string>()).add(first));
    }
    tables = { names, bySecondWord };
    return tables;
  };
  return {
    expand(question) {
      const hasInitials = /\p{Lu}{2}/u.test(question);
      const mayBeClipped = /\p{Lu}\p{Ll}{2,5}\s+\p{Lu}/u.test(question);
      if (!hasInitials && !mayBeClipped) return question;
      const { names, bySecondWord } = read();
      let text = question;
      if (hasInitials)
        text = text.replace(INITIALS, (whole, initials: string, ending: string | undefined) => {
          const name = knows(initials.toLowerCase()) ? undefined : names.get(initials);
          // A possessive stays ("PASC's report"); a plural is the name's own ("SSCs": "Shared Service Centres").
          return name ? `${name}${ending && ending !== "s" ? ending : ""}` : whole;
        });
      if (mayBeClipped)
        text = text.replace(CLIPPED, (whole, clipped: string, second: string) => {
          // Read whether or not "cab" is a word: the two together are not the texts' ("Cab Office").
          const firsts = [...(bySecondWord.get(second) ?? [])].filter(
            (first) => first !== clipped && first.startsWith(clipped),
          );
          return firsts.length === 1 ? `${firsts[0]} ${second}` : whole;
        });
      return text;
    },
  };
}
