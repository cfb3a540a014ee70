/** A small KnowledgeBase stand-in for core tests: it records what core asks and answers from fixed data. */
import type { Answer, AskOptions, Citation, GuideTopic, KnowledgeBase } from "../../../../knowledge/types.ts";

export interface FakeKnowledge extends KnowledgeBase {
  /** Every ask() call, in order. */
  asked: { question: string; options: AskOptions | undefined }[];
}

export const PENSIONS_CITATION: Citation = {
  n: 1,
  passageId: "p-pensions",
  kind: "guide",
  title: "Keeping staff pensions through a transfer",
  source: "004_pensions.txt",
  author: "A Practitioner",
  date: "2012-09-20",
  url: "https://example.org/pensions",
  quote: "Admitted body status kept the Local Government Pension Scheme open to transferring staff.",
};

/** An answered Answer with one citation. */
export function citedAnswer(text: string, extra: Partial<Answer> = {}): Answer {
  return {
    answered: true,
    text,
    citations: [PENSIONS_CITATION],
    confidence: 0.8,
    topics: ["hr-tupe-pensions"],
    composer: "extractive",
    ...extra,
  };
}

/** A knowledge base with the given guide; `guideBrief` knows the topics' ids and the words of their labels. */
export function fakeKnowledge(guide: GuideTopic[] = []): FakeKnowledge {
  const asked: FakeKnowledge["asked"] = [];
  return {
    asked,
    async search() {
      return [];
    },
    async ask(question, options) {
      asked.push({ question, options });
      return citedAnswer(`Answer to "${question}" [1]`);
    },
    guide: () => guide,
    guideBrief(topic) {
      const wanted = topic.toLowerCase();
      const found = guide.find(
        (t) => t.topic === wanted || t.label.toLowerCase().split(/\W+/).includes(wanted),
      );
      return found
        ? citedAnswer(`Brief for your director on ${found.label} [1]`, { cardId: "card-1" })
        : undefined;
    },
  };
}
