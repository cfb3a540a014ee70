/**
 * What the knowledge base reads of its corpus to tell a question it can speak to from one it cannot
 * (issue 11): which words the articles and thesaurus know, and the readers the subject rule takes
 * (`CorpusReaders` in subject.ts). Built once per knowledge base; the name, phrase, capital and
 * speaker readers scan the texts only on the first question that needs them, so no cold start pays.
 */
import type { KnowledgeArtifact } from "./artifact.ts";
import { withCommonKnowledge } from "./common-knowledge.ts";
import { createNameIndex, createPhraseIndex } from "./names.ts";
import { createSpeakerCheck } from "./speakers.ts";
import { type CorpusReaders, THESAURUS_WORDS } from "./subject.ts";
import { foldPlural, stemWord } from "./text.ts";

/** The corpus's words and the subject rule's readers. */
export interface CorpusKnowledge {
  /** Every word the articles use (3+ letters, no digits) and every word the thesaurus knows. */
  known: ReadonlySet<string>;
  /** Whether a word, by its form or its stem, is in the corpus or thesaurus (common knowledge included). */
  knows: (word: string) => boolean;
  /** What the subject rule reads of the corpus. */
  readers: CorpusReaders;
}

export function createCorpusReaders(artifact: KnowledgeArtifact): CorpusKnowledge {
  const known = new Set([...(artifact.vocabulary ?? []), ...THESAURUS_WORDS]);
  const knows = withCommonKnowledge(
    (word: string) => known.has(word) || (artifact.df[stemWord(word)] ?? 0) > 0,
  );
  const namingTexts = artifact.passages.map((p) => `${p.title}. ${p.author ?? ""}. ${p.text}`);
  const speakerCheck = createSpeakerCheck(() => [
    ...namingTexts,
    ...(artifact.cards ?? []).flatMap((card) => card.sentences.map((sentence) => sentence.text)),
  ]);
  // Words the texts write with a capital (a name, or any word opening a sentence or a title), lower-cased:
  // "Nationwide" asked as a name is not known by the texts' "nationwide threats". Read on first use.
  let capitalised: Set<string> | undefined;
  const knownName = (word: string) => {
    capitalised ??= new Set(
      namingTexts.flatMap((text) => [...text.matchAll(/\b[A-Z][A-Za-z]+/g)].map((m) => m[0].toLowerCase())),
    );
    return THESAURUS_WORDS.has(word) || (known.has(word) && capitalised.has(word));
  };
  return {
    known,
    knows,
    readers: {
      knows,
      // Years, numbers and short words keep the stem reading (the vocabulary holds words of 3+ letters, no digits).
      knowsForm: withCommonKnowledge((word) =>
        word.length < 3 || /\d/.test(word) ? knows(word) : knownName(word) || knownName(foldPlural(word)),
      ),
      knowsName: createNameIndex(namingTexts),
      knowsPhrase: createPhraseIndex(namingTexts),
      silentSpeaker: (question) => speakerCheck.silentSpeaker(question),
    },
  };
}
