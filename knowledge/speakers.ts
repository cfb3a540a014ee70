/**
 * What a named person or body said (issue 11, round 11). "What did Lance Gardner say about how Care
 * Plus spun out?" and "what did George Osborne announce for mutuals in that Budget?" name people the
 * posts mention (a speaker listed at an event; a Budget speech still to come) without reporting a word
 * they said: ranking finds the passage naming them, and the answer quotes someone else. Such a
 * question is answered only when the articles (or the guide's cards, which report them) give the name
 * as saying, arguing, reporting or writing something: "Amyas Morse ... said", "Landseer Partners
 * reported", "a guest blog by Landseer Partners".
 *
 * Which words are names is read from the texts as named-subject.ts does (words capitalised inside a
 * sentence nearly every time), so a question typed in lower case is read too. Hand-written: no
 * installed library tags speakers (a parser or part-of-speech model is not a dependency).
 */
import { everydayZipf } from "./english.ts";
import { bareWord, stemWord } from "./text.ts";

/**
 * The question forms, each capturing the name asked about: what someone did say, think, propose, announce or
 * how they responded (group 1); how someone responded or reacted (group 2, round 12); what someone's view,
 * position or take is (group 3, round 12).
 */
const SAID_BY =
  /(?:\bwhat\s+|^\s*|[?.!,;]\s*|\b(?:and|but|so)\s+)(?:did|does|do|has|have|had)\s+([^?.!,;]{2,60}?)\s+(?:actually\s+|really\s+|exactly\s+|specifically\s+|ever\s+)?(?:say|said|think|thought|propose|proposed|recommend|recommended|announce|announced|conclude|concluded|find|found|argue|argued|suggest|suggested|write|wrote|tell|told|claim|claimed|predict|predicted|promise|promised|respond|responded|react|reacted|reply|replied)\b|\bhow\s+(?:did|does|do|has|have|had)\s+([^?.!,;]{2,60}?)\s+(?:respond|responded|react|reacted|reply|replied)\b|\bwhat(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+([^?.!,;]{2,60}?)(?:'s|’s)\s+(?:view|views|opinion|opinions|position|stance|take|thoughts)\s+(?:on|about|of)\b/i;

/** Verbs that report what a named person or body said, wrote or found. */
const SPEECH_VERB =
  /^(?:says?|said|saying|argues?|argued|arguing|suggests?|suggested|thinks?|thought|believes?|believed|wrote|writes|writing|written|told|tells|telling|warns?|warned|notes?|noted|points?|pointed|claims?|claimed|recommends?|recommended|proposes?|proposed|concludes?|concluded|found|finds|reports?|reported|announces?|announced|calls?|called|insists?|insisted|describes?|described|admits?|admitted|highlights?|highlighted|criticised|criticises|comments?|commented|replied|replies|explains?|explained|stresses|stressed|asks?|asked|launched|cites?|cited|predicts?|predicted|accused|urges?|urged|discusses|discussed|expects?|expected|sees|saw|wants?|wanted|hopes?|hoped|recognises|recognised|welcomed|welcomes|interviewed)$/i;
/** Words before a name that make it the source of what follows ("according to", "a guest blog by"). */
const SOURCE_BEFORE =
  /\b(?:according to|blog by|guest blog|paper by|article by|piece by|report by|interviewed)\b/i;

/** How far after a name (in words, within its sentence) a reporting verb may stand: "Amyas Morse, head of the National Audit Office, said". */
const VERB_REACH = 8;
/** Share of a word's uses inside a sentence that must be capitalised for it to read as a name. */
const NAME_SHARE = 0.9;
/** A word this common in everyday English ("Office", "Plus") is not a name by itself. */
const EVERYDAY_ZIPF = 4;

interface Token {
  stem: string;
  capital: boolean;
  word: string;
}

function sentencesOf(text: string): Token[][] {
  return text.split(/(?<=[.?!:;])\s+|\n+/).map((sentence) =>
    sentence
      .split(/\s+/)
      .map((raw, i) => {
        const word = bareWord(raw);
        return { stem: stemWord(word.toLowerCase()), capital: i > 0 && /^\p{Lu}/u.test(word), word };
      })
      .filter((token) => token.word.length > 1),
  );
}

/** Reads, for a question asking what a named person or body said, whether the texts ever give them as saying anything. */
export interface SpeakerCheck {
  /** The name a "what did X say?" question asks about when the texts never report X saying anything; else undefined. */
  silentSpeaker(question: string): string | undefined;
}

/**
 * Built lazily on the first question of the form (a scan of the texts, about a millisecond), so no
 * cold start pays for it. `texts`: the passages and the cards' sentences.
 */
export function createSpeakerCheck(texts: () => readonly string[]): SpeakerCheck {
  let read:
    | { names: ReadonlySet<string>; speakers: ReadonlySet<string>; words: ReadonlySet<string> }
    | undefined;
  const build = () => {
    const capital = new Map<string, number>();
    const lower = new Map<string, number>();
    const words = new Set<string>();
    const sentences = texts().flatMap(sentencesOf);
    for (const sentence of sentences)
      for (const [i, token] of sentence.entries()) {
        words.add(token.word.toLowerCase());
        if (token.capital) capital.set(token.stem, (capital.get(token.stem) ?? 0) + 1);
        else if (i > 0) lower.set(token.stem, (lower.get(token.stem) ?? 0) + 1);
      }
    const found = new Set<string>();
    for (const [stem, count] of capital)
      if (count / (count + (lower.get(stem) ?? 0)) >= NAME_SHARE && everydayZipf(stem) <= EVERYDAY_ZIPF)
        found.add(stem);
    const speaking = new Set<string>();
    for (const sentence of sentences)
      for (const [i, token] of sentence.entries()) {
        if (!found.has(token.stem) || !(token.capital || i === 0)) continue;
        const before = sentence
          .slice(Math.max(0, i - 5), i)
          .map((t) => t.word)
          .join(" ");
        if (
          SOURCE_BEFORE.test(before) ||
          sentence.slice(i + 1, i + 1 + VERB_REACH).some((next) => SPEECH_VERB.test(next.word))
        )
          speaking.add(token.stem);
      }
    return { names: found, speakers: speaking, words };
  };
  return {
    silentSpeaker(question) {
      const said = question.match(SAID_BY);
      const asked = said?.[1] ?? said?.[2] ?? said?.[3];
      if (!asked) return undefined;
      read ??= build();
      const { names, speakers, words } = read;
      // A name the texts never use at all ("what has Unite said...?", a union the thesaurus knows by
      // name) cannot be reported saying anything: read by its own form, as stems would find "unit".
      const spoken = asked.split(/\s+/).map(bareWord);
      if (spoken.some((word) => /^\p{Lu}/u.test(word) && word.length > 2 && !words.has(word.toLowerCase())))
        return asked;
      const stems = asked
        .split(/\s+/)
        .map((raw) => stemWord(bareWord(raw).toLowerCase()))
        .filter((stem) => names.has(stem));
      // A name any of whose words the texts give as speaking ("Simon Danczuk", of whom "Danczuk ...
      // telling him") is reported; only a name never given a word is silent.
      if (stems.length === 0 || stems.some((stem) => speakers.has(stem))) return undefined;
      return asked;
    },
  };
}
